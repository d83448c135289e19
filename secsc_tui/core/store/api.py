"""``Store``: the sessions in an SQLite database (or another SQLAlchemy database).

Importing this module is cheap: SQLAlchemy, SQLModel and the table definitions are
loaded by ``Store.open``, so commands that never touch the database don't pay
for them. Every failure leaves as a ``SecscError`` (``SessionNotFound``,
``WorkshopNotFound``, ``ConflictError``, ``DatabaseError``, ``InvalidInput``), never
as a driver error.

A ``Store`` may be shared by threads: each call takes its own pooled connection
and runs in its own transaction.

Why two classes, ``Store`` here and ``Repository`` (``repository.py``), when most
of these methods hand their call straight on:

- the cheap import above: ``repository.py`` imports SQLAlchemy and the tables,
  and only ``Store.open`` loads it (``test_importing_the_store_does_not_import_sqlalchemy``);
- ``Store`` is the API the app, the CLI and the exchange code use, and the one
  place its promises are written (what each method raises, what it keeps);
  ``Repository`` is private to this package and holds only the SQL, one
  transaction per method;
- what is not SQL happens here: a session is validated again before it is
  written (``checked``), and an export from a database that cannot be written
  still succeeds, without the record.

A new method: its query in ``Repository``, its documented entry point here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from secsc_tui.core.model import Session
from secsc_tui.core.problems import DatabaseError, InvalidInput, Problem, SessionNotFound
from secsc_tui.core.store.location import resolve_target
from secsc_tui.core.store.results import ImportOutcome, SaveOutcome, SessionSummary, TeamRow, WorkshopSummary
from secsc_tui.core.timebox import StepTimer
from secsc_tui.core.workshop import Workshop

if TYPE_CHECKING:
    from secsc_tui.core.catalogue import CatalogueFile, CatalogueImport, LoadedCatalogue, StoredEntries
    from secsc_tui.core.store.prepared import PreparedSession
    from secsc_tui.core.store.repository import Repository


class Store:
    """The sessions of one database. Open with ``Store.open``; close with ``close()``."""

    def __init__(self, repository: Repository):
        self._repo = repository

    @classmethod
    def open(
        cls,
        target: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        before_upgrade: Callable[[], None] | None = None,
    ) -> Store:
        """Open (creating or upgrading if needed) the database at ``target``.

        ``target`` is a file path or a SQLAlchemy URL; None means ``$SECSC_DB``, else
        ``default_database_path()``. Raises ``DatabaseError`` for anything that is
        not a usable secsc database.

        ``read_only`` is for commands that only read: an up-to-date SQLite file is
        then opened without writing anything to it (so a read-only file, or one in
        a read-only folder, can still be read); a missing one is still created, and
        an older one still upgraded (refused if it cannot be written).

        ``before_upgrade`` is called (in this thread) just before an older database is
        backed up and upgraded, which takes seconds for thousands of sessions;
        ``upgrade_backup`` then names the backup.
        """
        from secsc_tui.core.store.repository import open_repository

        return cls(open_repository(resolve_target(target), read_only, before_upgrade))

    @property
    def url(self) -> str:
        return self._repo.target.url

    @property
    def path(self) -> Path | None:
        """The database file, or None for in-memory and non-SQLite databases."""
        return self._repo.target.path

    @property
    def upgrade_backup(self) -> Path | None:
        """The backup of the older database this store upgraded as it opened it (SQLite files), else None."""
        return self._repo.upgrade_backup

    def close(self) -> None:
        self._repo.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._repo.where!r})"

    def check_integrity(self) -> None:
        """Refuse a damaged database (``DatabaseError`` saying how to recover). Slow: before writing much."""
        self._repo.check_integrity()

    # -- reading -------------------------------------------------------------------------

    def list_sessions(self, workshop_id: str | None = None) -> list[SessionSummary]:
        """Every session (with a workshop id: that workshop's), most recently updated first.

        Reads only the session table.
        """
        return self._repo.list_sessions(workshop_id)

    def count_sessions(self) -> int:
        return self._repo.count_sessions()

    def revision_of(self, session_id: str) -> int | None:
        """The session's revision (None if there is no such session): one cheap read, for polling views."""
        return self._repo.revision_of(session_id)

    def get(self, session_id: str) -> Session:
        """The session with exactly this id; raises ``SessionNotFound``."""
        return self._repo.get(session_id)

    def resolve_id(self, prefix: str) -> str:
        """The id that is ``prefix`` exactly, or the only id starting with it.

        Raises ``SessionNotFound`` if none matches, ``SecscError`` if several do.
        """
        return self._repo.resolve_id(prefix)

    def export_all(self) -> Iterator[Session]:
        """Every session as written to a file, ordered by id, read in batches (each session is consistent).

        Like ``export``, it records that each version was published.
        """
        return self._repo.export_all(record=self._can_record())

    def export(self, session_ids: list[str]) -> list[Session]:
        """The sessions as written to a file (``SessionNotFound`` for an unknown id).

        Each one's ``history`` starts with the digest of its content (see
        ``core/lineage.py``), and the database records that this version was
        published, so that the file, edited and brought back, is recognised as
        newer. That is the only change: revision and ``updated`` stay. A database
        that cannot be written (read-only) still exports, without the record; a
        file it wrote may then come back as a conflict, never as a silent overwrite.
        """
        ids = list(dict.fromkeys(session_ids))
        try:
            found = self._repo.export(ids, record=self._can_record())
        except DatabaseError:
            self._read_only = True
            found = self._repo.export(ids, record=False)
        for session_id in ids:
            if session_id not in found:
                raise SessionNotFound(session_id)
        return [found[i] for i in ids]

    def publish(self, session: Session) -> Session:
        """``session`` as an editor holds it, as written to a file (see ``export``).

        Recorded in the database only if the database holds this very content (an
        edit not saved yet is exported, but not recorded).
        """
        try:
            return self._repo.publish(session)
        except DatabaseError:
            from secsc_tui.core.store.repository import _as_published

            return _as_published(session)

    def _can_record(self) -> bool:
        return not getattr(self, "_read_only", False)

    # -- writing -------------------------------------------------------------------------

    def create(self, session: Session, *, workshop_id: str | None = None) -> Session:
        """Insert a new session as given (its created/updated/revision are kept), in a workshop if given.

        Raises ``SecscError`` if a session with this id exists, ``InvalidInput`` if two
        items of one kind share an id, ``WorkshopNotFound`` for an unknown workshop.
        """
        return self._repo.create(checked(session), workshop_id)

    def save(self, session: Session) -> Session:
        """Write ``session`` over the stored one, in one transaction.

        ``session.revision`` must be the stored revision (else ``ConflictError``;
        ``SessionNotFound`` if it was deleted). Returns a copy with the revision
        incremented and ``updated`` set to now; the argument is not changed.
        """
        return self._repo.save(checked(session))

    def save_merging(self, session: Session, base: Session, *, author: str = "") -> SaveOutcome:
        """Save an editor's ``session``, merging what others saved since it last saw ``base``.

        ``base`` is the version the editor last loaded or saved (``session.revision``
        is its revision). If the stored session is still at that revision this is
        ``save``. Otherwise the editor's changes since ``base`` and the stored
        version are merged field by field (``core/merge.py``) and the merge is
        saved, in the same transaction: nothing is refused. A field both changed
        differently keeps the stored value and comes back in the outcome's
        ``conflicts``, and the outcome's ``theirs_by`` names who saved last before
        (their ``author``, "" if unknown). ``SessionNotFound`` if the session was deleted.
        """
        return self._repo.save_merging(checked(session), base, author)

    def last_saved_by(self, session_id: str) -> str:
        """Who saved the session last, as its editor named itself ("" if unknown or no such session)."""
        return self._repo.last_saved_by(session_id)

    def delete(self, session_id: str, *, expected_revision: int | None = None) -> None:
        """Delete a session and all its items; with ``expected_revision``, only if it still has it."""
        self._repo.delete(session_id, expected_revision)

    def import_sessions(
        self, sessions: list[Session], *, force: bool = False, workshop_id: str | None = None
    ) -> list[ImportOutcome]:
        """Import sessions (one file) in one transaction: all of them or none.

        Per session, in the given order, deciding by lineage (``core/lineage.py``):
        "added" (new id, stored as given); "unchanged" (the same content, or the
        database's version descends from the file's: nothing written but a longer
        history); "updated" (the file's version descends from the database's:
        written with revision + 1 and updated = now); or "conflict" (both changed
        since their last common version; the outcome lists the fields that differ).
        A file without a history (written before secsc kept them) updates a session
        still at the revision the file was based on. If any session conflicts and
        ``force`` is false, nothing at all is written; the other outcomes then say
        what would have happened. With ``force``, conflicting sessions overwrite the
        stored ones ("updated").

        With ``workshop_id``, every session of the import (added, updated and
        unchanged alike) is put in that workshop, in the same transaction; a session
        taken out of another workshop says so in its outcome's detail. Raises
        ``WorkshopNotFound`` (nothing written) if there is no such workshop, and
        ``InvalidInput`` (nothing written) if a session id appears twice, or two items
        of one kind in a session share an id.
        """
        return self._repo.import_sessions(list(sessions), force, workshop_id)

    def import_files(
        self, files: Sequence[Sequence[PreparedSession]], *, force: bool = False, workshop_id: str | None = None
    ) -> list[list[ImportOutcome]]:
        """Several files' sessions, each as ``import_sessions`` would import it, in one transaction.

        Each file's sessions made ready by ``store.prepared.prepare`` (which refuses a file
        that cannot be imported); a file that conflicts writes nothing, the others are
        written. A database error (``SecscError``) writes nothing at all.
        """
        return self._repo.import_files(files, force, workshop_id)

    # -- workshops -------------------------------------------------------------------------

    def create_workshop(self, workshop: Workshop) -> Workshop:
        """Insert a new workshop with its agenda; returns it with its name trimmed.

        Names are unique regardless of case and surrounding spaces: ``SecscError``
        ("a workshop named 'X' already exists"); also for an existing id.
        ``InvalidInput`` for a blank name.
        """
        return self._repo.create_workshop(workshop)

    def save_workshop(self, workshop: Workshop) -> Workshop:
        """Write every field and the agenda; returns a copy with ``updated`` set to now.

        ``WorkshopNotFound`` if it was deleted; ``SecscError`` if another workshop has the name.
        """
        return self._repo.save_workshop(workshop)

    def get_workshop(self, workshop_id: str) -> Workshop:
        """The workshop with exactly this id; raises ``WorkshopNotFound``."""
        return self._repo.get_workshop(workshop_id)

    def find_workshop(self, name_or_id: str) -> Workshop:
        """The workshop with this id, else with this name (case and surrounding spaces aside).

        ``WorkshopNotFound``'s message lists a few workshop names that do exist.
        """
        return self._repo.find_workshop(name_or_id)

    def list_workshops(self) -> list[WorkshopSummary]:
        """Every workshop with its number of sessions: newest date first (no date last), then name."""
        return self._repo.list_workshops()

    def delete_workshop(self, workshop_id: str) -> None:
        """Delete a workshop and its agenda; its sessions stay, in no workshop. ``WorkshopNotFound``."""
        self._repo.delete_workshop(workshop_id)

    def delete_workshop_if_empty(self, workshop_id: str) -> bool:
        """Delete the workshop only if no session is in it (checked in the same transaction): whether it was."""
        return self._repo.delete_workshop_if_empty(workshop_id)

    def assign_sessions(self, session_ids: list[str], workshop_id: str | None) -> None:
        """Move sessions into a workshop (None: out of any), all or none.

        Organisation, not content: the sessions' revision and ``updated`` stay as they
        are. ``SessionNotFound`` / ``WorkshopNotFound`` (nothing moved) for unknown ids.
        """
        self._repo.assign_sessions(list(session_ids), workshop_id)

    def sessions_in(self, workshop_id: str) -> list[Session]:
        """The workshop's sessions, whole, in the natural order of their titles ("Team 2" before "Team 10").

        Read consistently. ``WorkshopNotFound``.
        """
        return self._repo.sessions_in(workshop_id)

    def team_rows(self, workshop_id: str) -> list[TeamRow]:
        """Where each team of the workshop is, in natural title order: one SQL query, no session is built.

        Made for a dashboard that polls while teams write to the same database.
        ``WorkshopNotFound`` if the workshop is gone (checked only when it has no sessions).
        """
        return self._repo.team_rows(workshop_id)

    def workshop_of(self, session_id: str) -> Workshop | None:
        """The workshop the session is in, or None. ``SessionNotFound`` if there is no such session."""
        return self._repo.workshop_of(session_id)

    # -- step timers -------------------------------------------------------------------

    def get_timers(self, session_id: str) -> list[StepTimer]:
        """The session's step timers, one per step that has one, in step order ([] for an unknown session)."""
        return self._repo.get_timers(session_id)

    def save_timers(self, timers: Sequence[StepTimer]) -> None:
        """Insert or replace these step timers, all in one transaction; the sessions' revision and
        ``updated`` stay.

        Each session keeps one timer per step. Times are kept to the microsecond.
        ``SessionNotFound`` if a timer's session does not exist. A session's timers are deleted with it.
        """
        self._repo.save_timers(timers)

    def save_timer(self, timer: StepTimer) -> None:
        """Insert or replace the timer of one step of a session (see ``save_timers``)."""
        self._repo.save_timers([timer])

    def delete_timers(self, session_id: str) -> None:
        """Forget every step timer of the session (nothing happens if it has none)."""
        self._repo.delete_timers(session_id)

    # -- the trainer's catalogue -------------------------------------------------------

    def catalogue(self, config_folder: Path | None = None) -> LoadedCatalogue:
        """The catalogue in use: the built-in one, this database's entries and the files of
        ``<config_folder>/catalogue/`` (see ``core/catalogue.py``: the database's entry wins
        over a file's of the same id).

        What the app and the CLI show and pick from. Entries or files that cannot be
        used are left out and listed in ``problems``; only a database that cannot be
        read raises (``DatabaseError``). Reads the database and files: call it off the UI thread.
        """
        from secsc_tui.core.catalogue import load_catalogue

        return load_catalogue(config_folder, self._repo.catalogue_entries())

    def catalogue_entries(self) -> StoredEntries:
        """The trainer's entries this database holds, in the order they were first imported.

        Rows that cannot be read are left out and listed in ``problems``.
        """
        return self._repo.catalogue_entries()

    def export_catalogue(self) -> str:
        """The trainer's entries this database holds as a catalogue file (none: a file with empty lists).

        Importing it into another database gives that one the same entries.
        """
        from secsc_tui.core.catalogue import dump_catalogue

        return dump_catalogue(self.catalogue_entries().entries)

    def import_catalogue(
        self, source: str | os.PathLike[str] | CatalogueFile, *, config_folder: Path | None = None
    ) -> CatalogueImport:
        """Add a catalogue file's new and changed entries to this database, in one transaction.

        ``source`` is a file to read (``InvalidInput`` with file, line and field for
        each problem: nothing is written) or one already read. An entry of the id of
        a stored one replaces it; one the catalogue already has as it is changes
        nothing, so importing an export of the catalogue writes nothing (see
        ``core.catalogue.plan_import``, which also says how the config folder's files
        count). ``InvalidInput`` if an entry clashes with the catalogue in use.
        """
        from secsc_tui.core.catalogue import CatalogueFile, read_catalogue_file

        incoming = source if isinstance(source, CatalogueFile) else read_catalogue_file(Path(source))
        return self._repo.import_catalogue(incoming, config_folder)


def checked(session: Session) -> Session:
    """The session validated again before it is written.

    Code (the app's forms, a script) changes models without validation; what is
    stored must still read back, so a value the model refuses is refused here,
    with the field and the reason, before anything is written.
    """
    from pydantic import ValidationError

    try:
        return Session.model_validate(session.model_dump())
    except ValidationError as exc:
        from secsc_tui.core.yaml_read import describe_error, format_path

        raise InvalidInput(
            [Problem(describe_error(error), path=format_path(error["loc"])) for error in exc.errors()]
        ) from None
