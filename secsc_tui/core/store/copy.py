"""Copy everything one database holds into another: SQLite to PostgreSQL and back.

Every table of the schema (sessions, workshops, step timers, the trainer's
catalogue entries...) is copied row by row in one transaction on the
destination, parents before children, so the copy is all or nothing. Both sides
are then read back and compared by a digest of each table's rows,
so a copy that lost or changed anything is reported, not trusted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from secsc_tui.core.problems import DatabaseError
from secsc_tui.core.store import database
from secsc_tui.core.store.errors import database_errors
from secsc_tui.core.store.location import Target
from secsc_tui.core.store.repository import Repository, open_repository
from secsc_tui.core.store.tables import metadata
from secsc_tui.i18n import _, ngettext

BATCH = 500  # rows per INSERT: bounded memory for a store of any size


@dataclass(frozen=True, slots=True)
class CopyResult:
    rows: dict[str, int]  # table name -> rows copied, in copy order
    digest: str  # of the whole store, equal on both sides

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_store(
    source: Target,
    destination: Target,
    *,
    replace: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> CopyResult:
    """Copy every row of ``source`` into ``destination`` and check that both hold the same.

    Both are opened as usual (created or upgraded to the current schema). A
    destination that already holds anything is refused unless ``replace``: then
    its rows are deleted in the same transaction that writes the copy.
    """
    if _same(source, destination):
        raise DatabaseError(
            _("{where} is both the source and the destination of the copy", where=database.label(source))
        )
    source_repo = open_repository(source)
    try:
        destination_repo = open_repository(destination)
        try:
            return _copy(source_repo, destination_repo, replace=replace, progress=progress)
        finally:
            destination_repo.close()
    finally:
        source_repo.close()


def store_digest(repository: Repository) -> str:
    """A digest of everything ``repository`` holds, independent of the kind of database."""
    with database_errors("read the database", repository.where), repository.engine.connect() as conn:
        return _digest(conn)


def _copy(
    source: Repository,
    destination: Repository,
    *,
    replace: bool,
    progress: Callable[[str, int], None] | None,
) -> CopyResult:
    with database_errors("copy into the database", destination.where):
        rows = _write_copy(source, destination, replace=replace, progress=progress)
    source_digest = store_digest(source)
    destination_digest = store_digest(destination)
    if source_digest != destination_digest:
        raise DatabaseError(
            _(
                "the copy in {destination} differs from {source} after copying "
                "(their content digests differ); do not use the copy",
                destination=destination.where,
                source=source.where,
            )
        )
    return CopyResult(rows=rows, digest=source_digest)


def _write_copy(
    source: Repository,
    destination: Repository,
    *,
    replace: bool,
    progress: Callable[[str, int], None] | None,
) -> dict[str, int]:
    """Every table's rows, in one transaction on the destination."""
    tables = _tables()
    rows: dict[str, int] = {}
    writing = destination.engine.connect().execution_options(**{database.WRITE: True})
    with writing as target, target.begin():
        held = {table.name: n for table in tables if (n := _count(target, table))}
        if held and not replace:
            raise DatabaseError(
                _(
                    "{where} is not empty ({held}); copy into an empty database, "
                    "or replace what it holds with --replace",
                    where=destination.where,
                    held=_summary(held),
                )
            )
        for table in reversed(tables):  # children first
            target.execute(table.delete())
        with source.engine.connect() as reader:
            for table in tables:
                rows[table.name] = _copy_table(reader, target, table, progress)
    return rows


def _copy_table(
    reader: sa.Connection,
    writer: sa.Connection,
    table: sa.Table,
    progress: Callable[[str, int], None] | None,
) -> int:
    copied = 0
    for batch in _batches(reader, table):
        writer.execute(table.insert(), batch)
        copied += len(batch)
        if progress is not None:
            progress(table.name, copied)
    return copied


def _batches(conn: sa.Connection, table: sa.Table) -> Iterator[list[dict[str, Any]]]:
    result = conn.execution_options(stream_results=True).execute(sa.select(table))
    for partition in result.mappings().partitions(BATCH):
        yield [dict(row) for row in partition]


def _tables() -> list[sa.Table]:
    """Every table of the schema, parents before children (Alembic's own table is not content)."""
    return [table for table in metadata.sorted_tables if table.name != "alembic_version"]


def _count(conn: sa.Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _digest(conn: sa.Connection) -> str:
    """SHA-256 over every table's rows, each value spelt by ``repr``.

    Values come through the same column types on both sides (text, integers,
    timestamps), so equal content gives equal spellings whatever the database.
    The rows' own digests are sorted rather than the rows: databases sort text
    keys by different collations.
    """
    digest = hashlib.sha256()
    for table in _tables():
        digest.update(f"\x00table {table.name}\n".encode())
        row_digests = sorted(
            hashlib.sha256(repr(tuple(row[column.name] for column in table.columns)).encode()).digest()
            for batch in _batches(conn, table)
            for row in batch
        )
        digest.update(b"".join(row_digests))
    return digest.hexdigest()


def _summary(held: dict[str, int]) -> str:
    """What a database holds, in the words of its top-level tables: "3 sessions, 1 workshop"."""
    parts = []
    if n := held.get("session"):
        parts.append(ngettext("{n} session", "{n} sessions", n))
    if n := held.get("workshop"):
        parts.append(ngettext("{n} workshop", "{n} workshops", n))
    if n := held.get("step_timer"):
        parts.append(ngettext("{n} step timer", "{n} step timers", n))
    if n := held.get("catalogue_entry"):
        parts.append(ngettext("{n} catalogue entry", "{n} catalogue entries", n))
    return _(", ").join(parts) or ngettext("{n} row", "{n} rows", sum(held.values()))


def _same(source: Target, destination: Target) -> bool:
    if source.path is not None or destination.path is not None:
        return source.path == destination.path
    return sa.engine.make_url(source.url) == sa.engine.make_url(destination.url)
