"""The cooperation web: providers, filters and dates, on hand-built webs."""

from __future__ import annotations

import datetime as dt

from samverkansvav.model import CooperationWeb


def test_providers_follow_the_legal_form(small_web):
    providers = small_web.providers().to_dict()
    # host-based forms: the host (None when not named); entities: themselves; informal: none
    assert providers == {"gn": "0001", "kf": "kf", "av": "0002", "inf": None, "gn2": None}


def test_member_parties_and_members_of(small_web):
    assert small_web.member_parties() == ["0001", "0002", "0003", "0004"]
    assert small_web.members_of("av") == ["0002", "0004"]


def test_restrict_by_lan_keeps_cross_border_arrangements_whole():
    web = CooperationWeb.from_records(
        parties=[{"id": "a", "name": "A", "kind": "kommun", "lan_code": "01"},
                 {"id": "b", "name": "B", "kind": "kommun", "lan_code": "02"},
                 {"id": "c", "name": "C", "kind": "kommun", "lan_code": "02"}],
        arrangements=[{"id": "x", "name": "X", "form": "kommunalforbund"},
                      {"id": "y", "name": "Y", "form": "informell"}],
        memberships=[{"arrangement_id": "x", "party_id": "a"}, {"arrangement_id": "x", "party_id": "b"},
                     {"arrangement_id": "y", "party_id": "b"}, {"arrangement_id": "y", "party_id": "c"}],
    )
    only_01 = web.restrict(lan_codes=["01"])
    assert only_01.arrangements["id"].tolist() == ["x"]
    assert only_01.members_of("x") == ["a", "b"]
    assert web.restrict(forms=["informell"]).arrangements["id"].tolist() == ["y"]


def test_current_on_drops_ended_planned_and_departed_members():
    web = CooperationWeb.from_records(
        parties=[{"id": p, "name": p, "kind": "kommun"} for p in "abc"],
        arrangements=[
            {"id": "ended", "name": "E", "form": "kommunalforbund", "end": dt.date(2022, 12, 31), "status": "avslutad"},
            {"id": "planned", "name": "P", "form": "kommunalforbund", "status": "planerad"},
            {"id": "live", "name": "L", "form": "kommunalforbund", "start": dt.date(2015, 1, 1)},
            {"id": "ended_undated", "name": "U", "form": "informell", "status": "avslutad"},
        ],
        memberships=[
            {"arrangement_id": "ended", "party_id": "a"},
            {"arrangement_id": "planned", "party_id": "a"},
            {"arrangement_id": "live", "party_id": "a"},
            {"arrangement_id": "live", "party_id": "b", "end": dt.date(2020, 1, 1)},
            {"arrangement_id": "live", "party_id": "c"},
            {"arrangement_id": "ended_undated", "party_id": "c"},
        ],
    )
    in_2021 = web.current_on(dt.date(2021, 6, 1))
    assert in_2021.arrangements["id"].tolist() == ["ended", "live"]
    assert in_2021.members_of("live") == ["a", "c"]
    in_2024 = web.current_on(dt.date(2024, 6, 1))
    assert in_2024.arrangements["id"].tolist() == ["live"]
    # before it started, the federation was not in force
    assert web.current_on(dt.date(2010, 1, 1)).arrangements["id"].tolist() == ["ended"]
