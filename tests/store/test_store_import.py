"""Importing registers: versions, all-or-nothing, duplicates, round trip of the rows."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from samverkansvav.model import CooperationWeb
from samverkansvav.report import ERROR, Issue
from samverkansvav.store import RegisterHasErrors, Store, StoreError, VersionNotFound


def test_first_import_is_version_1_with_all_rows(store, small_web, make_result):
    version = store.import_register(make_result(small_web), kommun="0001", user="anna")
    # small_web: 5 arrangements; members gn 3 + kf 3 + av 2 + inf 2 + gn2 2 = 12
    assert (version.version_no, version.n_arrangements, version.n_memberships) == (1, 5, 12)
    assert (version.kommun, version.user, version.kind, version.duplicate) == (
        "0001",
        "anna",
        "upload",
        False,
    )
    assert version.file_name == "register.xlsx"
    assert version.created_at.tzinfo is not None and version.created_at.utcoffset() == dt.timedelta(0)
    assert store.counts() == {"registers": 1, "versions": 1, "arrangements": 5, "memberships": 12}
    assert store.kommuner() == ["0001"]


def test_rows_read_back_equal_to_the_register(store, small_web, make_result):
    store.import_register(make_result(small_web), kommun="0001")
    back = store.version_web("0001")
    assert back.arrangements["id"].tolist() == ["gn", "kf", "av", "inf", "gn2"]
    hosts = back.arrangements["host"]
    # missing host: NULL in the database, missing (NaN in pandas' text dtype) in the frame
    assert [h if isinstance(h, str) else None for h in hosts] == ["0001", None, "0002", None, None]
    assert back.members_of("gn") == ["0001", "0002", "0003"]
    assert (
        back.memberships[["arrangement_id", "party_id", "role"]].values.tolist()
        == small_web.memberships[["arrangement_id", "party_id", "role"]].values.tolist()
    )
    assert back.providers().to_dict() == small_web.providers().to_dict()


def test_dates_and_numbers_round_trip_nan_as_null(store, make_result):
    web = CooperationWeb.from_records(
        parties=[],
        arrangements=[
            {
                "id": "x",
                "name": "X",
                "form": "avtalssamverkan",
                "host": "0001",
                "start": dt.date(2023, 7, 1),
                "end": None,
                "notice_months": 12.0,
                "last_evaluated": pd.Timestamp("2024-02-29"),
            }
        ],
        memberships=[
            {
                "arrangement_id": "x",
                "party_id": "0001",
                "role": "utförare",
                "share": 0.175,
                "annual_cost": 1250000.5,
            },
            {
                "arrangement_id": "x",
                "party_id": "0002",
                "role": "uppdragsgivare",
                "share": float("nan"),
                "annual_cost": None,
            },
        ],
    )
    store.import_register(make_result(web), kommun="0002")
    back = store.version_web("0002")
    arr = back.arrangements.iloc[0]
    assert arr["start"] == dt.date(2023, 7, 1)
    assert arr["end"] is None
    assert arr["last_evaluated"] == dt.date(2024, 2, 29)  # Timestamp stored as a DATE
    assert arr["notice_months"] == 12.0
    mem = back.memberships
    assert mem["share"].iloc[0] == 0.175 and math.isnan(mem["share"].iloc[1])
    assert mem["annual_cost"].iloc[0] == 1250000.5 and math.isnan(mem["annual_cost"].iloc[1])


def test_register_with_errors_is_refused_and_nothing_written(store, small_web, make_result):
    store.import_register(make_result(small_web), kommun="0001")
    before = store.counts()
    with pytest.raises(RegisterHasErrors) as caught:
        store.import_register(make_result(small_web, name="fel.xlsx", errors=2), kommun="0001")
    assert "2 fel" in caught.value.message and "fel.xlsx" in caught.value.message
    assert store.counts() == before
    assert [v.version_no for v in store.history("0001")] == [1]


def test_error_report_even_with_a_web_is_refused(store, small_web, make_result):
    result = make_result(small_web)
    result.report.add(Issue(ERROR, "x", "Fel."))
    with pytest.raises(RegisterHasErrors):
        store.import_register(result, kommun="0001")
    assert store.counts()["versions"] == 0


def test_rejected_file_leaves_sqlite_file_byte_for_byte(
    sqlite_url, small_web, make_result, sqlite_fingerprint
):
    with Store.open(sqlite_url) as store:
        store.import_register(make_result(small_web), kommun="0001")
    # Closing the last connection checkpoints the WAL into the main file.
    before = sqlite_fingerprint(sqlite_url)
    with Store.open(sqlite_url) as store:
        with pytest.raises(RegisterHasErrors):
            store.import_register(make_result(small_web, errors=1), kommun="0001")
        with pytest.raises(RegisterHasErrors):
            store.import_register(make_result(None, errors=1), kommun="0009")
        counts = store.counts()
    assert counts == {"registers": 1, "versions": 1, "arrangements": 5, "memberships": 12}
    assert sqlite_fingerprint(sqlite_url) == before


def test_same_file_twice_is_flagged_and_not_stored(store, small_web, make_result):
    first = store.import_register(make_result(small_web), kommun="0001")
    again = store.import_register(make_result(small_web), kommun="0001", user="bertil")
    assert again.duplicate is True
    assert (again.id, again.version_no, again.user) == (first.id, 1, None)
    assert store.counts()["versions"] == 1


def test_same_file_as_an_older_version_is_a_new_version(store, small_web, make_web, make_result):
    other = make_web([{"id": "ny", "name": "Ny", "form": "informell"}], {"ny": "12"})
    store.import_register(make_result(small_web), kommun="0001")
    store.import_register(make_result(other), kommun="0001")
    third = store.import_register(make_result(small_web), kommun="0001")
    # v1 = small_web, v2 = other, v3 = small_web again (not the latest, so stored)
    assert (third.version_no, third.duplicate) == (3, False)


def test_version_numbers_count_per_municipality(store, small_web, make_web, make_result):
    web_b = make_web([{"id": "ny", "name": "Ny", "form": "informell"}], {"ny": "12"})
    numbers = [
        (v.kommun, v.version_no)
        for v in (
            store.import_register(make_result(small_web), kommun="0001"),
            store.import_register(make_result(web_b), kommun="0002"),
            store.import_register(make_result(web_b), kommun="0001"),
        )
    ]
    assert numbers == [("0001", 1), ("0002", 1), ("0001", 2)]
    assert store.kommuner() == ["0001", "0002"]


def test_history_is_newest_first(store, make_web, make_result):
    for i in range(3):
        web = make_web([{"id": f"a{i}", "name": f"A{i}", "form": "informell"}], {f"a{i}": "12"})
        store.import_register(make_result(web, name=f"v{i}.xlsx"), kommun="0003")
    history = store.history("0003")
    assert [(v.version_no, v.file_name) for v in history] == [(3, "v2.xlsx"), (2, "v1.xlsx"), (1, "v0.xlsx")]
    assert history[0].created_at >= history[1].created_at >= history[2].created_at
    assert store.history("0004") == []


def test_report_is_stored_with_the_version(store, small_web, make_result):
    store.import_register(make_result(small_web, name="r.xlsx"), kommun="0001")
    report = store.version("0001", 1).report
    assert [(i.level, i.code, i.file, i.row) for i in report] == [("info", "no_goal", "r.xlsx", 2)]
    assert store.version("0001", 1).to_dict()["report"][0]["message"] == "Mål saknas."


def test_progress_reports_every_row(store, make_web, make_result):
    arrangements = [{"id": f"a{i}", "name": f"A{i}", "form": "informell"} for i in range(3)]
    web = make_web(arrangements, {f"a{i}": "12" for i in range(3)})
    calls = []
    store.import_register(make_result(web), kommun="0001", progress=lambda d, t: calls.append((d, t)))
    # 3 arrangements + 6 memberships = 9 rows; batches: first half (1 row), second half (2), members (6)
    assert calls == [(1, 9), (3, 9), (9, 9)]


def test_missing_version_and_empty_kommun(store):
    with pytest.raises(VersionNotFound):
        store.version("0001", 3)
    with pytest.raises(VersionNotFound):
        store.version_web("0001")
    with pytest.raises(StoreError):
        store.history("  ")


def test_reopening_keeps_data(db_url, small_web, make_result):
    with Store.open(db_url) as store:
        store.import_register(make_result(small_web), kommun="0001")
    with Store.open(db_url) as store:
        assert [v.version_no for v in store.history("0001")] == [1]


def test_default_url_is_a_file_in_data_dir(tmp_path):
    with Store.open(data_dir=tmp_path / "inst") as store:
        assert store.dialect == "sqlite"
    assert (tmp_path / "inst" / "samverkansvav.db").is_file()


def test_in_memory_sqlite_is_refused():
    with pytest.raises(StoreError):
        Store.open("sqlite://")


def test_from_config_uses_data_dir_and_database_url(tmp_path, db_url):
    from samverkansvav.config import load_config

    config = load_config({"SAMVERKANSVAV_DATA_DIR": str(tmp_path / "inst")})
    with Store.from_config(config) as store:
        assert store.dialect == "sqlite"
    assert (tmp_path / "inst" / "samverkansvav.db").is_file()
    with Store.from_config(load_config({"DATABASE_URL": db_url})) as store:
        assert store.url.split(":")[0] == db_url.split(":")[0]
