"""History (händelser) on a tiny hand-built web, and the ``events`` command."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from samverkansvav.analysis.history import (
    events,
    events_frame,
    recorded_exits,
    region_yearly,
    yearly_figures,
)
from samverkansvav.model import CooperationWeb

REPO = Path(__file__).resolve().parents[2]
D = dt.date


@pytest.fixture
def web() -> CooperationWeb:
    """A (05) and B (05) form a federation in 2010; C (06) joins 2012 and leaves 2015;
    A hosts an agreement with B 2013–2016; an ended network has no end date."""
    parties = [
        {"id": "0001", "name": "A", "kind": "kommun", "lan_code": "05", "lan_name": "Ö"},
        {"id": "0002", "name": "B", "kind": "kommun", "lan_code": "05", "lan_name": "Ö"},
        {"id": "0003", "name": "C", "kind": "kommun", "lan_code": "06", "lan_name": "J"},
    ]
    arrangements = [
        {
            "id": "kf",
            "name": "Förbundet",
            "form": "kommunalforbund",
            "area": "IT",
            "start": D(2010, 1, 1),
            "status": "aktiv",
            "source": "https://kf.example/om",
        },
        {
            "id": "av",
            "name": "Avtalet",
            "form": "avtalssamverkan",
            "area": "lön",
            "host": "0001",
            "start": D(2013, 1, 1),
            "end": D(2016, 12, 31),
            "status": "avslutad",
            "source": "https://av.example",
        },
        {"id": "nat", "name": "Nätverket", "form": "informell", "area": "IT", "status": "avslutad"},
    ]
    memberships = [
        {"arrangement_id": "kf", "party_id": "0001", "role": "medlem"},
        {"arrangement_id": "kf", "party_id": "0002", "role": "medlem", "start": D(2010, 1, 1)},
        {
            "arrangement_id": "kf",
            "party_id": "0003",
            "role": "medlem",
            "start": D(2012, 7, 1),
            "end": D(2015, 12, 31),
        },
        {"arrangement_id": "av", "party_id": "0001", "role": "utförare"},
        {"arrangement_id": "av", "party_id": "0002", "role": "uppdragsgivare"},
        {"arrangement_id": "nat", "party_id": "0002", "role": "medlem"},
        {"arrangement_id": "nat", "party_id": "0003", "role": "medlem"},
    ]
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


def _summary(items):
    return [(e.date, e.kind, e.arrangement_id, e.party_id) for e in items]


def test_every_event_in_order_with_its_source(web):
    items = events(web)
    assert _summary(items) == [
        (D(2010, 1, 1), "formed", "kf", None),
        (D(2012, 7, 1), "joined", "kf", "0003"),
        (D(2013, 1, 1), "formed", "av", None),
        (D(2015, 12, 31), "left", "kf", "0003"),
        (D(2016, 12, 31), "ended", "av", None),
        # ended, date unknown: kept (never dropped from the past), listed last
        (None, "ended", "nat", None),
    ]
    assert items[0].members == ("0001", "0002") and items[0].source == "https://kf.example/om"
    assert items[1].party == "C" and items[4].members == ("0001", "0002")
    assert items[5].source is None


def test_events_per_municipality_arrangement_and_lan(web):
    # C was in kf and nat: every event of those arrangements
    assert _summary(events(web, kommun="0003")) == [
        (D(2010, 1, 1), "formed", "kf", None),
        (D(2012, 7, 1), "joined", "kf", "0003"),
        (D(2015, 12, 31), "left", "kf", "0003"),
        (None, "ended", "nat", None),
    ]
    assert [e.kind for e in events(web, arrangement_id="av")] == ["formed", "ended"]
    # län 06 (only C): the arrangements C was ever in
    assert {e.arrangement_id for e in events(web, lan="06")} == {"kf", "nat"}
    assert events(web, kommun="9999") == []


def test_events_frame_in_swedish_and_english(web):
    frame = events_frame(events(web, arrangement_id="kf"))
    assert frame["kind"].tolist() == ["bildades", "gick med", "lämnade"]
    assert frame["year"].tolist() == [2010, 2012, 2015]
    assert frame.loc[0, "members"] == "0001, 0002"
    english = events_frame(events(web, arrangement_id="kf"), lang="en")
    assert english["kind"].tolist() == ["formed", "joined", "left"]
    assert events(web)[0].to_dict()["date"] == "2010-01-01"


def test_recorded_exits_only_where_the_arrangement_went_on(web):
    (x,) = recorded_exits(web)
    assert (x.arrangement_id, x.leavers, x.last_day, x.day_after) == (
        "kf",
        ("0003",),
        D(2015, 12, 31),
        D(2016, 1, 1),
    )
    assert x.members_before == ("0001", "0002", "0003")
    assert x.remaining_after == ("0001", "0002") and x.remaining_names == ("A", "B")
    assert x.source == "https://kf.example/om"
    assert recorded_exits(web, lan="06")[0].leavers == ("0003",)
    assert x.to_dict()["day_after"] == "2016-01-01"


def test_yearly_figures_of_a_municipality(web):
    frame = yearly_figures(web, "0002", on=D(2017, 6, 30))
    # B from 2010 (first recorded start): in kf (federation, provider kf) always; in av
    # (A provides) 2013–2016; nat is ended with no dates ("datum okänt"), so it is in
    # force on every date before today (CooperationWeb.current_on) and has no provider.
    assert frame["year"].tolist() == list(range(2010, 2018))
    assert frame["date"].tolist()[-1] == "2017-06-30"
    assert frame["n_arrangements"].tolist() == [2, 2, 2, 3, 3, 3, 3, 2]
    # partners: A (kf, av) and C (nat throughout; also kf from mid-2012 to 2015-12-31)
    assert frame["n_partners"].tolist() == [2] * 8
    # D(B) = kf, plus av 2013–2016; nat (informell) is no dependency: 1/2, then 2/3
    assert frame["dependency_share"].tolist() == pytest.approx([0.5] * 3 + [2 / 3] * 4 + [0.5])
    # Default weights: arrangements 1, partners 0.25, constellations 1, forms 1, areas 0.5,
    # own governance 1.5. 2010: 2 + 0.5 + 2 ({A,B}, {B,C}) + 2 + 0.5 (IT) + 1.5 (kf) = 8.5;
    # 2013: 3 + 0.5 + 3 ({A,B,C}, {A,B}, {B,C}) + 3 + 1 (IT, lön) + 1.5 = 12;
    # 2016: C has left kf, so kf and av are one constellation {A,B}: 12 - 1 = 11.
    assert frame["systemledningsindex"].tolist() == [8.5, 8.5, 8.5, 12.0, 12.0, 12.0, 11.0, 8.5]


def test_region_timeline(web):
    frame = region_yearly(web, "05", on=D(2016, 12, 31))
    assert frame["year"].tolist() == list(range(2010, 2017))
    # kf; av 2013–2016; nat (ended, date unknown: in force on every past date) has B in 05
    assert frame["n_arrangements"].tolist() == [2, 2, 2, 3, 3, 3, 3]
    assert frame["formed"].tolist() == [1, 0, 0, 1, 0, 0, 0]
    assert frame["joined"].tolist() == [0, 0, 1, 0, 0, 0, 0]
    assert frame["left"].tolist() == [0, 0, 0, 0, 0, 1, 0]
    assert frame["ended"].tolist() == [0, 0, 0, 0, 0, 0, 1]


# ------------------------------------------------------------------ the command
def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "samverkansvav", "events", *args], cwd=REPO, capture_output=True, timeout=300
    )


def test_events_command_json_for_a_municipality():
    done = _cli("--kommun", "Kinda", "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    left = [e for e in data if e["kind"] == "left"]
    assert [(e["date"], e["party_id"], e["arrangement_id"]) for e in left] == [
        ("2024-03-31", "0513", "kommunalforbundet-itsam")
    ]
    assert all(set(e) >= {"date", "kind", "arrangement_id", "party_id", "source"} for e in data)
    assert all(e["source"] for e in data)


def test_events_command_csv_and_text_for_a_lan():
    done = _cli("--lan", "Gävleborg", "--format", "csv")
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["date", "year", "kind"]
    assert any(line.startswith("2019-12-31;2019;lämnade;kommunalforbundet-inkop-gavleborg") for line in lines)
    text = _cli("--lan", "21").stdout.decode("utf-8")
    assert "2019-12-31  Gävle lämnade Kommunalförbundet Inköp Gävleborg" in text


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("--kommun", "Kindda"), 1, "Kinda"),
        (("--lan", "Öster"), 1, "Östergötland"),
        (("--lan", "99"), 1, "99"),
        (("saknas.xlsx",), 2, "saknas.xlsx"),
    ],
)
def test_events_command_errors(args, code, message):
    done = _cli(*args)
    assert done.returncode == code and message in done.stderr.decode("utf-8")


def test_undated_arrangements_are_counted_and_said_so(web):
    from samverkansvav.analysis.history import membership_periods

    undated = CooperationWeb(
        web.parties, web.arrangements.assign(start=[None, D(2013, 1, 1), None]), web.memberships
    )
    frame = yearly_figures(undated, "0001", on=D(2014, 6, 30), first_year=2012)
    # A: kf (no start now) every year; av from 2013 (dated)
    assert frame["n_arrangements"].tolist() == [1, 2, 2]
    assert frame["n_start_unknown"].tolist() == [1, 1, 1]
    periods = membership_periods(web, "0003", on=D(2016, 6, 30))
    assert periods[["arrangement_id", "start", "end", "start_known", "end_known"]].values.tolist() == [
        ["nat", None, None, False, False],
        ["kf", D(2012, 7, 1), D(2015, 12, 31), True, True],
    ]
    assert membership_periods(web, "0003", on=D(2012, 1, 1))["arrangement_id"].tolist() == ["nat"]
