"""Session history: the content digests a session descends from (see core/lineage.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-02-02

Written by hand and frozen: plain SQLAlchemy types only. A column with a constant
default is added in place on SQLite, so no table is rebuilt. Existing sessions start
with an empty history: the first export or import records one.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("session", sa.Column("history", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    # For developers only (the store never downgrades).
    with op.batch_alter_table("session") as batch:
        batch.drop_column("history")
