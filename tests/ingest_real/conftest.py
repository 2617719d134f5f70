"""Fixtures for the field-realistic register tests: registers as Swedish municipalities
actually write them (banner rows, prose party lists, "tkr" amounts, Totalt rows,
"tills vidare", Swedish Excel CSV exports), all built in code into ``tmp_path``.

Each ``*_register`` fixture returns the path of one file; the expected values are
hand-computed in the tests next to the assertions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from samverkansvav.model import CooperationWeb
from samverkansvav.report import Issue, Report

# --------------------------------------------------------------------------- writers


def _xlsx(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    formatted_blank_rows: int = 0,
    bold_rows: Iterable[int] = (),
) -> Path:
    """Write ``sheets`` to ``path``. ``formatted_blank_rows`` adds rows that carry only a
    fill and a border-like style below the last sheet's data, as Excel leaves them when a
    user clears a row's contents but not its formatting."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet_name, rows in sheets.items():
        ws = wb.create_sheet(sheet_name)
        for row in rows:
            ws.append(row)
        for number in bold_rows:
            for cell in ws[number]:
                cell.font = Font(bold=True)
        if formatted_blank_rows:
            first = ws.max_row + 1
            for r in range(first, first + formatted_blank_rows):
                for c in range(1, 8):
                    ws.cell(row=r, column=c).fill = PatternFill("solid", fgColor="FFF2CC")
    wb.save(path)
    return path


def _csv(
    path: Path, rows: list[list[Any]], *, encoding: str, delimiter: str = ";", bom: bool = False
) -> Path:
    buffer = io.StringIO()
    # Excel writes CRLF line ends and quotes only when needed.
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


@pytest.fixture
def read_rows(tmp_path: Path) -> Callable[..., Any]:
    """Write ``rows`` (header first) to a one-sheet register and read it back."""
    from samverkansvav.ingest import read_register

    def read(rows: list[list[Any]], *, name: str = "rader.xlsx", reporter: str | None = None) -> Any:
        return read_register(_xlsx(tmp_path / name, {"Samverkan": rows}), reporter=reporter)

    return read


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    def write(sheets: dict[str, list[list[Any]]], name: str = "register.xlsx", **options: Any) -> Path:
        return _xlsx(tmp_path / name, sheets, **options)

    return write


# --------------------------------------------------------------------------- helpers


def _find(
    report: Report,
    *,
    level: str | None = None,
    code: str | None = None,
    row: int | None = None,
    column: str | None = None,
    text: str | None = None,
) -> list[Issue]:
    """Issues matching every given criterion (``column`` and ``text`` case-insensitive,
    ``text`` searched in message + hint)."""
    found = []
    for issue in report:
        if level is not None and issue.level != level:
            continue
        if code is not None and issue.code != code:
            continue
        if row is not None and issue.row != row:
            continue
        if column is not None and (issue.column or "").casefold() != column.casefold():
            continue
        if text is not None and text.casefold() not in f"{issue.message} {issue.hint}".casefold():
            continue
        found.append(issue)
    return found


@pytest.fixture
def find() -> Callable[..., list[Issue]]:
    return _find


def _arrangement(web: CooperationWeb, name: str) -> dict:
    rows = web.arrangements[web.arrangements["name"] == name]
    assert len(rows) == 1, (
        f"{name!r}: {len(rows)} arrangements; names are {web.arrangements['name'].tolist()}"
    )
    return rows.iloc[0].to_dict()


def _members(web: CooperationWeb, name: str) -> dict[str, dict]:
    arr_id = _arrangement(web, name)["id"]
    mem = web.memberships[web.memberships["arrangement_id"] == arr_id]
    return {r["party_id"]: r for r in mem.to_dict("records")}


@pytest.fixture
def arrangement() -> Callable[[CooperationWeb, str], dict]:
    return _arrangement


@pytest.fixture
def members() -> Callable[[CooperationWeb, str], dict[str, dict]]:
    return _members


def _usable(result: Any) -> CooperationWeb:
    """The web of a result, or its ``usable_web`` when errors elsewhere blocked ``web``."""
    web = result.web if result.web is not None else getattr(result, "usable_web", None)
    assert web is not None, result.report.as_text() if hasattr(result.report, "as_text") else result.report
    return web


@pytest.fixture
def usable() -> Callable[[Any], CooperationWeb]:
    return _usable


# --------------------------------------------------------------------------- registers

#: Row numbers in AVTALSREGISTER as Excel shows them (banner 1, blank 2, header 3).
AVTALSREGISTER_HEADER = [
    "Samverkansområde",
    "Avtal",
    "Samverkansform",
    "Parter",
    "Huvudman/värdkommun",
    "Kostnad 2024 (tkr)",
    "Giltig fr.o.m.",
    "Giltig t.o.m.",
    "Uppsägningstid",
    "Ansvarig nämnd",
    "Kommentar",
]


@pytest.fixture
def avtalsregister(tmp_path: Path) -> Path:
    """Vännäs kommun's "Avtalsregister samverkan 2024" as a kommunledningskontor keeps it."""
    rows = [
        ["Avtalsregister samverkan 2024 – Vännäs kommun"],  # row 1 banner
        [],  # row 2 blank
        AVTALSREGISTER_HEADER,  # row 3 header
        [
            "Överförmyndare",
            "Gemensam överförmyndarnämnd",
            "Gemensam nämnd",  # row 4
            "Bjurholms, Nordmalings, Robertsfors, Vindeln och Vännäs kommuner",
            "Vännäs kommun",
            "12 832 tkr",
            "2023-07-01",
            "tills vidare",
            "12 månader",
            "Kommunstyrelsen",
            "Vännäs är värdkommun",
        ],
        [
            "Löneadministration",
            "Lönecentrum",
            "Avtalssamverkan",  # row 5
            "Umeå kommun samt Vännäs kommun",
            "Umeå kommun",
            312,
            dt.datetime(2022, 1, 1),
            dt.datetime(2025, 12, 31),
            "6 mån",
            "Kommunstyrelsen",
            None,
        ],
        [
            "Räddningstjänst",
            "Räddningstjänstsamverkan",
            "Avtalssamverkan",  # row 6
            "Umeå, Vännäs, Bjurholm",
            "Umeå",
            "1 250,5",
            "1 juli 2023",
            None,
            "1 år",
            "Räddningsnämnden",
            None,
        ],
        [
            "Kollektivtrafik",
            "Regional kollektivtrafik",
            "Avtalssamverkan",  # row 7
            "Region Västerbotten och länets kommuner",
            "Region Västerbotten",
            "10 088 575 kr",
            "2019",
            None,
            "24 månader",
            "Kommunstyrelsen",
            "Enligt regionalt avtal",
        ],
        ["Totalt", None, None, None, None, "=SUM(F4:F7)", None, None, None, None, None],  # row 8
    ]
    return _xlsx(
        tmp_path / "Avtalsregister samverkan 2024.xlsx",
        {"Blad1": rows},
        formatted_blank_rows=2,
        bold_rows=(1, 3, 8),
    )


@pytest.fixture
def avtalsregister_clean(tmp_path: Path) -> Path:
    """The same banner layout with only uncontroversial rows, so value parsing can be
    checked on a web that must come out (no errors expected)."""
    rows = [
        ["Avtalsregister samverkan 2024 – Vännäs kommun"],  # row 1
        [],  # row 2
        AVTALSREGISTER_HEADER,  # row 3
        [
            "Överförmyndare",
            "Gemensam överförmyndarnämnd",
            "Gemensam nämnd",  # row 4
            "Bjurholms, Nordmalings, Robertsfors, Vindeln och Vännäs kommuner",
            "Vännäs kommun",
            "12 832 tkr",
            "2023-07-01",
            "tills vidare",
            "12 månader",
            "Kommunstyrelsen",
            None,
        ],
        [
            "Löneadministration",
            "Lönecentrum",
            "Avtalssamverkan",  # row 5
            "Umeå kommun samt Vännäs kommun",
            "Umeå kommun",
            312,
            dt.datetime(2022, 1, 1),
            dt.datetime(2025, 12, 31),
            "6 mån",
            "Kommunstyrelsen",
            None,
        ],
        ["Summa", None, None, None, None, 13144, None, None, None, None, None],  # row 6
    ]
    return _xlsx(
        tmp_path / "avtalsregister_vannas.xlsx", {"Blad1": rows}, formatted_blank_rows=3, bold_rows=(1, 3, 6)
    )


@pytest.fixture
def kronor_register(tmp_path: Path) -> Path:
    """Amounts the way they are typed into a kr column (seen in fee tables and minutes)."""
    rows = [
        ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Årskostnad (kr)"],
        ["Lönesamverkan", "avtal", "löneadministration", "Umeå", "Umeå, Vännäs", "10 088 575 kr"],  # 2
        ["IT-drift", "avtal", "IT", "Umeå", "Umeå, Vännäs", "57 649 000kr"],  # 3
        ["Upphandling", "avtal", "upphandling", "Umeå", "Umeå, Vännäs", "1 250 000,50"],  # 4
        ["Växel", "avtal", "kontaktcenter", "Umeå", "Umeå, Vännäs", "1\u00a0250\u00a0000"],  # 5
        ["Arkiv", "avtal", "arkiv", "Umeå", "Umeå, Vännäs", "12 832 tkr"],  # 6
    ]
    return _xlsx(tmp_path / "kostnader.xlsx", {"Samverkan": rows})


@pytest.fixture
def fee_table_register(tmp_path: Path) -> Path:
    """A federation's fee table pasted in as the Medlemskap sheet (no arrangement column:
    the workbook describes one federation)."""
    samverkan = [
        ["Namn", "Form", "Område", "Medlemmar"],
        [
            "Räddningstjänsten Syd",
            "Kommunalförbund",
            "Räddningstjänst",
            "Burlöv, Eslöv, Kävlinge, Lund, Malmö",
        ],
    ]
    medlemskap = [
        ["Medlemskommun", "Medlemsavgift 2021", "Procentuell fördelning"],  # row 1
        ["Malmö stad", "57 649 000kr", "45,06"],  # row 2
        ["Lunds kommun", "26 870 000 kr", "21,0 %"],  # row 3
        ["Kävlinge kommun", "22 386 000", "17,5 %"],  # row 4
        ["Eslövs kommun", "13 354 000", "10,44"],  # row 5
        ["Burlövs kommun", "7 675 000", "6,0 %"],  # row 6
        ["Totalt", "127 934 000", "100 %"],  # row 7
    ]
    return _xlsx(
        tmp_path / "rsyd_avgifter.xlsx", {"Samverkan": samverkan, "Medlemskap": medlemskap}, bold_rows=(1,)
    )


@pytest.fixture
def avtalssamverkan_register(tmp_path: Path) -> Path:
    """Skellefteå-area register where everything is 'avtalssamverkan' and hosts are prose."""
    rows = [
        ["Namn", "Samverkansform", "Verksamhetsområde", "Huvudman", "Parter"],
        [
            "Gemensam upphandling",
            "avtalssamverkan",
            "upphandling",
            "Skellefteå kommun ansvarar",
            "Skellefteå, Norsjö, Malå",
        ],  # 2
        [
            "Lönehantering",
            "avtalssamverkan",
            "löneadministration",
            "Umeå (värdkommun)",
            "Umeå, Vännäs, Bjurholm",
        ],  # 3
        ["Arkivsamverkan", "avtalssamverkan", "arkiv", None, "Skellefteå, Norsjö"],  # 4
    ]
    return _xlsx(tmp_path / "avtal_skelleftea.xlsx", {"Samverkan": rows})


@pytest.fixture
def official_names_register(tmp_path: Path) -> Path:
    """Official and irregular names, genitive -s used unevenly, Habo vs Håbo."""
    rows = [
        ["Namn", "Form", "Område", "Värdkommun", "Medlemmar"],
        [
            "Alkohol- och tobakstillstånd",
            "avtalssamverkan",
            "tillstånd",
            "Göteborgs Stad",
            "Göteborgs Stad, Mölndals stad, Partille kommun",
        ],  # 2
        ["Krisberedskap Gotland", "informell", "krisberedskap", None, "Region Gotland, Stockholms stad"],  # 3
        [
            "Lönesamverkan Dalarna",
            "avtalssamverkan",
            "löneadministration",
            "Falu kommun",
            "Falu kommun, Borlänge, Gagnefs kommun, Malung-Sälens kommun",
        ],  # 4
        [
            "Överförmyndare Södra Jönköping",
            "gemensam nämnd",
            "överförmyndare",
            "Habo kommun",
            "Habo kommun, Mullsjö kommun",
        ],  # 5
        [
            "Överförmyndare Uppland",
            "gemensam nämnd",
            "överförmyndare",
            "Håbo kommun",
            "Håbo kommun, Upplands Väsby kommun",
        ],  # 6
        [
            "Överförmyndare Umeåregionen",
            "gemensam nämnd",
            "överförmyndare",
            "Vännäs",
            "Bjurholms, Nordmalings, Robertsfors, Vindeln och Vännäs kommuner",
        ],  # 7
    ]
    return _xlsx(tmp_path / "officiella_namn.xlsx", {"Samverkan": rows})


@pytest.fixture
def misspelled_register(tmp_path: Path) -> Path:
    rows = [
        ["Namn", "Form", "Område", "Värdkommun", "Medlemmar"],
        [
            "Överförmyndare Umeåregionen",
            "gemensam nämnd",
            "överförmyndare",
            "Vännäs",
            "Bjurholm, Nordmalling, Robertsfors, Vindeln, Vännäs",
        ],  # 2
    ]
    return _xlsx(tmp_path / "stavfel.xlsx", {"Samverkan": rows})


@pytest.fixture
def finsam_register(tmp_path: Path) -> Path:
    """A samordningsförbund (Finsam): a kommun, a region and two state agencies."""
    rows = [
        ["Namn", "Form", "Område", "Medlemmar"],
        [
            "Samordningsförbundet Malmö",
            "Samordningsförbund",
            "arbetsmarknad",
            "Malmö stad, Region Skåne, Försäkringskassan, Arbetsförmedlingen",
        ],  # 2
        [
            "Samordningsförbundet Umeå",
            "samordningsförbund",
            "arbetsmarknad",
            "Umeå kommun; Region Västerbotten; Försäkringskassan; Arbetsförmedlingen",
        ],  # 3
    ]
    return _xlsx(tmp_path / "finsam.xlsx", {"Samverkan": rows})


@pytest.fixture
def dates_register(tmp_path: Path) -> Path:
    """Start and end dates in every form seen in registers and minutes."""
    rows = [
        ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum", "Slutdatum"],
        ["A iso", "avtal", "IT", "Umeå", "Umeå, Vännäs", "2023-07-01", "tills vidare"],  # 2
        ["B text", "avtal", "IT", "Umeå", "Umeå, Vännäs", "1 juli 2023", "Tills vidare"],  # 3
        ["C excel", "avtal", "IT", "Umeå", "Umeå, Vännäs", dt.datetime(2023, 7, 1), "31 december 2025"],  # 4
        ["D serial", "avtal", "IT", "Umeå", "Umeå, Vännäs", 45108, "2025-12-31"],  # 5
        ["E year", "avtal", "IT", "Umeå", "Umeå, Vännäs", "2023", "Tillsvidare"],  # 6
        ["F year number", "avtal", "IT", "Umeå", "Umeå, Vännäs", 2023, "Löpande"],  # 7
        ["G nonsense", "avtal", "IT", "Umeå", "Umeå, Vännäs", "2023-07-01", "vid behov"],  # 8
    ]
    return _xlsx(tmp_path / "datum.xlsx", {"Samverkan": rows})


CSV_ROWS = [
    ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Årskostnad (kr)", "Startdatum", "Slutdatum"],
    [
        "Överförmyndarnämnden Sydnärke",
        "Gemensam nämnd",
        "Överförmyndare",
        "Örebro",
        "Örebro, Kumla, Hallsberg, Askersund",
        "1\u00a0250\u00a0000,50",
        "2023-07-01",
        "2026-06-30",
    ],  # 2
    [
        "Nerikes Brandkår",
        "Kommunalförbund",
        "Räddningstjänst",
        "",
        "Hallsberg, Kumla, Lekeberg, Laxå, Askersund, Örebro",
        "2 480 000",
        "1997-01-01",
        "",
    ],  # 3
    [
        "Lönesamverkan Västerdalarna",
        "Avtalssamverkan",
        "Löneadministration",
        "Malung-Sälens kommun",
        "Malung-Sälens kommun, Vansbro kommun, Älvdalens kommun",
        "",
        "2021-01-01",
        "",
    ],  # 4
]


@pytest.fixture
def cp1252_csv(tmp_path: Path) -> Path:
    """Swedish Excel "CSV (semikolonavgränsad)": Windows-1252, ';', CRLF, NBSP thousands."""
    return _csv(tmp_path / "register_excel.csv", CSV_ROWS, encoding="cp1252")


@pytest.fixture
def utf8_bom_csv(tmp_path: Path) -> Path:
    """Swedish Excel "CSV UTF-8 (kommaavgränsad)": BOM, ';' in a Swedish locale."""
    return _csv(tmp_path / "register_utf8.csv", CSV_ROWS, encoding="utf-8", bom=True)


@pytest.fixture
def neighbour_registers(tmp_path: Path) -> tuple[Path, Path]:
    """Lysekil and Munkedal each describe Räddningstjänstförbundet Mitt Bohuslän;
    Munkedal's copy is out of date and misses Lysekil."""
    header = ["Namn", "Form", "Område", "Medlemmar", "Rapporterande kommun"]
    lysekil = [
        header,
        [
            "Räddningstjänstförbundet Mitt Bohuslän",
            "Kommunalförbund",
            "Räddningstjänst",
            "Lysekil, Munkedal, Uddevalla",
            "Lysekils kommun",
        ],
    ]
    munkedal = [
        header,
        [
            "Räddningstjänstförbundet Mitt Bohuslän",
            "kommunalförbund",
            "räddningstjänst",
            "Munkedal, Uddevalla",
            "Munkedals kommun",
        ],
    ]
    return (
        _xlsx(tmp_path / "lysekil_register.xlsx", {"Samverkan": lysekil}),
        _xlsx(tmp_path / "munkedal_register.xlsx", {"Samverkan": munkedal}),
    )
