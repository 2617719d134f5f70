"""Wide registers (one row per arrangement) from xlsx and csv."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav.ingest import read_register

HEADER = ["Namn", "Form", "Område", "Värdkommun", "Medlemmar"]
ROW = ["Lönenämnden", "gemensam nämnd", "löneadministration", "Ale", "Ale, Kungälv, Stenungsund"]


def codes(result, level=None):
    return [i.code for i in result.report.issues if level is None or i.level == level]


def test_minimal_xlsx_builds_one_arrangement_with_roles(write_xlsx):
    result = read_register(write_xlsx({"Samverkan": [HEADER, ROW]}))
    assert result.ok and result.layout == "bred"
    arr = result.web.arrangements.iloc[0]
    assert (arr["name"], arr["form"], arr["area"], arr["host"]) == (
        "Lönenämnden",
        "gemensam_namnd",
        "löneadministration",
        "1440",
    )  # Ale = 1440
    roles = dict(zip(result.web.memberships["party_id"], result.web.memberships["role"]))
    assert roles == {"1440": "värd", "1482": "medlem", "1415": "medlem"}  # Kungälv 1482, Stenungsund 1415


def test_avtalssamverkan_roles_are_utforare_and_uppdragsgivare(write_xlsx):
    row = ["Lön", "avtal", "lön", "Ale", "Ale; Kungälv"]
    result = read_register(write_xlsx({"Samverkan": [HEADER, row]}))
    roles = dict(zip(result.web.memberships["party_id"], result.web.memberships["role"]))
    assert roles == {"1440": "utförare", "1482": "uppdragsgivare"}


def test_header_not_on_first_row_and_title_above(write_xlsx):
    sheet = [["Samverkansregister Ale kommun"], [], ["Rapporterande kommun:", "Ale"], HEADER, ROW]
    result = read_register(write_xlsx({"Samverkan": sheet}))
    assert result.ok
    assert result.reporter == "1440"


def test_hidden_first_sheet_does_not_win(write_xlsx):
    decoy = [HEADER, ["Gammalt", "GN", "IT", "Ale", "Ale, Lerum"]]
    real = [
        ["Namn", "Form", "Område", "Medlemmar", "Värdkommun"],
        ["Nytt", "GN", "IT", "Ale, Kungälv", "Ale"],
    ]
    result = read_register(write_xlsx({"Dold": decoy, "Blad2": real}, hidden=("Dold",)))
    assert result.web.arrangements["name"].tolist() == ["Nytt"]


def test_sheet_named_samverkan_is_preferred(write_xlsx):
    other = [HEADER, ["Fel blad", "GN", "IT", "Ale", "Ale, Lerum"]]
    result = read_register(write_xlsx({"Annat": other, "Samverkan": [HEADER, ROW]}))
    assert result.web.arrangements["name"].tolist() == ["Lönenämnden"]


def test_header_variants_are_matched_case_and_accent_insensitively(write_xlsx):
    header = [
        "  AVTAL ",
        "juridisk form",
        "verksamhetsomrade",
        "Utförare",
        "Deltagande kommuner",
        "Årskostnad (tkr)",
    ]
    row = ["IT-drift", "Avtalssamverkan", "IT", "Kungälv", "Kungälv och Ale", "12,5"]
    result = read_register(write_xlsx({"Samverkan": [header, row]}), reporter="Ale")
    assert result.ok
    cost = result.web.memberships.set_index("party_id").loc["1440", "annual_cost"]
    assert cost == 12_500.0  # 12,5 tkr = 12 500 kr, Ale's own cost


def test_cost_header_with_year_and_reporter_column(write_xlsx):
    header = HEADER + ["Medlemsavgift 2021", "Rapporterande kommun"]
    row = ROW + ["1 250 000,50", "Kungälv"]
    result = read_register(write_xlsx({"Samverkan": [header, row]}))
    mem = result.web.memberships.set_index("party_id")
    assert mem.loc["1482", "annual_cost"] == 1_250_000.5
    assert mem["annual_cost"].isna().sum() == 2  # Ale and Stenungsund: unknown


def test_dates_statuses_and_notice(write_xlsx):
    header = HEADER + ["Startdatum", "Slutdatum", "Uppsägningstid (mån)", "Status", "Säte"]
    row = ROW + [dt.datetime(2019, 1, 1), "31.12.2025", "12 mån", "Aktiv", ""]
    result = read_register(write_xlsx({"Samverkan": [header, row]}))
    arr = result.web.arrangements.iloc[0]
    assert (arr["start"], arr["end"], arr["notice_months"], arr["status"]) == (
        dt.date(2019, 1, 1),
        dt.date(2025, 12, 31),
        12,
        "aktiv",
    )


def test_excel_serial_in_1904_workbook(write_xlsx):
    header = HEADER + ["Startdatum"]
    # 43890 days after 1904-01-01 is 2024-03-01.
    result = read_register(write_xlsx({"Samverkan": [header, ROW + [43890]]}, epoch_1904=True))
    assert result.web.arrangements.iloc[0]["start"] == dt.date(2024, 3, 1)


def test_id_column_is_used_else_slug_of_name_and_form(write_xlsx):
    result = read_register(
        write_xlsx(
            {
                "Samverkan": [
                    ["Id"] + HEADER,
                    ["L-1"] + ROW,
                    [""] + ["Miljö Väst", "KF", "miljö", "", "Ale, Lerum"],
                ]
            }
        )
    )
    assert result.web.arrangements["id"].tolist() == ["L-1", "miljo-vast--kommunalforbund"]


def test_medlemskap_sheet_gives_shares_and_costs_and_skips_totals(write_xlsx):
    members = [
        ["Namn", "Medlem", "Andel %", "Årskostnad (kr)"],
        ["Lönenämnden", "Ale", "50 %", "500 000"],
        ["Lönenämnden", "Kungälv", "30,5", "305 000"],
        ["Lönenämnden", "Stenungsund", "19,5", "195 000"],
        ["Totalt", "", "100", "1 000 000"],
    ]
    result = read_register(write_xlsx({"Samverkan": [HEADER, ROW], "Medlemskap": members}))
    assert result.ok, result.report.as_text()
    mem = result.web.memberships.set_index("party_id")
    assert mem.loc["1482", "share"] == pytest.approx(0.305)
    assert mem.loc["1415", "annual_cost"] == 195_000.0


def test_federation_fee_table_without_arrangement_column(write_xlsx):
    fee = [
        ["Medlemskommun", "Medlemsavgift 2021", "Procentuell fördelning"],
        ["Ale", "12 832 tkr", "60"],
        ["Kungälv", "8 555 tkr", "40"],
        ["Summa", "21 387 tkr", "100"],
    ]
    sheet = [HEADER, ["Förbundet", "kommunalförbund", "räddningstjänst", "", "Ale, Kungälv"]]
    result = read_register(write_xlsx({"Samverkan": sheet, "Medlemskap": fee}))
    mem = result.web.memberships.set_index("party_id")
    assert mem.loc["1440", "annual_cost"] == 12_832_000.0
    assert mem.loc["1482", "share"] == pytest.approx(0.4)


def test_csv_cp1252_semicolon(write_csv):
    path = write_csv([HEADER, ROW], encoding="cp1252", sep=";")
    result = read_register(path)
    assert result.ok and result.web.arrangements.iloc[0]["area"] == "löneadministration"


def test_csv_utf8_bom_comma_and_na_text_stays_text(write_csv):
    header = HEADER + ["Anmärkning"]
    path = write_csv([header, ROW + ["NA"]], encoding="utf-8-sig", sep=",")
    result = read_register(path)
    assert result.ok
    assert result.web.arrangements.iloc[0]["note"] == "NA"


def test_csv_utf16_tab(write_csv):
    path = write_csv([HEADER, ROW], encoding="utf-16", sep="\t")
    assert read_register(path).ok


def test_control_characters_are_stripped_and_reported(write_csv):
    # openpyxl refuses to write control characters, so the register is a CSV.
    row = ["Löne\x07nämnden", *ROW[1:]]
    result = read_register(write_csv([HEADER, row]))
    assert result.web.arrangements.iloc[0]["name"] == "Lönenämnden"
    assert "control_characters" in codes(result, "info")


def test_merged_cells_in_one_column_are_filled_and_reported(write_xlsx):
    # C3:C4 merged: Excel keeps "IT" in C3 only; the value is filled into C4 with an info.
    sheet = [
        HEADER,
        ROW,
        ["Lön 2", "GN", "IT", "Ale", "Ale, Lerum"],
        ["Lön 3", "GN", None, "Ale", "Ale, Lerum"],
    ]
    result = read_register(write_xlsx({"Samverkan": sheet}, merged={"Samverkan": ["C3:C4"]}))
    merged = [i for i in result.report if i.code == "merged_cells"]
    assert [(i.level, i.row, "C3:C4" in i.message) for i in merged] == [("info", 3, True)]
    areas = dict(zip(result.web.arrangements["name"], result.web.arrangements["area"]))
    assert areas["Lön 3"] == "IT"


def test_merged_cells_across_columns_are_a_warning(write_xlsx):
    # B3:C3 spans two fields: nothing can be filled, so the user is warned.
    sheet = [HEADER, ROW, ["Lön 2", "GN", "IT", "Ale", "Ale, Lerum"]]
    result = read_register(write_xlsx({"Samverkan": sheet}, merged={"Samverkan": ["B3:C3"]}))
    merged = [i for i in result.report.warnings if i.code == "merged_cells"]
    assert [(i.row, "B3:C3" in i.message) for i in merged] == [(3, True)]


def test_formula_without_cached_value_is_an_error(write_xlsx):
    # openpyxl writes formulas without a cached value, like a non-Excel tool would.
    sheet = [HEADER + ["Årskostnad (kr)"], ROW + ["=1000*2"]]
    result = read_register(write_xlsx({"Samverkan": sheet}), reporter="Ale")
    errors = [(i.code, i.row, i.column) for i in result.report.errors]
    assert errors == [("formula_without_value", 2, "Årskostnad (kr)")]
    assert result.web is None


def test_error_cell_is_a_row_error(write_xlsx):
    sheet = [HEADER, ["Lön", "GN", "#REF!", "Ale", "Ale, Lerum"]]
    result = read_register(write_xlsx({"Samverkan": sheet}))
    assert [(i.code, i.row, i.column) for i in result.report.errors] == [("cell_error", 2, "Område")]


def test_blank_and_duplicate_headers_are_reported(write_xlsx):
    sheet = [HEADER + ["", "Parter"], ROW + ["x", "Ale, Lerum"]]
    result = read_register(write_xlsx({"Samverkan": sheet}))
    assert "blank_header" in codes(result, "varning")
    assert "duplicate_header" in codes(result, "fel")


def test_no_header_is_an_error(write_xlsx):
    result = read_register(write_xlsx({"Samverkan": [["a", "b"], ["c", "d"]]}))
    assert codes(result, "fel") == ["no_header"]


def test_xlsm_is_read_like_xlsx(write_xlsx):
    result = read_register(write_xlsx({"Samverkan": [HEADER, ROW]}, name="register.xlsm"))
    assert result.ok


def test_row_cap_is_an_error_naming_the_limit(write_csv):
    rows = [HEADER] + [[f"A{i}", "KF", "IT", "", "Ale, Lerum"] for i in range(30)]
    result = read_register(write_csv(rows), max_rows=5)
    assert codes(result, "fel") == ["too_many_rows"]
    assert "5" in result.report.errors[0].message
