"""Bounded anonymous work (issue 13 item 3): a few parses at once for the whole server,
one per client, a slot kept for signed-in users, no waiting queue, a disk quota."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from samverkansvav.testing import plain_text
from samverkansvav.web.parse_gate import GateClosed, ParseGate, make_room

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_one_parse_per_client_and_a_global_cap(tmp_path):
    gate = ParseGate(tmp_path / "slots", slots=3)
    with gate.slot("user:anna", signed_in=True):
        with pytest.raises(GateClosed) as same_client:
            with gate.slot("user:anna", signed_in=True):
                pass
        assert same_client.value.reason == "client"
        with gate.slot("ip:203.0.113.1", signed_in=False):
            # 3 slots, one kept for signed-in users: a second anonymous client must wait
            with pytest.raises(GateClosed) as busy:
                with gate.slot("ip:203.0.113.2", signed_in=False):
                    pass
            assert busy.value.reason == "busy"
            assert "Försök igen om en liten stund" in busy.value.message("sv")
            with gate.slot("user:bertil", signed_in=True):  # the kept slot
                with pytest.raises(GateClosed):
                    with gate.slot("user:cecilia", signed_in=True):
                        pass
    with gate.slot("ip:203.0.113.2", signed_in=False):  # every slot free again
        pass


HOLD = r"""
import sys, time
from pathlib import Path
from samverkansvav.web.parse_gate import ParseGate
gate = ParseGate(Path(sys.argv[1]), slots=1)
with gate.slot("ip:198.51.100.1", signed_in=False):
    print("HELD", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_the_cap_holds_across_worker_processes_and_a_killed_worker_frees_its_slot(tmp_path):
    folder = tmp_path / "slots"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    worker = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder), "30"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO_ROOT,
    )
    try:
        assert worker.stdout.readline().strip() == "HELD"
        gate = ParseGate(folder, slots=1)
        with pytest.raises(GateClosed):
            with gate.slot("ip:203.0.113.9", signed_in=True):
                pass
        worker.kill()  # kill -9 mid-parse: the kernel drops the lock
        worker.wait(timeout=10)
        with gate.slot("ip:203.0.113.9", signed_in=True):
            pass
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)


def test_disk_quota_deletes_the_oldest_then_refuses(tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    now = time.time()
    for i, age in enumerate((300, 200, 100)):
        path = folder / f"{i}.xlsx"
        path.write_bytes(b"x" * 400)
        os.utime(path, (now - age, now - age))
    make_room(folder, 500, 1000, ttl_s=3600, now=now)  # 1200 + 500 > 1000: drop the two oldest
    assert sorted(p.name for p in folder.iterdir()) == ["2.xlsx"]
    with pytest.raises(GateClosed) as full:
        make_room(folder, 1001, 1000, ttl_s=3600, now=now)
    assert full.value.reason == "quota"
    make_room(folder, 100, 1000, ttl_s=50, now=now)  # older than the TTL: deleted
    assert list(folder.iterdir()) == []


def test_upload_check_is_refused_with_a_swedish_message_when_the_server_is_busy(tmp_path):
    from samverkansvav.web.pages.upload import UploadEnv, check_upload

    config = SimpleNamespace(
        data_dir=str(tmp_path), max_upload_mb=10.0, max_parallel_parses=1, upload_quota_mb=200.0
    )
    env = UploadEnv(config=config, state=None, base_web=None, store_factory=lambda: None)
    data = "data:text/csv;base64," + base64.b64encode(b"Namn;Form\nA;KF\n").decode()
    gate = ParseGate(tmp_path / "parse-slots", slots=1)
    import flask

    with flask.Flask(__name__).test_request_context("/", environ_base={"REMOTE_ADDR": "203.0.113.5"}):
        with gate.slot("user:someone-else", signed_in=True):
            outcome = check_upload(env, data, "r.csv", "sv", account=None)
    assert outcome.token_data is None
    assert outcome.children.children.startswith("Servern kontrollerar redan så många filer")
    assert not (tmp_path / "uploads").exists() or list((tmp_path / "uploads").iterdir()) == []


def test_a_large_callback_without_a_free_slot_gets_429_before_its_body_is_read(tmp_path):
    import flask

    from samverkansvav.web.parse_gate import LARGE_BODY_BYTES, install

    server = flask.Flask(__name__)
    reached = []
    server.add_url_rule("/_dash-update-component", "cb", lambda: reached.append(1) or "ok", methods=["POST"])
    install(server, SimpleNamespace(data_dir=str(tmp_path), max_parallel_parses=1))
    client = server.test_client()
    big = b"x" * (LARGE_BODY_BYTES + 1)
    with ParseGate(tmp_path / "parse-slots", slots=1).slot("user:someone-else", signed_in=True):
        refused = client.post("/_dash-update-component", data=big)
        small = client.post("/_dash-update-component", data=b"{}")  # page callbacks are never held up
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "5"
    assert plain_text(refused).startswith("Servern kontrollerar redan så många filer")
    assert small.status_code == 200 and reached == [1]
    assert client.post("/_dash-update-component", data=big).status_code == 200  # the slot is free again
