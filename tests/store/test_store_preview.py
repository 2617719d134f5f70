"""Preview of an upload: new / changed / removed arrangements and conflicts."""

from __future__ import annotations

import pytest

from samverkansvav.store import Change, Conflict, RegisterHasErrors
from samverkansvav.store.diff import ArrangementRef, diff_webs


def test_first_upload_is_all_new(store, small_web, make_result):
    preview = store.preview(make_result(small_web), kommun="0001")
    assert [a.arrangement_id for a in preview.new] == ["gn", "kf", "av", "inf", "gn2"]
    assert (preview.changed, preview.removed, preview.conflicts) == ((), (), ())
    assert (preview.base_version_no, preview.duplicate_of, preview.unchanged) == (None, None, 0)
    assert store.counts()["versions"] == 0  # a preview writes nothing


def test_new_changed_removed_against_latest_version(store, make_web, make_result):
    old = make_web(
        [
            {"id": "a", "name": "A", "form": "informell"},
            {"id": "b", "name": "B", "form": "avtalssamverkan", "host": "0001"},
            {"id": "c", "name": "C", "form": "kommunalforbund"},
            {"id": "d", "name": "D", "form": "informell", "note": "x"},
        ],
        {"a": "12", "b": "12", "c": "123", "d": "13"},
    )
    store.import_register(make_result(old), kommun="0001")
    new = make_web(
        [
            {"id": "a", "name": "A", "form": "informell"},  # unchanged
            {"id": "b", "name": "B", "form": "avtalssamverkan", "host": "0002"},  # host 0001 → 0002
            {"id": "c", "name": "C", "form": "kommunalforbund"},  # member 3 → 4
            {"id": "d", "name": "D", "form": "informell", "note": "y"},  # note x → y
            {"id": "e", "name": "E", "form": "informell"},
        ],  # new
        {"a": "12", "b": "12", "c": "124", "d": "13", "e": "45"},
    )
    preview = store.preview(make_result(new), kommun="0001")
    assert preview.new == (ArrangementRef("e", "E"),)
    # b: host changes and, since the host's role is "värd", the roles too (same member set)
    assert preview.changed == (
        Change("b", "B", ("host", "membership_details")),
        Change("c", "C", ("members",)),
        Change("d", "D", ("note",)),
    )
    assert preview.removed == ()
    assert (preview.unchanged, preview.base_version_no) == (1, 1)

    fewer = make_web([{"id": "a", "name": "A", "form": "informell"}], {"a": "12"})
    assert [r.arrangement_id for r in store.preview(make_result(fewer), kommun="0001").removed] == [
        "b",
        "c",
        "d",
    ]


def test_preview_flags_the_same_file(store, small_web, make_result):
    store.import_register(make_result(small_web), kommun="0001")
    preview = store.preview(make_result(small_web), kommun="0001")
    assert (preview.duplicate_of, preview.has_changes, preview.unchanged) == (1, False, 5)


def test_conflicts_with_another_municipality(store, make_web, make_result):
    # 0002 says the federation has members 1, 2, 3; 0001 says 1, 2, 4 and a different host
    # for the shared agreement "lon" (matched by name + form, ids differ).
    theirs = make_web(
        [
            {"id": "kf", "name": "Förbundet", "form": "kommunalforbund"},
            {"id": "L-7", "name": "Löneavtalet", "form": "avtalssamverkan", "host": "0002"},
            {"id": "egen", "name": "Eget", "form": "informell"},
        ],
        {"kf": "123", "L-7": "12", "egen": "23"},
    )
    store.import_register(make_result(theirs), kommun="0002")
    ours = make_web(
        [
            {"id": "kf", "name": "Förbundet", "form": "kommunalforbund"},
            {"id": "lon", "name": "  löneavtalet ", "form": "avtalssamverkan", "host": "0001"},
            {"id": "x", "name": "X", "form": "informell"},
        ],
        {"kf": "124", "lon": "12", "x": "14"},
    )
    conflicts = store.preview(make_result(ours), kommun="0001").conflicts
    assert conflicts == (
        Conflict("kf", "Förbundet", "0002", 1, "kf", "members", "0001, 0002, 0004", "0001, 0002, 0003"),
        Conflict("lon", "  löneavtalet ", "0002", 1, "L-7", "host", "0001", "0002"),
    )
    table = store.preview(make_result(ours), kommun="0001").tables()["conflicts"]
    assert table["field"].tolist() == ["members", "host"]


def test_own_previous_version_is_not_a_conflict(store, make_web, make_result):
    web = make_web([{"id": "kf", "name": "F", "form": "kommunalforbund"}], {"kf": "123"})
    store.import_register(make_result(web), kommun="0001")
    changed = make_web([{"id": "kf", "name": "F", "form": "kommunalforbund"}], {"kf": "12"})
    preview = store.preview(make_result(changed), kommun="0001")
    assert preview.conflicts == () and preview.changed == (Change("kf", "F", ("members",)),)


def test_preview_of_register_with_errors_is_refused(store, small_web, make_result):
    with pytest.raises(RegisterHasErrors):
        store.preview(make_result(small_web, errors=1), kommun="0001")


def test_diff_ignores_source_and_reporter(make_web):
    a = make_web([{"id": "a", "name": "A", "form": "informell", "source": "x.xlsx"}], {"a": "12"})
    b = make_web(
        [{"id": "a", "name": "A", "form": "informell", "source": "y.xlsx", "reported_by": "0001"}],
        {"a": "12"},
    )
    assert diff_webs(b, a) == ((), (), (), 1)


def test_preview_to_dict_is_json_ready(store, small_web, make_result):
    import json

    data = store.preview(make_result(small_web), kommun="0001").to_dict()
    assert json.loads(json.dumps(data))["new"][0] == {"arrangement_id": "gn", "name": "GN IT"}
