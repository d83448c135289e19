"""The trainer's own catalogue in the database, so that it is shared and travels with ``db copy``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

Written by hand and frozen: plain SQLAlchemy types only. Until now a trainer's
catalogue entries were YAML files in the config folder of one computer; a shared
PostgreSQL store is to hold every session, result and catalogue, so each entry
becomes a row: its id, its kind (the scorecard column), the position it was first
imported at, the entry as JSON (JSONB on PostgreSQL, TEXT on SQLite, as 0006 made
the session's JSON columns) and when it was last imported. Existing databases
start with none: the config folder's files are still read, and importing them
(``secsc catalog import FILE``) moves their entries in.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalogue_entry",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("updated", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_catalogue_entry"),
    )


def downgrade() -> None:
    # For developers only (the store never downgrades).
    op.drop_table("catalogue_entry")
