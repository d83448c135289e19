"""JSON columns become JSONB on PostgreSQL; nothing changes on SQLite.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Written by hand and frozen, like the others: plain SQLAlchemy types only.

``session.steps_done`` and ``session.history`` hold JSON lists. PostgreSQL stores
them as JSONB, so that the server checks them and can query them; SQLite keeps
TEXT, which is what ``tables.JsonText`` reads either way. The default of
``history`` is a text literal that PostgreSQL will not cast on its own, so it is
dropped for the change of type and set again after.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE session ALTER COLUMN steps_done TYPE jsonb USING steps_done::jsonb")
    op.execute("ALTER TABLE session ALTER COLUMN history DROP DEFAULT")
    op.execute("ALTER TABLE session ALTER COLUMN history TYPE jsonb USING history::jsonb")
    op.execute("ALTER TABLE session ALTER COLUMN history SET DEFAULT '[]'::jsonb")


def downgrade() -> None:
    # For developers only (the store never downgrades).
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE session ALTER COLUMN steps_done TYPE text USING steps_done::text")
    op.execute("ALTER TABLE session ALTER COLUMN history DROP DEFAULT")
    op.execute("ALTER TABLE session ALTER COLUMN history TYPE text USING history::text")
    op.execute("ALTER TABLE session ALTER COLUMN history SET DEFAULT '[]'")
