"""Crashes and concurrency: a killed import leaves the old state; imports queue or say "busy".

These start real ``python`` processes (see ``CHILD_IMPORT`` in conftest.py). The
child pauses inside its transaction when ``SAMVERKANSVAV_TEST_PAUSE_IN_IMPORT`` is
set, after writing half of its arrangement rows, and says so on stderr, so the
test acts at a known point instead of guessing with sleeps.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading

import pytest
import sqlalchemy as sa

from samverkansvav.store import Store, StoreBusy
from samverkansvav.store.store import PAUSE_ENV, PAUSE_MARK


def _wait_for_pause(proc) -> None:
    for line in proc.stderr:
        if PAUSE_MARK in line:
            return
    proc.wait(timeout=30)
    pytest.fail(f"child ended without pausing (rc={proc.returncode}): {proc.stderr.read()}")


def _consistent(store) -> None:
    """Every version has exactly the rows it claims (no half-written version)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT v.n_arrangements, (SELECT count(*) FROM arrangements a WHERE a.version_id = v.id),"
                " v.n_memberships, (SELECT count(*) FROM memberships m WHERE m.version_id = v.id)"
                " FROM versions v"
            )
        ).fetchall()
    for claimed_a, actual_a, claimed_m, actual_m in rows:
        assert (claimed_a, claimed_m) == (actual_a, actual_m)


@pytest.mark.slow
def test_killed_import_leaves_the_old_state(db_url, big_spec, import_process, small_web, make_result):
    with Store.open(db_url) as store:
        store.import_register(make_result(small_web), kommun="0001")
        before = store.counts()
    proc = import_process(big_spec(db_url, "0001", n=400, tag="kill"), env={PAUSE_ENV: "120"})
    _wait_for_pause(proc)  # 200 of 400 arrangement rows are written, not committed
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL

    with Store.open(db_url) as store:
        assert store.counts() == before
        assert [v.version_no for v in store.history("0001")] == [1]
        _consistent(store)
        # and the next import is not blocked by a leftover lock
        again = store.import_register(make_result(small_web, name="ny.xlsx", reporter="x"), kommun="0002")
        assert again.version_no == 1


@pytest.mark.slow
def test_two_concurrent_import_processes_queue(db_url, big_spec, import_process):
    with Store.open(db_url):
        pass  # migrate first, so both children only import
    # The pause (3 s) outlasts the second child's start-up (~1-2 s), so the second
    # reaches its transaction while the first still holds the lock, and is shorter
    # than busy_timeout (5 s), so it normally waits and succeeds.
    first = import_process(big_spec(db_url, "0001", n=300, tag="first"), env={PAUSE_ENV: "3"})
    _wait_for_pause(first)  # first holds the write lock now
    second = import_process(big_spec(db_url, "0001", n=300, tag="second"))
    out_first, err_first = first.communicate(timeout=120)
    out_second, err_second = second.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (0, 0), err_first + err_second
    # the first took version 1; the second waited for it (→ 2) or was told to try again
    assert out_first.split() == ["1"]
    assert out_second.split() in (["2"], ["BUSY"])
    with Store.open(db_url) as store:
        versions = store.history("0001")
        assert [v.file_name for v in reversed(versions)] == (
            ["first.xlsx", "second.xlsx"] if out_second.split() == ["2"] else ["first.xlsx"]
        )
        _consistent(store)


def test_concurrent_imports_from_threads_get_distinct_versions(db_url, make_web, make_result):
    with Store.open(db_url):
        pass
    outcomes: list[object] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        web = make_web([{"id": f"t{i}", "name": f"T{i}", "form": "informell"}], {f"t{i}": "12"})
        with Store.open(db_url) as own:
            try:
                outcome: object = own.import_register(
                    make_result(web, name=f"t{i}.xlsx"), kommun="0001"
                ).version_no
            except StoreBusy:
                outcome = "busy"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    numbers = sorted(o for o in outcomes if o != "busy")
    assert len(outcomes) == 4
    assert numbers == list(range(1, len(numbers) + 1))  # distinct, no gaps
    with Store.open(db_url) as store:
        assert len(store.history("0001")) == len(numbers)
        _consistent(store)


def test_held_lock_gives_store_busy_not_a_crash(db_url, small_web, make_web, make_result):
    with Store.open(db_url) as store:
        store.import_register(make_result(small_web), kommun="0001")
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    blocker = engine.connect()
    try:
        if engine.dialect.name == "sqlite":
            raw = blocker.connection.driver_connection
            raw.isolation_level = None
            raw.execute("BEGIN IMMEDIATE")
        else:
            blocker.execute(sa.text("SELECT kommun FROM registers WHERE kommun = '0001' FOR UPDATE"))
        with Store.open(db_url, busy_timeout_s=0.2, retry_attempts=2) as store:
            other = make_web([{"id": "ny", "name": "Ny", "form": "informell"}], {"ny": "12"})
            with pytest.raises(StoreBusy) as caught:
                store.import_register(make_result(other), kommun="0001")
            assert caught.value.message == "Databasen är upptagen, försök igen om en stund."
    finally:
        blocker.rollback() if engine.dialect.name != "sqlite" else raw.execute("ROLLBACK")
        blocker.close()
        engine.dispose()
    with Store.open(db_url) as store:
        assert [v.version_no for v in store.history("0001")] == [1]


def test_sqlite_writes_begin_immediate_and_reads_deferred(sqlite_url, small_web, make_result):
    with Store.open(sqlite_url) as store:
        seen: list[str] = []
        sa.event.listen(
            store.engine, "before_cursor_execute", lambda conn, cursor, statement, *a: seen.append(statement)
        )
        store.import_register(make_result(small_web), kommun="0001")
        assert seen[0] == "BEGIN IMMEDIATE"
        seen.clear()
        store.history("0001")
        assert seen[0] == "BEGIN DEFERRED"


def test_sqlite_pragmas(sqlite_url):
    with Store.open(sqlite_url) as store:
        with store.engine.connect() as conn:
            pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") >= 5000
            assert pragma("synchronous") == 2  # FULL


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sa.exc.IntegrityError):
        with store.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO arrangements (version_id, position, id) VALUES (999, 0, 'x')"))


def test_sqlite_file_not_a_database_is_an_error(tmp_path):
    path = tmp_path / "inte.db"
    path.write_bytes(b"hello, this is not sqlite" * 100)
    with pytest.raises(sa.exc.DatabaseError):
        Store.open(f"sqlite:///{path}")
    assert sqlite3.sqlite_version_info >= (3, 35)  # RETURNING, used by inserts


def test_stores_opened_at_once_on_a_new_database_migrate_once(db_url):
    errors: list[BaseException] = []

    def open_and_close() -> None:
        try:
            Store.open(db_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_close) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == ["0002"]
    engine.dispose()


def test_read_only_database_gives_a_message_and_keeps_data(sqlite_url, small_web, make_web, make_result):
    from samverkansvav.store import WriteFailed

    with Store.open(sqlite_url) as store:
        store.import_register(make_result(small_web), kommun="0001")
    path = sqlite_url.removeprefix("sqlite:///")
    # mode=ro makes SQLite refuse writes even for root (file permissions would not)
    with Store.open(f"sqlite:///file:{path}?mode=ro&uri=true") as read_only:
        assert [v.version_no for v in read_only.history("0001")] == [1]
        other = make_web([{"id": "ny", "name": "Ny", "form": "informell"}], {"ny": "12"})
        with pytest.raises(WriteFailed) as caught:
            read_only.import_register(make_result(other), kommun="0001")
        assert "Inget ändrades" in caught.value.message
    with Store.open(sqlite_url) as store:
        assert store.counts() == {"registers": 1, "versions": 1, "arrangements": 5, "memberships": 12}
