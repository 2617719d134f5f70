"""Versions of a register: the record of one stored version and the row-level reads and writes.

A register is keyed by a code: a municipality's kommunkod for its own register,
or a region code (``R`` and the län code, "R20" for Region Dalarna) for an
administrator's regional register (:mod:`samverkansvav.store.registers`). The
functions here take an open connection; :class:`~samverkansvav.store.store.Store`
owns the transactions around them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS, CooperationWeb
from samverkansvav.report import Issue, Report
from samverkansvav.store import schema
from samverkansvav.store.db import StoreError

__all__ = [
    "Version",
    "RegisterLike",
    "RegisterHasErrors",
    "NotOwnRegister",
    "VersionNotFound",
    "WriteFailed",
    "utc",
    "now",
    "clean_code",
    "history",
    "find_version",
    "latest_versions",
    "first_uploads",
    "insert_version",
    "web_of",
    "bump_generation",
    "not_found",
    "json_default",
]


class RegisterHasErrors(StoreError):
    """The register has errors; nothing was stored."""


class VersionNotFound(StoreError):
    """No such version of that municipality's register."""


class WriteFailed(StoreError):
    """The database refused the write; it was rolled back and nothing changed."""


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
    """One stored version of a register (a municipality's, or a region's regional register).

    ``kommun`` is the register's code: a kommunkod, or a region code such as
    ``"R20"`` for a regional register. ``duplicate`` is True only on the value
    returned by an import that found the same file already stored as the latest
    version (nothing new was written).
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

    @property
    def is_regional(self) -> bool:
        """Whether this is an administrator's regional register (it speaks for no municipality)."""
        return self.scope == "regional"

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


# ------------------------------------------------------------------ values
def utc(value: dt.datetime) -> dt.datetime:
    """``value`` as an aware UTC time (SQLite gives naive datetimes back; everything written is UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def clean_code(kommun: str) -> str:
    """The register code without surrounding blanks; :class:`StoreError` when empty."""
    text = str(kommun or "").strip()
    if not text:
        raise StoreError("Ange vilken kommuns register det gäller.")
    return text


def json_default(value: Any) -> Any:
    """``json.dumps`` default: dates and times as ISO text."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def not_found(kommun: str, version_no: int | None) -> VersionNotFound:
    if version_no is None:
        return VersionNotFound(f"Det finns inget sparat register för {kommun}.")
    return VersionNotFound(f"Version {version_no} av registret för {kommun} finns inte.")


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
        created_at=utc(m["created_at"]),
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


# ------------------------------------------------------------------- reads
def history(conn: Connection, kommun: str) -> list[Version]:
    """Every version of one register, newest first."""
    v = schema.versions
    query = sa.select(v).where(v.c.kommun == kommun).order_by(v.c.version_no.desc())
    return [_version_from_row(r) for r in conn.execute(query)]


def find_version(conn: Connection, kommun: str, version_no: int | None) -> Version | None:
    """One version of a register (the latest when ``version_no`` is None), or ``None``."""
    v = schema.versions
    query = sa.select(v).where(v.c.kommun == kommun)
    if version_no is None:
        query = query.order_by(v.c.version_no.desc()).limit(1)
    else:
        query = query.where(v.c.version_no == int(version_no))
    row = conn.execute(query).first()
    return _version_from_row(row) if row is not None else None


def latest_versions(conn: Connection) -> list[Version]:
    """The latest version of every register, by code."""
    v = schema.versions
    newest = (
        sa.select(v.c.kommun, sa.func.max(v.c.version_no).label("version_no")).group_by(v.c.kommun).subquery()
    )
    query = (
        sa.select(v)
        .join(newest, sa.and_(v.c.kommun == newest.c.kommun, v.c.version_no == newest.c.version_no))
        .order_by(v.c.kommun)
    )
    return [_version_from_row(r) for r in conn.execute(query)]


def first_uploads(conn: Connection) -> dict[str, dt.datetime]:
    """When each register was first stored (its row in ``registers``)."""
    table = schema.registers
    return {k: utc(t) for k, t in conn.execute(sa.select(table.c.kommun, table.c.created_at)).all()}


def web_of(conn: Connection, version: Version, *, parties: pd.DataFrame | None = None) -> CooperationWeb:
    """The rows of ``version`` as a web (in the order they were stored)."""
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


# ------------------------------------------------------------------ writes
def insert_version(conn: Connection, **values: Any) -> int:
    """Insert a ``versions`` row (``user`` → ``user_name``, ``created_at`` now); returns its id."""
    v = schema.versions
    values = {**values, "user_name": values.pop("user"), "created_at": now()}
    return int(conn.execute(v.insert().returning(v.c.id), values).scalar_one())


def bump_generation(conn: Connection) -> None:
    """Count one more change (inside the writing transaction, so it commits with it)."""
    table = schema.store_state
    done = conn.execute(
        table.update().where(table.c.id == 1).values(generation=table.c.generation + 1, changed_at=now())
    ).rowcount
    if not done:
        conn.execute(table.insert().values(id=1, generation=1, changed_at=now()))
