"""``Store``: the sessions in an SQLite database (or another SQLAlchemy database).

Importing this module is cheap: SQLAlchemy, SQLModel and the table definitions are
loaded by ``Store.open``, so commands that never touch the database don't pay
for them. Every failure leaves as a ``SecscError`` (``SessionNotFound``,
``ConflictError``, ``DatabaseError``, ``InvalidInput``), never as a driver error.

A ``Store`` may be shared by threads: each call takes its own pooled connection
and runs in its own transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from secsc_tui.core.model import Session
from secsc_tui.core.store.location import resolve_target
from secsc_tui.core.store.results import ImportOutcome, SessionSummary

if TYPE_CHECKING:
    from secsc_tui.core.store.repository import Repository


class Store:
    """The sessions of one database. Open with ``Store.open``; close with ``close()``."""

    def __init__(self, repository: Repository):
        self._repo = repository

    @classmethod
    def open(cls, target: str | os.PathLike[str] | None = None) -> Store:
        """Open (creating or upgrading if needed) the database at ``target``.

        ``target`` is a file path or a SQLAlchemy URL; None means ``$SECSC_DB``, else
        ``default_database_path()``. Raises ``DatabaseError`` for anything that is
        not a usable secsc database.
        """
        from secsc_tui.core.store.repository import open_repository

        return cls(open_repository(resolve_target(target)))

    @property
    def url(self) -> str:
        return self._repo.target.url

    @property
    def path(self) -> Path | None:
        """The database file, or None for in-memory and non-SQLite databases."""
        return self._repo.target.path

    def close(self) -> None:
        self._repo.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._repo.where!r})"

    # -- reading -------------------------------------------------------------------------

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, most recently updated first (reads only the session table)."""
        return self._repo.list_sessions()

    def count_sessions(self) -> int:
        return self._repo.count_sessions()

    def get(self, session_id: str) -> Session:
        """The session with exactly this id; raises ``SessionNotFound``."""
        return self._repo.get(session_id)

    def resolve_id(self, prefix: str) -> str:
        """The id that is ``prefix`` exactly, or the only id starting with it.

        Raises ``SessionNotFound`` if none matches, ``SecscError`` if several do.
        """
        return self._repo.resolve_id(prefix)

    def export_all(self) -> Iterator[Session]:
        """Every session, ordered by id, read in batches (each session is consistent)."""
        return self._repo.export_all()

    # -- writing -------------------------------------------------------------------------

    def create(self, session: Session) -> Session:
        """Insert a new session as given (its created/updated/revision are kept).

        Raises ``SecscError`` if a session with this id exists, ``InvalidInput`` if two
        items of one kind share an id.
        """
        return self._repo.create(session)

    def save(self, session: Session) -> Session:
        """Write ``session`` over the stored one, in one transaction.

        ``session.revision`` must be the stored revision (else ``ConflictError``;
        ``SessionNotFound`` if it was deleted). Returns a copy with the revision
        incremented and ``updated`` set to now; the argument is not changed.
        """
        return self._repo.save(session)

    def delete(self, session_id: str, *, expected_revision: int | None = None) -> None:
        """Delete a session and all its items; with ``expected_revision``, only if it still has it."""
        self._repo.delete(session_id, expected_revision)

    def import_sessions(self, sessions: list[Session], *, force: bool = False) -> list[ImportOutcome]:
        """Import sessions (one file) in one transaction: all of them or none.

        Per session, in the given order: "added" (new id, stored as given),
        "unchanged" (same content as stored, nothing written), "updated" (stored at
        the revision the file has: written with revision + 1 and updated = now) or
        "conflict" (the stored revision differs). If any session conflicts and
        ``force`` is false, nothing at all is written; the other outcomes then say
        what would have happened. With ``force``, conflicting sessions overwrite the
        stored ones ("updated").
        """
        return self._repo.import_sessions(list(sessions), force)
