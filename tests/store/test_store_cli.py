"""The store's commands: import, history, restore, backup, restore-backup."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from samverkansvav.cli import main
from samverkansvav.store import Store
from samverkansvav.store.store import PAUSE_ENV, PAUSE_MARK

REPO_ROOT = Path(__file__).resolve().parents[2]

HEADER = "Id;Namn;Form;Område;Värdkommun;Medlemmar;Mål;Ansvarig;Senast utvärderad\n"
LON = "lon-1;Lönecenter;avtalssamverkan;löneadministration;Falun;Falun, Borlänge;Bra lön;KS;2025-01-01\n"
KF = "kf-1;Räddningstjänsten Dala Mitt;kommunalförbund;räddningstjänst;;Falun, Borlänge, Säter;Trygghet;Direktionen;2025-01-01\n"


@pytest.fixture
def register(tmp_path):
    def write(name: str, *rows: str) -> str:
        path = tmp_path / name
        path.write_text(HEADER + "".join(rows), encoding="utf-8")
        return str(path)

    return write


def test_import_history_restore(db_url, register, capsys):
    db = ["--db", db_url]
    assert main(["import", register("v1.csv", LON, KF), "--kommun", "Falun", "--user", "anna", *db]) == 0
    out = capsys.readouterr().out
    assert "2 nya, 0 ändrade, 0 borttagna" in out and "Sparat som version 1" in out

    assert main(["import", register("v2.csv", LON), "--kommun", "2080", *db]) == 0
    out = capsys.readouterr().out
    assert "BORTTAGEN: Räddningstjänsten Dala Mitt [kf-1]" in out and "version 2" in out

    assert main(["history", "falun", *db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Falun (2080): 2 versioner"
    assert lines[1].startswith("version 2 ") and "v2.csv" in lines[1]
    assert lines[2].startswith("version 1 ") and "anna" in lines[2]

    assert main(["restore", "2080", "1", *db]) == 0
    assert "återställd som version 3 (2 arrangemang)" in capsys.readouterr().out
    with Store.open(db_url) as store:
        assert [(v.version_no, v.kind, v.restored_from) for v in store.history("2080")] == [
            (3, "restore", 1), (2, "upload", None), (1, "upload", None)]


def test_import_with_errors_stores_nothing_exit_1(db_url, tmp_path, capsys):
    bad = tmp_path / "fel.csv"
    bad.write_text("Namn;Form\nX;okänd\n", encoding="utf-8")
    assert main(["import", str(bad), "--kommun", "2080", "--db", db_url]) == 1
    assert "Inget sparades" in capsys.readouterr().out
    with Store.open(db_url) as store:
        assert store.counts()["versions"] == 0


def test_unreadable_file_exit_2(db_url, tmp_path, capsys):
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"<html>not a workbook</html>")
    assert main(["import", str(fake), "--kommun", "2080", "--db", db_url]) == 2
    assert "KAN INTE LÄSAS" in capsys.readouterr().err


def test_unknown_kommun_and_version_exit_1(db_url, register, capsys):
    assert main(["import", register("v1.csv", LON), "--kommun", "Atlantis", "--db", db_url]) == 1
    assert "Atlantis" in capsys.readouterr().err
    assert main(["restore", "2080", "4", "--db", db_url]) == 1
    assert "Version 4" in capsys.readouterr().err


def test_duplicate_import_says_so(db_url, register, capsys):
    path = register("v1.csv", LON)
    assert main(["import", path, "--kommun", "2080", "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["import", path, "--kommun", "2080", "--db", db_url]) == 0
    assert "identisk med den senaste versionen (1)" in capsys.readouterr().out


def test_conflict_with_neighbour_is_printed(db_url, register, capsys):
    assert main(["import", register("falun.csv", KF), "--kommun", "2080", "--db", db_url]) == 0
    other = KF.replace("Falun, Borlänge, Säter", "Falun, Borlänge, Gagnef")
    assert main(["import", register("borlange.csv", other), "--kommun", "Borlänge", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "KONFLIKT: Räddningstjänsten Dala Mitt [kf-1]: medlemmar" in out


def test_backup_and_restore_backup(db_url, register, tmp_path, capsys):
    db = ["--db", db_url]
    assert main(["import", register("v1.csv", LON, KF), "--kommun", "2080", *db]) == 0
    assert main(["backup", str(tmp_path / "kopia.json.gz"), "--format", "json", *db]) == 0
    assert main(["import", register("v2.csv", LON), "--kommun", "2080", *db]) == 0
    assert main(["restore-backup", str(tmp_path / "kopia.json.gz"), "--yes", *db]) == 0
    assert "1 versioner för 1 kommuner" in capsys.readouterr().out
    assert main(["restore-backup", str(tmp_path / "saknas.db"), "--yes", *db]) == 2


def test_sqlite_backup_in_data_dir(tmp_path, register, capsys, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)  # else the setting would win over --data-dir
    data = ["--data-dir", str(tmp_path / "inst")]
    assert main(["import", register("v1.csv", LON), "--kommun", "2080", *data]) == 0
    assert main(["backup", str(tmp_path / "kopia.db"), *data]) == 0
    assert (tmp_path / "kopia.db").read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.slow
def test_cli_import_killed_mid_transaction_keeps_old_state(db_url, register):
    first = register("v1.csv", LON)
    assert main(["import", first, "--kommun", "2080", "--db", db_url]) == 0
    env = {**os.environ, PAUSE_ENV: "120",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "samverkansvav", "import", register("v2.csv", LON, KF),
         "--kommun", "2080", "--db", db_url, "--yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO_ROOT,
    )
    try:
        for line in proc.stderr:
            if PAUSE_MARK in line:
                break
        else:
            pytest.fail(f"the import never paused (rc={proc.wait()})")
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        proc.stderr.close()
    with Store.open(db_url) as store:
        assert [(v.version_no, v.file_name) for v in store.history("2080")] == [(1, "v1.csv")]
        assert store.counts()["arrangements"] == 1


def test_progress_bar_text():
    import io

    from samverkansvav.store.commandline import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(min_total=4, stream=stream, width=8)
    bar(1, 3)  # below min_total: silent
    bar(1, 4)  # 8 * 1/4 = 2 cells filled
    bar(4, 4)  # all 8, then a newline
    assert stream.getvalue() == "\rSparar [##------] 1/4 rader\rSparar [########] 4/4 rader\n"
