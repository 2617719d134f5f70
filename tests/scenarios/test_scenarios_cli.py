"""The ``exit`` and ``host-stops`` commands end to end in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ON = "2024-06-30"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "samverkansvav", *args], cwd=REPO,
                          capture_output=True, timeout=300)


@pytest.fixture
def demo_web():
    from samverkansvav.demo import load_demo_web

    return load_demo_web()


@pytest.fixture
def busiest(demo_web):
    """(kommunkod, name) of the member of most arrangements current on ON in the demo."""
    current = demo_web.current_on(dt.date.fromisoformat(ON))
    counts = current.memberships["party_id"].value_counts()
    pid = str(counts.index[0])
    return pid, current.party_names()[pid]


def test_exit_json_matches_the_engine(demo_web, busiest):
    from samverkansvav.scenarios import exit_scenario

    pid, _ = busiest
    done = _cli("exit", pid, "--date", ON, "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    expected = exit_scenario(demo_web, pid, on=dt.date.fromisoformat(ON)).to_dict()
    assert data == json.loads(json.dumps(expected))
    assert data["kommun"] == pid and data["arrangements"]
    assert {"id", "namn", "form", "status", "remaining", "new_host_candidates",
            "cost_to_redistribute", "increase"} <= set(data["arrangements"][0])


def test_exit_by_name_and_text_format(busiest):
    pid, name = busiest
    done = _cli("exit", name, "--date", ON)
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8")
    assert text.startswith(f"Utträde: {name} ({pid})")


def test_exit_single_arrangement_and_unknown_arrangement(demo_web, busiest):
    pid, _ = busiest
    current = demo_web.current_on(dt.date.fromisoformat(ON))
    mem = current.memberships
    first = sorted(mem.loc[mem["party_id"] == pid, "arrangement_id"])[0]
    done = _cli("exit", pid, "--arrangement", first, "--date", ON, "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    assert [a["id"] for a in json.loads(done.stdout)["arrangements"]] == [first]
    bad = _cli("exit", pid, "--arrangement", "finns-inte", "--date", ON)
    assert bad.returncode == 1 and "finns-inte" in bad.stderr.decode()


def test_unknown_municipality_is_exit_1_with_message(demo_web):
    done = _cli("exit", "Xyzzyköping", "--date", ON)
    assert done.returncode == 1
    assert "FEL" in done.stderr.decode() and "Traceback" not in done.stderr.decode()


def test_host_stops_json(demo_web):
    current = demo_web.current_on(dt.date.fromisoformat(ON))
    hosts = current.arrangements.loc[current.arrangements["form"].isin(
        ["gemensam_namnd", "avtalssamverkan"]), "host"].dropna()
    if hosts.empty:
        pytest.skip("the demo data names no host")  # a data fact, not a missing tool
    host = str(hosts.value_counts().index[0])
    done = _cli("host-stops", host, "--date", ON, "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    assert data["host"] == host
    assert len(data["arrangements"]) == int((hosts == host).sum())


REGISTER = (
    "Id;Namn;Form;Område;Värdkommun;Medlemmar;Uppsägningstid (mån)\n"
    "alk;Alkoholtillstånd;avtalssamverkan;alkohol och tobak;Partille;"
    "Partille, Härryda, Lerum;6\n"
)


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(REGISTER, encoding="utf-8")
    return path


def test_exit_from_a_register_file(register):
    done = _cli("exit", "Härryda", str(register), "--date", ON, "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    assert data["kommun"] == "1401"
    (a,) = data["arrangements"]
    # Härryda was a client: Partille and Lerum go on, Partille still performs the task
    assert (a["status"], a["remaining"]) == ("fortsätter", ["1402", "1441"])
    # 2024-06-30 + 6 months
    assert data["functions_to_rebuild"][0]["earliest_end"] == "2024-12-30"


def test_host_stops_from_a_register_file(register):
    done = _cli("host-stops", "1402", str(register), "--date", ON, "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    (a,) = json.loads(done.stdout)["arrangements"]
    assert (a["status"], a["dependents"]) == ("saknar_värd", ["1401", "1441"])


def test_register_with_errors_is_exit_1(tmp_path, register):
    bad = tmp_path / "fel.csv"
    bad.write_text(REGISTER.replace("avtalssamverkan", "påhittad form"), encoding="utf-8")
    done = _cli("exit", "Härryda", str(bad), "--date", ON)
    # exit code 1 from the check report, not from an uncaught exception
    assert done.returncode == 1
    assert "Traceback" not in done.stderr.decode() and "FEL" in done.stderr.decode()
    assert done.stdout == b""
