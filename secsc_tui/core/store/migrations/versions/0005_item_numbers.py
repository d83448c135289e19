"""Item numbers: goal, csf, kpi and action_plan get a ``number``; the last_number table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Written by hand and frozen, like the others: plain SQLAlchemy types only.

A scorecard item's number is what the team calls it ("F-G2"): given once and never
changed. Items stored before numbers existed get their place in their list plus one,
which is what a session file without numbers gets when it is read. ``last_number``
starts empty: no number was ever given above an item's.

SQLite can add a column only at the end of a table's stored ``CREATE TABLE`` text, and
the schema must read exactly as ``tables.py`` declares (number after position), so on
SQLite each item table is rebuilt as 0002 rebuilt ``session``: the old one renamed out
of the way, the new one created under its name, the rows copied, the old one dropped.
Nothing refers to the item tables, so no foreign key needs the legacy rename. The store
runs this with foreign keys OFF.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each item table's columns at 0004, in order; number goes after position.
_Columns = list[tuple[str, sa.types.TypeEngine[Any], bool]]  # name, type, nullable
_ID: _Columns = [
    ("session_id", sa.Text(), False),
    ("id", sa.Text(), False),
    ("perspective", sa.Text(), False),
    ("position", sa.Integer(), False),
]
ITEM_TABLES_0004: dict[str, _Columns] = {
    "goal": [*_ID, ("text", sa.Text(), False)],
    "csf": [*_ID, ("text", sa.Text(), False)],
    "kpi": [
        *_ID,
        ("measure", sa.Text(), False),
        ("indicator", sa.Text(), True),
        ("direction", sa.Text(), False),
        ("target", sa.Text(), True),
        ("unit", sa.Text(), False),
        ("frequency", sa.Text(), True),
        ("owner", sa.Text(), False),
        ("baseline", sa.Text(), True),
        ("baseline_on", sa.Date(), True),
        ("current", sa.Text(), True),
        ("current_on", sa.Date(), True),
    ],
    "action_plan": [
        *_ID,
        ("text", sa.Text(), False),
        ("owner", sa.Text(), False),
        ("due", sa.Date(), True),
        ("status", sa.Text(), False),
        ("budget", sa.Text(), True),
    ],
}


def _rebuild_with_number(table: str) -> None:
    columns = ITEM_TABLES_0004[table]
    old = f"_{table}_0004"
    op.rename_table(table, old)
    op.create_table(
        table,
        *(sa.Column(name, type_, nullable=nullable) for name, type_, nullable in columns[:4]),
        sa.Column("number", sa.Integer(), nullable=False),
        *(sa.Column(name, type_, nullable=nullable) for name, type_, nullable in columns[4:]),
        sa.ForeignKeyConstraint(
            ["session_id"], ["session.id"], name=f"fk_{table}_session_id_session", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("session_id", "id", name=f"pk_{table}"),
    )
    names = ", ".join(name for name, _, _ in columns)
    op.execute(f"INSERT INTO {table} ({names}, number) SELECT {names}, position + 1 FROM {old}")
    op.drop_table(old)


def upgrade() -> None:
    bind = op.get_bind()
    for table in ITEM_TABLES_0004:
        if bind.dialect.name == "sqlite":
            if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
                raise RuntimeError("migration 0005 rebuilds the item tables and must run with foreign keys off")
            _rebuild_with_number(table)
        else:
            op.add_column(table, sa.Column("number", sa.Integer(), nullable=True))
            op.execute(f"UPDATE {table} SET number = position + 1")
            op.alter_column(table, "number", nullable=False)
    op.create_table(
        "last_number",
        sa.Column("session_id", sa.Text(), nullable=False),
        sa.Column("perspective", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),  # the column: "goals", "csfs", "kpis" or "actions"
        sa.Column("number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["session.id"], name="fk_last_number_session_id_session", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("session_id", "perspective", "kind", name="pk_last_number"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    # For developers only (the store never downgrades); like upgrade, run it with foreign keys OFF.
    op.drop_table("last_number")
    for table in ITEM_TABLES_0004:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("number")
