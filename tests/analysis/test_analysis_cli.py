"""The ``metrics`` command, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KEYS = [
    "kommunkod",
    "namn",
    "n_arrangements",
    "n_partners",
    "n_forms",
    "n_areas",
    "n_constellations",
    "n_hosted",
    "n_unknown_provider",
    "dependency_share",
    "provider_hhi",
    "top_provider",
    "top_provider_share",
    "systemledningsindex",
]


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "samverkansvav", "metrics", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_demo_json_has_exactly_the_keys():
    done = _run("--date", "2024-06-30")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert records, "the demo data has members"
    assert all(list(r) == KEYS for r in records)
    assert all(isinstance(r["n_arrangements"], int) and r["n_arrangements"] >= 1 for r in records)
    ids = [r["kommunkod"] for r in records]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_register_file_and_csv_out(tmp_path):
    register = tmp_path / "reg.csv"
    # A hosts an avtalssamverkan for B; B depends on A: share 1/1, HHI 1
    register.write_text(
        "Namn;Form;Område;Värdkommun;Medlemmar\n"
        "Lönesamverkan;avtalssamverkan;löneadministration;Mora;Mora, Orsa\n",
        encoding="utf-8",
    )
    done = _run(str(register), "--date", "2024-06-30")
    assert done.returncode == 0, done.stderr
    by_id = {r["kommunkod"]: r for r in json.loads(done.stdout)}
    assert set(by_id) == {"2062", "2034"}  # Mora, Orsa
    assert by_id["2034"]["dependency_share"] == 1.0 and by_id["2034"]["top_provider"] == "2062"
    assert by_id["2062"]["n_hosted"] == 1 and by_id["2062"]["top_provider"] is None
    out = tmp_path / "m.csv"
    done = _run(str(register), "--format", "csv", "--out", str(out))
    assert done.returncode == 0 and done.stdout == ""
    assert "systemledningsindex" in out.read_text(encoding="utf-8-sig").splitlines()[0]


def test_input_errors_exit_1_with_only_the_report(tmp_path):
    register = tmp_path / "bad.csv"
    register.write_text("Namn;Form;Område;Medlemmar\nX;påhittad form;IT;Mora, Orsa\n", encoding="utf-8")
    done = _run(str(register))
    assert done.returncode == 1
    assert done.stdout == "" and "FEL" in done.stderr.upper()


def test_unreadable_file_exits_2(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01 not a workbook")
    done = _run(str(junk))
    assert done.returncode == 2 and done.stdout == ""


def test_metrics_path_imports_no_dash_or_plotly():
    code = (
        "import sys, io, contextlib\n"
        "from samverkansvav.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['metrics', '--out', '/dev/null' if sys.platform != 'win32' else 'NUL'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'dash', 'plotly', 'networkx'})\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_bad_date_is_an_argument_error():
    done = _run("--date", "30/6/2024")
    assert done.returncode == 2 and "ÅÅÅÅ-MM-DD" in done.stderr
