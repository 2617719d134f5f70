"""Backups: consistent copies while running, and a tested restore."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from samverkansvav.store import BackupError, Store


def _state(store):
    """Everything a restore must bring back: history per kommun and each version's rows."""
    state = {}
    for kommun in store.kommuner():
        for v in store.history(kommun):
            web = store.version_web(kommun, v.version_no)
            state[(kommun, v.version_no)] = (
                v.sha256,
                v.file_name,
                v.kind,
                v.restored_from,
                v.user,
                v.created_at,
                [i.as_dict() for i in v.report],
                web.arrangements,
                web.memberships,
            )
    return state


def _assert_same_state(a, b):
    assert a.keys() == b.keys()
    for key in a:
        *meta_a, arr_a, mem_a = a[key]
        *meta_b, arr_b, mem_b = b[key]
        assert meta_a == meta_b, key
        pd.testing.assert_frame_equal(arr_a, arr_b)
        pd.testing.assert_frame_equal(mem_a, mem_b)


def _fill(store, small_web, make_web, make_result):
    store.import_register(make_result(small_web, name="a.xlsx"), kommun="0001", user="anna")
    other = make_web([{"id": "ny", "name": "Ny", "form": "informell"}], {"ny": "23"})
    store.import_register(make_result(other, name="b.xlsx"), kommun="0002")
    store.import_register(make_result(other, name="c.xlsx"), kommun="0001")
    store.restore("0001", 1)
    return store


@pytest.fixture
def filled(store, small_web, make_web, make_result):
    """0001: v1 a.xlsx, v2 c.xlsx, v3 restore of v1; 0002: v1 b.xlsx."""
    return _fill(store, small_web, make_web, make_result)


@pytest.fixture
def filled_sqlite(sqlite_url, small_web, make_web, make_result):
    with Store.open(sqlite_url) as store:
        yield _fill(store, small_web, make_web, make_result)


def _round_trip(store, path, make_web, make_result):
    before, counts = _state(store), store.counts()
    # then something happens that the restore must undo
    later = make_web([{"id": "z", "name": "Z", "form": "informell"}], {"z": "45"})
    store.import_register(make_result(later), kommun="0005")
    store.import_register(make_result(later), kommun="0001")

    assert store.restore_backup(path) == counts
    _assert_same_state(_state(store), before)
    # and the restored database keeps working: numbering continues after v3
    assert store.import_register(make_result(later), kommun="0001").version_no == 4


@pytest.mark.parametrize("name", ["kopia.json", "kopia.json.gz"])
def test_json_round_trip(filled, make_web, make_result, tmp_path, name):
    path = filled.backup(tmp_path / "backups" / name, fmt="json")
    _round_trip(filled, path, make_web, make_result)


def test_sqlite_file_round_trip(filled_sqlite, make_web, make_result, tmp_path):
    path = filled_sqlite.backup(tmp_path / "backups" / "kopia.db")
    _round_trip(filled_sqlite, path, make_web, make_result)


def test_sqlite_backup_is_a_database_file(filled_sqlite, tmp_path):
    path = filled_sqlite.backup(tmp_path / "kopia.db")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM versions").fetchone() == (4,)  # 0001 ×3, 0002 ×1
    assert not list(tmp_path.glob(".*partial"))


def test_sqlite_backup_while_a_write_is_open_is_consistent(sqlite_url, small_web, make_result, tmp_path):
    with Store.open(sqlite_url) as store:
        store.import_register(make_result(small_web), kommun="0001")
        writer = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO registers (kommun, created_at) VALUES ('9999', '2026-01-01')")
            path = store.backup(tmp_path / "mitt-i.db")  # an uncommitted write is going on
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT kommun FROM registers").fetchall() == [("0001",)]


def test_backup_from_sqlite_restores_into_either_backend(store, sqlite_url, small_web, make_result, tmp_path):
    source_url = sqlite_url.replace("samverkansvav.db", "source.db")
    with Store.open(source_url) as source:
        source.import_register(make_result(small_web), kommun="0001")
        path = source.backup(tmp_path / "fran-sqlite.db")
        before = _state(source)
    store.restore_backup(path)
    _assert_same_state(_state(store), before)


@pytest.mark.parametrize(
    "content", [b"", b"not a backup", b'{"format": "annat"}', b"SQLite format 3\x00garbage"]
)
def test_bad_backup_is_refused_and_nothing_changes(filled, tmp_path, content):
    before = filled.counts()
    path = tmp_path / "trasig.bak"
    path.write_bytes(content)
    with pytest.raises(BackupError):
        filled.restore_backup(path)
    assert filled.counts() == before


def test_backup_with_a_missing_version_is_refused(filled, tmp_path):
    import json

    path = filled.backup(tmp_path / "k.json", fmt="json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tables"]["versions"] = data["tables"]["versions"][1:]
    path.write_text(json.dumps(data), encoding="utf-8")
    before = filled.counts()
    with pytest.raises(BackupError):
        filled.restore_backup(path)
    assert filled.counts() == before


def test_missing_backup_file(filled, tmp_path):
    with pytest.raises(BackupError):
        filled.restore_backup(tmp_path / "finns-inte.db")
