"""The one rule for "the same arrangement", and the one conflict finder.

Used by the regional merge (:mod:`samverkansvav.ingest.merge`), the upload
preview and the version diff (:mod:`samverkansvav.store.diff`), so the three
never disagree (DOMAIN §4):

1. **Same id.** Two descriptions with the same id are one arrangement - unless
   the id is only *derived* from the name (a register without an ``Id`` column
   gets ``slug(name)--form``, and the slug folds å/ä/ö) and the exact names
   differ: then the id says nothing the name does not, and rule 2 decides.
2. **Same exact name and form.** Names are compared with case, spacing and
   punctuation folded but letters kept: "Håbo IT-nämnd" and "HÅBO  it nämnd"
   match, "Håbo IT-nämnd" and "Habo IT-nämnd" do not (Håbo and Habo are two
   municipalities).
3. **Accent folding is only a suggestion.** When nothing matches exactly, a
   description whose accent-folded name and form match another's is offered as
   "did you mean" (:meth:`ArrangementIndex.suggest`), never merged.

:func:`disagreements` lists, for descriptions already matched, the facts they
disagree on (form, host, members, status, end date) - the one conflict finder.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from samverkansvav.ingest.values import is_blank, norm_key, slugify

__all__ = [
    "name_key",
    "folded_key",
    "is_derived_id",
    "ArrangementIndex",
    "Description",
    "Disagreement",
    "CONFLICT_FIELDS",
    "disagreements",
]

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)

#: Facts two registers must agree on about a shared arrangement, in report order.
CONFLICT_FIELDS: tuple[str, ...] = ("form", "members", "host", "status", "end")


def name_key(name: Any) -> str:
    """Exact-match key of an arrangement name: case, spacing and punctuation folded, letters kept.

    Examples
    --------
    >>> name_key("  Håbo IT-nämnd ")
    'håbo it nämnd'
    >>> name_key("HÅBO it  nämnd") == name_key("Håbo IT-nämnd") != name_key("Habo IT-nämnd")
    True
    >>> name_key(None)
    ''
    """
    if is_blank(name):
        return ""
    text = unicodedata.normalize("NFC", str(name)).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def folded_key(name: Any) -> str:
    """Accent-folded key (å→a, ö→o): for suggestions only, never for merging.

    >>> folded_key("Håbo IT-nämnd") == folded_key("Habo IT-namnd")
    True
    """
    return "" if is_blank(name) else norm_key(str(name))


def is_derived_id(arrangement_id: Any, name: Any, form: Any) -> bool:
    """Whether ``arrangement_id`` is just the one a register derives from name and form.

    >>> is_derived_id("habo-it-namnd--gemensam_namnd", "Håbo IT-nämnd", "gemensam_namnd")
    True
    >>> is_derived_id("x1", "Håbo IT-nämnd", "gemensam_namnd")
    False
    """
    if is_blank(arrangement_id) or is_blank(name):
        return False
    return str(arrangement_id) == f"{slugify(str(name))}--{form}"


def _same_by_id(id_a: Any, name_a: Any, form_a: Any, name_b: Any, form_b: Any) -> bool:
    """Rule 1 for two descriptions that carry the same id."""
    if name_key(name_a) == name_key(name_b):
        return True
    return not (is_derived_id(id_a, name_a, form_a) or is_derived_id(id_a, name_b, form_b))


class ArrangementIndex:
    """Arrangements (id, name, form) that other descriptions are matched against.

    ``add`` returns the position given to the entry; ``match`` the position of
    the arrangement a description is the same as (rules 1-2), else ``None``.

    Examples
    --------
    >>> index = ArrangementIndex()
    >>> index.add("habo-it-namnd--gemensam_namnd", "Håbo IT-nämnd", "gemensam_namnd")
    0
    >>> index.match("habo-it-namnd--gemensam_namnd", "Habo IT-nämnd", "gemensam_namnd") is None
    True
    >>> index.match(None, "HÅBO IT nämnd", "gemensam_namnd")
    0
    >>> index.suggest("Habo IT-nämnd", "gemensam_namnd")
    0
    """

    def __init__(self) -> None:
        self._entries: list[tuple[Any, Any, Any]] = []
        self._by_id: dict[str, list[int]] = {}
        self._by_name: dict[tuple[str, str], int] = {}
        self._by_folded: dict[tuple[str, str], int] = {}
        self._positions: list[int] = []

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, arrangement_id: Any, name: Any, form: Any, *, position: int | None = None) -> int:
        """Index one arrangement under ``position`` (default: the next free number)."""
        position = len(self._entries) if position is None else position
        self._entries.append((arrangement_id, name, form))
        entry = len(self._entries) - 1
        if not is_blank(arrangement_id):
            self._by_id.setdefault(str(arrangement_id), []).append(entry)
        self._by_name.setdefault((name_key(name), str(form)), position)
        self._by_folded.setdefault((folded_key(name), str(form)), position)
        self._positions.append(position)
        return position

    def match(self, arrangement_id: Any, name: Any, form: Any) -> int | None:
        """Position of the same arrangement (by id, else by exact name and form), or ``None``."""
        if not is_blank(arrangement_id):
            for entry in self._by_id.get(str(arrangement_id), ()):
                _, other_name, other_form = self._entries[entry]
                if _same_by_id(arrangement_id, name, form, other_name, other_form):
                    return self._positions[entry]
        key = name_key(name)
        if not key:
            return None
        return self._by_name.get((key, str(form)))

    def suggest(self, name: Any, form: Any) -> int | None:
        """Position of an arrangement whose name matches only with accents folded (a "did you mean")."""
        if self.match(None, name, form) is not None:
            return None
        return self._by_folded.get((folded_key(name), str(form)))


# --------------------------------------------------------------------------- conflicts
@dataclass(frozen=True)
class Description:
    """What one register says about one arrangement: the facts compared across registers.

    ``speaker`` is the reporting municipality's code (or a file name when unknown).
    """

    speaker: str
    arrangement_id: str
    name: str | None
    form: str | None
    host: str | None
    members: tuple[str, ...]
    status: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class Disagreement:
    """Registers disagree on ``field`` of one arrangement.

    ``said`` holds (speaker, value as text) per register, in the order given;
    ``concerned`` the parties that should be told (every member named by anyone).
    """

    arrangement_id: str
    name: str | None
    field: str
    said: tuple[tuple[str, str | None], ...]
    concerned: tuple[str, ...]

    def value_of(self, speaker: str) -> str | None:
        for who, value in self.said:
            if who == speaker:
                return value
        return None


def _text(value: Any) -> str | None:
    if is_blank(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def _status(description: Description) -> str:
    # A missing status means active, unless an end date is given (the register says it ended).
    if not is_blank(description.status):
        return str(description.status)
    return "aktiv"


def disagreements(descriptions: Sequence[Description]) -> list[Disagreement]:
    """What matched descriptions of one arrangement disagree on (the one conflict finder).

    A field a register leaves blank is no disagreement (except ``host``, where
    "no host" against a named host is reported only when two hosts are named,
    and ``end``, compared only when set). Members are compared as sets.

    Examples
    --------
    >>> a = Description("2080", "x", "X", "kommunalforbund", None, ("2080", "2081"), "avslutad", "2020-01-01")
    >>> b = Description("2081", "x", "X", "kommunalforbund", None, ("2080", "2081"), "aktiv", None)
    >>> [(d.field, d.said) for d in disagreements([a, b])]
    [('status', (('2080', 'avslutad'), ('2081', 'aktiv'))), ('end', (('2080', '2020-01-01'), ('2081', None)))]
    """
    if len(descriptions) < 2:
        return []
    first = descriptions[0]
    concerned = tuple(sorted({m for d in descriptions for m in d.members}))
    out: list[Disagreement] = []

    def add(field: str, values: Iterable[str | None]) -> None:
        said = tuple((d.speaker, v) for d, v in zip(descriptions, values))
        out.append(Disagreement(first.arrangement_id, first.name, field, said, concerned))

    forms = [_text(d.form) for d in descriptions]
    if len({f for f in forms if f is not None}) > 1:
        add("form", forms)
    member_sets = [tuple(sorted(set(d.members))) for d in descriptions]
    if len(set(member_sets)) > 1:
        add("members", [", ".join(ms) for ms in member_sets])
    hosts = [_text(d.host) for d in descriptions]
    if len({h for h in hosts if h is not None}) > 1:
        add("host", hosts)
    statuses = [_status(d) for d in descriptions]
    if len(set(statuses)) > 1:
        add("status", statuses)
    ends = [_text(d.end) for d in descriptions]
    if len({e for e in ends if e is not None}) >= 1 and len(set(ends)) > 1:
        add("end", ends)
    return out
