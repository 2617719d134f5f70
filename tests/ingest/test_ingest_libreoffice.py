"""Round trips through a real client: LibreOffice (``soffice --headless``).

A register saved by LibreOffice as .xlsx, .ods or .xls must read exactly like the
file it was made from (same arrangements, members, dates, amounts; same issues on
the same Excel rows), and what the tool exports must open in LibreOffice. Skipped
visibly where LibreOffice is not installed; mandatory in CI (``.ci/run`` installs
``libreoffice-calc-nogui``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from samverkansvav.ingest import UnreadableFile, read_register
from samverkansvav.testing import require

FORMATS = ("xlsx", "ods", "xls")


@pytest.fixture(scope="session")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    require(found is not None, "LibreOffice (soffice) is not installed")
    return found


@pytest.fixture
def convert(soffice, tmp_path):
    """``convert(path, "ods")`` → the file LibreOffice wrote; fails on any LibreOffice error."""
    counter = iter(range(1000))

    def run(src: Path, fmt: str) -> Path:
        n = next(counter)
        outdir = tmp_path / f"lo-out-{n}"
        profile = tmp_path / f"lo-profile-{n}"  # a fresh profile: no lock shared with another run
        done = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(src),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
        assert done.returncode == 0, done.stderr
        assert "Error" not in done.stderr, done.stderr
        assert out.is_file() and out.stat().st_size > 0, (done.stdout, done.stderr)
        return out

    return run


def _issues(result) -> list[tuple]:
    return [(i.level, i.code, i.sheet, i.row, i.column, i.message) for i in result.report]


def _tables(result) -> tuple[pd.DataFrame, pd.DataFrame]:
    web = result.usable_web
    return (web.arrangements.reset_index(drop=True), web.memberships.reset_index(drop=True))


def assert_same_reading(original, converted) -> None:
    assert _issues(converted) == _issues(original)
    for got, expected in zip(_tables(converted), _tables(original)):
        pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("fmt", FORMATS)
def test_template_saved_by_libreoffice_checks_like_the_original(tmp_path, convert, fmt):
    from samverkansvav.ingest.template import write_template

    original = write_template(tmp_path / "mall.xlsx")
    expected = read_register(original)
    assert expected.ok, expected.report.as_text()
    got = read_register(convert(original, fmt))
    assert got.ok, got.report.as_text()
    assert_same_reading(expected, got)


def _awkward_register(path: Path) -> Path:
    """Banner row, header on row 2, real and typed dates, codes with leading zeros, errors on rows 5 and 6."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(["Samverkansregister Falu kommun 2024"])
    ws.append(
        ["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum", "Slutdatum", "Årskostnad (kr)"]
    )
    ws.append(
        [
            "Lönenämnden",
            "gemensam nämnd",
            "löneadministration",
            "Falun",
            "Falun, Borlänge",
            dt.datetime(2020, 1, 1),
            None,
            1250000.5,
        ]
    )
    ws.append(
        [
            "Räddningstjänst Dala Mitt",
            "kommunalförbund",
            "räddningstjänst",
            None,
            "2080; 2081; 2062",
            "2015-07-01",
            "tills vidare",
            "12 832 tkr",
        ]
    )
    ws.append(["Påhittet", "påhittad form", "IT", "Falun", "Falun, Gagnef", "1.3.2024", None, 100])
    ws.append(
        [
            "Stockholmsnätverket",
            "informell",
            "IT",
            None,
            "0180, 0181",
            dt.datetime(2022, 3, 15),
            "31/12/2026",
            "inte ett belopp",
        ]
    )
    ws.cell(row=6, column=1).number_format = "@"
    wb.save(path)
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_register_saved_by_libreoffice_gives_the_same_issues_on_the_same_rows(tmp_path, convert, fmt):
    original = _awkward_register(tmp_path / "register.xlsx")
    expected = read_register(original, reporter="Falun")
    assert {i.row for i in expected.report.errors} == {5, 6}, expected.report.as_text()
    got = read_register(convert(original, fmt), reporter="Falun")
    assert_same_reading(expected, got)


def test_xls_with_an_error_value_is_refused_clearly(tmp_path, convert):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(["Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Årskostnad (kr)"])
    ws.append(["Lönenämnden", "gemensam nämnd", "löneadministration", "Falun", "Falun, Borlänge", "=1/0"])
    src = tmp_path / "felvarde.xlsx"
    wb.save(src)
    xls = convert(src, "xls")  # LibreOffice calculates the formula and stores #DIV/0!
    with pytest.raises(UnreadableFile) as caught:
        read_register(xls)
    assert caught.value.file == "felvarde.xls"
    assert "felvärden" in caught.value.message and ".xlsx" in caught.value.message


def test_ods_with_merged_cells_is_refused_clearly(tmp_path, convert):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(["Namn", "Form", "Område", "Värdkommun", "Medlemmar"])
    ws.append(["Lönenämnden", "gemensam nämnd", "löneadministration", "Falun", "Falun, Borlänge"])
    ws.append(["IT-nämnden", "gemensam nämnd", "IT", None, "Falun, Gagnef"])
    ws.merge_cells("D2:D3")
    src = tmp_path / "sammanfogad.xlsx"
    wb.save(src)
    # The .xlsx itself fills the merged host explicitly and says so ...
    filled = read_register(src)
    assert any(i.code == "merged_cells" for i in filled.report), filled.report.as_text()
    # ... the .xlsx LibreOffice writes keeps the range, the .ods is refused by name.
    again = read_register(convert(src, "xlsx"))
    assert _issues(again) == _issues(filled)
    with pytest.raises(UnreadableFile) as caught:
        read_register(convert(src, "ods"))
    assert "sammanfogade celler" in caught.value.message


def test_exports_open_in_libreoffice(tmp_path, convert):
    from samverkansvav.demo import load_demo_web
    from samverkansvav.export import csv_bytes, workbook_bytes
    from samverkansvav.ingest.template import write_template
    from samverkansvav.scenarios import exit_scenario

    template = write_template(tmp_path / "mall.xlsx")
    scenario = tmp_path / "scenario.xlsx"
    result = exit_scenario(load_demo_web(), "1402", on=dt.date(2024, 6, 30))  # Partille
    tables = result.tables()
    scenario.write_bytes(workbook_bytes(tables))
    first = next(iter(tables.values()))
    csv_file = tmp_path / "tabell.csv"
    csv_file.write_bytes(csv_bytes(first))
    for src in (template, scenario):
        back = convert(src, "ods")
        assert back.stat().st_size > 1000
    # A CSV opened by LibreOffice and saved as a workbook keeps its rows.
    book = convert(csv_file, "xlsx")
    sheet = openpyxl.load_workbook(book, read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == len(first) + 1
