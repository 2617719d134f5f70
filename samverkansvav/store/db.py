"""Engines, SQLite pragmas and the retry policy for a busy database.

SQLite (the embedded default) gets, on every new DBAPI connection:

- ``PRAGMA busy_timeout`` (≥ 5 s): a writer waits for another writer instead of
  failing at once;
- ``PRAGMA journal_mode = WAL``: readers never block the writer (local disks only);
- ``PRAGMA foreign_keys = ON``: SQLite leaves them off by default;
- ``PRAGMA synchronous = FULL``: a commit is on disk before it is reported.

pysqlite's own transaction handling is switched off and SQLAlchemy emits ``BEGIN``
itself (the recipe in SQLAlchemy's SQLite dialect documentation, "Serializable
isolation / Savepoints / Transactional DDL"). A connection whose execution
options carry ``sqlite_begin="IMMEDIATE"`` starts with ``BEGIN IMMEDIATE``, which
takes the write lock up front: two imports then queue on ``busy_timeout`` rather
than both reading, then one failing on upgrade to a write lock mid-transaction.

PostgreSQL URLs without a driver are pointed at psycopg 3 (the installed driver).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

__all__ = [
    "DEFAULT_BUSY_TIMEOUT_S",
    "DB_FILE_NAME",
    "StoreError",
    "StoreBusy",
    "default_url",
    "normalise_url",
    "make_engine",
    "is_busy_error",
    "retry_busy",
]

DEFAULT_BUSY_TIMEOUT_S = 5.0
DB_FILE_NAME = "samverkansvav.db"
#: SQLSTATEs that mean "someone else holds it, try again": lock_not_available,
#: serialization_failure, deadlock_detected.
_PG_RETRY_STATES = frozenset({"55P03", "40001", "40P01"})

T = TypeVar("T")


class StoreError(Exception):
    """Base class of every error the store reports; ``message`` is Swedish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreBusy(StoreError):
    """Another import holds the database longer than we are willing to wait."""

    def __init__(self, message: str = "Databasen är upptagen, försök igen om en stund.") -> None:
        super().__init__(message)


def default_url(data_dir: str | Path) -> str:
    """The SQLite file under ``data_dir``.

    Examples
    --------
    >>> default_url("instance")
    'sqlite:///instance/samverkansvav.db'
    """
    return f"sqlite:///{Path(data_dir) / DB_FILE_NAME}"


def normalise_url(url: str) -> str:
    """Point driverless PostgreSQL URLs at psycopg 3.

    Examples
    --------
    >>> normalise_url("postgresql://u@h/db")
    'postgresql+psycopg://u@h/db'
    >>> normalise_url("postgres://u@h/db")
    'postgresql+psycopg://u@h/db'
    >>> normalise_url("sqlite:///x.db")
    'sqlite:///x.db'
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _install_sqlite_listeners(engine: Engine, *, busy_timeout_s: float) -> None:
    busy_ms = int(busy_timeout_s * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record) -> None:  # noqa: ANN001
        # Hand BEGIN/COMMIT to SQLAlchemy (see the module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # busy_timeout first: switching to WAL may itself need to wait.
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode not in {"DEFERRED", "IMMEDIATE", "EXCLUSIVE"}:
            raise ValueError(f"unknown sqlite_begin mode {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, *, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> Engine:
    """Create an engine with the settings described in the module docstring.

    A SQLite file's folder is created when missing. In-memory SQLite is refused:
    every pooled connection would see its own empty database.
    """
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in {"", ":memory:"} or database.startswith("file::memory:"):
            raise StoreError("En databas i minnet kan inte användas; ange en fil.")
        if not database.startswith("file:"):  # a URI filename names an existing file
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": busy_timeout_s})
        _install_sqlite_listeners(engine, busy_timeout_s=busy_timeout_s)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def is_busy_error(exc: BaseException) -> bool:
    """True for "the database is locked / busy / try again" errors of either backend."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in _PG_RETRY_STATES:
        return True
    text = str(orig).lower()
    return any(
        words in text for words in ("database is locked", "database is busy", "database table is locked")
    )


def retry_busy(
    action: Callable[[], T],
    *,
    attempts: int = 4,
    first_delay_s: float = 0.1,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``action``; on a busy error wait (doubling, with jitter) and try again.

    After ``attempts`` busy failures :class:`StoreBusy` is raised, so a caller (the
    CLI, a web callback) shows "try again" instead of a traceback. Each attempt is
    a whole transaction, so a retried import starts from scratch.

    Examples
    --------
    >>> calls = []
    >>> def always_busy():
    ...     calls.append(1)
    ...     raise sa.exc.OperationalError("BEGIN", {}, Exception("database is locked"))
    >>> try:
    ...     retry_busy(always_busy, attempts=3, sleep=lambda s: None)
    ... except StoreBusy as exc:
    ...     print(len(calls), exc.message)
    3 Databasen är upptagen, försök igen om en stund.
    """
    delay = first_delay_s
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except sa.exc.DBAPIError as exc:
            if not is_busy_error(exc):
                raise
            if attempt == attempts:
                raise StoreBusy() from exc
        # Jitter keeps two waiting writers from retrying in lock-step.
        sleep(delay * (0.5 + random.random()))
        delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover
