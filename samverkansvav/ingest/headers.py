"""Column headers: which field a header names, and where the header row is.

The variants live in ``maps/headers.csv`` (``field,variant``). A header is matched
case-, accent- and punctuation-insensitively after removing what it carries besides
the name: a year (``Årskostnad 2024``, ``Medlemsavgift 2021``) and a unit
(``(kr)``, ``(tkr)`` = thousands, ``(mån)``, ``%``). Abbreviations such as
``fr.o.m.``/``t.o.m.`` are written out first, and a header naming one field in two
words (``Huvudman/värdkommun``) is matched part by part.

A header that matches no variant may still say what it holds: "Samverkande kommuner",
"Berörda kommuner" and "Deltagande parter" name the members, "Årlig kostnad" the
annual cost. :func:`field_by_meaning` reads such headers by their words, using the
keyword table ``maps/header_meanings.csv`` (``field,keyword,how``: ``word`` = the
whole word, ``suffix`` = a word ending so, as in the compound "samverkanskommuner";
field ``-`` marks words that rule a meaning out, e.g. "Antal kommuner" is a count).
The register reader uses a meaning only where no header matches exactly.

The canonical header of each field (the template's) and which fields mark the long
form come from the field table, ``vocabulary/fields.csv``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from samverkansvav.ingest.values import MAPS_DIR, norm_key
from samverkansvav.vocabulary import FIELD_TABLE, field_labels, fields_parsed_as

__all__ = [
    "HeaderMatch",
    "field_by_meaning",
    "looks_like_cost",
    "header_unit",
    "FIELD_LABELS",
    "LIST_FIELDS",
    "LONG_FIELDS",
    "match_header",
    "find_header_row",
    "header_fields",
]

#: Fields whose presence means "one row per member" (the long form): the fields only
#: the long form requires, and the columns that may stand in for them.
_LONG_ONLY = {f.field for f in FIELD_TABLE if f.required_long and not f.required_wide}
LONG_FIELDS: frozenset[str] = frozenset(
    _LONG_ONLY | {f.field for f in FIELD_TABLE if f.stands_in_for in _LONG_ONLY}
)
#: Fields that hold a list of members in one cell (the wide form).
LIST_FIELDS: frozenset[str] = fields_parsed_as("parties")

#: The Swedish header written by the template for each field (also used in messages).
FIELD_LABELS: dict[str, str] = field_labels("sv", derived=False)

_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_PAREN = re.compile(r"\(([^)]*)\)")


@dataclass(frozen=True)
class HeaderMatch:
    """What a header names: ``field`` (``None`` when unknown) and its unit factor."""

    field: str | None
    factor: float = 1.0
    year: int | None = None


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    with open(MAPS_DIR / "headers.csv", encoding="utf-8", newline="") as handle:
        return {norm_key(r["variant"]): r["field"] for r in csv.DictReader(handle)}


@lru_cache(maxsize=2048)
def match_header(text: Any) -> HeaderMatch:
    """The field a header names.

    Examples
    --------
    >>> match_header("Årskostnad (tkr)")
    HeaderMatch(field='annual_cost', factor=1000.0, year=None)
    >>> match_header("Medlemsavgift 2021")
    HeaderMatch(field='annual_cost', factor=1.0, year=2021)
    >>> match_header(" VÄRDKOMMUN ").field
    'host'
    >>> match_header("medlem_kommunkod").field
    'member_code'
    >>> match_header("Huvudman/värdkommun").field, match_header("Giltig fr.o.m.").field
    ('host', 'start')
    >>> match_header("Färg").field is None
    True
    """
    if text is None:
        return HeaderMatch(None)
    raw = str(text).strip()
    if not raw:
        return HeaderMatch(None)
    found = _match_one(raw)
    if found.field is None and "/" in raw:
        # "Huvudman/värdkommun", "Namn/benämning": two words for one field. Only
        # when the parts that are understood all name the same field.
        parts = [_match_one(part) for part in raw.split("/") if part.strip()]
        fields = {m.field for m in parts if m.field}
        if len(fields) == 1:
            return next(m for m in parts if m.field)
    return found


#: Abbreviations in headers, expanded (on :func:`norm_key` text, whole words) before
#: the lookup so that "Giltig fr.o.m." and "Giltig från och med" are one variant.
_ABBREVIATIONS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(rf"(?<![a-z0-9]){short}(?![a-z0-9])"), long)
    for short, long in (
        (r"fr o m", "fran och med"),
        (r"f o m", "fran och med"),
        (r"t o m", "till och med"),
        (r"fr", "fran"),
    )
)


def _expand(key: str) -> str:
    """``norm_key`` text with header abbreviations written out.

    Examples
    --------
    >>> _expand("giltig fr o m"), _expand("giltig t o m")
    ('giltig fran och med', 'giltig till och med')
    """
    for pattern, long in _ABBREVIATIONS:
        key = pattern.sub(long, key)
    return key


def _match_one(raw: str) -> HeaderMatch:
    variants = _variants()
    whole = norm_key(raw)
    if whole in variants:
        return HeaderMatch(variants[whole])
    whole = _expand(whole)
    if whole in variants:
        return HeaderMatch(variants[whole])
    factor, year = header_unit(raw)
    base = _PAREN.sub(" ", raw)
    base = _YEAR.sub(" ", base)
    key = _expand(norm_key(base))
    for unit in ("tkr", "mkr", "kr", "sek", "man", "manader", "ar"):
        key = re.sub(rf"(^| ){unit}$", "", key).strip()
    field = variants.get(key)
    if field is None:
        return HeaderMatch(None)
    return HeaderMatch(field, factor, year)


@lru_cache(maxsize=1)
def _meaning_rules() -> tuple[tuple[str, str, str], ...]:
    with open(MAPS_DIR / "header_meanings.csv", encoding="utf-8", newline="") as handle:
        return tuple((r["field"], norm_key(r["keyword"]), r["how"]) for r in csv.DictReader(handle))


def _meanings(text: Any) -> tuple[set[str], bool]:
    """The fields a header's words point at, and whether a ruling-out word is present."""
    words = norm_key(_YEAR.sub(" ", str(text or ""))).split()
    fields: set[str] = set()
    vetoed = False
    for fld, keyword, how in _meaning_rules():
        if any(w == keyword or (how == "suffix" and w.endswith(keyword)) for w in words):
            if fld == "-":
                vetoed = True
            else:
                fields.add(fld)
    return fields, vetoed


@lru_cache(maxsize=2048)
def field_by_meaning(text: Any) -> str | None:
    """The field a header's words name when no variant matches it, or ``None``.

    ``None`` when the words point at no field, at two fields, or include a word that
    rules a meaning out.

    Examples
    --------
    >>> [field_by_meaning(h) for h in ("Samverkande kommuner", "Ingående parter", "Samverkanskommuner")]
    ['members', 'members', 'members']
    >>> field_by_meaning("Årlig kostnad (kr)"), field_by_meaning("Antal kommuner")
    ('annual_cost', None)
    >>> field_by_meaning("Deltagande kommuners kostnad") is None  # members or cost: unclear
    True
    """
    fields, vetoed = _meanings(text)
    return fields.pop() if len(fields) == 1 and not vetoed else None


def looks_like_cost(text: Any) -> bool:
    """True when a header's words speak of money ("kostnad", "avgift", "belopp", "tkr" …).

    Examples
    --------
    >>> looks_like_cost("Andel av kostnaden"), looks_like_cost("Kommentar")
    (True, False)
    """
    return "annual_cost" in _meanings(text)[0]


def header_unit(raw: str) -> tuple[float, int | None]:
    """The unit factor (``tkr`` = 1000, ``mkr`` = 1 000 000) and year a header carries.

    Examples
    --------
    >>> header_unit("Årlig kostnad 2024 (tkr)"), header_unit("Avgift")
    ((1000.0, 2024), (1.0, None))
    """
    year_match = _YEAR.search(raw)
    year = int(year_match.group(0)) if year_match else None
    lowered = raw.casefold()
    factor = 1.0
    if re.search(r"\btkr\b|tusen", lowered):
        factor = 1000.0
    elif re.search(r"\bmkr\b|miljoner", lowered):
        factor = 1_000_000.0
    return factor, year


def header_fields(cells: Sequence[Any]) -> list[HeaderMatch]:
    """:func:`match_header` for each cell of a row."""
    return [match_header(c) for c in cells]


def find_header_row(rows: Sequence[Sequence[Any]], *, scan: int = 10) -> tuple[int | None, int]:
    """Index (0-based) of the row among the first ``scan`` that best looks like a header.

    The score is the number of distinct known fields in the row; a header needs a name
    or member column and at least two known fields. Returns ``(None, 0)`` when no row
    qualifies.

    Examples
    --------
    >>> rows = [("Samverkansregister Ale kommun",), (), ("Namn", "Form", "Medlemmar")]
    >>> find_header_row(rows)
    (2, 3)
    """
    best_index, best_score = None, 0
    for index, row in enumerate(rows[:scan]):
        matches = header_fields(row)
        fields = {m.field for m in matches if m.field}
        # Headers read by their words ("Berörda kommuner") count where nothing matched.
        fields |= {
            field_by_meaning(c)
            for c, m in zip(row, matches)
            if m.field is None and isinstance(c, str) and c.strip()
        } - {None}
        if not fields & {"name", "members", "member", "member_code"}:
            continue
        score = len(fields)
        if score >= 2 and score > best_score:
            best_index, best_score = index, score
    return best_index, best_score
