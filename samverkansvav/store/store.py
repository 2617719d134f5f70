"""The store: every municipality's uploaded registers, as versions that are never overwritten.

Promises:

- An import is one transaction. A register with errors writes nothing; a crash or
  ``kill -9`` mid-import leaves the previous state (SQLite's journal / PostgreSQL's
  WAL roll the open transaction back).
- Version numbers are assigned under a lock: ``BEGIN IMMEDIATE`` on SQLite (one
  writer at a time), ``SELECT ... FOR UPDATE`` on the register's row in
  ``registers`` on PostgreSQL. A second concurrent import waits its turn; if the
  wait exceeds ``busy_timeout`` plus a few retries it gets :class:`StoreBusy`
  ("try again"), never a half-written version.
- The same file again (same SHA-256 as the register's latest version) is not
  stored twice: ``import_register`` returns that version with ``duplicate=True``.
  A file equal to an *older* version is stored as a new version, so the version
  it replaces stays restorable.
- A municipality's register is stored under its kommunkod, an administrator's
  regional register under its region's code ("R20"), so a regional register
  never replaces a municipality's version (:mod:`~samverkansvav.store.registers`).
- Undo (:meth:`Store.restore`) copies an old version's rows into a new version.
- :meth:`Store.backup` writes a consistent copy while the application runs and
  :meth:`Store.restore_backup` reads it back (:mod:`~samverkansvav.store.backup`).

The store only stores: the regional dataset (stored registers merged, plus the
demo data) is assembled by :mod:`samverkansvav.dataset`.

Test-only hook: when the environment variable ``SAMVERKANSVAV_TEST_PAUSE_IN_IMPORT``
holds a number of seconds, an import writes half of its arrangement rows, prints
``SAMVERKANSVAV_TEST_PAUSED`` on stderr and sleeps that long inside the open
transaction, so a test can kill the process mid-import.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS, CooperationWeb
from samverkansvav.store import schema
from samverkansvav.store.backup import BACKUP_FORMAT, BackupError
from samverkansvav.store.db import (
    DEFAULT_BUSY_TIMEOUT_S,
    StoreError,
    default_url,
    make_engine,
    retry_busy,
)
from samverkansvav.store.diff import Preview, diff_webs, find_conflicts
from samverkansvav.store.registers import check_code_for_scope, register_name
from samverkansvav.store.versions import (
    NotOwnRegister,
    RegisterHasErrors,
    RegisterLike,
    Version,
    VersionNotFound,
    WriteFailed,
    bump_generation,
    clean_code,
    find_version,
    first_uploads,
    insert_version,
    json_default,
    latest_versions,
    not_found,
    now,
    web_of,
)
from samverkansvav.store.versions import history as versions_of

__all__ = [
    "Store",
    "Version",
    "RegisterLike",
    "RegisterHasErrors",
    "NotOwnRegister",
    "VersionNotFound",
    "BackupError",
    "WriteFailed",
    "BACKUP_FORMAT",
    "PAUSE_ENV",
    "alembic_config",
]

PAUSE_ENV = "SAMVERKANSVAV_TEST_PAUSE_IN_IMPORT"
PAUSE_MARK = "SAMVERKANSVAV_TEST_PAUSED"
#: Rows per INSERT batch (also the granularity of progress reports).
_CHUNK = 500
#: Key of the PostgreSQL advisory lock held while migrating.
_MIGRATION_LOCK_KEY = 0x5A4D5631  # arbitrary, fixed

T = TypeVar("T")


def _test_pause() -> None:
    raw = os.environ.get(PAUSE_ENV)
    if not raw:
        return
    print(PAUSE_MARK, file=sys.stderr, flush=True)
    time.sleep(float(raw))


def alembic_config():  # noqa: ANN201 - alembic is imported lazily
    """The Alembic config of the store's migrations (no ``alembic.ini`` needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    return cfg


# ------------------------------------------------------------------- store
class Store:
    """Versions of registers (municipalities' own and regional ones) in SQLite or PostgreSQL.

    Open with :meth:`open` (or :meth:`from_config`); use as a context manager or
    call :meth:`close`.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp, Store.open(data_dir=tmp) as store:
    ...     store.kommuner(), store.dialect
    ([], 'sqlite')
    """

    def __init__(
        self,
        engine: Engine,
        *,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        retry_attempts: int = 4,
    ) -> None:
        self.engine = engine
        self.busy_timeout_s = busy_timeout_s
        self.retry_attempts = retry_attempts

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        data_dir: str | Path = Path("instance"),
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        retry_attempts: int = 4,
    ) -> Store:
        """Connect and bring the schema up to date (Alembic, under a lock).

        ``url`` None means the SQLite file ``data_dir/samverkansvav.db``;
        ``postgresql+psycopg://user@host/db`` (or plain ``postgresql://``) uses
        PostgreSQL. ``busy_timeout_s`` is how long one attempt waits for another
        writer (SQLite ``busy_timeout``, PostgreSQL ``lock_timeout``);
        ``retry_attempts`` how many attempts before :class:`StoreBusy`.
        """
        engine = make_engine(url or default_url(data_dir), busy_timeout_s=busy_timeout_s)
        store = cls(engine, busy_timeout_s=busy_timeout_s, retry_attempts=retry_attempts)
        try:
            store._retry(store._migrate)
        except BaseException:
            engine.dispose()
            raise
        return store

    @classmethod
    def from_config(cls, config: Any = None) -> Store:
        """Open the database named by the settings ``database_url`` / ``data_dir``."""
        if config is None:
            from samverkansvav.config import load_config

            config = load_config()
        return cls.open(config.database_url, data_dir=Path(config.data_dir))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    def _migrate(self) -> None:
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = alembic_config()
        heads = set(ScriptDirectory.from_config(cfg).get_heads())
        # Check without the write lock first: opening a store while an import
        # runs must not queue behind it.
        with self._begin(write=False) as conn:
            if set(MigrationContext.configure(conn).get_current_heads()) == heads:
                return
        with self._begin(write=True) as conn:
            if self.dialect == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    # ---------------------------------------------------------- transactions
    def _begin(self, *, write: bool) -> _Txn:
        return _Txn(self, write=write)

    def _retry(self, action: Callable[[], T]) -> T:
        return retry_busy(action, attempts=self.retry_attempts)

    def _write(self, action: Callable[[Connection], T]) -> T:
        def attempt() -> T:
            with self._begin(write=True) as conn:
                return action(conn)

        try:
            return self._retry(attempt)
        except sa.exc.OperationalError as exc:
            # Read-only file, disk full, I/O error: the transaction was rolled
            # back, so the old data is intact; say so instead of a traceback.
            raise WriteFailed(
                "Databasen kunde inte skrivas (skrivskyddad, full disk eller I/O-fel). Inget ändrades."
            ) from exc

    def _read(self, action: Callable[[Connection], T]) -> T:
        def attempt() -> T:
            with self._begin(write=False) as conn:
                return action(conn)

        return self._retry(attempt)

    # --------------------------------------------------------------- reading
    def kommuner(self) -> list[str]:
        """Municipalities with at least one stored version, sorted."""
        query = sa.select(schema.registers.c.kommun).order_by(schema.registers.c.kommun)
        return self._read(lambda conn: [r[0] for r in conn.execute(query)])

    def history(self, kommun: str) -> list[Version]:
        """Every version of ``kommun``'s register, newest first (empty when none)."""
        kommun = clean_code(kommun)
        return self._read(lambda conn: versions_of(conn, kommun))

    def version(self, kommun: str, version_no: int | None = None) -> Version:
        """One version (the latest when ``version_no`` is None)."""
        kommun = clean_code(kommun)
        found = self._read(lambda conn: find_version(conn, kommun, version_no))
        if found is None:
            raise not_found(kommun, version_no)
        return found

    def version_web(
        self, kommun: str, version_no: int | None = None, *, parties: pd.DataFrame | None = None
    ) -> CooperationWeb:
        """The rows of one version (default the latest) as a web."""
        kommun = clean_code(kommun)

        def read(conn: Connection) -> CooperationWeb:
            found = find_version(conn, kommun, version_no)
            if found is None:
                raise not_found(kommun, version_no)
            return web_of(conn, found, parties=parties)

        return self._read(read)

    def counts(self) -> dict[str, int]:
        """Rows per table (for checks that nothing was written)."""

        def read(conn: Connection) -> dict[str, int]:
            return {
                t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for t in schema.DATA_TABLES
            }

        return self._read(read)

    def generation(self) -> int:
        """A number that grows with every stored change (0 before the first).

        One indexed one-row read: cheap enough for every worker to ask a few
        times a second whether its dataset is still the newest.
        """
        table = schema.store_state
        query = sa.select(table.c.generation).where(table.c.id == 1)
        return self._read(lambda conn: int(conn.execute(query).scalar() or 0))

    def latest_registers(self, parties: pd.DataFrame | None = None) -> list[tuple[Version, CooperationWeb]]:
        """Every register's latest version with its rows, in the order the registers were first stored.

        Read in one transaction, so the versions belong together. The order is
        the one the regional merge needs: a register stored later never
        overturns what an earlier one stated (:mod:`samverkansvav.dataset`).
        """

        def read(conn: Connection) -> list[tuple[Version, CooperationWeb]]:
            first = first_uploads(conn)
            latest = latest_versions(conn)
            latest.sort(key=lambda v: (first.get(v.kommun) or v.created_at, v.kommun))
            return [(v, web_of(conn, v, parties=parties)) for v in latest]

        return self._read(read)

    def preview(self, result: RegisterLike, *, kommun: str, scope: str | None = None) -> Preview:
        """What storing ``result`` as ``kommun``'s next version would change.

        Raises :class:`RegisterHasErrors` for a register with errors (there is
        nothing to preview: it will not be stored). With ``scope`` the preview's
        ``authority`` lists what the authority rule says (see :meth:`import_register`).
        """
        kommun = clean_code(kommun)
        check_code_for_scope(kommun, scope)
        web = self._checked_web(result)
        authority: tuple = ()
        if scope is not None:
            from samverkansvav.ingest.authority import authority_issues

            regional = scope == "regional"
            authority = tuple(
                authority_issues(
                    web,
                    kommun,
                    regional=regional,
                    file_name=result.file_name,
                    # A regional register is named by its region ("Region Dalarna"), not its code.
                    label=register_name if regional else str,
                )
            )

        def read(conn: Connection) -> Preview:
            latest = {v.kommun: v for v in latest_versions(conn)}
            own = latest.pop(kommun, None)
            old_web = web_of(conn, own) if own is not None else None
            others = {k: (v.version_no, web_of(conn, v)) for k, v in latest.items()}
            new, changed, removed, unchanged = diff_webs(web, old_web)
            return Preview(
                kommun=kommun,
                base_version_no=own.version_no if own else None,
                new=new,
                changed=changed,
                removed=removed,
                conflicts=find_conflicts(web, others),
                duplicate_of=own.version_no if own and own.sha256 == result.sha256 else None,
                unchanged=unchanged,
                authority=authority,
            )

        return self._read(read)

    # --------------------------------------------------------------- writing
    def import_register(
        self,
        result: RegisterLike,
        *,
        kommun: str,
        user: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        scope: str | None = None,
    ) -> Version:
        """Store ``result`` as ``kommun``'s next version, all or nothing.

        Raises :class:`RegisterHasErrors` (nothing written) when the register has
        errors, :class:`StoreBusy` when other imports hold the database too long.
        Returns the existing latest version with ``duplicate=True`` when the file
        is identical to it (same SHA-256). ``progress(done, total)`` is called as
        rows are written.

        ``scope="kommun"`` (a municipality account's upload) applies the authority
        rule: rows that do not include ``kommun``, or name another reporting
        municipality, raise :class:`NotOwnRegister` and nothing is written.
        ``scope="regional"`` (an administrator's register) stores them, marked as
        regional. ``None`` (command line, tests) stores without the check; the
        regional merge treats such a version as the municipality's own.
        """
        kommun = clean_code(kommun)
        if scope not in (None, *schema.SCOPES):
            raise StoreError(f"Okänt omfång för ett register: {scope}.")
        check_code_for_scope(kommun, scope)
        web = self._checked_web(result)
        if scope == "kommun":
            from samverkansvav.ingest.authority import authority_issues

            found = authority_issues(web, kommun, file_name=result.file_name)
            if found.has_errors:
                raise NotOwnRegister(
                    f"Registret {result.file_name} har inte sparats: "
                    + " ".join(i.message for i in found.errors),
                    found,
                )
        arr_rows = schema.frame_to_rows(web.arrangements, ARRANGEMENT_COLUMNS, version_id=0)
        mem_rows = schema.frame_to_rows(web.memberships, MEMBERSHIP_COLUMNS, version_id=0)
        report = json.loads(json.dumps(result.report.as_records(), default=json_default))

        def write(conn: Connection) -> Version:
            self._lock_register(conn, kommun)
            latest = find_version(conn, kommun, None)
            if latest is not None and latest.sha256 == result.sha256:
                return replace(latest, duplicate=True)
            version_id = insert_version(
                conn,
                kommun=kommun,
                version_no=(latest.version_no if latest else 0) + 1,
                user=user,
                file_name=result.file_name,
                sha256=result.sha256,
                kind="upload",
                restored_from=None,
                n_arrangements=len(arr_rows),
                n_memberships=len(mem_rows),
                report=report,
                scope=scope,
            )
            bump_generation(conn)
            total = len(arr_rows) + len(mem_rows)
            done = 0

            def insert(table: sa.Table, rows: list[dict[str, Any]]) -> None:
                nonlocal done
                for chunk in _iter_chunks(rows, _CHUNK):
                    conn.execute(table.insert(), [{**r, "version_id": version_id} for r in chunk])
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)

            half = len(arr_rows) // 2
            insert(schema.arrangements, arr_rows[:half])
            _test_pause()  # test-only: see the module docstring
            insert(schema.arrangements, arr_rows[half:])
            insert(schema.memberships, mem_rows)
            return find_version(conn, kommun, None)  # type: ignore[return-value]

        return self._write(write)

    def restore(self, kommun: str, version_no: int, *, user: str | None = None) -> Version:
        """Make version ``version_no`` current again, as a new version (undo).

        The new version copies the old one's rows, file name, SHA-256 and report;
        ``kind`` is ``"restore"`` and ``restored_from`` the copied version_no.
        """
        kommun = clean_code(kommun)

        def write(conn: Connection) -> Version:
            self._lock_register(conn, kommun)
            source = find_version(conn, kommun, int(version_no))
            if source is None:
                raise not_found(kommun, version_no)
            latest = find_version(conn, kommun, None)
            assert latest is not None  # source exists, so a latest does
            new_id = insert_version(
                conn,
                kommun=kommun,
                version_no=latest.version_no + 1,
                user=user,
                file_name=source.file_name,
                sha256=source.sha256,
                kind="restore",
                restored_from=source.version_no,
                n_arrangements=source.n_arrangements,
                n_memberships=source.n_memberships,
                report=source.report.as_records(),
                scope=source.scope,
            )
            bump_generation(conn)
            for table in (schema.arrangements, schema.memberships):
                columns = [c.name for c in table.columns if c.name != "version_id"]
                copied = sa.select(sa.literal(new_id, sa.Integer), *[table.c[c] for c in columns]).where(
                    table.c.version_id == source.id
                )
                conn.execute(table.insert().from_select(["version_id", *columns], copied))
            return find_version(conn, kommun, None)  # type: ignore[return-value]

        return self._write(write)

    # --------------------------------------------------------------- backups
    def backup(self, path: str | Path, *, fmt: str | None = None) -> Path:
        """Write a consistent copy of the whole database to ``path``; returns it.

        ``fmt`` ``"sqlite"`` (default on SQLite: SQLite's online backup API, a
        ready-to-open database file) or ``"json"`` (default on PostgreSQL, allowed
        on both). See :func:`samverkansvav.store.backup.write_backup`.
        """
        from samverkansvav.store.backup import write_backup

        return write_backup(self, path, fmt=fmt)

    def restore_backup(self, path: str | Path) -> dict[str, int]:
        """Replace the whole content of this database by the backup at ``path``.

        Accepts both formats of :meth:`backup` from either backend; the backup is
        checked completely before anything changes, and the replacement is one
        transaction. Returns the row counts after the restore.
        """
        from samverkansvav.store.backup import restore_backup

        return restore_backup(self, path)

    # -------------------------------------------------------------- internal
    @staticmethod
    def _checked_web(result: RegisterLike) -> CooperationWeb:
        report = result.report
        if (report is not None and report.has_errors) or result.web is None:
            n = len(report.errors) if report is not None else 0
            raise RegisterHasErrors(
                f"Registret {result.file_name} har {n} fel och har inte sparats. "
                "Rätta felen i rapporten och ladda upp filen igen."
            )
        return result.web

    def _lock_register(self, conn: Connection, kommun: str) -> None:
        """Create the register's row if needed and lock it until commit."""
        table = schema.registers
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        conn.execute(
            insert(table)
            .values(kommun=kommun, created_at=now())
            .on_conflict_do_nothing(index_elements=["kommun"])
        )
        # On SQLite BEGIN IMMEDIATE already excludes other writers.
        if self.dialect == "postgresql":
            conn.execute(sa.select(table.c.kommun).where(table.c.kommun == kommun).with_for_update())


class _Txn:
    """Connection + transaction; on SQLite a writing one starts ``BEGIN IMMEDIATE``."""

    def __init__(self, store: Store, *, write: bool) -> None:
        self.store = store
        self.write = write

    def __enter__(self) -> Connection:
        self.conn = self.store.engine.connect()
        try:
            if self.write and self.store.dialect == "sqlite":
                self.conn = self.conn.execution_options(sqlite_begin="IMMEDIATE")
            self.txn = self.conn.begin()
            if self.write and self.store.dialect == "postgresql":
                # Wait for a competing import's row lock like SQLite's
                # busy_timeout: long enough for a normal import, not for ever.
                timeout_ms = max(1, int(self.store.busy_timeout_s * 1000))
                self.conn.exec_driver_sql(f"SET LOCAL lock_timeout = {timeout_ms}")
        except BaseException:
            self.conn.close()
            raise
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:  # noqa: ANN001
        try:
            if exc_type is None:
                self.txn.commit()
            else:
                self.txn.rollback()
        finally:
            self.conn.close()


def _iter_chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
