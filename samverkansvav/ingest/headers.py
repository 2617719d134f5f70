"""Column headers: which field a header names, and where the header row is.

The variants live in ``maps/headers.csv`` (``field,variant``). A header is matched
case-, accent- and punctuation-insensitively after removing what it carries besides
the name: a year (``Årskostnad 2024``, ``Medlemsavgift 2021``) and a unit
(``(kr)``, ``(tkr)`` = thousands, ``(mån)``, ``%``). Abbreviations such as
``fr.o.m.``/``t.o.m.`` are written out first, and a header naming one field in two
words (``Huvudman/värdkommun``) is matched part by part.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

from samverkansvav.ingest.values import MAPS_DIR, norm_key

__all__ = [
    "HeaderMatch",
    "FIELD_LABELS",
    "LIST_FIELDS",
    "LONG_FIELDS",
    "match_header",
    "find_header_row",
    "header_fields",
]

#: Fields whose presence means "one row per member" (the long form).
LONG_FIELDS = frozenset({"member", "member_code"})
#: Fields that hold a list of members in one cell (the wide form).
LIST_FIELDS = frozenset({"members"})

#: The Swedish header written by the template for each field (also used in messages).
FIELD_LABELS: dict[str, str] = {
    "id": "Id",
    "name": "Namn",
    "form": "Form",
    "area": "Område",
    "host": "Värdkommun",
    "seat": "Säte",
    "members": "Medlemmar",
    "member": "Medlem",
    "member_code": "Kommunkod",
    "role": "Roll",
    "share": "Andel %",
    "start": "Startdatum",
    "end": "Slutdatum",
    "notice_months": "Uppsägningstid (mån)",
    "annual_cost": "Årskostnad (kr)",
    "owner": "Ansvarig",
    "goal": "Mål",
    "last_evaluated": "Senast utvärderad",
    "status": "Status",
    "source": "Källa",
    "note": "Anmärkning",
    "reporter": "Rapporterande kommun",
    "member_start": "Medlem från",
    "member_end": "Medlem till",
}

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
    (re.compile(rf"(?<![a-z0-9]){short}(?![a-z0-9])"), long) for short, long in (
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
    year_match = _YEAR.search(raw)
    year = int(year_match.group(0)) if year_match else None
    lowered = raw.casefold()
    factor = 1.0
    if re.search(r"\btkr\b|tusen", lowered):
        factor = 1000.0
    elif re.search(r"\bmkr\b|miljoner", lowered):
        factor = 1_000_000.0
    base = _PAREN.sub(" ", raw)
    base = _YEAR.sub(" ", base)
    key = _expand(norm_key(base))
    for unit in ("tkr", "mkr", "kr", "sek", "man", "manader", "ar"):
        key = re.sub(rf"(^| ){unit}$", "", key).strip()
    field = variants.get(key)
    if field is None:
        return HeaderMatch(None)
    return HeaderMatch(field, factor, year)


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
        fields = {m.field for m in header_fields(row) if m.field}
        if not fields & {"name", "members", "member", "member_code"}:
            continue
        score = len(fields)
        if score >= 2 and score > best_score:
            best_index, best_score = index, score
    return best_index, best_score
