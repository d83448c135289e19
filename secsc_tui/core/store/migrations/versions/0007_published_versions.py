"""Published versions, and who saved a session last: what co-editing needs from the database.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

Written by hand and frozen: plain SQLAlchemy types only. A session's history
(0004) names its published versions by digest; this keeps their content too, so
that a collected file that diverged from the database can be merged field by
field from their last common version (see core/merge.py) instead of refused.
Existing databases start with none: versions published from now on are kept.
``session.updated_by`` names who saved the session last (a participant's name, or
the login name of a terminal), so a field two people changed at once can say
whose the other value is; a constant default, so the table is not rebuilt.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("session", sa.Column("updated_by", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "published_version",
        sa.Column("session_id", sa.Text(), nullable=False),
        sa.Column("digest", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),  # the session as JSON
        sa.PrimaryKeyConstraint("session_id", "digest", name="pk_published_version"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["session.id"], name="fk_published_version_session_id_session", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    # For developers only (the store never downgrades).
    op.drop_table("published_version")
    with op.batch_alter_table("session") as batch:
        batch.drop_column("updated_by")
