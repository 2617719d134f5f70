"""The domain's words, defined once: the legal forms of cooperation and the register's fields.

``forms.csv`` beside this module is the single table of forms: the model's value,
the Swedish and English names, whether a member municipality hosts the task
(host-based), whether the arrangement is its own legal person (and so itself the
provider), the law that governs it and its checklist key. Every label table in
the project is generated from it; adding a form is one row here (plus, where
wanted, a colour in ``figures/palette.py`` and checklist texts).

``fields.csv`` is the single table of the register's fields (header, labels, whether
required, how read, place and explanation in the template); see :mod:`.fields`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from samverkansvav.vocabulary.fields import (
    FIELD_TABLE,
    FIELDS,
    PARSERS,
    REGISTER_FIELDS,
    SHAPES,
    TEMPLATE_SHEETS,
    Field,
    field_label,
    field_labels,
    fields_parsed_as,
    required_fields,
    template_fields,
)

__all__ = [
    "Form",
    "FORM_TABLE",
    "FORMS",
    "HOST_FORMS",
    "ENTITY_FORMS",
    "form_label",
    "Field",
    "FIELD_TABLE",
    "FIELDS",
    "REGISTER_FIELDS",
    "PARSERS",
    "SHAPES",
    "TEMPLATE_SHEETS",
    "field_label",
    "field_labels",
    "required_fields",
    "template_fields",
    "fields_parsed_as",
]


@dataclass(frozen=True)
class Form:
    """One legal form of cooperation (a row of ``forms.csv``)."""

    form: str
    sv: str
    en: str
    host_based: bool
    own_legal_person: bool
    law: str
    checklist_key: str


def _read_table() -> tuple[Form, ...]:
    path = Path(__file__).with_name("forms.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Form(
                row["form"],
                row["sv"],
                row["en"],
                row["host_based"] == "yes",
                row["own_legal_person"] == "yes",
                row["law"],
                row["checklist_key"],
            )
            for row in csv.DictReader(handle)
        )


#: Every form, in the order they are shown.
FORM_TABLE: tuple[Form, ...] = _read_table()
FORMS: tuple[str, ...] = tuple(f.form for f in FORM_TABLE)
#: Forms where a member municipality performs the task for the others: the host
#: is the provider, and must be named for dependency to be attributable.
HOST_FORMS: frozenset[str] = frozenset(f.form for f in FORM_TABLE if f.host_based)
#: Forms that are their own legal person: the arrangement itself is the provider.
ENTITY_FORMS: frozenset[str] = frozenset(f.form for f in FORM_TABLE if f.own_legal_person)
_BY_FORM = {f.form: f for f in FORM_TABLE}


def form_label(form: str, lang: str = "sv", *, capital: bool = False) -> str:
    """The name of ``form`` in ``lang`` (``sv``/``en``); an unknown value is returned as is.

    Examples
    --------
    >>> form_label("bolag"), form_label("bolag", "en", capital=True)
    ('kommunalt bolag', 'Municipal company')
    """
    entry = _BY_FORM.get(form)
    if entry is None:
        return form
    text = entry.en if lang == "en" else entry.sv
    return text[:1].upper() + text[1:] if capital else text
