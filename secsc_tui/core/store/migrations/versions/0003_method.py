"""The method: regulation strength, currency, review opened, KPI indicator and dates, a timer per step.

Revision ID: 0003
Revises: 0002
Create Date: 2026-02-02

Written by hand and frozen, like 0001 and 0002: plain SQLAlchemy types only.

Session format 2 (``core/upgrade.py`` does the same to files of format 1):

* ``session``: ``org_regulated`` (a yes/no) becomes ``org_regulation`` (none / some /
  heavy; yes is "some", since the paper keeps approach iii for heavy regulation and
  critical infrastructure) beside a new ``org_critical_infrastructure`` flag; a
  ``currency`` (JPY for a Japanese session, else none); ``reviewed``, true for a session
  that is on the review step, and "review" leaves ``steps_done`` of the others, whose
  review counted as done without being opened; ``schema_version`` becomes 2.
* ``kpi``: ``indicator`` (leading / lagging), ``baseline_on`` and ``current_on`` dates.
* ``step_timer``: keyed by session and step, so every step keeps its clock, and
  ``held`` (paused by the trainer), true for the timers that were paused: until now
  a paused timer could only have been paused by the trainer.

SQLite cannot change a column or a primary key in place, so the three tables are
rebuilt as 0002 rebuilt ``session`` (renamed away, created under the final name with
exactly the DDL of ``tables.py``, filled, dropped), with foreign keys OFF.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA_VERSION = 2  # the session format these rows hold afterwards

# name, type, nullable, the SQL expression that fills it from the old table
_Spec = list[tuple[str, sa.types.TypeEngine[Any], bool, str]]

# The session table at 0003, in order, each column with what fills it from the 0002 table.
SESSION_0003: _Spec = [
    ("id", sa.Text(), False, "id"),
    ("schema_version", sa.Integer(), False, str(SCHEMA_VERSION)),
    ("title", sa.Text(), False, "title"),
    ("language", sa.Text(), False, "language"),
    ("currency", sa.Text(), False, "CASE WHEN language = 'ja' THEN 'JPY' ELSE '' END"),
    ("created", sa.Text(), False, "created"),
    ("updated", sa.Text(), False, "updated"),
    ("revision", sa.Integer(), False, "revision"),
    ("current_step", sa.Text(), False, "current_step"),
    ("steps_done", sa.Text(), False, "steps_done"),
    ("reviewed", sa.Boolean(), False, "CASE WHEN current_step = 'review' THEN 1 ELSE 0 END"),
    ("org_name", sa.Text(), False, "org_name"),
    ("org_sector", sa.Text(), False, "org_sector"),
    ("org_size", sa.Text(), False, "org_size"),
    ("org_regulation", sa.Text(), False, "CASE WHEN org_regulated THEN 'some' ELSE 'none' END"),
    ("org_critical_infrastructure", sa.Boolean(), False, "0"),
    ("org_partners_request_security", sa.Boolean(), False, "org_partners_request_security"),
    ("org_notes", sa.Text(), False, "org_notes"),
    ("facilitator", sa.Text(), False, "facilitator"),
    ("goal_title", sa.Text(), False, "goal_title"),
    ("goal_description", sa.Text(), False, "goal_description"),
    ("approach_choice", sa.Text(), True, "approach_choice"),
    ("approach_rationale", sa.Text(), False, "approach_rationale"),
    ("evaluation_date", sa.Date(), True, "evaluation_date"),
    ("evaluation_participants", sa.Integer(), True, "evaluation_participants"),
    ("evaluation_note", sa.Text(), False, "evaluation_note"),
    ("workshop_id", sa.Text(), True, "workshop_id"),
]

KPI_0003: _Spec = [
    ("session_id", sa.Text(), False, "session_id"),
    ("id", sa.Text(), False, "id"),
    ("perspective", sa.Text(), False, "perspective"),
    ("position", sa.Integer(), False, "position"),
    ("measure", sa.Text(), False, "measure"),
    ("indicator", sa.Text(), True, "NULL"),
    ("direction", sa.Text(), False, "direction"),
    ("target", sa.Text(), True, "target"),
    ("unit", sa.Text(), False, "unit"),
    ("frequency", sa.Text(), True, "frequency"),
    ("owner", sa.Text(), False, "owner"),
    ("baseline", sa.Text(), True, "baseline"),
    ("baseline_on", sa.Date(), True, "NULL"),
    ("current", sa.Text(), True, '"current"'),
    ("current_on", sa.Date(), True, "NULL"),
]

STEP_TIMER_0003: _Spec = [
    ("session_id", sa.Text(), False, "session_id"),
    ("step", sa.Text(), False, "step"),
    ("started", sa.Text(), False, "started"),
    ("paused_at", sa.Text(), True, "paused_at"),
    ("paused_seconds", sa.Float(), False, "paused_seconds"),
    ("extra_seconds", sa.Integer(), False, "extra_seconds"),
    ("held", sa.Boolean(), False, "CASE WHEN paused_at IS NULL THEN 0 ELSE 1 END"),
]


def _columns(spec: _Spec) -> list[sa.Column[Any]]:
    return [sa.Column(name, type_, nullable=nullable) for name, type_, nullable, _fill in spec]


def _session_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["session_id"], ["session.id"], name=f"fk_{table}_session_id_session", ondelete="CASCADE"
    )


def _rebuild(table: str, spec: _Spec, *constraints: sa.schema.SchemaItem, before: str = "0002") -> None:
    """Rename ``table`` away, create it anew with ``spec``'s columns, fill it from the old one, drop the old."""
    old = f"_{table}_{before}"
    op.rename_table(table, old)
    op.create_table(table, *_columns(spec), *constraints)
    names = ", ".join(f'"{name}"' for name, _t, _n, _f in spec)
    fills = ", ".join(fill for _name, _t, _n, fill in spec)
    op.execute(f"INSERT INTO {table} ({names}) SELECT {fills} FROM {old}")
    op.drop_table(old)


def _drop_review_not_opened(bind: sa.Connection) -> None:
    """Review counted as done once every other step was; now only once opened."""
    rows = bind.execute(sa.text("SELECT id, steps_done FROM session WHERE reviewed = :no"), {"no": False}).all()
    for session_id, steps_done in rows:
        steps = json.loads(steps_done)
        if "review" in steps:
            bind.execute(
                sa.text("UPDATE session SET steps_done = :steps WHERE id = :id"),
                {"steps": json.dumps([s for s in steps if s != "review"]), "id": session_id},
            )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
            raise RuntimeError("migration 0003 rebuilds tables and must run with foreign keys off")
        bind.exec_driver_sql("PRAGMA legacy_alter_table = ON")
        op.drop_index("ix_session_updated", table_name="session")
        op.drop_index("ix_session_workshop_id", table_name="session")
        _rebuild(
            "session",
            SESSION_0003,
            sa.PrimaryKeyConstraint("id", name="pk_session"),
            sa.ForeignKeyConstraint(
                ["workshop_id"], ["workshop.id"], name="fk_session_workshop_id_workshop", ondelete="SET NULL"
            ),
        )
        op.create_index("ix_session_updated", "session", ["updated"])
        op.create_index("ix_session_workshop_id", "session", ["workshop_id"])
        _rebuild("kpi", KPI_0003, sa.PrimaryKeyConstraint("session_id", "id", name="pk_kpi"), _session_fk("kpi"))
        _rebuild(
            "step_timer",
            STEP_TIMER_0003,
            sa.PrimaryKeyConstraint("session_id", "step", name="pk_step_timer"),
            _session_fk("step_timer"),
        )
        bind.exec_driver_sql("PRAGMA legacy_alter_table = OFF")
    else:
        _upgrade_in_place()
    _drop_review_not_opened(bind)


def _upgrade_in_place() -> None:
    """Databases that can alter columns and keys (PostgreSQL): the same result, without rebuilding."""
    op.add_column("session", sa.Column("currency", sa.Text(), nullable=False, server_default=""))
    op.add_column("session", sa.Column("reviewed", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("session", sa.Column("org_regulation", sa.Text(), nullable=False, server_default="none"))
    op.add_column(
        "session", sa.Column("org_critical_infrastructure", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.execute(
        f"UPDATE session SET schema_version = {SCHEMA_VERSION}, "
        "currency = CASE WHEN language = 'ja' THEN 'JPY' ELSE '' END, "
        "reviewed = (current_step = 'review'), "
        "org_regulation = CASE WHEN org_regulated THEN 'some' ELSE 'none' END"
    )
    for column in ("currency", "reviewed", "org_regulation", "org_critical_infrastructure"):
        op.alter_column("session", column, server_default=None)
    op.drop_column("session", "org_regulated")
    op.add_column("kpi", sa.Column("indicator", sa.Text(), nullable=True))
    op.add_column("kpi", sa.Column("baseline_on", sa.Date(), nullable=True))
    op.add_column("kpi", sa.Column("current_on", sa.Date(), nullable=True))
    op.add_column("step_timer", sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE step_timer SET held = (paused_at IS NOT NULL)")
    op.alter_column("step_timer", "held", server_default=None)
    op.drop_constraint("pk_step_timer", "step_timer", type_="primary")
    op.create_primary_key("pk_step_timer", "step_timer", ["session_id", "step"])


def downgrade() -> None:
    raise NotImplementedError("secsc never downgrades a database; restore the backup written before 0003")
