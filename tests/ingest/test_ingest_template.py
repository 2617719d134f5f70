"""The template written from the field table has the headers, dropdowns and
instructions it has always had (the values below are the template as municipalities
know it; a change here is a change of the file format)."""

from __future__ import annotations

import openpyxl
import pytest

from samverkansvav.ingest.template import FORM_CHOICES, MEMBERSHIP_COLUMNS, TEMPLATE_COLUMNS, write_template
from samverkansvav.ingest.values import area_vocabulary

SAMVERKAN_HEADERS = [
    "Id",
    "Namn",
    "Form",
    "Område",
    "Värdkommun",
    "Säte",
    "Medlemmar",
    "Startdatum",
    "Slutdatum",
    "Uppsägningstid (mån)",
    "Årskostnad (kr)",
    "Ansvarig",
    "Mål",
    "Senast utvärderad",
    "Status",
    "Källa",
    "Anmärkning",
    "Rapporterande kommun",
]
MEDLEMSKAP_HEADERS = [
    "Id",
    "Namn",
    "Medlem",
    "Roll",
    "Andel %",
    "Årskostnad (kr)",
    "Medlem från",
    "Medlem till",
]
FORM_LIST = [
    "gemensam nämnd",
    "kommunalförbund",
    "avtalssamverkan",
    "kommunalt bolag",
    "stiftelse",
    "ekonomisk förening",
    "ideell förening",
    "informell samverkan",
    "samordningsförbund (Finsam)",
]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return openpyxl.load_workbook(write_template(tmp_path_factory.mktemp("mall") / "mall.xlsx"))


def _row(sheet, number: int) -> list:
    return [cell.value for cell in sheet[number]]


def test_header_rows(template):
    assert _row(template["Samverkan"], 1) == SAMVERKAN_HEADERS
    assert _row(template["Medlemskap"], 1) == MEDLEMSKAP_HEADERS
    assert [c[0] for c in TEMPLATE_COLUMNS] == SAMVERKAN_HEADERS
    assert [c[0] for c in MEMBERSHIP_COLUMNS] == MEDLEMSKAP_HEADERS


def test_dropdowns_list_the_forms_and_areas(template):
    lists = template["Listor"]
    assert _row(lists, 1) == ["Form", "Område"]
    areas = area_vocabulary()
    assert len(areas) == 33
    assert [lists.cell(row=r, column=1).value for r in range(2, 11)] == FORM_LIST == list(FORM_CHOICES)
    assert [lists.cell(row=r, column=2).value for r in range(2, 2 + len(areas))] == list(areas)
    validations = {
        str(dv.sqref): (dv.formula1, dv.errorStyle, dv.errorTitle, dv.error)
        for dv in template["Samverkan"].data_validations.dataValidation
    }
    assert validations == {
        # Form is column C, Område column D.
        "C2:C1000": ("=Listor!$A$2:$A$10", None, "Okänd form", "Välj en form ur listan."),
        "D2:D1000": (
            "=Listor!$B$2:$B$34",
            "information",
            "Nytt område",
            "Området finns inte i listan; det sparas som det är skrivet.",
        ),
    }


def test_instructions_say_which_columns_are_required(template):
    guide = template["Instruktioner"]
    assert _row(guide, 4) == ["Kolumn", "Obligatorisk", "Förklaring"]
    rows = [_row(guide, r) for r in range(5, 5 + len(SAMVERKAN_HEADERS))]
    assert [r[0] for r in rows] == SAMVERKAN_HEADERS
    assert [r[0] for r in rows if r[1] == "ja"] == ["Namn", "Form", "Område", "Medlemmar"]
    assert rows[9][2] == "Uppsägningstid i månader enligt avtal eller förbundsordning."
    # The Medlemskap sheet's block has its own text where a column means something else there.
    start = 5 + len(SAMVERKAN_HEADERS) + 1
    assert _row(guide, start)[0] == "Bladet Medlemskap"
    members = [_row(guide, r) for r in range(start + 1, start + 1 + len(MEDLEMSKAP_HEADERS))]
    assert [r[0] for r in members] == MEDLEMSKAP_HEADERS
    assert rows[10][2] == "Den rapporterande kommunens egen kostnad per år i kronor."
    assert members[5][2] == "Medlemmens kostnad per år i kronor."
    assert members[0][2] == "Arrangemangets id som på bladet Samverkan (eller lämna tomt och skriv namnet)."


def test_date_columns_are_formatted_as_dates(template):
    samverkan, medlemskap = template["Samverkan"], template["Medlemskap"]
    dated = [
        h
        for col, h in enumerate(SAMVERKAN_HEADERS, 1)
        if samverkan.cell(3, col).number_format == "yyyy-mm-dd"
    ]
    assert dated == ["Startdatum", "Slutdatum", "Senast utvärderad"]
    dated = [
        h
        for col, h in enumerate(MEDLEMSKAP_HEADERS, 1)
        if medlemskap.cell(3, col).number_format == "yyyy-mm-dd"
    ]
    assert dated == ["Medlem från", "Medlem till"]


def test_example_rows_sit_under_their_headers(template):
    example = dict(zip(SAMVERKAN_HEADERS, _row(template["Samverkan"], 2)))
    assert example["Värdkommun"] == "Flen" and example["Uppsägningstid (mån)"] == 12
    assert example["Rapporterande kommun"] == "Flen" and example["Säte"] is None
    katrineholm = dict(zip(MEDLEMSKAP_HEADERS, _row(template["Medlemskap"], 5)))
    assert katrineholm["Id"] == "exempel-overformyndare" and katrineholm["Medlem"] == "Katrineholm"
    assert katrineholm["Medlem till"].date().isoformat() == "2020-12-31"
    assert katrineholm["Andel %"] is None
    widths = [template["Medlemskap"].column_dimensions[letter].width for letter in "ABCDEFGH"]
    assert widths == [24, 40, 18, 16, 10, 16, 14, 14]
