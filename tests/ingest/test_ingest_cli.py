"""`python -m samverkansvav check` and `template` end to end (subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl


def run_cli(repo_root, *args):
    return subprocess.run(
        [sys.executable, "-m", "samverkansvav", *map(str, args)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_demo_exits_0_and_reports_host_gaps(repo_root):
    done = run_cli(repo_root, "check", repo_root / "data" / "demo_samverkan.csv")
    assert done.returncode == 0, done.stdout + done.stderr
    gaps = [
        line for line in done.stdout.splitlines() if line.startswith("VARNING") and "Ingen värdkommun" in line
    ]
    assert len(gaps) >= 10
    assert "0 fel" in done.stdout


def test_check_planted_errors_exits_1_naming_rows(repo_root, write_csv):
    path = write_csv(
        [
            ["Namn", "Form", "Område", "Medlemmar"],
            ["A", "KF", "IT", "Ale, Lerum"],
            ["B", "kooperativ", "IT", "Ale, Lerum"],
            ["C", "KF", "IT", "Ale, Kungälvv"],
        ]
    )
    done = run_cli(repo_root, "check", path)
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if line.startswith("FEL")]
    assert len(errors) == 2
    assert "rad 3, kolumn Form" in errors[0] and "rad 4, kolumn Medlemmar" in errors[1]


def test_check_unreadable_exits_2(repo_root, tmp_path):
    path = tmp_path / "gammal.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    done = run_cli(repo_root, "check", path)
    assert done.returncode == 2
    assert "Spara filen som .xlsx" in done.stdout


def test_check_json_format(repo_root, write_csv):
    path = write_csv([["Namn", "Form", "Område", "Medlemmar"], ["A", "GN", "IT", "Ale, Lerum"]])
    done = run_cli(repo_root, "check", path, "--format", "json")
    payload = json.loads(done.stdout)
    assert payload["counts"]["varning"] == 1  # gemensam nämnd without host
    assert payload["issues"][-1]["code"] == "host_missing"


def test_template_has_sheets_dropdowns_and_its_example_passes_check(repo_root, tmp_path):
    out = tmp_path / "mall.xlsx"
    done = run_cli(repo_root, "template", out)
    assert done.returncode == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Samverkan", "Medlemskap", "Instruktioner", "Listor"]
    assert wb["Listor"].sheet_state == "hidden"
    formulas = sorted(dv.formula1 for dv in wb["Samverkan"].data_validations.dataValidation)
    assert formulas[0].startswith("Listor!$A$2") or formulas[0].startswith("=Listor!$A$2")
    check = run_cli(repo_root, "check", out)
    assert check.returncode == 0, check.stdout
    assert "0 fel, 0 varningar, 0 info." in check.stdout
