"""Numbers, kronor and percentages in Swedish and English (samverkansvav.format)."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav import format as fmt


@pytest.mark.parametrize(
    "value, sv, en",
    [
        (72_000.0, "72 000 kr", "72,000 kr"),
        (1_234_567.4, "1 234 567 kr", "1,234,567 kr"),
        (-1_500.0, "-1 500 kr", "-1,500 kr"),
        (999.6, "1 000 kr", "1,000 kr"),  # whole kronor, rounded
        (None, "okänd", "unknown"),
        (float("nan"), "okänd", "unknown"),
    ],
)
def test_kronor(value, sv, en):
    assert (fmt.kr(value, "sv"), fmt.kr(value, "en")) == (sv, en)


def test_percent_decimal_and_distance():
    assert (fmt.percent(42.857, "sv"), fmt.percent(42.857, "en")) == ("42,9 %", "42.9%")
    assert fmt.percent(66.7, "sv", digits=0) == "67 %"
    assert (fmt.decimal(1234.5, "sv"), fmt.decimal(1234.5, "en")) == ("1234,50", "1234.50")
    assert (fmt.number(1234.5, "sv", digits=1), fmt.number(1234.5, "en", digits=1)) == ("1 234,5", "1,234.5")
    assert (fmt.km(12.48, "sv"), fmt.km(None, "sv")) == ("12,5", "okänd")
    assert (fmt.date(dt.date(2026, 1, 1), "en"), fmt.date(None, "sv")) == ("2026-01-01", "okänd")
