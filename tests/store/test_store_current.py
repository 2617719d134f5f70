"""The current regional dataset: latest version per municipality, plus demo data."""

from __future__ import annotations

import pandas as pd

from samverkansvav.dataset import current_dataset, current_web
from samverkansvav.model import CooperationWeb


def test_latest_versions_are_merged(store, make_web, make_result):
    store.import_register(
        make_result(make_web([{"id": "a", "name": "A", "form": "informell"}], {"a": "12"})), kommun="0001"
    )
    store.import_register(
        make_result(make_web([{"id": "b", "name": "B", "form": "informell"}], {"b": "12"})), kommun="0001"
    )
    store.import_register(
        make_result(make_web([{"id": "c", "name": "C", "form": "informell"}], {"c": "34"})), kommun="0003"
    )
    web = current_web(store, None, include_demo=False)
    # 0001's latest is v2 (b), not v1 (a); 0003 has c. Registers in the order the
    # municipalities first uploaded (0001 before 0003), so a later upload never takes over.
    assert web.arrangements["id"].tolist() == ["b", "c"]
    assert web.arrangements["reported_by"].tolist() == ["0001", "0003"]
    assert sorted(web.memberships["arrangement_id"]) == ["b", "b", "c", "c"]


def test_shared_arrangement_is_merged_and_the_conflict_reported(store, make_web, make_result):
    older = make_web([{"id": "kf", "name": "F", "form": "kommunalforbund", "area": "IT"}], {"kf": "123"})
    newer = make_web([{"id": "kf", "name": "F", "form": "kommunalforbund"}], {"kf": "124"})
    store.import_register(make_result(older), kommun="0002")
    store.import_register(make_result(newer), kommun="0001")
    web, report = current_dataset(store, None, include_demo=False)
    # the ingest's merge rule: one arrangement, members = union {1,2,3} ∪ {1,2,4}
    assert web.arrangements["id"].tolist() == ["kf"]
    assert web.members_of("kf") == ["0001", "0002", "0003", "0004"]
    assert web.arrangements["area"].tolist() == ["IT"]  # filled in from the older register
    assert [i.code for i in report.warnings] == ["conflict_members"]


def test_demo_data_fills_in_but_never_overrides(store, make_web, make_result):
    store.import_register(
        make_result(make_web([{"id": "kf", "name": "F", "form": "kommunalforbund"}], {"kf": "12"})),
        kommun="0001",
    )
    demo = make_web(
        [
            {"id": "kf", "name": "F", "form": "kommunalforbund"},
            {"id": "demo", "name": "Demo", "form": "informell"},
        ],
        {"kf": "12345", "demo": "45"},
    )
    web = current_web(store, None, include_demo=True, demo_web=demo)
    assert web.arrangements["id"].tolist() == ["kf", "demo"]
    assert web.members_of("kf") == ["0001", "0002"]  # the register's, not the demo's 5
    assert current_web(store, None, include_demo=False).arrangements["id"].tolist() == ["kf"]


def test_parties_are_attached(store, small_web, make_result):
    store.import_register(make_result(small_web), kommun="0001")
    web = current_web(store, small_web.parties, include_demo=False)
    assert isinstance(web, CooperationWeb)
    pd.testing.assert_frame_equal(web.parties, small_web.parties)
    assert web.party_names()["0002"] == "B"


def test_empty_store_gives_empty_web(store):
    web = current_web(store, None, include_demo=False)
    assert len(web.arrangements) == 0 and len(web.memberships) == 0


def test_real_demo_data_is_included_by_default(store, make_web, make_result):
    from samverkansvav.demo import load_demo_web

    demo = load_demo_web(None)
    store.import_register(
        make_result(make_web([{"id": "egen", "name": "Eget", "form": "informell"}], {"egen": "12"})),
        kommun="0001",
    )
    web = current_web(store, None)
    # the register's one arrangement, then every demo arrangement (no id or name clash)
    assert len(web.arrangements) == 1 + len(demo.arrangements)
    assert web.arrangements["id"].iloc[0] == "egen"
