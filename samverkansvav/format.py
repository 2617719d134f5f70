"""Numbers, kronor, percentages, distances and dates as Swedish or English text.

One place for the formats a reader sees, so that the web, the command line and the
exports write a number the same way:

- Swedish: a space between thousands and a decimal comma (``72 000 kr``, ``24,0 %``);
- English: a comma between thousands and a decimal point (``72,000 kr``, ``24.0%``).

A missing value (``None`` or NaN) is the word for unknown in the language
(``okänd`` / ``unknown``), never ``0``.

Examples
--------
>>> kr(72000.0, "sv"), kr(72000.0, "en"), kr(None, "sv")
('72 000 kr', '72,000 kr', 'okänd')
>>> number(1234567.4, "sv"), number(1234567.4, "en")
('1 234 567', '1,234,567')
>>> percent(24.0, "sv"), percent(24.0, "en"), percent(float("nan"), "en")
('24,0 %', '24.0%', 'unknown')
>>> percent(12.5, "sv", digits=0), decimal(0.25, "sv"), decimal(0.25, "en")
('12 %', '0,25', '0.25')
>>> km(24.95, "sv"), km(24.95, "en"), km(None, "en")
('24,9', '24.9', 'unknown')
>>> import datetime
>>> date(datetime.date(2025, 3, 1), "sv"), date(None, "en")
('2025-03-01', 'unknown')
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

__all__ = ["UNKNOWN", "unknown", "is_missing", "number", "decimal", "kr", "percent", "km", "date"]

#: The word for a value nobody knows, per language.
UNKNOWN: dict[str, str] = {"sv": "okänd", "en": "unknown"}


def unknown(lang: str) -> str:
    """``okänd`` or ``unknown``."""
    return UNKNOWN.get(lang, UNKNOWN["sv"])


def is_missing(value: Any) -> bool:
    """None or a float that is not finite (NaN from a frame)."""
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _localised(text: str, lang: str) -> str:
    """Python's ``1,234.5`` in ``lang``: Swedish swaps in a space and a decimal comma."""
    if lang == "en":
        return text
    return text.replace(",", " ").replace(".", ",")


def number(value: float | None, lang: str, *, digits: int = 0) -> str:
    """A number with thousands separated and ``digits`` decimals."""
    if is_missing(value):
        return unknown(lang)
    return _localised(f"{float(value):,.{digits}f}", lang)


def decimal(value: float | None, lang: str, *, digits: int = 2) -> str:
    """A short decimal without a thousands separator (shares, scores, HHI)."""
    if is_missing(value):
        return unknown(lang)
    return _localised(f"{float(value):.{digits}f}", lang)


def kr(value: float | None, lang: str) -> str:
    """Whole kronor: ``72 000 kr`` / ``72,000 kr``."""
    if is_missing(value):
        return unknown(lang)
    return number(value, lang) + " kr"


def percent(value: float | None, lang: str, *, digits: int = 1) -> str:
    """A percentage already multiplied by 100: ``24,0 %`` / ``24.0%``."""
    if is_missing(value):
        return unknown(lang)
    text = decimal(value, lang, digits=digits)
    return text + " %" if lang != "en" else text + "%"


def km(value: float | None, lang: str) -> str:
    """A distance in km with one decimal (the unit is the caller's)."""
    return decimal(value, lang, digits=1)


def date(value: dt.date | None, lang: str) -> str:
    """An ISO date (``2025-03-01``) in either language: it is what Swedish registers write."""
    if value is None or not hasattr(value, "isoformat"):
        return unknown(lang)
    return value.isoformat()
