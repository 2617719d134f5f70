"""Blank optional cells are simply unknown, in CSV (empty text) as in xlsx (no value)."""

from __future__ import annotations

import openpyxl

from samverkansvav.ingest import read_register

HEADER = [
    "Namn",
    "Form",
    "Område",
    "Värdkommun",
    "Medlemmar",
    "Startdatum",
    "Slutdatum",
    "Uppsägningstid (mån)",
    "Årskostnad (kr)",
    "Ansvarig",
    "Mål",
    "Senast utvärderad",
]
ROW = [
    "Lön",
    "avtalssamverkan",
    "löneadministration",
    "Lysekil",
    "Lysekil, Munkedal",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
]


def _codes(result) -> list[str]:
    return sorted({issue.code for issue in result.report.errors})


def test_blank_optional_cells_in_a_semicolon_csv_are_not_errors(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(";".join(HEADER) + "\n" + ";".join(ROW) + "\n", encoding="cp1252")
    result = read_register(path, reporter="1484")
    assert _codes(result) == []
    arrangement = result.web.arrangements.iloc[0]
    assert (
        arrangement["notice_months"] is None or arrangement["notice_months"] != arrangement["notice_months"]
    )
    assert arrangement["start"] is None and arrangement["end"] is None


def test_the_same_register_as_xlsx_reads_the_same(tmp_path):
    path = tmp_path / "register.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Samverkan"
    sheet.append(HEADER)
    sheet.append([value or None for value in ROW])
    workbook.save(path)
    result = read_register(path, reporter="1484")
    assert _codes(result) == []
    assert result.web.members_of(result.web.arrangements.iloc[0]["id"]) == ["1430", "1484"]
