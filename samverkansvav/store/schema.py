"""Tables of the store (SQLAlchemy Core) and conversion between frames and rows.

``registers``
    one row per municipality that has ever uploaded (kommun, created_at). Its row
    is the lock an import takes on PostgreSQL (``SELECT ... FOR UPDATE``) so that
    two imports for one municipality get distinct version numbers.
``versions``
    one row per stored version of a municipality's register: id, kommun,
    version_no (1..n per kommun, unique together), created_at (UTC), user_name,
    file_name, sha256, kind (``upload`` / ``restore``), restored_from (the
    version_no copied by a restore), n_arrangements, n_memberships, report (the
    check report as a JSON list of issue records).
``arrangements`` / ``memberships``
    the rows of :data:`samverkansvav.model.ARRANGEMENT_COLUMNS` /
    :data:`~samverkansvav.model.MEMBERSHIP_COLUMNS`, same column names, tagged
    with ``version_id`` and ``position`` (the row's order in the register, so a
    version reads back in the order it was written). Dates are DATE; NaN and
    ``None`` are NULL.

The tables are only ever appended to (``restore_backup`` aside): a restore is a
new version, so nothing is overwritten. The schema is created and upgraded by the
Alembic migrations in ``store/migrations``; this module is the target they are
checked against (a test compares the two).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd
import sqlalchemy as sa

from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS

__all__ = [
    "metadata",
    "registers",
    "versions",
    "arrangements",
    "memberships",
    "DATA_TABLES",
    "store_state",
    "sessions",
    "login_failures",
    "SCOPES",
    "DATE_COLUMNS",
    "FLOAT_COLUMNS",
    "KINDS",
    "to_db_value",
    "frame_to_rows",
    "rows_to_frame",
]

KINDS: tuple[str, ...] = ("upload", "restore")
#: Who a version speaks for (see ``versions.scope``).
SCOPES: tuple[str, ...] = ("kommun", "regional")

#: Model columns stored as DATE / as floating point; every other model column is text.
DATE_COLUMNS = frozenset({"start", "end", "last_evaluated"})
FLOAT_COLUMNS = frozenset({"notice_months", "share", "annual_cost"})

# Stable constraint names so that migrations can refer to them on every backend.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

registers = sa.Table(
    "registers",
    metadata,
    sa.Column("kommun", sa.String(64), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

versions = sa.Table(
    "versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kommun", sa.String(64), sa.ForeignKey("registers.kommun"), nullable=False),
    sa.Column("version_no", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_name", sa.Text, nullable=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("restored_from", sa.Integer, nullable=True),
    sa.Column("n_arrangements", sa.Integer, nullable=False),
    sa.Column("n_memberships", sa.Integer, nullable=False),
    sa.Column("report", sa.JSON, nullable=False),
    # "kommun" (NULL in versions stored before 0002): the register speaks for that
    # municipality only; "regional": an administrator's regional register.
    sa.Column("scope", sa.String(16), nullable=True),
    sa.UniqueConstraint("kommun", "version_no"),
    sa.CheckConstraint("kind IN ('upload', 'restore')", name="kind"),
    sa.CheckConstraint("version_no >= 1", name="version_no_positive"),
)


def _model_column(name: str) -> sa.Column:
    if name in DATE_COLUMNS:
        return sa.Column(name, sa.Date, nullable=True)
    if name in FLOAT_COLUMNS:
        return sa.Column(name, sa.Float, nullable=True)
    return sa.Column(name, sa.Text, nullable=True)


def _version_rows_table(name: str, columns: tuple[str, ...]) -> sa.Table:
    return sa.Table(
        name,
        metadata,
        sa.Column(
            "version_id",
            sa.Integer,
            sa.ForeignKey("versions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        *[_model_column(c) for c in columns],
    )


arrangements = _version_rows_table("arrangements", ARRANGEMENT_COLUMNS)
memberships = _version_rows_table("memberships", MEMBERSHIP_COLUMNS)

#: One row (id 1): a counter every write bumps, so each worker can tell cheaply
#: whether the stored data changed since it last read it.
store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("generation", sa.BigInteger, nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
)

#: Signed-in sessions: the cookie carries ``sid``; signing out (or a replaced
#: account) deletes the row, so a copied cookie stops working everywhere.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("sid", sa.String(64), primary_key=True),
    sa.Column("user_name", sa.String(64), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

#: Failed sign-ins, shared by every worker: ``key`` is ``ip:<ip>``,
#: ``user:<name>`` or ``pair:<name>|<ip>``.
login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(200), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

#: In dependency order (parents first): the order to insert, reversed to delete.
DATA_TABLES: tuple[sa.Table, ...] = (registers, versions, arrangements, memberships)


# --------------------------------------------------------------- conversion
def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, bytes, dt.date)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def to_db_value(column: str, value: Any) -> Any:
    """Convert one model value to what the column stores (``None`` for missing).

    Examples
    --------
    >>> to_db_value("share", float("nan")) is None
    True
    >>> to_db_value("start", pd.Timestamp("2024-03-01"))
    datetime.date(2024, 3, 1)
    >>> to_db_value("start", "2024-03-01")
    datetime.date(2024, 3, 1)
    >>> to_db_value("annual_cost", "1250000.5")
    1250000.5
    >>> to_db_value("id", 17)
    '17'
    """
    if _is_missing(value):
        return None
    if column in DATE_COLUMNS:
        if isinstance(value, dt.datetime):  # also pd.Timestamp
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value)[:10])
    if column in FLOAT_COLUMNS:
        number = float(value)
        return None if math.isnan(number) else number
    return str(value)


def frame_to_rows(frame: pd.DataFrame, columns: tuple[str, ...], *, version_id: int) -> list[dict[str, Any]]:
    """Rows ready to insert: model columns converted, tagged with version and position."""
    rows = []
    records = frame.loc[:, list(columns)].to_dict("records")
    for position, record in enumerate(records):
        row = {c: to_db_value(c, record[c]) for c in columns}
        row["version_id"] = version_id
        row["position"] = position
        rows.append(row)
    return rows


def rows_to_frame(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """A model frame from stored rows: NULL becomes NaN in number columns, else ``None``."""
    frame = pd.DataFrame.from_records([{c: row[c] for c in columns} for row in rows], columns=list(columns))
    for column in columns:
        if column in FLOAT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="raise").astype(float)
        elif column in DATE_COLUMNS:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame
