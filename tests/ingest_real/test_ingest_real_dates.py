"""Start and end dates as written in Swedish registers: ISO, "1 juli 2023", Excel dates and
serials, a bare year, and "tills vidare" (open-ended: not an error)."""

from __future__ import annotations

import datetime as dt

import pytest

HEADER = ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum", "Slutdatum"]


def _one(read_rows, start, end):
    return read_rows(
        [HEADER, ["Lönecentrum", "avtal", "löneadministration", "Umeå", "Umeå, Vännäs", start, end]]
    )


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("2023-07-01", "2025-12-31", (dt.date(2023, 7, 1), dt.date(2025, 12, 31))),
        ("1 juli 2023", "31 december 2025", (dt.date(2023, 7, 1), dt.date(2025, 12, 31))),
        (dt.datetime(2023, 7, 1), None, (dt.date(2023, 7, 1), None)),
        (45108, None, (dt.date(2023, 7, 1), None)),  # Excel serial 45108 = 2023-07-01
        ("2023", None, (dt.date(2023, 1, 1), None)),  # a year as text: its first day
    ],
)
def test_start_and_end_dates(read_rows, arrangement, start, end, expected):
    result = _one(read_rows, start, end)
    assert result.ok, result.report.as_text()
    arr = arrangement(result.web, "Lönecentrum")
    assert (arr["start"], arr["end"]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tills vidare",
        "Tills vidare",
        "Tillsvidare",
        "Gäller tills vidare",
        "Löpande",
    ],
)
def test_tills_vidare_in_end_is_open_ended(read_rows, arrangement, find, text):
    result = _one(read_rows, "2023-07-01", text)
    assert find(result.report, level="fel", column="Slutdatum") == []
    assert result.ok
    assert arrangement(result.web, "Lönecentrum")["end"] is None


def test_nonsense_end_date_is_an_error_naming_row_and_column(dates_register, find):
    from samverkansvav.ingest import read_register

    report = read_register(dates_register).report
    errors = find(report, level="fel", row=8, column="Slutdatum")
    assert len(errors) == 1 and "vid behov" in errors[0].message
    assert "ÅÅÅÅ-MM-DD" in errors[0].hint


def test_only_the_nonsense_end_date_is_an_error(dates_register):
    from samverkansvav.ingest import read_register

    report = read_register(dates_register).report
    assert {i.row for i in report if i.level == "fel"} == {8}


def test_year_typed_as_number_is_not_1905(read_rows, arrangement, find):
    """A user typing 2023 in a date cell means the year 2023. Either read it as
    2023-01-01 or say the cell is unclear; never store 1905-07-15 without a word."""
    result = _one(read_rows, 2023, None)
    flagged = find(result.report, row=2, column="Startdatum")
    if not flagged:
        web = result.web if result.web is not None else result.usable_web
        assert arrangement(web, "Lönecentrum")["start"].year == 2023
    else:
        assert "2023" in flagged[0].message


def test_end_before_start_is_a_warning(read_rows, find):
    result = _one(read_rows, "2024-01-01", "2023-12-31")
    assert find(result.report, level="varning", row=2)
    assert not result.report.has_errors
