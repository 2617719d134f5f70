"""Replay of the real exits recorded in the demo data (issue 12, item 3).

On the last day of membership the exit scenario predicts the status and the
remaining members; on the day after, the data itself shows exactly those members.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from samverkansvav.analysis.history import recorded_exits
from samverkansvav.scenarios import CONTINUES, exit_scenario

REPO = Path(__file__).resolve().parents[2]

#: The exits the sources name (DOMAIN §6): leaver, arrangement, last day.
NAMED = [
    ("2180", "Gävle", "kommunalforbundet-inkop-gavleborg", dt.date(2019, 12, 31)),
    ("1260", "Bjuv", "soderasens-miljoforbund", dt.date(2022, 12, 31)),
    ("0513", "Kinda", "kommunalforbundet-itsam", dt.date(2024, 3, 31)),
]


@pytest.fixture(scope="module")
def demo_web():
    from samverkansvav.demo import load_demo_web

    return load_demo_web()


@pytest.fixture(scope="module")
def exits(demo_web):
    return recorded_exits(demo_web)


def test_the_named_exits_are_recorded(exits):
    found = {(x.leavers, x.arrangement_id, x.last_day) for x in exits}
    for pid, _, arrangement, last_day in NAMED:
        assert ((pid,), arrangement, last_day) in found


@pytest.mark.parametrize("pid, name, arrangement, last_day", NAMED)
def test_named_exit_replays(demo_web, pid, name, arrangement, last_day):
    result = exit_scenario(demo_web, pid, arrangement_ids=[arrangement], on=last_day)
    (a,) = result.arrangements
    assert a.status == CONTINUES
    after = demo_web.current_on(last_day + dt.timedelta(days=1))
    assert set(a.remaining) == set(after.members_of(arrangement))
    assert pid not in after.members_of(arrangement)


def test_every_recorded_exit_replays(demo_web, exits):
    assert len(exits) >= len(NAMED)
    for x in exits:
        actual = set(demo_web.current_on(x.day_after).members_of(x.arrangement_id))
        assert actual == set(x.remaining_after)
        for leaver in x.leavers:
            predicted = exit_scenario(
                demo_web, leaver, arrangement_ids=[x.arrangement_id], on=x.last_day
            ).arrangements[0]
            # Several members leaving on the same day: each one's scenario keeps the others.
            assert set(predicted.remaining) - set(x.leavers) == actual, x.arrangement_id
            assert predicted.status == CONTINUES and len(actual) >= 2


def test_exit_command_replays_gavle():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "samverkansvav",
            "exit",
            "Gävle",
            "--arrangement",
            "kommunalforbundet-inkop-gavleborg",
            "--date",
            "2019-12-31",
            "--format",
            "json",
        ],
        cwd=REPO,
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()
    (a,) = json.loads(done.stdout)["arrangements"]
    assert a["status"] == "fortsätter"
    assert sorted(a["remaining"]) == ["0319", "2101", "2104", "2121", "2132", "2161", "2182", "2183", "2184"]


def test_recorded_exits_by_lan(demo_web):
    ostergotland = recorded_exits(demo_web, lan="05")
    assert [(x.arrangement_id, x.leavers) for x in ostergotland] == [("kommunalforbundet-itsam", ("0513",))]
    (itsam,) = ostergotland
    # Boxholm, Ydre, Åtvidaberg, Ödeshög and Vimmerby (Kalmar län) go on without Kinda.
    assert sorted(itsam.remaining_after) == ["0509", "0512", "0560", "0561", "0884"]
    assert itsam.source and itsam.source.startswith("https://itsam.se")
