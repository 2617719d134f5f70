"""The register's fields, defined once: ``fields.csv`` beside this module.

One row per field (the internal key the code uses) with its Swedish header as the
template writes it (``sv``), its English label (``en``), the words used for it inside a
sentence (``sv_text``/``en_text``: "uppsägningstid", without the unit), whether a
register without the column is refused (``required_wide`` for one row per arrangement,
``required_long`` for one row per member; ``stands_in_for`` names the required field a
column may replace, as ``Kommunkod`` replaces ``Medlem``), whether the template asks for
it (``template_required``), how its cells are read (``parser``), its place on the
template's two sheets and what the template's instructions say about it.

Two rows are not register columns but names the upload preview gives what changed
(parser ``derived``): the area as written and the membership details.

The template's headers, column order and instructions, the header table of
:mod:`samverkansvav.ingest.headers` and the field labels of the web UI are generated
from this table; header *variants* ("Värd", "Huvudman") stay in ``ingest/maps/headers.csv``.

Examples
--------
>>> field_label("notice_months"), field_label("notice_months", text=True)
('Uppsägningstid (mån)', 'uppsägningstid')
>>> field_label("host", "en"), field_label("färg")
('Host', 'färg')
>>> required_fields("wide")
('name', 'form', 'members')
>>> required_fields("long", present={"name", "member_code"})
('name', 'form', 'member_code')
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
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

#: How a field's cells are read: free text, a legal form, a list of policy areas, one
#: party (name or kommunkod), a list of parties, a role, a status, a date, whole
#: months, an amount in kronor, a share in per cent; ``derived`` is not read from a
#: cell but computed (a name for what changed).
PARSERS: frozenset[str] = frozenset(
    {
        "text",
        "form",
        "areas",
        "party",
        "parties",
        "role",
        "status",
        "date",
        "months",
        "amount",
        "share",
        "derived",
    }
)
#: The two shapes of a register: one row per arrangement with its members in one cell
#: (``wide``), or one row per member (``long``).
SHAPES: tuple[str, ...] = ("wide", "long")
#: The template's sheets that have columns: arrangements, and the optional memberships.
TEMPLATE_SHEETS: tuple[str, ...] = ("Samverkan", "Medlemskap")

Shape = Literal["wide", "long"]
Lang = Literal["sv", "en"]


@dataclass(frozen=True)
class Field:
    """One field of the register (a row of ``fields.csv``)."""

    field: str
    sv: str
    en: str
    sv_text: str
    en_text: str
    required_wide: bool
    required_long: bool
    template_required: bool
    stands_in_for: str | None
    parser: str
    template_order: int | None
    membership_order: int | None
    explanation_sv: str
    explanation_en: str
    membership_explanation_sv: str
    membership_explanation_en: str

    def label(self, lang: str = "sv", *, text: bool = False) -> str:
        """The header (``text=False``) or the word inside a sentence, in ``lang``."""
        if lang == "en":
            return self.en_text if text else self.en
        return self.sv_text if text else self.sv

    def explanation(self, lang: str = "sv", *, sheet: str = "Samverkan") -> str:
        """What the template's instructions say about the column on ``sheet``.

        The ``Medlemskap`` sheet has its own text where the column means something else
        there (its ``Årskostnad`` is the member's cost, not the reporter's).
        """
        general = self.explanation_en if lang == "en" else self.explanation_sv
        if sheet == "Medlemskap":
            own = self.membership_explanation_en if lang == "en" else self.membership_explanation_sv
            return own or general
        return general


def _order(text: str) -> int | None:
    return int(text) if text.strip() else None


def _yes(text: str) -> bool:
    if text not in ("yes", "no"):
        raise ValueError(f"fields.csv: expected yes or no, got {text!r}")
    return text == "yes"


def _read_table() -> tuple[Field, ...]:
    path = Path(__file__).with_name("fields.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Field(
                field=row["field"],
                sv=row["sv"],
                en=row["en"],
                sv_text=row["sv_text"],
                en_text=row["en_text"],
                required_wide=_yes(row["required_wide"]),
                required_long=_yes(row["required_long"]),
                template_required=_yes(row["template_required"]),
                stands_in_for=row["stands_in_for"] or None,
                parser=row["parser"],
                template_order=_order(row["template_order"]),
                membership_order=_order(row["membership_order"]),
                explanation_sv=row["explanation_sv"],
                explanation_en=row["explanation_en"],
                membership_explanation_sv=row["membership_explanation_sv"],
                membership_explanation_en=row["membership_explanation_en"],
            )
            for row in csv.DictReader(handle)
        )


#: Every field, in the table's order (the template's order first).
FIELD_TABLE: tuple[Field, ...] = _read_table()
FIELDS: tuple[str, ...] = tuple(f.field for f in FIELD_TABLE)
#: The fields a register's header can name (all but the preview's derived names).
REGISTER_FIELDS: tuple[str, ...] = tuple(f.field for f in FIELD_TABLE if f.parser != "derived")
_BY_FIELD = {f.field: f for f in FIELD_TABLE}


def field_label(field: str, lang: str = "sv", *, text: bool = False) -> str:
    """The header of ``field`` in ``lang`` (``sv``/``en``), or with ``text=True`` the
    word for it inside a sentence; an unknown field is returned as is.

    Examples
    --------
    >>> field_label("annual_cost"), field_label("annual_cost", "en", text=True)
    ('Årskostnad (kr)', 'annual cost')
    """
    entry = _BY_FIELD.get(field)
    return entry.label(lang, text=text) if entry else field


def field_labels(lang: str = "sv", *, text: bool = False, derived: bool = True) -> dict[str, str]:
    """:func:`field_label` of every field (``derived=False``: register fields only)."""
    fields = FIELDS if derived else REGISTER_FIELDS
    return {field: field_label(field, lang, text=text) for field in fields}


def required_fields(shape: Shape, present: Collection[str] = ()) -> tuple[str, ...]:
    """The fields a register of ``shape`` cannot be read without, in table order.

    A required field that is not ``present`` is replaced by a present column that
    stands in for it (``member_code`` for ``member``), so the fields not in
    ``present`` are exactly the missing columns.

    Examples
    --------
    >>> required_fields("long")
    ('name', 'form', 'member')
    >>> [f for f in required_fields("long", present={"member", "member_code"})]
    ['name', 'form', 'member']
    """
    if shape not in SHAPES:
        raise ValueError(f"unknown register shape {shape!r}; expected one of {SHAPES}")
    chosen = []
    for entry in FIELD_TABLE:
        if not (entry.required_wide if shape == "wide" else entry.required_long):
            continue
        field = entry.field
        if field not in present:
            field = next(
                (f.field for f in FIELD_TABLE if f.stands_in_for == field and f.field in present), field
            )
        chosen.append(field)
    return tuple(chosen)


def template_fields(sheet: str = "Samverkan") -> tuple[Field, ...]:
    """The columns of a template sheet (``Samverkan`` or ``Medlemskap``), in order."""
    if sheet not in TEMPLATE_SHEETS:
        raise ValueError(
            f"the template has no sheet {sheet!r} with columns; expected one of {TEMPLATE_SHEETS}"
        )
    attribute = "template_order" if sheet == "Samverkan" else "membership_order"
    placed = [f for f in FIELD_TABLE if getattr(f, attribute) is not None]
    return tuple(sorted(placed, key=lambda f: getattr(f, attribute)))


def fields_parsed_as(*parsers: str) -> frozenset[str]:
    """The fields whose cells are read as one of ``parsers`` (``"date"`` → the date fields).

    Examples
    --------
    >>> sorted(fields_parsed_as("date"))
    ['end', 'last_evaluated', 'member_end', 'member_start', 'start']
    """
    unknown = set(parsers) - PARSERS
    if unknown:
        raise ValueError(f"unknown parser {sorted(unknown)}; expected one of {sorted(PARSERS)}")
    return frozenset(f.field for f in FIELD_TABLE if f.parser in parsers)
