"""An item's links and framework tags are kept with the item: JSON lists on its row; item_link goes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Written by hand and frozen: plain SQLAlchemy types only. Until now every entry of an
item's link list ("supports", "measures", "moves") and of its tags ("meti",
"nist_csf") was a row of its own in ``item_link``: 142,000 of the 206,000 rows an
import of 1,000 workshop sessions wrote, and most of its writing time. Nothing ever
queried them apart from their item, so each list becomes a column of the item's row,
a JSON list (JSONB on PostgreSQL, TEXT on SQLite, as 0006 made the session's lists),
empty by default: ``goal`` gets ``meti`` and ``nist_csf``; ``csf``, ``kpi`` and
``action_plan`` get their own link list first (``supports``, ``measures``, ``moves``)
and then the same two. The columns are added at the end of each table (no rebuild),
each list is filled in its old order, and ``item_link`` is dropped.

A METI directive was kept as text ("7") and becomes a JSON number again, as the
session holds it; anything else stays text, for the store to refuse as it always did.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.Text().with_variant(postgresql.JSONB(), "postgresql")
TAGS = ("meti", "nist_csf")
# Each item table's new columns, in order: its own link list (the item_link kind of the same name) first.
NEW_COLUMNS = {
    "goal": TAGS,
    "csf": ("supports", *TAGS),
    "kpi": ("measures", *TAGS),
    "action_plan": ("moves", *TAGS),
}
SESSIONS_PER_BATCH = 200  # bounds the memory an upgrade of a large database takes

_item_link = sa.table(
    "item_link",
    sa.column("session_id", sa.Text()),
    sa.column("kind", sa.Text()),
    sa.column("source_id", sa.Text()),
    sa.column("position", sa.Integer()),
    sa.column("target_id", sa.Text()),
)


def _item_table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(
        name, sa.column("session_id", sa.Text()), sa.column("id", sa.Text()), *(sa.column(c, _JSON) for c in columns)
    )


def upgrade() -> None:
    bind = op.get_bind()
    for table, columns in NEW_COLUMNS.items():
        for column in columns:
            op.add_column(table, sa.Column(column, _JSON, nullable=False, server_default="[]"))
    _move_links_to_their_items(bind)
    op.drop_table("item_link")


def _move_links_to_their_items(bind: sa.Connection) -> None:
    """One UPDATE per item that has links or tags, setting all its lists at once."""
    postgres = bind.dialect.name == "postgresql"
    updates = {table: _update(table, columns) for table, columns in NEW_COLUMNS.items()}
    for session_ids in _batches(bind):
        # A tag's row named its item by id alone: the table it is in says which kind of item it is.
        table_of = {key: table for table in NEW_COLUMNS for key in _item_keys(bind, table, session_ids)}
        pending: dict[str, list[dict[str, Any]]] = {table: [] for table in NEW_COLUMNS}
        rows = bind.execute(
            sa.select(_item_link.c.session_id, _item_link.c.source_id, _item_link.c.kind, _item_link.c.target_id)
            .where(_item_link.c.session_id.in_(session_ids))
            .order_by(_item_link.c.session_id, _item_link.c.source_id, _item_link.c.kind, _item_link.c.position)
        )
        for (sid, item_id), links in itertools.groupby(rows, key=lambda r: (r[0], r[1])):
            table = table_of.get((sid, item_id))
            if table is None:
                continue  # links from an item that is not there (the store never wrote one): nothing keeps them
            lists: dict[str, list[Any]] = {column: [] for column in NEW_COLUMNS[table]}
            for _sid, _item, kind, target in links:
                if kind in lists:  # a kind this kind of item never had is dropped, as reading dropped it
                    lists[kind].append(
                        int(target) if kind == "meti" and target.isascii() and target.isdigit() else target
                    )
            params: dict[str, Any] = {"s_id": sid, "item_id": item_id}
            for column, values in lists.items():
                params[f"new_{column}"] = (
                    values if postgres else json.dumps(values, ensure_ascii=False) if values else "[]"
                )
            pending[table].append(params)
        for table, params_list in pending.items():
            if params_list:
                bind.execute(updates[table], params_list)


def _update(table: str, columns: Sequence[str]) -> sa.Update:
    t = _item_table(table, *columns)
    return (
        sa.update(t)
        .where(t.c.session_id == sa.bindparam("s_id"), t.c.id == sa.bindparam("item_id"))
        .values({column: sa.bindparam(f"new_{column}") for column in columns})
    )


def _item_keys(bind: sa.Connection, table: str, session_ids: list[str]) -> list[tuple[str, str]]:
    t = _item_table(table)
    return [(sid, item_id) for sid, item_id in bind.execute(sa.select(t).where(t.c.session_id.in_(session_ids)))]


def _batches(bind: sa.Connection) -> Iterator[list[str]]:
    session = sa.table("session", sa.column("id", sa.Text()))
    ids = [sid for (sid,) in bind.execute(sa.select(session.c.id).order_by(session.c.id))]
    for start in range(0, len(ids), SESSIONS_PER_BATCH):
        yield ids[start : start + SESSIONS_PER_BATCH]


def downgrade() -> None:
    # For developers only (the store never downgrades): the lists become item_link rows again.
    bind = op.get_bind()
    op.create_table(
        "item_link",
        sa.Column("session_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["session.id"], name="fk_item_link_session_id_session", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("session_id", "kind", "source_id", "position", name="pk_item_link"),
        sqlite_with_rowid=False,
    )
    for table, columns in NEW_COLUMNS.items():
        t = _item_table(table, *columns)
        rows = [
            {"session_id": row[0], "kind": kind, "source_id": row[1], "position": i, "target_id": str(target)}
            for row in bind.execute(sa.select(t))
            for kind, value in zip(columns, row[2:], strict=True)
            for i, target in enumerate(value if isinstance(value, list) else json.loads(value))
        ]
        if rows:
            bind.execute(sa.insert(_item_link), rows)
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
