"""The migrated schema matches schema.py, and the row conversions."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import sqlalchemy as sa

from samverkansvav.model import ARRANGEMENT_COLUMNS, MEMBERSHIP_COLUMNS
from samverkansvav.store import schema
from samverkansvav.store.db import is_busy_error, normalise_url


def test_migrations_match_schema_module(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, schema.metadata) == []
        assert context.get_current_heads() == ("0002",)


def test_row_tables_have_every_model_column():
    assert [c.name for c in schema.arrangements.columns] == ["version_id", "position", *ARRANGEMENT_COLUMNS]
    assert [c.name for c in schema.memberships.columns] == ["version_id", "position", *MEMBERSHIP_COLUMNS]


def test_unique_version_number_per_kommun(store):
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    row = dict(
        kommun="0001",
        version_no=1,
        created_at=now,
        user_name=None,
        file_name="a",
        sha256="0" * 64,
        kind="upload",
        restored_from=None,
        n_arrangements=0,
        n_memberships=0,
        report=[],
    )
    with store.engine.begin() as conn:
        conn.execute(schema.registers.insert(), {"kommun": "0001", "created_at": now})
        conn.execute(schema.versions.insert(), row)
    try:
        with store.engine.begin() as conn:
            conn.execute(schema.versions.insert(), row)
    except sa.exc.IntegrityError:
        pass
    else:
        raise AssertionError("a second version 1 of 0001 was accepted")
    try:
        with store.engine.begin() as conn:
            conn.execute(schema.versions.insert(), {**row, "version_no": 2, "kind": "annat"})
    except sa.exc.IntegrityError:
        pass
    else:
        raise AssertionError("an unknown kind was accepted")


def test_frame_to_rows_converts_and_numbers_rows():
    frame = pd.DataFrame(
        [
            {
                "arrangement_id": "x",
                "party_id": "0180",
                "role": "medlem",
                "share": 0.5,
                "annual_cost": float("nan"),
                "start": pd.Timestamp("2024-01-31"),
                "end": None,
            },
            {
                "arrangement_id": "x",
                "party_id": "2023",
                "role": None,
                "share": None,
                "annual_cost": 10.0,
                "start": None,
                "end": dt.date(2025, 6, 30),
            },
        ]
    )
    rows = schema.frame_to_rows(frame, MEMBERSHIP_COLUMNS, version_id=7)
    assert rows[0] == {
        "arrangement_id": "x",
        "party_id": "0180",
        "role": "medlem",
        "share": 0.5,
        "annual_cost": None,
        "start": dt.date(2024, 1, 31),
        "end": None,
        "version_id": 7,
        "position": 0,
    }
    assert (rows[1]["position"], rows[1]["role"], rows[1]["share"], rows[1]["end"]) == (
        1,
        None,
        None,
        dt.date(2025, 6, 30),
    )


def test_rows_to_frame_null_numbers_become_nan():
    rows = [{c: None for c in MEMBERSHIP_COLUMNS} | {"arrangement_id": "x", "share": 0.25}]
    frame = schema.rows_to_frame(rows, MEMBERSHIP_COLUMNS)
    assert frame["share"].tolist() == [0.25]
    assert math.isnan(frame["annual_cost"].iloc[0])
    assert frame["start"].tolist() == [None]


def test_busy_errors_are_recognised():
    locked = sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))
    other = sa.exc.OperationalError("INSERT", {}, Exception("no such table: x"))

    class PgLockTimeout(Exception):
        sqlstate = "55P03"

    assert is_busy_error(locked) and not is_busy_error(other)
    assert is_busy_error(sa.exc.OperationalError("SELECT", {}, PgLockTimeout("canceling statement")))
    assert not is_busy_error(ValueError("database is locked"))
    assert normalise_url("postgresql://u@h:5433/x") == "postgresql+psycopg://u@h:5433/x"
