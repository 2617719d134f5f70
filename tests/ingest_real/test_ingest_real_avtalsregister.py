"""A kommun's "Avtalsregister samverkan 2024": banner + blank row above the header,
the headers kommunledningskontor actually use, amounts in tkr, notice periods in words,
a Totalt/Summa row and formatted-but-empty rows at the bottom."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from samverkansvav.ingest import read_register

VANNAS, UMEA = "2460", "2480"
# Bjurholm 2403, Nordmaling 2401, Robertsfors 2409, Vindeln 2404, Vännäs 2460.
UMEA_REGION_FIVE = {"2403", "2401", "2409", "2404", "2460"}


def test_header_found_below_banner_and_prose_party_lists_split(avtalsregister_clean, usable, members):
    result = read_register(avtalsregister_clean, reporter=VANNAS)
    web = usable(result)
    assert sorted(web.arrangements["name"]) == ["Gemensam överförmyndarnämnd", "Lönecentrum"]
    # "Bjurholms, Nordmalings, Robertsfors, Vindeln och Vännäs kommuner": genitive -s on
    # some names only, "och" before the last, a shared trailing "kommuner".
    assert set(members(web, "Gemensam överförmyndarnämnd")) == UMEA_REGION_FIVE
    # "Umeå kommun samt Vännäs kommun"
    assert set(members(web, "Lönecentrum")) == {UMEA, VANNAS}


def test_form_owner_and_notice_text_read(avtalsregister_clean, usable, arrangement):
    web = usable(read_register(avtalsregister_clean, reporter=VANNAS))
    gn = arrangement(web, "Gemensam överförmyndarnämnd")
    assert gn["form"] == "gemensam_namnd"
    assert gn["owner"] == "Kommunstyrelsen"
    assert gn["notice_months"] == 12  # "12 månader"
    assert arrangement(web, "Lönecentrum")["notice_months"] == 6  # "6 mån"


def test_notice_period_in_years_is_months(avtalsregister, find):
    """Row 6 says "1 år": a notice period of one year is 12 months, not an error."""
    result = read_register(avtalsregister, reporter=VANNAS)
    assert find(result.report, level="fel", row=6, column="Uppsägningstid") == []
    web = result.usable_web
    row = web.arrangements[web.arrangements["name"] == "Räddningstjänstsamverkan"].iloc[0]
    assert row["notice_months"] == 12  # 1 år × 12


def test_plain_number_in_tkr_column_is_thousands(avtalsregister_clean, usable, members):
    web = usable(read_register(avtalsregister_clean, reporter=VANNAS))
    # Kostnad 2024 (tkr) = 312 -> 312 × 1 000 = 312 000 kr, on the reporting kommun
    assert members(web, "Lönecentrum")[VANNAS]["annual_cost"] == 312_000


@pytest.mark.parametrize(
    "cell, expected",
    [
        (312, 312_000),  # 312 tkr
        ("1 250,5", 1_250_500),  # 1 250,5 tkr = 1 250 500 kr
        ("12 832 tkr", 12_832_000),  # unit repeated in the cell: still tkr, not tkr×tkr
        ("10 088 575 kr", 10_088_575),  # the cell says kr: the cell's unit wins
    ],
)
def test_amount_in_tkr_column(read_rows, members, usable, cell, expected):
    result = read_rows(
        [
            ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Kostnad 2024 (tkr)"],
            ["Lönecentrum", "avtal", "löneadministration", "Umeå", "Umeå, Vännäs", cell],
        ],
        reporter=VANNAS,
    )
    assert not result.report.has_errors, result.report.as_text()
    assert members(usable(result), "Lönecentrum")[VANNAS]["annual_cost"] == pytest.approx(expected)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Lönesamverkan", 10_088_575),  # "10 088 575 kr"
        ("IT-drift", 57_649_000),  # "57 649 000kr" (no space before kr)
        ("Upphandling", 1_250_000.50),  # "1 250 000,50" (decimal comma)
        ("Växel", 1_250_000),  # NBSP thousands separators, as Excel exports them
        ("Arkiv", 12_832_000),  # "12 832 tkr" in a kr column: 12 832 × 1 000
    ],
)
def test_amounts_in_kr_column(kronor_register, members, name, expected):
    result = read_register(kronor_register, reporter=VANNAS)
    assert result.ok, result.report.as_text()
    assert members(result.web, name)[VANNAS]["annual_cost"] == pytest.approx(expected)


def test_totalt_row_and_formatted_empty_rows_make_no_issue(avtalsregister, find):
    """Row 8 is "Totalt" with =SUM(); rows 9-10 carry only a fill colour."""
    report = read_register(avtalsregister, reporter=VANNAS).report
    assert [i for i in report if i.row is not None and i.row >= 8] == []


def test_summa_row_with_value_is_skipped(avtalsregister_clean, find):
    """Row 6 is "Summa" with the sum 13 144 (tkr) typed in, as Excel saves a =SUMMA() cell."""
    result = read_register(avtalsregister_clean, reporter=VANNAS)
    assert find(result.report, row=6, level="fel") == []
    assert result.ok


def test_totalt_in_name_column_is_skipped(read_rows):
    result = read_rows(
        [
            ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Årskostnad (kr)"],
            ["Lönecentrum", "avtal", "löneadministration", "Umeå", "Umeå, Vännäs", 312_000],
            ["Totalt", None, None, None, None, 312_000],
        ],
        reporter=VANNAS,
    )
    assert result.ok, result.report.as_text()
    assert len(result.web.arrangements) == 1


def test_samverkansomrade_header_is_the_area(avtalsregister_clean, usable, arrangement, find):
    result = read_register(avtalsregister_clean, reporter=VANNAS)
    assert find(result.report, code="missing_area_column") == []
    assert arrangement(usable(result), "Gemensam överförmyndarnämnd")["area"] == "överförmyndare"


def test_huvudman_vardkommun_header_is_the_host(avtalsregister_clean, usable, arrangement, find):
    result = read_register(avtalsregister_clean, reporter=VANNAS)
    web = usable(result)
    assert arrangement(web, "Gemensam överförmyndarnämnd")["host"] == VANNAS
    assert arrangement(web, "Lönecentrum")["host"] == UMEA
    assert find(result.report, code="host_missing") == []


def test_giltig_fom_tom_headers_are_start_and_end(avtalsregister_clean, usable, arrangement):
    web = usable(read_register(avtalsregister_clean, reporter=VANNAS))
    lon = arrangement(web, "Lönecentrum")
    assert (lon["start"], lon["end"]) == (dt.date(2022, 1, 1), dt.date(2025, 12, 31))
    assert arrangement(web, "Gemensam överförmyndarnämnd")["start"] == dt.date(2023, 7, 1)


def test_region_and_lanets_kommuner_is_an_error_on_that_cell(avtalsregister, find):
    """Row 7: "Region Västerbotten och länets kommuner" cannot be resolved to parties;
    it must stop the row (not become a one-member arrangement of Region Västerbotten)."""
    result = read_register(avtalsregister, reporter=VANNAS)
    errors = find(result.report, level="fel", row=7, column="Parter")
    assert errors
    assert result.web is None
    assert "Regional kollektivtrafik" not in set(result.usable_web.arrangements["name"])


def test_lanets_kommuner_message_names_the_collective_term(avtalsregister, find):
    result = read_register(avtalsregister, reporter=VANNAS)
    assert find(result.report, level="fel", row=7, column="Parter", text="länets kommuner")


def test_banner_naming_one_kommun_gives_the_reporter(avtalsregister_clean, usable, members):
    web = usable(read_register(avtalsregister_clean))
    assert members(web, "Lönecentrum")[VANNAS]["annual_cost"] == 312_000


def test_costs_without_reporter_are_not_invented(avtalsregister_clean, usable, find):
    # The same register with a banner that names no kommun: nothing tells whose cost it is.
    import openpyxl

    workbook = openpyxl.load_workbook(avtalsregister_clean)
    workbook["Blad1"]["A1"] = "Avtalsregister samverkan 2024"
    workbook.save(avtalsregister_clean)
    result = read_register(avtalsregister_clean)
    web = usable(result)
    assert web.memberships["annual_cost"].map(lambda v: v is None or math.isnan(v)).all()
    assert find(result.report, code="cost_without_reporter", row=4)
