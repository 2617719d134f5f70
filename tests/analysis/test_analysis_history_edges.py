"""History at the edges: a member leaving before the arrangement ends and coming back,
an ended arrangement without an end date, and a year whose members change but not their number."""

from __future__ import annotations

import datetime as dt

import pytest

from samverkansvav.analysis.history import (
    events,
    membership_periods,
    recorded_exits,
    region_yearly,
    yearly_figures,
)
from samverkansvav.analysis.metrics import municipality_metrics
from samverkansvav.model import CooperationWeb

D = dt.date
ON = D(2017, 6, 30)


@pytest.fixture
def web() -> CooperationWeb:
    """``kf`` (2010–): A always, B 2010 – 2014-06-30 and again from 2016, C from 2012-03-01,
    D from 2014-03-01. ``nat`` (2011–, ended, date unknown): A, and D until 2013-12-31.
    ``av`` (2013–2016, hosted by A): A, and D from 2014-01-01 to the end."""
    parties = [
        {"id": f"000{i}", "name": n, "kind": "kommun", "lan_code": "05", "lan_name": "Ö"}
        for i, n in enumerate("ABCD", start=1)
    ]
    arrangements = [
        {"id": "kf", "name": "Förbundet", "form": "kommunalforbund", "area": "IT", "start": D(2010, 1, 1)},
        {"id": "nat", "name": "Nätverket", "form": "informell", "start": D(2011, 1, 1), "status": "avslutad"},
        {
            "id": "av",
            "name": "Avtalet",
            "form": "avtalssamverkan",
            "host": "0001",
            "start": D(2013, 1, 1),
            "end": D(2016, 12, 31),
            "status": "avslutad",
        },
    ]
    memberships = [
        {"arrangement_id": "kf", "party_id": "0001"},
        {"arrangement_id": "kf", "party_id": "0002", "start": D(2010, 1, 1), "end": D(2014, 6, 30)},
        {"arrangement_id": "kf", "party_id": "0002", "start": D(2016, 1, 1)},
        {"arrangement_id": "kf", "party_id": "0003", "start": D(2012, 3, 1)},
        {"arrangement_id": "kf", "party_id": "0004", "start": D(2014, 3, 1)},
        {"arrangement_id": "nat", "party_id": "0001"},
        {"arrangement_id": "nat", "party_id": "0004", "end": D(2013, 12, 31)},
        {"arrangement_id": "av", "party_id": "0001"},
        {"arrangement_id": "av", "party_id": "0004", "start": D(2014, 1, 1), "end": D(2016, 12, 31)},
    ]
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


def test_leaving_early_coming_back_and_an_undated_end(web):
    got = [(e.date, e.kind, e.arrangement_id, e.party_id, e.members) for e in events(web)]
    assert got == [
        (D(2010, 1, 1), "formed", "kf", None, ("0001", "0002")),  # B's second period starts later
        (D(2011, 1, 1), "formed", "nat", None, ("0001", "0004")),
        (D(2012, 3, 1), "joined", "kf", "0003", ("0003",)),
        (D(2013, 1, 1), "formed", "av", None, ("0001",)),
        (D(2013, 12, 31), "left", "nat", "0004", ("0004",)),
        (D(2014, 1, 1), "joined", "av", "0004", ("0004",)),
        (D(2014, 3, 1), "joined", "kf", "0004", ("0004",)),
        (D(2014, 6, 30), "left", "kf", "0002", ("0002",)),
        (D(2016, 1, 1), "joined", "kf", "0002", ("0002",)),  # B comes back
        (D(2016, 12, 31), "ended", "av", None, ("0001", "0004")),  # D's last day is the end: no "left"
        (None, "ended", "nat", None, ("0001",)),  # date unknown: those still in
    ]
    assert [e.party for e in events(web) if e.party_id] == ["C", "D", "D", "D", "B", "B"]


def test_events_of_one_municipality_cover_its_arrangements_only(web):
    assert {e.arrangement_id for e in events(web, kommun="0002")} == {"kf"}
    assert {e.arrangement_id for e in events(web, kommun="0004")} == {"kf", "nat", "av"}


def test_recorded_exits_with_who_was_there_before_and_after(web):
    got = [
        (x.arrangement_id, x.last_day, x.leavers, x.members_before, x.remaining_after)
        for x in recorded_exits(web)
    ]
    assert got == [
        ("nat", D(2013, 12, 31), ("0004",), ("0001", "0004"), ("0001",)),
        ("kf", D(2014, 6, 30), ("0002",), ("0001", "0002", "0003", "0004"), ("0001", "0003", "0004")),
    ]
    assert recorded_exits(web)[1].remaining_names == ("A", "C", "D")


def test_a_year_with_other_members_but_as_many_gets_its_own_figures(web):
    # 2013: kf has A, B, C; 2014: A, C, D - as many memberships, but B is out.
    frame = yearly_figures(web, "0002", on=ON)
    assert frame["year"].tolist() == [2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017]
    assert frame["n_arrangements"].tolist() == [1, 1, 1, 1, 0, 0, 1, 1]
    assert frame["n_partners"].tolist() == [1, 1, 2, 2, 0, 0, 3, 3]


def test_yearly_figures_take_the_last_point_from_given_metrics(web):
    metrics = municipality_metrics(web.current_on(ON), party_ids=["0004"])
    given = yearly_figures(web, "0004", on=ON, metrics_on=metrics.loc["0004"])
    computed = yearly_figures(web, "0004", on=ON)
    assert given.equals(computed)
    # D: nat (2011–13), av (2014–16), kf (2014–): 2 arrangements at the end of 2014, 1 in 2017.
    assert computed["n_arrangements"].tolist() == [0, 1, 1, 1, 2, 2, 2, 1]


def test_membership_periods_one_row_per_period(web):
    b = membership_periods(web, "0002", on=ON)
    assert list(zip(b["start"], b["end"], b["end_known"])) == [
        (D(2010, 1, 1), D(2014, 6, 30), True),
        (D(2016, 1, 1), None, True),
    ]
    a = membership_periods(web, "0001", on=ON)
    assert a["arrangement_id"].tolist() == ["kf", "nat", "av"]
    assert list(zip(a["start"], a["end"], a["end_known"])) == [
        (D(2010, 1, 1), None, True),
        (D(2011, 1, 1), None, False),  # ended, date unknown
        (D(2013, 1, 1), D(2016, 12, 31), True),
    ]


def test_hand_picked_municipalities_see_the_events_of_their_arrangements_only(web):
    assert {e.arrangement_id for e in events(web, party_ids=["0002"])} == {"kf"}
    frame = region_yearly(web, on=ON, party_ids=["0002"])
    assert frame["n_arrangements"].tolist() == [1] * 8
    assert frame["formed"].tolist() == [1, 0, 0, 0, 0, 0, 0, 0]
    assert frame["joined"].tolist() == [0, 0, 1, 0, 1, 0, 1, 0]
    assert frame["left"].tolist() == [0, 0, 0, 0, 1, 0, 0, 0]
    assert frame["ended"].tolist() == [0] * 8
