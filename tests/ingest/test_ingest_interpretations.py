"""Values as kommuner write them: open end dates, years as numbers, units in the cell,
notice periods in years, header variants and collective member terms."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav.ingest.headers import match_header
from samverkansvav.ingest.values import is_open_ended, parse_amount, parse_date, parse_months
from samverkansvav.reference.names import is_collective_term, split_party_list


@pytest.mark.parametrize(
    "text",
    [
        "tills vidare",
        "Tillsvidare",
        "Gäller tills vidare",
        "Löpande",
        "TV",
        "Tills vidare, 12 mån uppsägning",
    ],
)
def test_open_ended_words(text):
    assert is_open_ended(text)


@pytest.mark.parametrize("text", ["vid behov", "2025-12-31", "tills", ""])
def test_not_open_ended(text):
    assert not is_open_ended(text)


def test_whole_number_in_year_range_is_a_year():
    assert parse_date(2023) == (dt.date(2023, 1, 1), None)
    assert parse_date(2023, period_end=True) == (dt.date(2023, 12, 31), None)
    # 45108 is above 2100: an Excel serial, 45108 days after 1899-12-30 = 2023-07-01
    assert parse_date(45108) == (dt.date(2023, 7, 1), None)


@pytest.mark.parametrize(
    "cell, factor, expected",
    [
        (312, 1000, 312_000),  # plain number: 312 × 1 000
        ("12 832 tkr", 1000, 12_832_000),  # cell unit tkr wins: 12 832 × 1 000, not × 1 000 000
        ("10 088 575 kr", 1000, 10_088_575),  # cell unit kr wins over the (tkr) header
        ("2,5 Mkr", 1, 2_500_000),  # 2,5 × 1 000 000
        ("3 miljoner kr", 1, 3_000_000),  # 3 × 1 000 000
    ],
)
def test_unit_in_cell_wins(cell, factor, expected):
    assert parse_amount(cell, header_factor=factor) == (expected, None)


@pytest.mark.parametrize(
    "cell, months",
    [
        ("1 år", 12),
        ("2 år", 24),
        ("6 månader", 6),
        ("3 mån", 3),
        ("12 månaders", 12),
        (9, 9),
    ],
)
def test_notice_period(cell, months):
    assert parse_months(cell) == (months, None)


def test_notice_period_nonsense_is_a_problem():
    assert parse_months("vid behov")[1]


@pytest.mark.parametrize(
    "header, field",
    [
        ("Samverkansområde", "area"),
        ("Huvudman/värdkommun", "host"),
        ("Giltig fr.o.m.", "start"),
        ("Giltig t.o.m.", "end"),
        ("Gäller från", "start"),
        ("Gäller till", "end"),
        ("Ansvarig nämnd", "owner"),
        ("Kommentar", "note"),
    ],
)
def test_header_variants(header, field):
    assert match_header(header).field == field


def test_collective_term_stays_one_item():
    assert split_party_list("Region Västerbotten och länets kommuner") == [
        "Region Västerbotten",
        "länets kommuner",
    ]
    assert split_party_list("Umeå, samtliga kommuner i länet") == ["Umeå", "samtliga kommuner i länet"]
    assert is_collective_term("alla kommuner i Västerbottens län")
    assert not is_collective_term("Vännäs kommun")


def test_csv_with_bare_cr_reads(tmp_path):
    from samverkansvav.ingest import read_register

    path = tmp_path / "cr.csv"
    path.write_bytes("Namn;Form;Område;Värdkommun;Medlemmar\rLön;GN;IT;Ale;Ale, Lerum\r".encode())
    result = read_register(path)
    assert result.ok, result.report.as_text()
    assert result.web.arrangements["name"].tolist() == ["Lön"]
