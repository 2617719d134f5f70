"""CSV files as Swedish Excel saves them: "CSV (semikolonavgränsad)" in Windows-1252 and
"CSV UTF-8" with a byte-order mark; ';' separators, CRLF, NBSP thousands separators."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from samverkansvav.ingest import read_register

REPO_ROOT = Path(__file__).resolve().parents[2]
OREBRO = "1880"
# Örebro 1880, Kumla 1881, Hallsberg 1861, Askersund 1882, Lekeberg 1814, Laxå 1860
SYDNARKE = {"1880", "1881", "1861", "1882"}
NERIKE = {"1861", "1881", "1814", "1860", "1882", "1880"}
# Malung-Sälen 2023, Vansbro 2021, Älvdalen 2039
VASTERDALARNA = {"2023", "2021", "2039"}

CSV_FIXTURES = ["cp1252_csv", "utf8_bom_csv"]


@pytest.mark.parametrize("fixture", CSV_FIXTURES)
def test_swedish_excel_csv_reads_cleanly(request, fixture):
    result = read_register(request.getfixturevalue(fixture), reporter=OREBRO)
    assert result.ok, result.report.as_text()
    # Å/Ö headers decoded: Område and Årskostnad are known columns (no unknown-column notice).
    assert [i for i in result.report if i.code in ("unknown_columns", "missing_area_column")] == []


@pytest.mark.parametrize("fixture", CSV_FIXTURES)
def test_swedish_excel_csv_values(request, fixture, members, arrangement):
    web = read_register(request.getfixturevalue(fixture), reporter=OREBRO).web
    assert set(members(web, "Överförmyndarnämnden Sydnärke")) == SYDNARKE
    assert set(members(web, "Nerikes Brandkår")) == NERIKE
    assert set(members(web, "Lönesamverkan Västerdalarna")) == VASTERDALARNA
    assert arrangement(web, "Lönesamverkan Västerdalarna")["host"] == "2023"
    assert arrangement(web, "Överförmyndarnämnden Sydnärke")["area"] == "överförmyndare"
    # "1 250 000,50" with NBSP thousands separators -> 1 250 000.50 kr, Örebro's cost
    assert members(web, "Överförmyndarnämnden Sydnärke")[OREBRO]["annual_cost"] == pytest.approx(1_250_000.50)
    # "2 480 000" -> 2 480 000 kr
    assert members(web, "Nerikes Brandkår")[OREBRO]["annual_cost"] == pytest.approx(2_480_000)


def test_both_encodings_give_the_same_web(cp1252_csv, utf8_bom_csv):
    a = read_register(cp1252_csv, reporter=OREBRO).web
    b = read_register(utf8_bom_csv, reporter=OREBRO).web
    assert a.arrangements.drop(columns=["source"]).equals(b.arrangements.drop(columns=["source"]))
    assert a.memberships.equals(b.memberships)


def test_check_command_on_cp1252_csv_exits_0(cp1252_csv):
    done = subprocess.run(
        [sys.executable, "-m", "samverkansvav", "check", str(cp1252_csv), "--reporter", OREBRO],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_command_on_misspelling_exits_1_and_suggests(misspelled_register):
    done = subprocess.run(
        [sys.executable, "-m", "samverkansvav", "check", str(misspelled_register)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    out = done.stdout + done.stderr
    assert "Nordmalling" in out and "rad 2" in out and "Nordmaling?" in out
