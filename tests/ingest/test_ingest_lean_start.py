"""A lean start: ``check``, ``metrics`` and ``exit`` import only what they use.

Each command runs in a fresh interpreter (as a user starts it); afterwards the
heavy libraries those commands never need must be absent from ``sys.modules``.
openpyxl is loaded only for a workbook that needs it, never for a plain register;
a single long CSV register loads neither the workbook reader, the wide layout nor
the rule that merges several registers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("scipy", "networkx", "sqlalchemy", "dash", "plotly", "openpyxl", "matplotlib")

_PROBE = """
import json, sys
from samverkansvav.cli import main
code = main(sys.argv[1:])
loaded = sorted({name.split(".")[0] for name in sys.modules})
modules = sorted(name for name in sys.modules if name.startswith(("samverkansvav", "xml")))
print("\\nPROBE " + json.dumps({"code": code, "loaded": loaded, "modules": modules}))
"""


def _modules_after(repo_root: Path, *argv: str) -> tuple[int, set[str]]:
    code, loaded, _ = _probe(repo_root, *argv)
    return code, loaded


def _probe(repo_root: Path, *argv: str) -> tuple[int, set[str], set[str]]:
    """Exit code, top-level packages and the project's (and xml's) modules loaded."""
    env = {**os.environ, "PYTHONPATH": str(repo_root)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    line = next(l for l in done.stdout.splitlines() if l.startswith("PROBE "))
    probe = json.loads(line[len("PROBE ") :])
    return probe["code"], set(probe["loaded"]), set(probe["modules"])


@pytest.fixture
def small_xlsx(write_xlsx) -> Path:
    # written by openpyxl in this process; the child reads it with calamine
    return write_xlsx(
        {
            "Samverkan": [
                ["Namn", "Form", "Område", "Värdkommun", "Medlemmar"],
                ["Lönenämnden", "gemensam nämnd", "löneadministration", "Falun", "Falun, Borlänge"],
            ]
        }
    )


def test_check_of_a_small_workbook_imports_no_heavy_library(repo_root, small_xlsx):
    code, loaded = _modules_after(repo_root, "check", str(small_xlsx))
    assert code == 0
    assert "python_calamine" in loaded  # the probe really read the workbook
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_metrics_of_a_small_workbook_imports_no_heavy_library(repo_root, small_xlsx, tmp_path):
    out = tmp_path / "m.json"
    code, loaded = _modules_after(repo_root, "metrics", str(small_xlsx), "--out", str(out))
    assert code == 0
    assert {r["kommunkod"] for r in json.loads(out.read_text())} == {"2080", "2081"}  # Falun, Borlänge
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_exit_on_the_demo_data_imports_no_heavy_library(repo_root):
    code, loaded = _modules_after(repo_root, "exit", "Partille", "--format", "json")
    assert code == 0
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_metrics_of_one_long_csv_loads_only_the_long_reader(repo_root, write_csv, tmp_path):
    register = write_csv(
        [
            ["Id", "Namn", "Form", "Område", "Värdkommun", "Medlem"],
            ["a1", "Lönenämnden", "gemensam nämnd", "löneadministration", "Falun", "Falun"],
            ["a1", "Lönenämnden", "gemensam nämnd", "löneadministration", "Falun", "Borlänge"],
        ]
    )
    out = tmp_path / "m.json"
    code, _, modules = _probe(repo_root, "metrics", str(register), "--out", str(out))
    assert code == 0
    assert {r["kommunkod"] for r in json.loads(out.read_text())} == {"2080", "2081"}
    assert "samverkansvav.ingest.long" in modules  # the probe really read a long register
    unused = {
        "samverkansvav.ingest.workbook",
        "samverkansvav.ingest.wide",
        "samverkansvav.ingest.identity",
        "xml.etree.ElementTree",
    }
    assert modules.isdisjoint(unused), sorted(modules & unused)
