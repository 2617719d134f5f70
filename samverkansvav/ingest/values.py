"""Cell values as Swedish registers write them: numbers, dates, forms, areas, roles.

Every parser returns ``(value, problem)``: ``problem`` is ``None`` when the cell was
understood (``value`` may then be ``None`` for an empty cell) and otherwise a short
Swedish description of why the text could not be read. Nothing here guesses silently:
an unreadable amount is a problem, never NaN.

Vocabularies (form synonyms, policy areas, roles, statuses) live in small CSV maps in
``maps/`` so that a new spelling is a one-line data change.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from samverkansvav.model import split_areas

__all__ = [
    "MAPS_DIR",
    "norm_key",
    "slugify",
    "clean_text",
    "CONTROL_CHARACTERS",
    "is_blank",
    "parse_number",
    "parse_amount",
    "parse_months",
    "parse_share",
    "parse_date",
    "is_open_ended",
    "year_from_number",
    "OPEN_ENDED_WORDS",
    "YEAR_NUMBER_RANGE",
    "normalise_form",
    "normalise_area",
    "normalise_areas",
    "end_from_note",
    "NoteEnd",
    "normalise_role",
    "normalise_status",
    "area_vocabulary",
    "accepted_forms_text",
    "AreaMatch",
]

MAPS_DIR = Path(__file__).resolve().parent / "maps"

_NON_ALNUM = re.compile(r"[^0-9a-z§]+")
#: Control characters that break XML export (openpyxl IllegalCharacterError); tab and
#: newlines are kept because member cells legitimately use them as separators.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _WithoutCombining(dict):
    """A ``str.translate`` table that drops combining marks (accents after NFKD).

    Each character is looked up in :mod:`unicodedata` once, then found in the dict,
    so a text is translated in C rather than character by character in Python.
    """

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_COMBINING = _WithoutCombining()


@lru_cache(maxsize=65536)
def _norm_key_text(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII as it is and it has no combining marks
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKD", text).translate(_WITHOUT_COMBINING).casefold()
    return _NON_ALNUM.sub(" ", text).strip()


def norm_key(text: Any) -> str:
    """Case-, accent- and punctuation-insensitive key used for every vocabulary lookup.

    Examples
    --------
    >>> norm_key("  Gemensam  Nämnd ")
    'gemensam namnd'
    >>> norm_key("Miljö- och hälsoskydd")
    'miljo och halsoskydd'
    >>> norm_key("gemensam_namnd")
    'gemensam namnd'
    """
    if text is None:
        return ""
    return _norm_key_text(str(text))


def slugify(text: str) -> str:
    """A stable ascii id fragment.

    Examples
    --------
    >>> slugify("Gemensam överförmyndarnämnd Flen–Gnesta")
    'gemensam-overformyndarnamnd-flen-gnesta'
    """
    return norm_key(text).replace("§", "").strip().replace(" ", "-")


def clean_text(value: Any) -> tuple[Any, bool]:
    """Strip control characters and surrounding whitespace from text cells.

    Returns ``(value, changed)`` where ``changed`` says control characters were removed.

    Examples
    --------
    >>> clean_text("Ale\\x00 kommun ")
    ('Ale kommun', True)
    >>> clean_text(12)
    (12, False)
    """
    if not isinstance(value, str):
        return value, False
    cleaned = CONTROL_CHARACTERS.sub("", value)
    return cleaned.strip(), cleaned != value


def is_blank(value: Any) -> bool:
    """True for a missing value: None, NaN (also numpy's and pandas' NA/NaT) and whitespace-only text.

    The one "is missing" rule for single cells and fields. Containers are never
    blank, not even an empty one (a list of members is a value).

    Examples
    --------
    >>> import numpy as np
    >>> [is_blank(v) for v in (None, float("nan"), "", " \t", pd.NA, pd.NaT, np.float32("nan"))]
    [True, True, True, True, True, True, True]
    >>> [is_blank(v) for v in (0, 0.0, False, "x", " x ", np.datetime64("2020-01-01"), [], [None])]
    [False, False, False, False, False, False, False, False]
    >>> is_blank(np.datetime64("NaT")), is_blank(dt.date(2020, 1, 1))
    (True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):  # the common case in frames, without asking pandas
        return math.isnan(value)
    return pd.api.types.is_scalar(value) and bool(pd.isna(value))


# ----------------------------------------------------------------------- numbers
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007\u200b']")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")

#: Money units written after an amount (spaces removed, lower case) → factor to kronor.
#: A unit in the cell is what the author meant for that cell, so it wins over the
#: unit in the column header ("12 832 tkr" under "Kostnad (tkr)" is 12 832 000 kr).
#: Longest first so "tkr" is not read as "kr".
_MONEY_UNITS: tuple[tuple[str, float], ...] = tuple(
    sorted(
        {
            "miljonerkronor": 1_000_000.0,
            "miljonerkr": 1_000_000.0,
            "miljoner": 1_000_000.0,
            "mnkr": 1_000_000.0,
            "mkr": 1_000_000.0,
            "msek": 1_000_000.0,
            "mnsek": 1_000_000.0,
            "tusenkronor": 1000.0,
            "tusenkr": 1000.0,
            "tkr": 1000.0,
            "tsek": 1000.0,
            "kronor": 1.0,
            "kr": 1.0,
            "sek": 1.0,
            ":-": 1.0,
            ":—": 1.0,
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)


def _number_and_unit(value: Any) -> tuple[float | None, float | None, str | None]:
    """``(number, unit factor written in the cell or None, problem)``; the factor is
    not applied to ``number``."""
    if value is None or isinstance(value, bool):
        return None, None, None if value is None else "kan inte läsas som ett tal"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None, None, None
        if isinstance(value, float) and math.isinf(value):
            return None, None, "kan inte läsas som ett tal"
        return float(value), None, None
    if isinstance(value, (dt.date, dt.datetime)):
        return None, None, "är ett datum, inte ett tal"
    text = str(value).strip()
    if not text:
        return None, None, None
    if _PLAIN_NUMBER.fullmatch(text):
        # Plain ASCII digits with at most one decimal point or comma: every rewrite
        # below leaves such text as it is (a lone comma is a decimal comma).
        return float(text.replace(",", ".")), None, None
    text = text.replace("\u2212", "-").replace("\u2013", "-")
    text = _SPACES.sub("", text).lower()
    unit = None
    for suffix, factor in _MONEY_UNITS:
        if text.endswith(suffix):
            unit, text = factor, text[: -len(suffix)]
            break
    text = text.rstrip(".")
    if text.endswith("%"):
        return None, None, "är en procentsats, inte ett belopp"
    text = _swap_separators(text)
    if text is None or not _NUMBER.fullmatch(text):
        return None, None, "kan inte läsas som ett tal"
    return float(text), unit, None


def parse_number(value: Any) -> tuple[float | None, str | None]:
    """Read an amount or count written the Swedish way.

    Accepts numbers, ``"1 250 000,50"`` (spaces, NBSP or U+202F as thousands separators),
    ``"−5"`` (U+2212 minus), ``"12 832 tkr"`` (×1000), ``"3 mkr"`` and ``"3 miljoner kr"``
    (×1 000 000), ``"57 649 000kr"``, ``"1.250.000,50"`` and ``"1,250,000.50"``.

    Examples
    --------
    >>> parse_number("1 250 000,50")
    (1250000.5, None)
    >>> parse_number("12\\u00a0832 tkr")
    (12832000.0, None)
    >>> parse_number("2,5 Mkr")
    (2500000.0, None)
    >>> parse_number("\\u22125")
    (-5.0, None)
    >>> parse_number("")
    (None, None)
    >>> parse_number("cirka tio")[1]
    'kan inte läsas som ett tal'
    """
    number, unit, problem = _number_and_unit(value)
    if problem or number is None:
        return None, problem
    return number * (unit or 1.0), None


def parse_amount(value: Any, *, header_factor: float = 1.0) -> tuple[float | None, str | None]:
    """An amount in kronor from a cell under a header whose unit gives ``header_factor``.

    A unit written in the cell wins over the header's: under ``Kostnad (tkr)``, ``312``
    is 312 000 kr, ``"12 832 tkr"`` is 12 832 000 kr and ``"10 088 575 kr"`` is
    10 088 575 kr.

    Examples
    --------
    >>> parse_amount(312, header_factor=1000)
    (312000.0, None)
    >>> parse_amount("12 832 tkr", header_factor=1000)
    (12832000.0, None)
    >>> parse_amount("10 088 575 kr", header_factor=1000)
    (10088575.0, None)
    >>> parse_amount("1,5 miljoner kr")
    (1500000.0, None)
    """
    number, unit, problem = _number_and_unit(value)
    if problem or number is None:
        return None, problem
    return number * (unit if unit is not None else header_factor), None


#: Units of a notice period (normalised with :func:`norm_key`) → months.
_PERIOD_UNITS: dict[str, float] = {
    "": 1.0,
    "m": 1.0,
    "man": 1.0,
    "manad": 1.0,
    "manader": 1.0,
    "manaders": 1.0,
    "manadens": 1.0,
    "ar": 12.0,
    "ars": 12.0,
    "aret": 12.0,
    "kvartal": 3.0,
}
#: Number words seen in notice periods ("ett år", "sex månader").
_NUMBER_WORDS: dict[str, float] = {
    "en": 1,
    "ett": 1,
    "tva": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "atta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    "arton": 18,
    "tjugofyra": 24,
    "halvt": 0.5,
}
_PERIOD = re.compile(
    r"\s*([0-9][0-9\s\u00a0]*(?:[.,][0-9]+)?|[^\W\d_]+)\s*\.?\s*([^\W\d_]*)\.?\s*", re.UNICODE
)


def parse_months(value: Any) -> tuple[float | int | None, str | None]:
    """A notice period in months: ``12``, ``"12 månader"``, ``"3 mån"``, ``"12 månaders"``,
    ``"1 år"`` (12), ``"2 år"`` (24), ``"ett år"``.

    Examples
    --------
    >>> [parse_months(v)[0] for v in (12, "6 månader", "3 mån", "12 månaders", "1 år", "2 år", "ett år")]
    [12, 6, 3, 12, 12, 24, 12]
    >>> parse_months("vid behov")[1]
    'kan inte läsas som ett antal månader'
    >>> parse_months(""), parse_months("  "), parse_months(None)
    ((None, None), (None, None), (None, None))
    """
    if is_blank(value):
        return None, None
    if isinstance(value, str):
        match = _PERIOD.fullmatch(value)
        if not match:
            return None, "kan inte läsas som ett antal månader"
        amount, unit = match.group(1), norm_key(match.group(2))
        word = norm_key(amount)
        if word in _NUMBER_WORDS:
            number: float | None = float(_NUMBER_WORDS[word])
        elif amount[:1].isdigit():
            number, problem = parse_number(amount)
            if problem:
                return None, problem
        else:
            return None, "kan inte läsas som ett antal månader"
        if unit not in _PERIOD_UNITS:
            return None, "kan inte läsas som ett antal månader"
        number = number * _PERIOD_UNITS[unit]
    else:
        number, problem = parse_number(value)
        if problem:
            return None, problem
    if number is not None and number < 0:
        return None, "är negativt"
    return (int(number) if number is not None and float(number).is_integer() else number), None


def _swap_separators(text: str) -> str | None:
    """Turn Swedish/English thousands+decimal separators into a Python float literal."""
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        if text.rfind(",") > text.rfind("."):  # 1.250.000,50
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")  # 1,250,000.50
    if commas > 1:  # 1,250,000
        return text.replace(",", "")
    if commas == 1:  # decimal comma
        return text.replace(",", ".")
    if dots > 1:  # 1.250.000
        return text.replace(".", "")
    return text


def parse_share(value: Any) -> tuple[float | None, str | None]:
    """A cost share written as a percentage ("17,5 %", "10,44", 17.5) → fraction 0–1.

    Shares in registers are percentages (column headers such as ``Andel %`` and
    ``Procentuell fördelning``), so a bare number is read as per cent.

    Examples
    --------
    >>> parse_share("17,5 %")
    (0.175, None)
    >>> parse_share("10,44")
    (0.1044, None)
    >>> parse_share("150 %")[1]
    'andelen måste ligga mellan 0 och 100 %'
    """
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        if value.strip().endswith("%") and not text:
            return None, "kan inte läsas som en procentsats"
    else:
        text = value
    number, problem = parse_number(text)
    if problem:
        return None, "kan inte läsas som en procentsats"
    if number is None:
        return None, None
    if not 0 <= number <= 100:
        return None, "andelen måste ligga mellan 0 och 100 %"
    return round(number / 100.0, 10), None


# ------------------------------------------------------------------------- dates
_MONTHS = {
    "jan": 1,
    "januari": 1,
    "feb": 2,
    "februari": 2,
    "mar": 3,
    "mars": 3,
    "apr": 4,
    "april": 4,
    "maj": 5,
    "jun": 6,
    "juni": 6,
    "jul": 7,
    "juli": 7,
    "aug": 8,
    "augusti": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ tT]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"(\d{4})")
_SERIAL = re.compile(r"\d{1,6}(?:[.,]\d+)?")
_WORDS = re.compile(r"(\d{1,2})\s*([a-zåäö]+)\.?\s+(\d{4})")
_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)
#: The years a date may fall in; a date outside them is taken for a typing error.
MIN_YEAR, MAX_YEAR = 1850, 2200


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        result = dt.date(year, month, day)
    except ValueError:
        return None
    return result if MIN_YEAR <= year <= MAX_YEAR else None


def _month_end(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


#: Whole numbers in this range in a date column are years, not Excel serials. Serials
#: 1900–2100 would be dates in 1905, implausible for a cooperation agreement, while a
#: year typed as a number ("2023") is common; the caller reports the reading.
YEAR_NUMBER_RANGE: tuple[int, int] = (1900, 2100)


def year_from_number(value: Any) -> int | None:
    """The year a numeric date cell means, or ``None`` when it is not a bare year.

    Examples
    --------
    >>> year_from_number(2023), year_from_number(2023.0), year_from_number(45108)
    (2023, 2023, None)
    >>> year_from_number("2023") is None    # text years are read by parse_date itself
    True
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    low, high = YEAR_NUMBER_RANGE
    return int(value) if low <= value <= high else None


#: Words meaning "no end date" in an end-date column (normalised with :func:`norm_key`).
#: The agreement runs until it is terminated, so the end is open (``None``), not an
#: error. "vid behov" (when needed) says nothing about the end and stays an error.
OPEN_ENDED_WORDS: frozenset[str] = frozenset(
    {
        "tills vidare",
        "tillsvidare",
        "tills vidare avtal",
        "tillsvidareavtal",
        "galler tills vidare",
        "galler tillsvidare",
        "lopande",
        "galler lopande",
        "lopande avtal",
        "loper tills vidare",
        "tv",
        "t v",
        "tsv",
        "obestamd tid",
        "pa obestamd tid",
        "tills vidare obestamd tid",
        "utan slutdatum",
        "inget slutdatum",
        "ej tidsbegransat",
        "ej tidsbegransad",
        "inte tidsbegransat",
        "tidsobegransat",
        "tidsobegransad",
        "tills uppsagning sker",
        "tills vidare med uppsagning",
        "tills nagon part sager upp",
    }
)
# A qualifier after the open-ended words ("Tills vidare, 12 mån uppsägning", "Löpande
# med 6 månaders uppsägning") is allowed when set off by punctuation or "med"; the
# qualifier itself is not read (the notice period has its own column).
_QUALIFIER = re.compile(r"\s*(?:[,;(:–—]|\s-\s)|\s+med\s+", re.IGNORECASE)


def is_open_ended(value: Any) -> bool:
    """True when an end-date cell says the agreement runs until further notice.

    Examples
    --------
    >>> [is_open_ended(v) for v in ("tills vidare", "Tillsvidare", "Gäller tills vidare", "Löpande", "TV")]
    [True, True, True, True, True]
    >>> is_open_ended("Tills vidare, 12 mån uppsägning"), is_open_ended("Löpande med 6 månaders uppsägning")
    (True, True)
    >>> is_open_ended("vid behov"), is_open_ended("2025-12-31"), is_open_ended(None)
    (False, False, False)
    """
    if not isinstance(value, str):
        return False
    text = value.strip()
    if norm_key(text) in OPEN_ENDED_WORDS:
        return True
    head = _QUALIFIER.split(text, maxsplit=1)[0]
    return head != text and norm_key(head) in OPEN_ENDED_WORDS


def parse_date(
    value: Any, *, epoch_1904: bool = False, period_end: bool = False
) -> tuple[dt.date | None, str | None]:
    """Read a date from a cell: datetime, Excel serial, or Swedish/ISO text.

    Text forms: ``2023-07-01`` (optionally with a time), ``1/3/2024`` and ``01.03.2024``
    (day first, as in Sweden), ``20230701``, ``1 juli 2023``, ``2023-07`` and ``2023``
    (a month or year alone means its first day, or its last day when ``period_end``).
    ``epoch_1904`` is the workbook's date system for serial numbers. A whole number in
    :data:`YEAR_NUMBER_RANGE` is a year, not a serial (see :func:`year_from_number`).

    Examples
    --------
    >>> parse_date("1/3/2024")
    (datetime.date(2024, 3, 1), None)
    >>> parse_date(45352)
    (datetime.date(2024, 3, 1), None)
    >>> parse_date(43890, epoch_1904=True)
    (datetime.date(2024, 3, 1), None)
    >>> parse_date("2022", period_end=True)
    (datetime.date(2022, 12, 31), None)
    >>> parse_date(2023), parse_date(2023, period_end=True)[0]
    ((datetime.date(2023, 1, 1), None), datetime.date(2023, 12, 31))
    >>> parse_date("snart")[1]
    'kan inte läsas som ett datum'
    """
    bad = "kan inte läsas som ett datum"
    if value is None or isinstance(value, bool):
        return None, None if value is None else bad
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, dt.time):
        return None, bad
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None, None
        year = year_from_number(value)
        if year is not None:
            return dt.date(year, 12, 31) if period_end else dt.date(year, 1, 1), None
        return _from_serial(float(value), epoch_1904)
    text = str(value).strip().lower()
    if not text:
        return None, None
    match = _ISO.fullmatch(text)
    if match:
        result = _date_or_none(*(int(g) for g in match.groups()))
        return (result, None) if result else (None, bad)
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        result = _date_or_none(year, month, day)
        return (result, None) if result else (None, bad)
    match = _COMPACT.fullmatch(text)
    if match:
        result = _date_or_none(*(int(g) for g in match.groups()))
        return (result, None) if result else (None, bad)
    match = _WORDS.fullmatch(text)
    if match and match.group(2) in _MONTHS:
        result = _date_or_none(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)))
        return (result, None) if result else (None, bad)
    match = _YEAR_MONTH.fullmatch(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            day = _month_end(year, month) if period_end else 1
            result = _date_or_none(year, month, day)
            return (result, None) if result else (None, bad)
        return None, bad
    match = _YEAR.fullmatch(text)
    if match:
        result = _date_or_none(int(text), 12, 31) if period_end else _date_or_none(int(text), 1, 1)
        return (result, None) if result else (None, bad)
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text.replace(",", ".")), epoch_1904)
    return None, bad


def _from_serial(serial: float, epoch_1904: bool) -> tuple[dt.date | None, str | None]:
    # Serial 60 is Excel's fictitious 1900-02-29; serials below 61 are before
    # 1900-03-01 where the 1900 system is off by one, so they are rejected.
    if epoch_1904:
        if serial < 0:
            return None, "kan inte läsas som ett datum"
        base = _EPOCH_1904
    else:
        if serial < 61:
            return None, "datum före 1900-03-01 kan inte läsas som Excel-datum"
        base = _EPOCH_1900
    try:
        result = base + dt.timedelta(days=int(serial))
    except OverflowError:
        return None, "kan inte läsas som ett datum"
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        return None, "kan inte läsas som ett datum"
    return result, None


# ------------------------------------------------------------------ vocabularies
def _read_map(name: str) -> list[dict[str, str]]:
    with open(MAPS_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def _form_map() -> dict[str, str]:
    return {norm_key(r["variant"]): r["form"] for r in _read_map("forms.csv")}


@lru_cache(maxsize=1)
def _role_map() -> dict[str, str]:
    return {norm_key(r["variant"]): r["role"] for r in _read_map("roles.csv")}


@lru_cache(maxsize=1)
def _status_map() -> dict[str, str]:
    return {norm_key(r["variant"]): r["status"] for r in _read_map("statuses.csv")}


@lru_cache(maxsize=1)
def _area_map() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    rows = _read_map("areas.csv")
    exact = {norm_key(r["synonym"]): r["area"] for r in rows}
    exact.update({norm_key(r["area"]): r["area"] for r in rows})
    # Longest synonym first so "miljö och hälsoskydd" wins over "miljö".
    by_length = tuple(sorted(exact.items(), key=lambda kv: -len(kv[0])))
    return exact, by_length


def area_vocabulary() -> list[str]:
    """The canonical policy areas, in the order of ``maps/areas.csv``."""
    return list(dict.fromkeys(r["area"] for r in _read_map("areas.csv")))


def accepted_forms_text() -> str:
    """The accepted form values as a Swedish list for error messages."""
    return (
        "gemensam nämnd, kommunalförbund, avtalssamverkan, bolag, stiftelse, "
        "ekonomisk förening, ideell förening, informell, samordningsförbund"
    )


@lru_cache(maxsize=4096)
def normalise_form(text: Any) -> str | None:
    """The model's form value for a written form, or ``None`` when unknown.

    Examples
    --------
    >>> normalise_form("GN"), normalise_form("Kommunalförbund"), normalise_form("AB")
    ('gemensam_namnd', 'kommunalforbund', 'bolag')
    >>> normalise_form("kooperativ") is None
    True

    A form followed by its abbreviation or a legal reference, as registers often
    write it, is the same form; the words outside the brackets decide first:

    >>> normalise_form("Gemensam nämnd (GN)"), normalise_form("(KF) Kommunalförbund")
    ('gemensam_namnd', 'kommunalforbund')
    >>> normalise_form("Avtal enl. KL 9 kap. 37 §"), normalise_form("Samverkan (avtal)")
    ('avtalssamverkan', 'avtalssamverkan')
    """
    forms = _form_map()
    found = forms.get(norm_key(text))
    if found is not None or text is None:
        return found
    raw = str(text)
    outside = forms.get(norm_key(_BRACKETED.sub(" ", raw)))
    if outside is not None:
        return outside
    inside = {forms.get(norm_key(part)) for part in _BRACKETED.findall(raw)} - {None}
    if len(inside) == 1:
        return inside.pop()
    # KL 9 kap. 37 § is the provision for one municipality performing a task for another.
    if _KL_9_37.search(raw):
        return "avtalssamverkan"
    return None


_BRACKETED = re.compile(r"\(([^()]*)\)")
_KL_9_37 = re.compile(r"9\s*kap\.?\s*37\s*§?", re.IGNORECASE)


@lru_cache(maxsize=4096)
def normalise_role(text: Any) -> str | None:
    """The model's role for a written role (``värd``, ``medlem``, ...), or ``None``.

    Examples
    --------
    >>> normalise_role("Värdkommun"), normalise_role("beställare")
    ('värd', 'uppdragsgivare')
    """
    return _role_map().get(norm_key(text))


@lru_cache(maxsize=4096)
def normalise_status(text: Any) -> str | None:
    """``aktiv`` / ``avslutad`` / ``planerad`` for a written status, or ``None``.

    Examples
    --------
    >>> normalise_status("Avvecklad")
    'avslutad'
    """
    return _status_map().get(norm_key(text))


@dataclass(frozen=True)
class AreaMatch:
    """A normalised policy area: ``area`` is canonical when ``known``, else the raw text."""

    area: str
    known: bool


_AREA_SPLIT = re.compile(r"[,;/()\[\]:–—|]| - ")


@lru_cache(maxsize=8192)
def normalise_area(text: str) -> AreaMatch:
    """Map a written policy area to the vocabulary; multi-area text maps to its first area.

    Examples
    --------
    >>> normalise_area("räddningstjänst, sotning")
    AreaMatch(area='räddningstjänst', known=True)
    >>> normalise_area("avlopp/VA")
    AreaMatch(area='VA', known=True)
    >>> normalise_area("Gravplatser")
    AreaMatch(area='Gravplatser', known=False)
    """
    raw = str(text).strip()
    exact, by_length = _area_map()
    key = norm_key(raw)
    if key in exact:
        return AreaMatch(exact[key], True)
    pieces = [norm_key(p) for p in _AREA_SPLIT.split(raw)]
    pieces = [p for p in pieces if p]
    for piece in pieces:
        if piece in exact:
            return AreaMatch(exact[piece], True)
    for piece in pieces:
        for synonym, area in by_length:
            if piece.startswith(synonym + " ") or piece.endswith(" " + synonym):
                return AreaMatch(area, True)
    return AreaMatch(raw, False)


@lru_cache(maxsize=8192)
def normalise_areas(text: str) -> tuple[AreaMatch, ...]:
    """Each area of a list separated by ``,`` or ``;`` (never "och"), normalised.

    Areas that normalise to the same vocabulary area count once; unknown ones are kept
    as written (``known`` False), each on its own.

    Examples
    --------
    >>> [m.area for m in normalise_areas("Miljö, bygg, fysisk planering")]
    ['miljö- och hälsoskydd', 'bygg och miljö', 'fysisk planering']
    >>> [m.area for m in normalise_areas("räddningstjänst, sotning")]
    ['räddningstjänst']
    >>> normalise_areas("plan och bygg; Gravplatser")
    (AreaMatch(area='bygg och miljö', known=True), AreaMatch(area='Gravplatser', known=False))
    """
    found: dict[str, AreaMatch] = {}
    for part in split_areas(text):
        match = normalise_area(part)
        found.setdefault(match.area, match)
    return tuple(found.values())


# Words that say an arrangement ended, followed in the same clause (no . ; , or bracket
# between) by the year or date.
_ENDING = re.compile(
    r"(?<![\w])(?:upphörde|upphört|avvecklades|avvecklad|avvecklat|avslutades|avslutad|avslutat|"
    r"upplöstes|upplöst|lades ned|lades ner|lämnade|lämnat|utträdde|gick ur|"
    r"till och med|t\.\s?o\.\s?m\.?)(?![\w])"
    r"[^.;,()\n]{0,60}?(?<!\d)((?:19|20)\d{2})(?:-(\d{2})-(\d{2}))?(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NoteEnd:
    """An end date read from a note: ``day`` and the ``text`` it was read from."""

    day: dt.date
    text: str


def end_from_note(note: Any, *, today: dt.date | None = None) -> NoteEnd | None:
    """The end date a note gives with an ending word ("upphörde 2013"), or ``None``.

    A year means its last day; a full date after the word is that day. With several
    such phrases the latest wins (the arrangement ended last). Years after ``today``
    (default: the real date) are not an end that has happened and are ignored.

    Examples
    --------
    >>> end_from_note("Nämnden upphörde 2013 när kommunerna gick över till avtal.").day
    datetime.date(2013, 12, 31)
    >>> end_from_note("Avvecklades 2019-06-30 (beslut i KF).").day
    datetime.date(2019, 6, 30)
    >>> end_from_note("Gäller till och med 2022; Ale lämnade förbundet 2013.").day
    datetime.date(2022, 12, 31)
    >>> end_from_note("Bildat 2010, uppgår i Fyrbodal") is None, end_from_note(None) is None
    (True, True)
    """
    if note is None or not str(note).strip():
        return None
    limit = (today or dt.date.today()).year
    best: NoteEnd | None = None
    for match in _ENDING.finditer(str(note)):
        year = int(match.group(1))
        if year > limit:
            continue
        day = None
        if match.group(2):
            day = _date_or_none(year, int(match.group(2)), int(match.group(3)))
        day = day or dt.date(year, 12, 31)
        if best is None or day > best.day:
            best = NoteEnd(day, match.group(0).strip())
    return best
