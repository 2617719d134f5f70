"""The sandbox holds its limits: time, memory, file size, crashes, and a hostile reply.

The readers that misbehave on purpose live in ``sandbox_targets.py`` beside this
file and run inside the real child process.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pandas as pd
import pytest

TARGETS = Path(__file__).resolve().parent / "sandbox_targets.py"


@pytest.fixture
def upload(tmp_path) -> Path:
    path = tmp_path / "uppladdad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    return path


@pytest.fixture
def run(sandbox, upload):
    def _run(function: str, *, timeout_s: float = 20.0, memory_mb: int = 1024, **kwargs):
        limits = sandbox.SandboxLimits(timeout_s=timeout_s, memory_mb=memory_mb)
        return sandbox._read_in_sandbox(
            upload, name=upload.name, target=f"{TARGETS}:{function}", limits=limits, kwargs=kwargs
        )

    return _run


def test_arguments_and_dataframes_cross_the_process_boundary(run, upload):
    parties = pd.DataFrame({"id": ["0180", "2062"], "name": ["Stockholm", "Mora"]})
    got = run("echo", parties=parties, reporter="2062", display_name="Mitt register.xlsx")
    assert got["path"] == str(upload.resolve())
    assert got["reporter"] == "2062" and got["display_name"] == "Mitt register.xlsx"
    # the kommunkod keeps its leading zero through pickling
    assert got["parties"]["id"].tolist() == ["0180", "2062"]


def test_limits_are_set_in_the_child_and_cannot_be_raised(run):
    got = run("limits", timeout_s=7.0, memory_mb=600)
    mb = 1024 * 1024
    assert got["RLIMIT_AS"] == (600 * mb, 600 * mb)
    # CPU limit: ceil(7.0) + 1 = 8 seconds, soft = hard
    assert got["RLIMIT_CPU"] == (8, 8)
    assert got["RLIMIT_FSIZE"][0] <= 64 * 1024
    assert got["raised"] is False


def test_memory_hog_becomes_unreadable_file_naming_memory(run, ingest):
    with pytest.raises(ingest.UnreadableFile) as info:
        run("hog_memory", memory_mb=400)
    assert info.value.file == "uppladdad.xlsx"
    assert "för mycket minne" in info.value.message
    assert "uppladdad.xlsx" in info.value.message
    assert "400 MB" in info.value.message


def test_busy_loop_is_stopped_by_the_wall_clock(run, ingest):
    with pytest.raises(ingest.UnreadableFile) as info:
        run("spin", timeout_s=2.0)
    assert "tog för lång tid att läsa" in info.value.message
    assert "uppladdad.xlsx" in info.value.message


def test_sleeping_child_is_stopped_too(run, ingest):
    # CPU time does not grow while sleeping: only the wall clock catches this.
    with pytest.raises(ingest.UnreadableFile) as info:
        run("sleep_forever", timeout_s=1.5)
    assert "tog för lång tid" in info.value.message


def test_crash_becomes_clear_message_without_internals(run, ingest):
    with pytest.raises(ingest.UnreadableFile) as info:
        run("segfault")
    assert "avbröts oväntat" in info.value.message
    assert "SIGSEGV" not in info.value.message and "Traceback" not in info.value.message


def test_reader_bug_is_logged_not_shown(run, ingest, caplog):
    with pytest.raises(ingest.UnreadableFile) as info:
        run("raise_bug")
    assert "secret_internal_key" not in info.value.message
    assert "KeyError" not in info.value.message
    assert "secret_internal_key" in caplog.text  # but the log has it for us


def test_unreadable_file_comes_back_with_the_same_message(run, ingest):
    with pytest.raises(ingest.UnreadableFile) as info:
        run("raise_unreadable")
    assert info.value.file == "konstig.xlsx"
    assert info.value.message == "Filen är inget register: ett särskilt meddelande."


def test_child_cannot_write_large_files(run):
    got = run("write_big_file")
    assert got["error"] == errno.EFBIG
    assert got["size"] <= 64 * 1024


def test_output_printed_by_the_reader_does_not_corrupt_the_reply(run):
    assert run("noisy") == "fine"


def test_hostile_reply_is_not_unpickled(run, ingest, upload):
    with pytest.raises(ingest.UnreadableFile):
        run("evil_reply")
    assert not Path(str(upload.resolve()) + ".pwned").exists()


def test_oversized_file_is_refused_before_spawning(sandbox, ingest, tmp_path, monkeypatch):
    monkeypatch.setenv("SAMVERKANSVAV_MAX_UPLOAD_MB", "0.5")
    path = tmp_path / "stor.xlsx"
    path.write_bytes(b"\0" * (600 * 1024))  # 600 KiB > 0.5 MiB = 512 KiB
    with pytest.raises(ingest.UnreadableFile) as info:
        sandbox.read_register_sandboxed(path, timeout_s=0.001)  # would time out if spawned
    assert "för stor" in info.value.message
    assert "0,5 MB" in info.value.message and "stor.xlsx" in info.value.message


def test_missing_file_is_unreadable(sandbox, ingest, tmp_path):
    with pytest.raises(ingest.UnreadableFile) as info:
        sandbox.read_register_sandboxed(tmp_path / "finns_inte.xlsx")
    assert "finns_inte.xlsx" in info.value.message
