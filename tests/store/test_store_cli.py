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
KF = (
    "kf-1;Räddningstjänsten Dala Mitt;kommunalförbund;räddningstjänst;;Falun, "
    "Borlänge, Säter;Trygghet;Direktionen;2025-01-01\n"
)


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
            (3, "restore", 1),
            (2, "upload", None),
            (1, "upload", None),
        ]


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
    env = {
        **os.environ,
        PAUSE_ENV: "120",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "samverkansvav",
            "import",
            register("v2.csv", LON, KF),
            "--kommun",
            "2080",
            "--db",
            db_url,
            "--yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_ROOT,
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

    from samverkansvav.commands._common import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(min_total=4, stream=stream, width=8)
    bar(1, 3)  # below min_total: silent
    bar(1, 4)  # 8 * 1/4 = 2 cells filled
    bar(4, 4)  # all 8, then a newline
    assert stream.getvalue() == "\rSparar [##------] 1/4 rader\rSparar [########] 4/4 rader\n"


def test_import_progress_goes_to_stderr(db_url, register, capsys):
    assert main(["import", register("v1.csv", LON), "--kommun", "2080", "--db", db_url, "--progress"]) == 0
    captured = capsys.readouterr()
    assert "Sparat som version 1" in captured.out
    assert "\r" not in captured.out and "Filen öppnad" not in captured.out
    assert captured.err.startswith("\rv1.csv: Filen öppnad [")
    assert captured.err.split("\r")[-1].rstrip() == "v1.csv: Klar [" + "#" * 30 + "] 100 %"


def test_import_without_progress_on_a_pipe_draws_no_bar(db_url, register, capsys):
    assert main(["import", register("v1.csv", LON), "--kommun", "2080", "--db", db_url]) == 0
    assert capsys.readouterr().err == ""


def test_stage_bar_text():
    import io

    from samverkansvav.commands._common import StageBar

    stream = io.StringIO()
    bar = StageBar(label="a.csv", stream=stream, width=4)
    bar("Läser rader", 0.5)  # 4 * 0.5 = 2 cells, 50 %
    bar("Läser rader", 0.504)  # still 50 %: not redrawn
    # Line lengths: "a.csv: " 7 + "Läser rader" 11 + " [##--] " 8 + " 50" 3 + " %" 2 = 31, and
    # 7 + "Klar" 4 + 8 + "100" 3 + 2 = 24: the shorter line is padded by 31 - 24 = 7 blanks.
    bar("Klar", 1.0)
    assert stream.getvalue() == (
        "\ra.csv: Läser rader [##--]  50 %\ra.csv: Klar [####] 100 %" + " " * 7 + "\n"
    )
    bar.close()  # already ended at 1.0: nothing more
    assert stream.getvalue().count("\n") == 1


def test_stage_bar_close_ends_an_unfinished_line():
    import io

    from samverkansvav.commands._common import StageBar

    stream = io.StringIO()
    bar = StageBar(stream=stream, width=2)
    bar("Filen öppnad", 0.05)  # int(2 * 0.05) = 0 cells, int(5.0) = 5 %
    bar.close()
    assert stream.getvalue() == "\rFilen öppnad [--]   5 %\n"


class _Terminal:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_register_progress_only_for_big_files_on_a_terminal(tmp_path):
    from samverkansvav.commands._common import StageBar, register_progress

    path = tmp_path / "r.csv"
    path.write_bytes(b"x" * 100)  # 100 bytes
    assert register_progress(path, forced=False, stream=_Terminal(True), min_bytes=101) is None
    assert isinstance(register_progress(path, forced=False, stream=_Terminal(True), min_bytes=100), StageBar)
    assert register_progress(path, forced=False, stream=_Terminal(False), min_bytes=1) is None
    assert isinstance(register_progress(path, forced=True, stream=_Terminal(False)), StageBar)
    assert register_progress(tmp_path / "saknas.csv", forced=False, stream=_Terminal(True)) is None


def test_import_for_a_region_stores_a_regional_register_beside_the_municipalitys(db_url, register, capsys):
    db = ["--db", db_url]
    assert main(["import", register("falun.csv", LON, KF), "--kommun", "Falun", *db]) == 0
    capsys.readouterr()
    mora = "mo-1;Mora-Orsa miljönämnd;gemensam nämnd;miljö;Mora;Mora, Orsa;Miljö;Nämnden;2025-01-01\n"
    assert main(["import", register("dalarna.csv", KF, mora), "--kommun", "Region Dalarna", *db]) == 0
    out = capsys.readouterr().out
    # Compared with the region's own (no) earlier version, not with Falun's.
    assert "Förhandsgranskning (första versionen av registret): 2 nya, 0 ändrade" in out
    assert "OBS: 2 samverkan har inte Region Dalarna bland medlemmarna" in out
    assert "Sparat som version 1 av det regionala registret för Region Dalarna (2 arrangemang)." in out

    assert main(["history", "R20", *db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Region Dalarna (R20): 1 versioner"
    assert "uppladdning (regionalt register)  dalarna.csv" in lines[1]
    with Store.open(db_url) as store:
        assert store.kommuner() == ["2080", "R20"]
        assert [(v.version_no, v.file_name, v.scope) for v in store.history("2080")] == [
            (1, "falun.csv", None)
        ]
        assert [(v.version_no, v.scope) for v in store.history("R20")] == [(1, "regional")]


def test_preview_text_uses_the_domains_words():
    from samverkansvav.commands._common import format_preview
    from samverkansvav.store import Change, Preview

    preview = Preview("2080", 1, changed=(Change("kf-1", "Dala Mitt", ("note", "host")),), unchanged=2)
    # The field table's running-text words: DOMAIN's "anmärkning" for the Anmärkning column and
    # "värdkommun" for Värdkommun, as the web's preview and the template name them.
    assert format_preview(preview).splitlines() == [
        "Förhandsgranskning (jämfört med version 1): 0 nya, 1 ändrade, 0 borttagna, 2 oförändrade arrangemang.",
        "  ÄNDRAD: Dala Mitt [kf-1]: anmärkning, värdkommun",
    ]
