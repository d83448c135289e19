"""Workshops: the workshop and agenda_item tables, session.workshop_id, step timers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-01-10

Written by hand and frozen, like 0001: plain SQLAlchemy types only, whatever
``tables.py`` becomes later.

SQLite cannot add a foreign key to an existing table, so ``session`` is rebuilt
(SQLite's documented "make other kinds of table schema changes" procedure, which is
what Alembic's batch mode does too). Unlike batch mode, the old table is renamed
out of the way and the new one is created under its final name, so that its stored
``CREATE TABLE`` text is exactly what ``tables.py`` declares (a renamed table's text
would read ``CREATE TABLE "session"``). This must run with foreign keys OFF (the
store's ``migrate`` turns them off around the upgrade transaction): dropping the old
table would otherwise cascade to every child row. ``legacy_alter_table`` keeps the
rename from rewriting the child tables' ``REFERENCES session``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The session table's columns at 0001, in order; workshop_id is added after them.
SESSION_0001: list[tuple[str, sa.types.TypeEngine[Any], bool]] = [
    ("id", sa.Text(), False),
    ("schema_version", sa.Integer(), False),
    ("title", sa.Text(), False),
    ("language", sa.Text(), False),
    ("created", sa.Text(), False),
    ("updated", sa.Text(), False),
    ("revision", sa.Integer(), False),
    ("current_step", sa.Text(), False),
    ("steps_done", sa.Text(), False),
    ("org_name", sa.Text(), False),
    ("org_sector", sa.Text(), False),
    ("org_size", sa.Text(), False),
    ("org_regulated", sa.Boolean(), False),
    ("org_partners_request_security", sa.Boolean(), False),
    ("org_notes", sa.Text(), False),
    ("facilitator", sa.Text(), False),
    ("goal_title", sa.Text(), False),
    ("goal_description", sa.Text(), False),
    ("approach_choice", sa.Text(), True),
    ("approach_rationale", sa.Text(), False),
    ("evaluation_date", sa.Date(), True),
    ("evaluation_participants", sa.Integer(), True),
    ("evaluation_note", sa.Text(), False),
]

_OLD = "_session_0001"


def _workshop_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workshop_id"], ["workshop.id"], name="fk_session_workshop_id_workshop", ondelete="SET NULL"
    )


def upgrade() -> None:
    op.create_table(
        "workshop",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),  # the name trimmed and case-folded
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("venue", sa.Text(), nullable=False),
        sa.Column("trainer", sa.Text(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("created", sa.Text(), nullable=False),
        sa.Column("updated", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workshop"),
        sa.UniqueConstraint("name_key", name="uq_workshop_name_key"),
    )
    op.create_table(
        "agenda_item",
        sa.Column("workshop_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("step", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id", "position", name="pk_agenda_item"),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshop.id"], name="fk_agenda_item_workshop_id_workshop", ondelete="CASCADE"
        ),
        sqlite_with_rowid=False,
    )

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
            raise RuntimeError("migration 0002 rebuilds the session table and must run with foreign keys off")
        bind.exec_driver_sql("PRAGMA legacy_alter_table = ON")
        op.drop_index("ix_session_updated", table_name="session")
        op.rename_table("session", _OLD)
        op.create_table(
            "session",
            *(sa.Column(name, type_, nullable=nullable) for name, type_, nullable in SESSION_0001),
            sa.Column("workshop_id", sa.Text(), nullable=True),
            sa.PrimaryKeyConstraint("id", name="pk_session"),
            _workshop_fk(),
        )
        columns = ", ".join(name for name, _, _ in SESSION_0001)
        op.execute(f"INSERT INTO session ({columns}) SELECT {columns} FROM {_OLD}")
        op.drop_table(_OLD)
        bind.exec_driver_sql("PRAGMA legacy_alter_table = OFF")
        op.create_index("ix_session_updated", "session", ["updated"])
    else:
        op.add_column("session", sa.Column("workshop_id", sa.Text(), nullable=True))
        op.create_foreign_key(
            "fk_session_workshop_id_workshop", "session", "workshop", ["workshop_id"], ["id"], ondelete="SET NULL"
        )
    op.create_index("ix_session_workshop_id", "session", ["workshop_id"])

    op.create_table(
        "step_timer",
        sa.Column("session_id", sa.Text(), nullable=False),
        sa.Column("step", sa.Text(), nullable=False),
        sa.Column("started", sa.Text(), nullable=False),  # ISO UTC to the microsecond
        sa.Column("paused_at", sa.Text(), nullable=True),
        sa.Column("paused_seconds", sa.Float(), nullable=False),
        sa.Column("extra_seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name="pk_step_timer"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["session.id"], name="fk_step_timer_session_id_session", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    # For developers only (the store never downgrades); like upgrade, run it with foreign keys OFF.
    op.drop_table("step_timer")
    op.drop_index("ix_session_workshop_id", table_name="session")
    with op.batch_alter_table("session") as batch:
        batch.drop_constraint("fk_session_workshop_id_workshop", type_="foreignkey")
        batch.drop_column("workshop_id")
    op.drop_table("agenda_item")
    op.drop_table("workshop")
