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
        parties=[
            {"id": "a", "name": "A", "kind": "kommun", "lan_code": "01"},
            {"id": "b", "name": "B", "kind": "kommun", "lan_code": "02"},
            {"id": "c", "name": "C", "kind": "kommun", "lan_code": "02"},
        ],
        arrangements=[
            {"id": "x", "name": "X", "form": "kommunalforbund"},
            {"id": "y", "name": "Y", "form": "informell"},
        ],
        memberships=[
            {"arrangement_id": "x", "party_id": "a"},
            {"arrangement_id": "x", "party_id": "b"},
            {"arrangement_id": "y", "party_id": "b"},
            {"arrangement_id": "y", "party_id": "c"},
        ],
    )
    only_01 = web.restrict(lan_codes=["01"])
    assert only_01.arrangements["id"].tolist() == ["x"]
    assert only_01.members_of("x") == ["a", "b"]
    assert web.restrict(forms=["informell"]).arrangements["id"].tolist() == ["y"]


def test_current_on_drops_ended_planned_and_departed_members():
    web = CooperationWeb.from_records(
        parties=[{"id": p, "name": p, "kind": "kommun"} for p in "abc"],
        arrangements=[
            {
                "id": "ended",
                "name": "E",
                "form": "kommunalforbund",
                "end": dt.date(2022, 12, 31),
                "status": "avslutad",
            },
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
    today = dt.date(2024, 6, 1)
    in_2021 = web.current_on(dt.date(2021, 6, 1), today=today)
    # ended with "datum okänt": known to have existed, so still there in the past
    assert in_2021.arrangements["id"].tolist() == ["ended", "live", "ended_undated"]
    assert in_2021.members_of("live") == ["a", "c"]
    in_2024 = web.current_on(today, today=today)
    assert in_2024.arrangements["id"].tolist() == ["live"]
    # before it started, the federation was not in force
    assert web.current_on(dt.date(2010, 1, 1), today=today).arrangements["id"].tolist() == [
        "ended",
        "ended_undated",
    ]


def test_current_on_keeps_an_undated_ended_arrangement_until_the_day_before_today():
    web = CooperationWeb.from_records(
        parties=[{"id": p, "name": p, "kind": "kommun"} for p in "ab"],
        arrangements=[
            {
                "id": "u",
                "name": "U",
                "form": "kommunalforbund",
                "status": "avslutad",
                "start": dt.date(2008, 1, 1),
            }
        ],
        memberships=[{"arrangement_id": "u", "party_id": p} for p in "ab"],
    )
    today = dt.date(2026, 3, 15)

    def ids(on: dt.date) -> list[str]:
        return web.current_on(on, today=today).arrangements["id"].tolist()

    assert ids(dt.date(2007, 12, 31)) == []  # not yet started
    assert ids(dt.date(2008, 1, 1)) == ["u"]
    assert ids(dt.date(2026, 3, 14)) == ["u"]  # the day before today
    assert ids(today) == []
    assert ids(dt.date(2030, 1, 1)) == []
    assert web.current_on(dt.date(2026, 3, 14), today=today).members_of("u") == ["a", "b"]


def test_restrict_by_area_keeps_arrangements_having_any_of_the_areas():
    web = CooperationWeb.from_records(
        parties=[{"id": p, "name": p, "kind": "kommun"} for p in "ab"],
        arrangements=[
            {"id": "x", "name": "X", "form": "informell", "area": "IT; löneadministration"},
            {"id": "y", "name": "Y", "form": "informell", "area": "VA"},
            {"id": "z", "name": "Z", "form": "informell", "area": None},
        ],
        memberships=[{"arrangement_id": i, "party_id": p} for i in "xyz" for p in "ab"],
    )
    assert web.restrict(areas=["löneadministration"]).arrangements["id"].tolist() == ["x"]
    assert web.restrict(areas=["VA", "IT"]).arrangements["id"].tolist() == ["x", "y"]
    assert web.restrict(areas=["IT; löneadministration"]).arrangements["id"].tolist() == ["x"]
    assert web.restrict(areas=["avfall"]).arrangements.empty
    assert web.restrict(areas=["IT"]).members_of("x") == ["a", "b"]


def test_providers_of_every_kind_of_row():
    web = CooperationWeb.from_records(
        parties=[],
        arrangements=[
            {"id": "gn", "form": "gemensam_namnd", "host": "0180"},
            {"id": "av", "form": "avtalssamverkan", "host": None},
            {"id": "av2", "form": "avtalssamverkan", "host": float("nan")},
            {"id": "kf", "form": "kommunalforbund", "host": "0180"},  # its own legal person
            {"id": "inf", "form": "informell", "host": "0180"},
            {"id": "odd", "form": None},
        ],
        memberships=[],
    )
    assert web.providers().to_dict() == {
        "gn": "0180",
        "av": None,
        "av2": None,
        "kf": "kf",
        "inf": None,
        "odd": None,
    }


def test_current_on_is_built_once_per_day_and_providers_are_not_shared_for_writing(small_web):
    day = dt.date(2020, 1, 1)
    assert small_web.current_on(day, today=dt.date(2030, 1, 1)) is small_web.current_on(
        day, today=dt.date(2030, 1, 1)
    )
    # Past or not past "today" decides undated ends, so the two are kept apart.
    assert small_web.current_on(day, today=dt.date(2000, 1, 1)) is not small_web.current_on(
        day, today=dt.date(2030, 1, 1)
    )
    providers = small_web.providers()
    providers.iloc[:] = "changed"
    assert "changed" not in small_web.providers().tolist()


def test_a_pickled_web_carries_its_tables_but_not_what_was_derived(small_web):
    import pickle

    small_web.current_on(dt.date(2020, 1, 1))
    small_web.providers()
    copy = pickle.loads(pickle.dumps(small_web))
    assert copy._derived == {}
    assert copy.arrangements.equals(small_web.arrangements)
    assert copy.providers().equals(small_web.providers())
