"""Initial schema: registers, versions, arrangements, memberships.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the model's columns at this revision: a migration must not
# change when model.py does.
_ARRANGEMENT_TEXT = ("id", "name", "form", "area", "area_raw", "host", "seat")
_ARRANGEMENT_TEXT_2 = ("status",)
_ARRANGEMENT_TEXT_3 = ("owner", "goal")
_ARRANGEMENT_TEXT_4 = ("source", "note", "reported_by")


def _text(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.Text, nullable=True) for n in names]


def _rows_key(table: str) -> list:
    return [
        sa.Column("version_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False, autoincrement=False),
    ]


def _rows_constraints(table: str) -> list:
    return [
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["versions.id"],
            ondelete="CASCADE",
            name=f"fk_{table}_version_id_versions",
        ),
        sa.PrimaryKeyConstraint("version_id", "position", name=f"pk_{table}"),
    ]


def upgrade() -> None:
    op.create_table(
        "registers",
        sa.Column("kommun", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kommun", name="pk_registers"),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("kommun", sa.String(64), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_versions"),
        sa.ForeignKeyConstraint(["kommun"], ["registers.kommun"], name="fk_versions_kommun_registers"),
        sa.UniqueConstraint("kommun", "version_no", name="uq_versions_kommun_version_no"),
        sa.CheckConstraint("kind IN ('upload', 'restore')", name="ck_versions_kind"),
        sa.CheckConstraint("version_no >= 1", name="ck_versions_version_no_positive"),
    )
    op.create_table(
        "arrangements",
        *_rows_key("arrangements"),
        *_text(*_ARRANGEMENT_TEXT),
        sa.Column("start", sa.Date, nullable=True),
        sa.Column("end", sa.Date, nullable=True),
        *_text(*_ARRANGEMENT_TEXT_2),
        sa.Column("notice_months", sa.Float, nullable=True),
        *_text(*_ARRANGEMENT_TEXT_3),
        sa.Column("last_evaluated", sa.Date, nullable=True),
        *_text(*_ARRANGEMENT_TEXT_4),
        *_rows_constraints("arrangements"),
    )
    op.create_table(
        "memberships",
        *_rows_key("memberships"),
        *_text("arrangement_id", "party_id", "role"),
        sa.Column("share", sa.Float, nullable=True),
        sa.Column("annual_cost", sa.Float, nullable=True),
        sa.Column("start", sa.Date, nullable=True),
        sa.Column("end", sa.Date, nullable=True),
        *_rows_constraints("memberships"),
    )


def downgrade() -> None:
    op.drop_table("memberships")
    op.drop_table("arrangements")
    op.drop_table("versions")
    op.drop_table("registers")
