"""A kommun's overview sheet: forms with abbreviations or legal references, prose lists."""

from __future__ import annotations

import openpyxl

from samverkansvav.ingest import read_register


def _register(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Blad1"
    sheet.append(["Samverkansöversikt Lysekils kommun 2025"])
    sheet.append([])
    sheet.append(
        [
            "Avtal",
            "Samverkansform",
            "Verksamhet",
            "Värd",
            "Deltagande kommuner",
            "Start",
            "Uppsägning",
            "Kostnad 2025 (kr)",
        ]
    )
    sheet.append(
        [
            "Gemensam lönenämnd",
            "Gemensam nämnd (GN)",
            "Löneadministration",
            "Sotenäs",
            "Sotenäs\nMunkedal\nLysekil",
            "2019-01-01",
            "12 mån",
            "1 250 000",
        ]
    )
    sheet.append(
        [
            "Räddningstjänstförbundet Mitt Bohuslän",
            "Kommunalförbund (KF)",
            "Räddningstjänst",
            None,
            "Lysekils, Munkedals och Uddevalla kommuner",
            None,
            None,
            "12 832 tkr",
        ]
    )
    sheet.append(
        ["IT-drift", "Avtal enl. KL 9 kap. 37 §", "IT", "Uddevalla", "1484, 1485", "2021-03-01", "6", 350000]
    )
    path = tmp_path / "oversikt.xlsx"
    workbook.save(path)
    return path


def test_forms_with_abbreviations_and_legal_references_are_understood(tmp_path):
    result = read_register(_register(tmp_path), reporter="1484")
    assert result.report.errors == []
    forms = dict(zip(result.web.arrangements["name"], result.web.arrangements["form"]))
    assert forms == {
        "Gemensam lönenämnd": "gemensam_namnd",
        "Räddningstjänstförbundet Mitt Bohuslän": "kommunalforbund",
        "IT-drift": "avtalssamverkan",
    }


def test_prose_member_list_ending_in_a_name_that_contains_alla(tmp_path):
    # "Uddevalla kommuner" ends in "alla kommuner" but is one named municipality.
    result = read_register(_register(tmp_path), reporter="1484")
    federation = result.web.arrangements.set_index("name").loc["Räddningstjänstförbundet Mitt Bohuslän", "id"]
    assert result.web.members_of(federation) == ["1430", "1484", "1485"]  # Munkedal, Lysekil, Uddevalla
    costs = result.web.memberships.set_index(["arrangement_id", "party_id"])["annual_cost"]
    assert costs[(federation, "1484")] == 12_832_000  # the cell's tkr wins over the header's kr
