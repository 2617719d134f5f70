"""The store: every municipality's uploaded registers, as versions that are never overwritten.

Promises:

- An import is one transaction. A register with errors writes nothing; a crash or
  ``kill -9`` mid-import leaves the previous state (SQLite's journal / PostgreSQL's
  WAL roll the open transaction back).
- Version numbers are assigned under a lock: ``BEGIN IMMEDIATE`` on SQLite (one
  writer at a time), ``SELECT ... FOR UPDATE`` on the municipality's row in
  ``registers`` on PostgreSQL. A second concurrent import waits its turn; if the
  wait exceeds ``busy_timeout`` plus a few retries it gets :class:`StoreBusy`
  ("try again"), never a half-written version.
- The same file again (same SHA-256 as the municipality's latest version) is not
  stored twice: ``import_register`` returns that version with ``duplicate=True``.
  A file equal to an *older* version is stored as a new version, so the version
  it replaces stays restorable.
- Undo (:meth:`Store.restore`) copies an old version's rows into a new version.
- :meth:`Store.backup` writes a consistent copy while the application runs
  (SQLite backup API; PostgreSQL, or on request SQLite: a JSON dump of every
  table), and :meth:`Store.restore_backup` reads either format back.

Test-only hook: when the environment variable ``SAMVERKANSVAV_TEST_PAUSE_IN_IMPORT``
holds a number of seconds, an import writes half of its arrangement rows, prints
``SAMVERKANSVAV_TEST_PAUSED`` on stderr and sleeps that long inside the open
transaction, so a test can kill the process mid-import.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS, CooperationWeb
from samverkansvav.report import Issue, Report
from samverkansvav.store import schema
from samverkansvav.store.db import (
    DEFAULT_BUSY_TIMEOUT_S,
    StoreError,
    default_url,
    make_engine,
    retry_busy,
)
from samverkansvav.store.diff import Preview, add_demo, diff_webs, find_conflicts

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
#: Name and version of the JSON backup format.
BACKUP_FORMAT = ("samverkansvav-backup", 1)
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GZIP_MAGIC = b"\x1f\x8b"
#: Rows per INSERT batch (also the granularity of progress reports).
_CHUNK = 500
#: Key of the PostgreSQL advisory lock held while migrating.
_MIGRATION_LOCK_KEY = 0x5A4D5631  # arbitrary, fixed

T = TypeVar("T")


class RegisterHasErrors(StoreError):
    """The register has errors; nothing was stored."""


class VersionNotFound(StoreError):
    """No such version of that municipality's register."""


class WriteFailed(StoreError):
    """The database refused the write; it was rolled back and nothing changed."""


class BackupError(StoreError):
    """A backup cannot be written or read; the database was not changed."""


class NotOwnRegister(RegisterHasErrors):
    """A municipality's register describes what only others may say; nothing was stored.

    ``report`` holds the findings of :func:`samverkansvav.ingest.authority.authority_issues`.
    """

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report


class RegisterLike(Protocol):
    """What the store needs from :class:`samverkansvav.ingest.RegisterResult`."""

    file_name: str
    sha256: str
    reporter: str | None
    report: Report
    web: CooperationWeb | None


@dataclass(frozen=True)
class Version:
    """One stored version of a municipality's register.

    ``duplicate`` is True only on the value returned by an import that found the
    same file already stored as the latest version (nothing new was written).
    """

    id: int
    kommun: str
    version_no: int
    created_at: dt.datetime
    user: str | None
    file_name: str
    sha256: str
    kind: str
    restored_from: int | None
    n_arrangements: int
    n_memberships: int
    report: Report
    duplicate: bool = False
    #: "kommun" (checked: the register speaks for ``kommun`` only), "regional" (an
    #: administrator's) or ``None`` (stored unchecked: command line, before 0002).
    scope: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; ``report`` as a list of issue records."""
        return {
            "id": self.id,
            "kommun": self.kommun,
            "version_no": self.version_no,
            "created_at": self.created_at.isoformat(),
            "user": self.user,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "kind": self.kind,
            "restored_from": self.restored_from,
            "n_arrangements": self.n_arrangements,
            "n_memberships": self.n_memberships,
            "report": self.report.as_records(),
            "duplicate": self.duplicate,
            "scope": self.scope,
        }


# ----------------------------------------------------------------- helpers
def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back; everything written is UTC.
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _report_from_records(records: Any) -> Report:
    if isinstance(records, str):  # some drivers hand JSON back as text
        records = json.loads(records)
    fields = set(Issue.__dataclass_fields__)
    return Report([Issue(**{k: v for k, v in r.items() if k in fields}) for r in records or []])


def _version_from_row(row: Any) -> Version:
    m = row._mapping
    return Version(
        id=int(m["id"]),
        kommun=m["kommun"],
        version_no=int(m["version_no"]),
        created_at=_utc(m["created_at"]),
        user=m["user_name"],
        file_name=m["file_name"],
        sha256=m["sha256"],
        kind=m["kind"],
        restored_from=m["restored_from"],
        n_arrangements=int(m["n_arrangements"]),
        n_memberships=int(m["n_memberships"]),
        report=_report_from_records(m["report"]),
        scope=m.get("scope"),
    )


def _clean_kommun(kommun: str) -> str:
    text = str(kommun or "").strip()
    if not text:
        raise StoreError("Ange vilken kommuns register det gäller.")
    return text


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


def _damaged(path: Path) -> str:
    return f"Säkerhetskopian {path.name} är skadad eller ofullständig."


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _from_json_value(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, sa.DateTime):
        return _utc(dt.datetime.fromisoformat(value))
    if isinstance(column.type, sa.Date):
        return dt.date.fromisoformat(value)
    return value


# ------------------------------------------------------------------- store
class Store:
    """Versions of municipalities' registers in SQLite or PostgreSQL.

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
        kommun = _clean_kommun(kommun)
        v = schema.versions
        query = sa.select(v).where(v.c.kommun == kommun).order_by(v.c.version_no.desc())
        return self._read(lambda conn: [_version_from_row(r) for r in conn.execute(query)])

    def version(self, kommun: str, version_no: int | None = None) -> Version:
        """One version (the latest when ``version_no`` is None)."""
        kommun = _clean_kommun(kommun)
        found = self._read(lambda conn: self._find_version(conn, kommun, version_no))
        if found is None:
            raise self._not_found(kommun, version_no)
        return found

    def version_web(
        self, kommun: str, version_no: int | None = None, *, parties: pd.DataFrame | None = None
    ) -> CooperationWeb:
        """The rows of one version (default the latest) as a web."""
        kommun = _clean_kommun(kommun)

        def read(conn: Connection) -> CooperationWeb:
            found = self._find_version(conn, kommun, version_no)
            if found is None:
                raise self._not_found(kommun, version_no)
            return self._web_of(conn, found, parties=parties)

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

    def current(
        self,
        parties: pd.DataFrame | None,
        *,
        include_demo: bool = True,
        demo_web: CooperationWeb | None = None,
    ) -> tuple[CooperationWeb, Report]:
        """The regional dataset and the report of conflicts found while merging it.

        See :meth:`current_merged` (which also gives the disagreements).
        """
        merged = self.current_merged(parties, include_demo=include_demo, demo_web=demo_web)
        return merged.web, merged.report

    def current_merged(
        self,
        parties: pd.DataFrame | None,
        *,
        include_demo: bool = True,
        demo_web: CooperationWeb | None = None,
    ):  # -> samverkansvav.ingest.merge.Merged
        """The regional dataset, its merge report and the disagreements between registers.

        Every municipality's latest version is merged with
        :func:`samverkansvav.ingest.merge.merge_registers` under the authority
        rule: a municipality's checked version (``scope="kommun"``) speaks for
        that municipality only; a regional or unchecked version states claims,
        which never override what a municipality says about itself. Registers are taken in
        the order the municipalities first uploaded, so where registers disagree
        on a detail a later upload never overturns what was stated first. The
        demo data (``demo_web``, default :func:`samverkansvav.demo.load_demo_web`)
        then adds the arrangements no register describes; it never overrides a
        register.
        """
        from samverkansvav.ingest import RegisterResult
        from samverkansvav.ingest.merge import Merged, merge_registers

        def read(conn: Connection) -> list[tuple[Version, CooperationWeb]]:
            first = dict(
                conn.execute(sa.select(schema.registers.c.kommun, schema.registers.c.created_at)).all()
            )
            latest = self._latest_versions(conn)
            latest.sort(key=lambda v: (_utc(first.get(v.kommun) or v.created_at), v.kommun))
            return [(v, self._web_of(conn, v, parties=parties)) for v in latest]

        results, speakers = [], []
        for version, web in self._read(read):
            arr = web.arrangements.copy()
            reported = arr["reported_by"]
            arr["reported_by"] = reported.where(reported.notna(), version.kommun)
            web = CooperationWeb(web.parties, arr, web.memberships, web.sources)
            regional = version.scope == "regional"
            label = "regionalt register, " if regional else ""
            results.append(
                RegisterResult(
                    file_name=f"{version.file_name} ({label}{version.kommun} v{version.version_no})",
                    sha256=version.sha256,
                    reporter=version.kommun,
                    report=Report(),
                    web=web,
                )
            )
            # Only a checked municipality's version speaks with its authority; a regional
            # or unchecked one states claims that never override a municipality's own.
            speakers.append(version.kommun if version.scope == "kommun" else None)
        merged = merge_registers(results, parties=parties, speakers=speakers)
        web = merged.web
        if parties is not None:
            web = web.with_parties(parties)
        if include_demo:
            if demo_web is None:
                from samverkansvav.demo import load_demo_web

                demo_web = load_demo_web(parties)
            web = add_demo(web, demo_web)
        return Merged(web, merged.report, merged.disagreements)

    def current_web(
        self,
        parties: pd.DataFrame | None,
        *,
        include_demo: bool = True,
        demo_web: CooperationWeb | None = None,
    ) -> CooperationWeb:
        """The regional dataset (see :meth:`current`) without the merge report."""
        return self.current(parties, include_demo=include_demo, demo_web=demo_web)[0]

    def preview(self, result: RegisterLike, *, kommun: str, scope: str | None = None) -> Preview:
        """What storing ``result`` as ``kommun``'s next version would change.

        Raises :class:`RegisterHasErrors` for a register with errors (there is
        nothing to preview: it will not be stored). With ``scope`` the preview's
        ``authority`` lists what the authority rule says (see :meth:`import_register`).
        """
        kommun = _clean_kommun(kommun)
        web = self._checked_web(result)
        authority: tuple = ()
        if scope is not None:
            from samverkansvav.ingest.authority import authority_issues

            authority = tuple(
                authority_issues(web, kommun, regional=scope == "regional", file_name=result.file_name)
            )

        def read(conn: Connection) -> Preview:
            latest = {v.kommun: v for v in self._latest_versions(conn)}
            own = latest.pop(kommun, None)
            old_web = self._web_of(conn, own) if own is not None else None
            others = {k: (v.version_no, self._web_of(conn, v)) for k, v in latest.items()}
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
        kommun = _clean_kommun(kommun)
        web = self._checked_web(result)
        if scope not in (None, *schema.SCOPES):
            raise StoreError(f"Okänt omfång för ett register: {scope}.")
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
        report = json.loads(json.dumps(result.report.as_records(), default=_json_default))

        def write(conn: Connection) -> Version:
            self._lock_register(conn, kommun)
            latest = self._find_version(conn, kommun, None)
            if latest is not None and latest.sha256 == result.sha256:
                return replace(latest, duplicate=True)
            version_id = self._insert_version(
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
            _bump_generation(conn)
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
            return self._find_version(conn, kommun, None)  # type: ignore[return-value]

        return self._write(write)

    def restore(self, kommun: str, version_no: int, *, user: str | None = None) -> Version:
        """Make version ``version_no`` current again, as a new version (undo).

        The new version copies the old one's rows, file name, SHA-256 and report;
        ``kind`` is ``"restore"`` and ``restored_from`` the copied version_no.
        """
        kommun = _clean_kommun(kommun)

        def write(conn: Connection) -> Version:
            self._lock_register(conn, kommun)
            source = self._find_version(conn, kommun, int(version_no))
            if source is None:
                raise self._not_found(kommun, version_no)
            latest = self._find_version(conn, kommun, None)
            assert latest is not None  # source exists, so a latest does
            new_id = self._insert_version(
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
            _bump_generation(conn)
            for table in (schema.arrangements, schema.memberships):
                columns = [c.name for c in table.columns if c.name != "version_id"]
                copied = sa.select(sa.literal(new_id, sa.Integer), *[table.c[c] for c in columns]).where(
                    table.c.version_id == source.id
                )
                conn.execute(table.insert().from_select(["version_id", *columns], copied))
            return self._find_version(conn, kommun, None)  # type: ignore[return-value]

        return self._write(write)

    # --------------------------------------------------------------- backups
    def backup(self, path: str | Path, *, fmt: str | None = None) -> Path:
        """Write a consistent copy of the whole database to ``path``; returns it.

        ``fmt`` ``"sqlite"`` (default on SQLite: SQLite's online backup API, a
        ready-to-open database file) or ``"json"`` (default on PostgreSQL, allowed
        on both: every table as JSON, gzip-compressed when ``path`` ends in
        ``.gz``, read in one snapshot). The file appears atomically (written
        beside it, then renamed).
        """
        path = Path(path)
        fmt = fmt or ("sqlite" if self.dialect == "sqlite" else "json")
        if fmt not in {"sqlite", "json"}:
            raise BackupError(f"Okänt format för säkerhetskopia: {fmt}.")
        if fmt == "sqlite" and self.dialect != "sqlite":
            raise BackupError("En SQLite-kopia kan bara tas av en SQLite-databas; välj json.")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.unlink(missing_ok=True)
        try:
            if fmt == "sqlite":
                self._retry(lambda: self._sqlite_backup(partial))
            else:
                data = self._dump_snapshot()
                text = json.dumps(data, default=_json_default, ensure_ascii=False)
                payload = text.encode("utf-8")
                if path.suffix == ".gz":
                    payload = gzip.compress(payload)
                with open(partial, "wb") as fh:
                    fh.write(payload)
                    fh.flush()
                    os.fsync(fh.fileno())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return path

    def restore_backup(self, path: str | Path) -> dict[str, int]:
        """Replace the whole content of this database by the backup at ``path``.

        Accepts both formats of :meth:`backup` from either backend. The backup is
        read and checked completely before anything is changed; the replacement
        is one transaction. Version ids are renumbered, version numbers are kept.
        Returns the row counts after the restore.
        """
        data = self._load_backup(Path(path))

        def write(conn: Connection) -> None:
            for table in reversed(schema.DATA_TABLES):
                conn.execute(table.delete())
            if data["registers"]:
                conn.execute(schema.registers.insert(), data["registers"])
            new_ids: dict[int, int] = {}
            for row in data["versions"]:
                old_id = row["id"]
                values = {k: v for k, v in row.items() if k != "id"}
                new_ids[old_id] = conn.execute(
                    schema.versions.insert().returning(schema.versions.c.id), values
                ).scalar_one()
            for table in (schema.arrangements, schema.memberships):
                rows = data[table.name]
                for start in range(0, len(rows), _CHUNK):
                    chunk = [
                        {**r, "version_id": new_ids[r["version_id"]]} for r in rows[start : start + _CHUNK]
                    ]
                    conn.execute(table.insert(), chunk)
            _bump_generation(conn)

        self._write(write)
        return self.counts()

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

    @staticmethod
    def _not_found(kommun: str, version_no: int | None) -> VersionNotFound:
        if version_no is None:
            return VersionNotFound(f"Det finns inget sparat register för {kommun}.")
        return VersionNotFound(f"Version {version_no} av registret för {kommun} finns inte.")

    def _lock_register(self, conn: Connection, kommun: str) -> None:
        """Create the municipality's row if needed and lock it until commit."""
        table = schema.registers
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        conn.execute(
            insert(table)
            .values(kommun=kommun, created_at=_now())
            .on_conflict_do_nothing(index_elements=["kommun"])
        )
        # On SQLite BEGIN IMMEDIATE already excludes other writers.
        if self.dialect == "postgresql":
            conn.execute(sa.select(table.c.kommun).where(table.c.kommun == kommun).with_for_update())

    @staticmethod
    def _insert_version(conn: Connection, **values: Any) -> int:
        v = schema.versions
        values = {**values, "user_name": values.pop("user"), "created_at": _now()}
        return int(conn.execute(v.insert().returning(v.c.id), values).scalar_one())

    @staticmethod
    def _find_version(conn: Connection, kommun: str, version_no: int | None) -> Version | None:
        v = schema.versions
        query = sa.select(v).where(v.c.kommun == kommun)
        if version_no is None:
            query = query.order_by(v.c.version_no.desc()).limit(1)
        else:
            query = query.where(v.c.version_no == int(version_no))
        row = conn.execute(query).first()
        return _version_from_row(row) if row is not None else None

    @staticmethod
    def _latest_versions(conn: Connection) -> list[Version]:
        v = schema.versions
        newest = (
            sa.select(v.c.kommun, sa.func.max(v.c.version_no).label("version_no"))
            .group_by(v.c.kommun)
            .subquery()
        )
        query = (
            sa.select(v)
            .join(
                newest,
                sa.and_(v.c.kommun == newest.c.kommun, v.c.version_no == newest.c.version_no),
            )
            .order_by(v.c.kommun)
        )
        return [_version_from_row(r) for r in conn.execute(query)]

    @staticmethod
    def _web_of(conn: Connection, version: Version, *, parties: pd.DataFrame | None = None) -> CooperationWeb:
        frames = []
        for table, columns in (
            (schema.arrangements, ARRANGEMENT_COLUMNS),
            (schema.memberships, MEMBERSHIP_COLUMNS),
        ):
            query = (
                sa.select(*[table.c[c] for c in columns])
                .where(table.c.version_id == version.id)
                .order_by(table.c.position)
            )
            rows = [dict(r._mapping) for r in conn.execute(query)]
            frames.append(schema.rows_to_frame(rows, columns))
        source = f"{version.kommun} v{version.version_no}: {version.file_name}"
        return CooperationWeb(parties, frames[0], frames[1], (source,))

    def _sqlite_backup(self, target: Path) -> None:
        raw = self.engine.raw_connection()
        try:
            destination = sqlite3.connect(target)
            try:
                # One step copies every page under a single read lock: a
                # consistent snapshot even while imports run.
                raw.driver_connection.backup(destination)
            finally:
                destination.close()
        finally:
            raw.close()

    def _dump(self, conn: Connection) -> dict[str, Any]:
        tables = {}
        for table in schema.DATA_TABLES:
            order = [c for c in table.primary_key.columns]
            tables[table.name] = [dict(r._mapping) for r in conn.execute(sa.select(table).order_by(*order))]
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        return {
            "format": BACKUP_FORMAT[0],
            "format_version": BACKUP_FORMAT[1],
            "schema_revision": revision,
            "created_at": _now().isoformat(),
            "tables": tables,
        }

    def _dump_snapshot(self) -> dict[str, Any]:
        def attempt() -> dict[str, Any]:
            with self.engine.connect() as conn:
                if self.dialect == "postgresql":
                    # Every table read from one snapshot.
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    return self._dump(conn)

        return self._retry(attempt)

    def _load_backup(self, path: Path) -> dict[str, list[dict[str, Any]]]:
        try:
            with open(path, "rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise BackupError(f"Säkerhetskopian {path.name} kan inte läsas: {exc.strerror}.") from exc
        if head == _SQLITE_MAGIC:
            return self._load_sqlite_backup(path)
        try:
            raw = path.read_bytes()
            if raw[:2] == _GZIP_MAGIC:
                raw = gzip.decompress(raw)
            data = json.loads(raw.decode("utf-8"))
        except (OSError, EOFError, ValueError) as exc:
            raise BackupError(
                f"{path.name} är ingen säkerhetskopia från Samverkansväv (varken SQLite eller JSON)."
            ) from exc
        return self._check_dump(data, path)

    def _load_sqlite_backup(self, path: Path) -> dict[str, list[dict[str, Any]]]:
        # Work on a copy: opening migrates it, and the backup itself must stay as it was.
        with tempfile.TemporaryDirectory(prefix="samverkansvav-restore-") as tmp:
            copy = Path(tmp) / "backup.db"
            shutil.copyfile(path, copy)
            try:
                other = Store.open(f"sqlite:///{copy}")
            except (sa.exc.DatabaseError, StoreError) as exc:
                raise BackupError(_damaged(path)) from exc
            try:
                data = other._dump_snapshot()
            finally:
                other.close()
        return self._check_dump(json.loads(json.dumps(data, default=_json_default)), path)

    def _check_dump(self, data: Any, path: Path) -> dict[str, list[dict[str, Any]]]:
        if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT[0]:
            raise BackupError(f"{path.name} är ingen säkerhetskopia från Samverkansväv.")
        if data.get("format_version") != BACKUP_FORMAT[1]:
            raise BackupError(f"{path.name} har ett okänt format ({data.get('format_version')}).")
        head = self._read(
            lambda conn: conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        )
        if data.get("schema_revision") != head:
            raise BackupError(
                f"{path.name} är skriven med databasschema {data.get('schema_revision')}, "
                f"men databasen har {head}. Återställ med samma programversion som tog kopian."
            )
        tables = data.get("tables")
        out: dict[str, list[dict[str, Any]]] = {}
        try:
            for table in schema.DATA_TABLES:
                names = [c.name for c in table.columns]
                out[table.name] = [
                    {c.name: _from_json_value(c, row.get(c.name)) for c in table.columns}
                    for row in tables[table.name]
                    if set(row) <= set(names)
                ]
                if len(out[table.name]) != len(tables[table.name]):
                    raise ValueError(f"unknown columns in {table.name}")
            version_ids = {r["id"] for r in out["versions"]}
            for name in ("arrangements", "memberships"):
                if any(r["version_id"] not in version_ids for r in out[name]):
                    raise ValueError(f"{name} row of a missing version")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BackupError(_damaged(path)) from exc
        return out


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


def _bump_generation(conn: Connection) -> None:
    """Count one more change (inside the writing transaction, so it commits with it)."""
    table = schema.store_state
    done = conn.execute(
        table.update().where(table.c.id == 1).values(generation=table.c.generation + 1, changed_at=_now())
    ).rowcount
    if not done:
        conn.execute(table.insert().values(id=1, generation=1, changed_at=_now()))


def _iter_chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
