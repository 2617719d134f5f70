"""Backups of the whole store, taken while the application runs, and restoring one.

Two formats: ``"sqlite"`` (SQLite's online backup API, a ready-to-open database
file; SQLite only) and ``"json"`` (every table as JSON, gzip-compressed when the
file name ends in ``.gz``, read in one snapshot; either backend). A backup
appears atomically (written beside its name, then renamed). A restore reads and
checks the whole backup before it changes anything, then replaces the content
in one transaction.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from samverkansvav.store import schema
from samverkansvav.store.db import StoreError
from samverkansvav.store.versions import bump_generation, json_default, now, utc

if TYPE_CHECKING:
    from samverkansvav.store.store import Store

__all__ = ["BACKUP_FORMAT", "BackupError", "write_backup", "restore_backup"]

#: Name and version of the JSON backup format.
BACKUP_FORMAT = ("samverkansvav-backup", 1)
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GZIP_MAGIC = b"\x1f\x8b"
#: Rows per INSERT batch when a backup is restored.
_CHUNK = 500


class BackupError(StoreError):
    """A backup cannot be written or read; the database was not changed."""


def write_backup(store: Store, path: str | Path, *, fmt: str | None = None) -> Path:
    """Write a consistent copy of ``store``'s whole database to ``path``; returns it.

    ``fmt`` ``"sqlite"`` (default on SQLite) or ``"json"`` (default on PostgreSQL,
    allowed on both). See the module docstring.
    """
    path = Path(path)
    fmt = fmt or ("sqlite" if store.dialect == "sqlite" else "json")
    if fmt not in {"sqlite", "json"}:
        raise BackupError(f"Okänt format för säkerhetskopia: {fmt}.")
    if fmt == "sqlite" and store.dialect != "sqlite":
        raise BackupError("En SQLite-kopia kan bara tas av en SQLite-databas; välj json.")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if fmt == "sqlite":
            store._retry(lambda: _sqlite_backup(store, partial))
        else:
            text = json.dumps(_dump_snapshot(store), default=json_default, ensure_ascii=False)
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


def restore_backup(store: Store, path: str | Path) -> dict[str, int]:
    """Replace the whole content of ``store``'s database by the backup at ``path``.

    Accepts both formats from either backend. Version ids are renumbered,
    version numbers are kept. Returns the row counts after the restore.
    """
    data = _load_backup(store, Path(path))

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
                chunk = [{**r, "version_id": new_ids[r["version_id"]]} for r in rows[start : start + _CHUNK]]
                conn.execute(table.insert(), chunk)
        bump_generation(conn)

    store._write(write)
    return store.counts()


# ------------------------------------------------------------------ internal
def _damaged(path: Path) -> str:
    return f"Säkerhetskopian {path.name} är skadad eller ofullständig."


def _from_json_value(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, sa.DateTime):
        return utc(dt.datetime.fromisoformat(value))
    if isinstance(column.type, sa.Date):
        return dt.date.fromisoformat(value)
    return value


def _sqlite_backup(store: Store, target: Path) -> None:
    raw = store.engine.raw_connection()
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


def _dump(conn: Connection) -> dict[str, Any]:
    tables = {}
    for table in schema.DATA_TABLES:
        order = [c for c in table.primary_key.columns]
        tables[table.name] = [dict(r._mapping) for r in conn.execute(sa.select(table).order_by(*order))]
    revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    return {
        "format": BACKUP_FORMAT[0],
        "format_version": BACKUP_FORMAT[1],
        "schema_revision": revision,
        "created_at": now().isoformat(),
        "tables": tables,
    }


def _dump_snapshot(store: Store) -> dict[str, Any]:
    def attempt() -> dict[str, Any]:
        with store.engine.connect() as conn:
            if store.dialect == "postgresql":
                # Every table read from one snapshot.
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                return _dump(conn)

    return store._retry(attempt)


def _load_backup(store: Store, path: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise BackupError(f"Säkerhetskopian {path.name} kan inte läsas: {exc.strerror}.") from exc
    if head == _SQLITE_MAGIC:
        return _load_sqlite_backup(store, path)
    try:
        raw = path.read_bytes()
        if raw[:2] == _GZIP_MAGIC:
            raw = gzip.decompress(raw)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, EOFError, ValueError) as exc:
        raise BackupError(
            f"{path.name} är ingen säkerhetskopia från Samverkansväv (varken SQLite eller JSON)."
        ) from exc
    return _check_dump(store, data, path)


def _load_sqlite_backup(store: Store, path: Path) -> dict[str, list[dict[str, Any]]]:
    # Work on a copy: opening migrates it, and the backup itself must stay as it was.
    with tempfile.TemporaryDirectory(prefix="samverkansvav-restore-") as tmp:
        copy = Path(tmp) / "backup.db"
        shutil.copyfile(path, copy)
        try:
            other = type(store).open(f"sqlite:///{copy}")
        except (sa.exc.DatabaseError, StoreError) as exc:
            raise BackupError(_damaged(path)) from exc
        try:
            data = _dump_snapshot(other)
        finally:
            other.close()
    return _check_dump(store, json.loads(json.dumps(data, default=json_default)), path)


def _check_dump(store: Store, data: Any, path: Path) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT[0]:
        raise BackupError(f"{path.name} är ingen säkerhetskopia från Samverkansväv.")
    if data.get("format_version") != BACKUP_FORMAT[1]:
        raise BackupError(f"{path.name} har ett okänt format ({data.get('format_version')}).")
    head = store._read(
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
