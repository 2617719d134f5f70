"""The practical questions at an exit, adapted to the legal form.

The texts live in ``checklists.csv`` beside this module, one row per question, with
Swedish and English columns. ``key`` says where a row belongs: ``common`` (every
formal exit, shown last), a form value (that form's own questions, shown first),
``host_leaves:<form>`` (added first when the host leaves) and ``informell`` (instead
of the formal questions).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samverkansvav.model import FORMS
from samverkansvav.scenarios.index import _as_dict

__all__ = ["ChecklistItem", "checklist_for", "topic_translations"]


@dataclass(frozen=True)
class ChecklistItem:
    """One practical question to settle, with its legal reference when there is one."""

    topic: str
    question: str
    reference: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


def _read_table() -> dict[str, dict[str, tuple[ChecklistItem, ...]]]:
    """``{lang: {key: items}}`` from ``checklists.csv``, in file order."""
    path = Path(__file__).with_name("checklists.csv")
    table: dict[str, dict[str, list[ChecklistItem]]] = {"sv": {}, "en": {}}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for lang in table:
                table[lang].setdefault(row["key"], []).append(
                    ChecklistItem(row[f"topic_{lang}"], row[f"question_{lang}"], row["reference"])
                )
    return {lang: {k: tuple(v) for k, v in keys.items()} for lang, keys in table.items()}


_TABLE = _read_table()
#: The topic of the common question that informal cooperation keeps.
_COMMUNICATION = "Gemensam kommunikation"


def checklist_for(form: str, *, host_leaves: bool = False, lang: str = "sv") -> list[ChecklistItem]:
    """The practical questions at an exit, adapted to the legal ``form``.

    Parameters
    ----------
    form
        One of :data:`samverkansvav.model.FORMS`.
    host_leaves
        Add the question of a new host (gemensam nämnd, avtalssamverkan).
    lang
        ``sv`` (default) or ``en``; references stay as written in Swedish law.

    Raises
    ------
    ValueError
        For an unknown form.

    Examples
    --------
    >>> [i.topic for i in checklist_for("informell")]
    ['Inget formellt utträde', 'Gemensam kommunikation']
    >>> checklist_for("avtalssamverkan")[0].reference
    'kommunallagen 9 kap. 37 §'
    >>> checklist_for("informell", lang="en")[0].topic
    'No formal withdrawal'
    """
    if form not in FORMS:
        raise ValueError(f"Okänd samverkansform {form!r}; giltiga: {', '.join(FORMS)}.")
    texts = _TABLE["en" if lang == "en" else "sv"]
    common = texts["common"]
    if form == "informell":
        position = [i.topic for i in _TABLE["sv"]["common"]].index(_COMMUNICATION)
        return [*texts["informell"], common[position]]
    items = list(texts.get(form, ()))
    if host_leaves:
        items = list(texts.get(f"host_leaves:{form}", ())) + items
    return items + list(common)


def topic_translations() -> dict[str, str]:
    """Every Swedish checklist topic with its English words, from the same table.

    Examples
    --------
    >>> topic_translations()["Tidsplan"]
    'Timetable'
    """
    return {
        sv.topic: en.topic for key, items in _TABLE["sv"].items() for sv, en in zip(items, _TABLE["en"][key])
    }
