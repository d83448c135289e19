"""The store's SQL: every query and write, with SQLAlchemy Core on the tables in ``tables``.

``Store`` (in ``api``) is the public face; it keeps this module, and with it
SQLAlchemy, out of programs that never open the database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from secsc_tui.core.lineage import Relation, Version, content_digest, published_history, relate, version_of
from secsc_tui.core.merge import merge
from secsc_tui.core.model import Language, Session, Step, now_utc
from secsc_tui.core.natural_order import natural_key
from secsc_tui.core.problems import (
    ConflictError,
    DatabaseError,
    InvalidInput,
    Problem,
    SecscError,
    SessionNotFound,
    WorkshopNotFound,
)
from secsc_tui.core.session_diff import Difference, differences
from secsc_tui.core.store import database
from secsc_tui.core.store.convert import (
    Rows,
    agenda_rows,
    child_rows,
    name_key,
    session_from_rows,
    session_row,
    timer_from_row,
    timer_row,
    workshop_from_rows,
    workshop_row,
)
from secsc_tui.core.store.errors import database_errors
from secsc_tui.core.store.location import Target, keep_default_folder_private
from secsc_tui.core.store.prepared import PreparedSession, prepare
from secsc_tui.core.store.results import (
    ImportOutcome,
    ImportStatus,
    SaveOutcome,
    SessionSummary,
    TeamRow,
    WorkshopSummary,
)
from secsc_tui.core.store.tables import (
    CHILD_TABLES,
    action_plan_table,
    agenda_item_table,
    catalogue_entry_table,
    csf_table,
    goal_table,
    json_text,
    kpi_table,
    published_version_table,
    session_table,
    step_timer_table,
    workshop_table,
)
from secsc_tui.core.timebox import StepTimer
from secsc_tui.core.workshop import Workshop
from secsc_tui.i18n import _

if TYPE_CHECKING:  # the catalogue (its pydantic models) loads when a catalogue is asked for
    from secsc_tui.core.catalogue import CatalogueFile, CatalogueImport, StoredEntries

S = session_table.c
W = workshop_table.c
A = agenda_item_table.c
T = step_timer_table.c
C = catalogue_entry_table.c
KNOWN_NAMES_SHOWN = 5  # workshop names listed when a name is not found
MERGE_ATTEMPTS = 5  # a save that merges, when another writer got in between reading and writing
CHUNK = 200  # sessions per batch of reads (keeps IN (...) lists well under SQLite's limits)

# Child rows are read back in list order.
_ORDER = {
    "participant": ("position",),
    "gap": ("perspective",),
    "goal": ("position",),
    "csf": ("position",),
    "kpi": ("position",),
    "action_plan": ("position",),
    "map_link": ("position",),
    "response": ("position",),
    "last_number": ("perspective", "kind"),
}

# Only for the kill-mid-save test: pause inside the save transaction, before COMMIT.
_PAUSE_ENV = "SECSC_TEST_PAUSE_IN_SAVE"


def open_repository(
    target: Target, read_only: bool = False, before_upgrade: Callable[[], None] | None = None
) -> Repository:
    where = database.label(target)
    path = target.path
    inspection = None
    if path is not None:
        keep_default_folder_private(path)
        inspection = database.inspect_file(path)
        if inspection.state is database.State.OLDER and read_only:
            database.refuse_read_only_upgrade(path, inspection.revision)
        if inspection.state is database.State.CURRENT and read_only:
            return Repository(_read_only_engine(path, where), target, read_only=True)
    engine = database.make_engine(target)
    backup = None
    try:
        with database_errors(_("open the database"), where):
            if inspection is None:
                with engine.connect() as conn:
                    inspection = database.inspect_connection(conn, where)
            if inspection.state is database.State.CURRENT:
                # Connect once now, so that a read-only or locked file is reported here.
                with engine.connect() as conn:
                    conn.exec_driver_sql("SELECT 1 FROM alembic_version")
            else:
                backup = database.migrate(engine, target, before_upgrade)
    except BaseException:
        engine.dispose()
        raise
    return Repository(engine, target, upgrade_backup=backup)


def _read_only_engine(path: Path, where: str) -> Engine:
    """An engine that reads ``path`` without writing anything, checked by a first read."""

    def checked(immutable: bool) -> Engine:
        engine = database.make_read_only_engine(path, immutable=immutable)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1 FROM alembic_version")
        except BaseException:
            engine.dispose()
            raise
        return engine

    with database_errors(_("open the database"), where):
        try:
            return checked(immutable=False)
        except sa.exc.OperationalError as exc:
            if getattr(exc.orig, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_CANTOPEN:
                raise
        # A WAL database in a read-only folder: its -shm file cannot be created there.
        return checked(immutable=True)


class Repository:
    def __init__(self, engine: Engine, target: Target, *, read_only: bool = False, upgrade_backup: Path | None = None):
        self.engine = engine
        self.target = target
        self.read_only = read_only  # opened without writing: exports are not recorded
        self.upgrade_backup = upgrade_backup  # the copy of an older database made before upgrading it here
        self.where = database.label(target)

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ----------------------------------------------------------------

    def _read(self) -> sa.Connection:
        return self.engine.connect()

    def _write(self) -> sa.Connection:
        return self.engine.connect().execution_options(**{database.WRITE: True})

    def check_integrity(self) -> None:
        """SQLite's full integrity check; a damaged database is refused with how to recover.

        Seconds on a database of ten thousand sessions: run before a batch of writes
        (an import), not on every open.
        """
        if self.engine.dialect.name != "sqlite":
            return
        try:
            with database_errors(_("check the database"), self.where), self._read() as conn:
                found = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check(3)")]
        except DatabaseError as exc:  # so damaged that the check itself cannot read it
            found = [str(exc)]
        if found != ["ok"]:
            raise DatabaseError(_damaged(self.where, self.target.path, found))

    # -- reading -------------------------------------------------------------------------

    def list_sessions(self, workshop_id: str | None = None) -> list[SessionSummary]:
        query = sa.select(
            S.id,
            S.title,
            S.org_name,
            S.language,
            S.current_step,
            S.steps_done,
            S.updated,
            S.revision,
            S.workshop_id,
        ).order_by(S.updated.desc(), S.id)
        if workshop_id is not None:
            query = query.where(S.workshop_id == workshop_id)
        with database_errors(_("read the session list"), self.where), self._read() as conn:
            rows = conn.execute(query).all()
        languages = {lang.value: lang for lang in Language}
        steps = {step.value: step for step in Step}
        try:
            return [
                SessionSummary(
                    id=r.id,
                    title=r.title,
                    organisation=r.org_name,
                    language=languages[r.language],
                    current_step=steps[r.current_step],
                    steps_done=len(set(json.loads(r.steps_done))),
                    updated=r.updated,
                    revision=r.revision,
                    workshop_id=r.workshop_id,
                )
                for r in rows
            ]
        except (KeyError, ValueError, TypeError) as exc:
            raise DatabaseError(
                _(
                    "the session list in {where} cannot be read ({exc!r}); the database was changed outside secsc",
                    where=self.where,
                    exc=exc,
                )
            ) from exc

    def count_sessions(self) -> int:
        with database_errors(_("count the sessions"), self.where), self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(session_table)).scalar_one()

    def last_saved_by(self, session_id: str) -> str:
        with self._read() as conn:
            return conn.execute(sa.select(S.updated_by).where(S.id == session_id)).scalar_one_or_none() or ""

    def revision_of(self, session_id: str) -> int | None:
        with database_errors(_("read the session"), self.where), self._read() as conn:
            return conn.execute(sa.select(S.revision).where(S.id == session_id)).scalar_one_or_none()

    def get(self, session_id: str) -> Session:
        with database_errors(_("read the session"), self.where), self._read() as conn, conn.begin():
            found = self._load(conn, [session_id])
        if session_id not in found:
            raise SessionNotFound(session_id)
        return found[session_id]

    def resolve_id(self, prefix: str) -> str:
        if not prefix:
            raise SessionNotFound(prefix)
        query = sa.select(S.id).where(S.id >= prefix, S.id < prefix + "\U0010ffff").order_by(S.id).limit(6)
        with database_errors(_("look up the session"), self.where), self._read() as conn:
            if conn.execute(sa.select(S.id).where(S.id == prefix)).first() is not None:
                return prefix
            matches: list[str] = [i for (i,) in conn.execute(query) if i.startswith(prefix)]
        if not matches:
            raise SessionNotFound(prefix)
        if len(matches) > 1:
            shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
            raise SecscError(
                _("'{prefix}' is ambiguous: it matches {shown}; type more of the id", prefix=prefix, shown=shown)
            )
        return matches[0]

    def export_all(self, *, record: bool = True) -> Iterator[Session]:
        with database_errors(_("read the sessions"), self.where), self._read() as conn:
            ids = [i for (i,) in conn.execute(sa.select(S.id).order_by(S.id))]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            found = self.export(chunk, record=record)
            # A session deleted since the ids were read is simply not exported.
            yield from (found[i] for i in chunk if i in found)

    def _load(self, conn: sa.Connection, ids: Sequence[str]) -> dict[str, Session]:
        """The sessions with these ids (those that exist), read in the caller's transaction."""
        return {
            sid: session_from_rows(row, children, self.where) for sid, (row, children) in _load_rows(conn, ids).items()
        }

    # -- writing -------------------------------------------------------------------------

    def create(self, session: Session, workshop_id: str | None = None) -> Session:
        rows = Rows()
        rows.add(session)
        rows.sessions[0]["workshop_id"] = workshop_id
        with database_errors("save", self.where), self._write() as conn, conn.begin():
            if conn.execute(sa.select(S.revision).where(S.id == session.id)).first() is not None:
                raise SecscError(
                    _("a session with id '{id}' already exists in {where}", id=session.id, where=self.where)
                )
            if workshop_id is not None:
                _require_workshop(conn, workshop_id)
            _insert(conn, rows)
        return session

    def save(self, session: Session) -> Session:
        updated = now_utc()
        with database_errors("save", self.where), self._write() as conn, conn.begin():
            if not _write_session(conn, session, updated):
                self._refuse(conn, session.id, session.revision)
            if os.environ.get(_PAUSE_ENV):
                print("paused in save", flush=True)
                time.sleep(60)
        return session.model_copy(update={"revision": session.revision + 1, "updated": updated})

    def save_merging(self, session: Session, base: Session, author: str = "") -> SaveOutcome:
        """Save ``session``; if others saved since ``base`` (its revision), merge and save the merge."""
        updated = now_utc()
        with database_errors("save", self.where), self._write() as conn, conn.begin():
            if _write_session(conn, session, updated, author):
                saved = session.model_copy(update={"revision": session.revision + 1, "updated": updated})
                return SaveOutcome(saved)
            # On SQLite the transaction holds the write lock (BEGIN IMMEDIATE). Elsewhere the
            # session's row is locked (SELECT ... FOR UPDATE) before theirs is read, so that no
            # other writer slips in between reading theirs and writing the merge; the loop is
            # only a safety net.
            for _attempt in range(MERGE_ATTEMPTS):
                if conn.dialect.name != "sqlite":
                    conn.execute(sa.select(S.revision).where(S.id == session.id).with_for_update())
                theirs = self._load(conn, [session.id]).get(session.id)
                if theirs is None:
                    raise SessionNotFound(session.id)
                by = conn.execute(sa.select(S.updated_by).where(S.id == session.id)).scalar_one_or_none() or ""
                result = merge(base, session, theirs, prefer="theirs")
                if _write_session(conn, result.session, updated, author):
                    saved = result.session.model_copy(update={"revision": theirs.revision + 1, "updated": updated})
                    return SaveOutcome(saved, True, tuple(result.conflicts), tuple(result.kept), theirs_by=by)
            self._refuse(conn, session.id, base.revision)
        raise AssertionError("unreachable")  # _refuse always raises

    def export(self, ids: Sequence[str], *, record: bool = True) -> dict[str, Session]:
        """The sessions with these ids, as written to a file: their history starts with their digest.

        With ``record``, the database notes that each version was published (only its
        history changes; revision and ``updated`` stay), so that a file coming back later
        is recognised as descending from it. A database opened read-only is exported
        without that note (the files still carry their history).
        """
        if not record or self.read_only:
            with database_errors(_("read the sessions"), self.where), self._read() as conn, conn.begin():
                return {sid: _as_published(s) for sid, s in self._load(conn, ids).items()}
        with database_errors("export", self.where), self._write() as conn, conn.begin():
            found = self._load(conn, ids)
            # Each digest once: it is a third of an export's time.
            versions = {sid: version_of(s) for sid, s in found.items()}
            _record_published(conn, found.values(), found, versions)
        return {sid: _as_published(s, versions[sid]) for sid, s in found.items()}

    def publish(self, session: Session) -> Session:
        """``session`` (as an editor holds it) as written to a file; recorded if the database holds it as is."""
        with database_errors("export", self.where), self._write() as conn, conn.begin():
            _record_published(conn, [session], self._load(conn, [session.id]))
        return _as_published(session)

    def delete(self, session_id: str, expected_revision: int | None) -> None:
        condition = S.id == session_id
        if expected_revision is not None:
            condition = sa.and_(condition, S.revision == expected_revision)
        with database_errors(_("delete the session"), self.where), self._write() as conn, conn.begin():
            result = conn.execute(sa.delete(session_table).where(condition))
            if result.rowcount != 1:
                self._refuse(conn, session_id, expected_revision)

    def _refuse(self, conn: sa.Connection, session_id: str, expected: int | None) -> None:
        actual = conn.execute(sa.select(S.revision).where(S.id == session_id)).scalar_one_or_none()
        if actual is None:
            raise SessionNotFound(session_id)
        raise ConflictError(session_id, expected if expected is not None else -1, actual)

    def import_sessions(
        self, sessions: list[Session], force: bool, workshop_id: str | None = None
    ) -> list[ImportOutcome]:
        [result] = self.import_files([prepare(sessions)], force, workshop_id)
        return result

    def import_files(
        self, files: Sequence[Sequence[PreparedSession]], force: bool, workshop_id: str | None = None
    ) -> list[list[ImportOutcome]]:
        """Each file's sessions as ``import_sessions`` would import them, all in one transaction.

        The files are decided in order, each seeing what the ones before it wrote.
        """
        results: list[list[ImportOutcome]] = []
        now = now_utc()
        with database_errors("import", self.where), self._write() as conn, conn.begin():
            if workshop_id is not None:
                _require_workshop(conn, workshop_id)
            pending = _PendingWrites()
            stored = _load_stored(conn, [s.id for prepared in files for s in prepared])
            for prepared in files:
                ids = [s.id for s in prepared]
                if pending.touches(ids):  # a session another file of this transaction wrote: read it as it is now
                    pending.write(conn, workshop_id)
                    pending = _PendingWrites()
                    for sid in ids:
                        stored.pop(sid, None)
                    stored.update(_load_stored(conn, ids))
                results.append(self._import_file(conn, prepared, stored, force, workshop_id, now, pending))
            pending.write(conn, workshop_id)
        return results

    def _import_file(
        self,
        conn: sa.Connection,
        prepared: Sequence[PreparedSession],
        stored: dict[str, tuple[Any, dict[str, list[Any]]]],
        force: bool,
        workshop_id: str | None,
        now: dt.datetime,
        pending: _PendingWrites,
    ) -> list[ImportOutcome]:
        """Decide one file's sessions; unless one conflicts, its writes join ``pending``."""
        added, replaced = Rows(), Rows()
        histories: list[dict[str, Any]] = []  # sessions whose content stays, with a longer history
        published: list[_Published] = []  # versions read from the file: kept as merge bases
        outcomes: list[ImportOutcome] = []
        for p in prepared:
            incoming = p.version
            old = stored.get(p.id)
            if old is None:
                history = published_history(incoming)
                added.add_rows({**p.row, "history": json.dumps(history)}, p.children)
                published.append(_Published(p.id, incoming.digest, history, p.content))
                outcomes.append(ImportOutcome(p.id, p.title, "added", _("new session")))
                continue
            s = p.session
            old_row, old_children = old
            held = session_from_rows(old_row, old_children, self.where)
            current = version_of(held)
            base = _published_base(conn, s.id, incoming, current)
            decision = _decide(s, incoming, held, current, force, base)
            if decision.status == "updated":
                history = published_history(incoming, *decision.also)
                new_row, new_children = p.row, p.children
                if decision.merged is not None:  # neither version: both, merged (not published yet)
                    new_row, new_children = session_row(decision.merged), child_rows(decision.merged)
                replaced.add_rows(
                    {**new_row, "revision": old_row.revision + 1, "updated": now, "history": json.dumps(history)},
                    new_children,
                )
                published.append(_Published(s.id, incoming.digest, history, p.content))
                detail = _(
                    "revision {revision} -> {new}; {detail}",
                    revision=old_row.revision,
                    new=old_row.revision + 1,
                    detail=decision.detail,
                )
                outcomes.append(ImportOutcome(s.id, s.title, "updated", detail))
                continue
            if decision.status == "unchanged" and decision.also:
                # The same content: it is published now, and both histories lead to it.
                history = published_history(current, *decision.also)
                if history != held.history:
                    histories.append({"b_id": s.id, "history": json.dumps(history)})
                published.append(_Published(s.id, current.digest, history, held))
            outcomes.append(ImportOutcome(s.id, s.title, decision.status, decision.detail, tuple(decision.differences)))
        if any(o.status == "conflict" for o in outcomes):
            # Nothing of this file is written.
            return [
                o
                if o.status in ("conflict", "unchanged")
                else ImportOutcome(
                    o.session_id,
                    o.title,
                    o.status,
                    _("{detail} (not written: other sessions in this import conflict)", detail=o.detail),
                )
                for o in outcomes
            ]
        ids = [p.id for p in prepared]
        if workshop_id is not None:
            outcomes = _note_moves(conn, outcomes, {sid: stored[sid] for sid in ids if sid in stored}, workshop_id)
        pending.add(ids, added, replaced, histories, published)
        return outcomes

    # -- workshops -------------------------------------------------------------------------

    def create_workshop(self, workshop: Workshop) -> Workshop:
        workshop = _named(workshop)
        with database_errors(_("save the workshop"), self.where), self._write() as conn, conn.begin():
            if conn.execute(sa.select(W.id).where(W.id == workshop.id)).first() is not None:
                raise SecscError(
                    _("a workshop with id '{id}' already exists in {where}", id=workshop.id, where=self.where)
                )
            _refuse_taken_name(conn, workshop)
            conn.execute(sa.insert(workshop_table), [workshop_row(workshop)])
            _insert_agenda(conn, workshop)
        return workshop

    def save_workshop(self, workshop: Workshop) -> Workshop:
        workshop = _named(workshop).model_copy(update={"updated": now_utc()})
        values = workshop_row(workshop)
        del values["id"], values["created"]
        with database_errors(_("save the workshop"), self.where), self._write() as conn, conn.begin():
            _refuse_taken_name(conn, workshop)
            result = conn.execute(sa.update(workshop_table).where(W.id == workshop.id).values(**values))
            if result.rowcount != 1:
                raise WorkshopNotFound(workshop.id)
            conn.execute(sa.delete(agenda_item_table).where(A.workshop_id == workshop.id))
            _insert_agenda(conn, workshop)
        return workshop

    def get_workshop(self, workshop_id: str) -> Workshop:
        with database_errors(_("read the workshop"), self.where), self._read() as conn, conn.begin():
            found = self._load_workshop(conn, workshop_id)
        if found is None:
            raise WorkshopNotFound(workshop_id)
        return found

    def find_workshop(self, name_or_id: str) -> Workshop:
        with database_errors(_("look up the workshop"), self.where), self._read() as conn, conn.begin():
            found = self._load_workshop(conn, name_or_id)
            if found is None and (key := name_key(name_or_id)):
                by_name = conn.execute(sa.select(W.id).where(W.name_key == key)).scalar_one_or_none()
                if by_name is not None:
                    found = self._load_workshop(conn, by_name)
            if found is None:
                total = conn.execute(sa.select(sa.func.count()).select_from(workshop_table)).scalar_one()
                known = list(
                    conn.execute(
                        sa.select(W.name).order_by(W.date.is_(None), W.date.desc(), W.name_key).limit(KNOWN_NAMES_SHOWN)
                    ).scalars()
                )
        if found is None:
            raise WorkshopNotFound(name_or_id.strip(), known, total)
        return found

    def _load_workshop(self, conn: sa.Connection, workshop_id: str) -> Workshop | None:
        row = conn.execute(sa.select(workshop_table).where(W.id == workshop_id)).first()
        if row is None:
            return None
        agenda = conn.execute(
            sa.select(agenda_item_table).where(A.workshop_id == workshop_id).order_by(A.position)
        ).all()
        return workshop_from_rows(row, agenda, self.where)

    def list_workshops(self) -> list[WorkshopSummary]:
        counts = (
            sa.select(S.workshop_id, sa.func.count().label("n"), sa.func.min(S.evaluation_date).label("first"))
            .where(S.workshop_id.is_not(None))
            .group_by(S.workshop_id)
            .subquery()
        )
        first = sa.type_coerce(counts.c.first, sa.Date)
        shown = sa.func.coalesce(W.date, counts.c.first)  # both ISO text: they order as dates
        query = (
            sa.select(
                W.id,
                W.name,
                W.date,
                W.venue,
                W.trainer,
                W.participants,
                W.updated,
                sa.func.coalesce(counts.c.n, 0).label("sessions"),
                first.label("first"),
            )
            .outerjoin(counts, counts.c.workshop_id == W.id)
            .order_by(shown.is_(None), shown.desc(), W.name_key, W.id)
        )
        with database_errors(_("read the workshop list"), self.where), self._read() as conn:
            rows = conn.execute(query).all()
        return [
            WorkshopSummary(
                id=r.id,
                name=r.name,
                date=r.date,
                venue=r.venue,
                trainer=r.trainer,
                participants=r.participants,
                sessions=r.sessions,
                updated=r.updated,
                evaluation_date=r.first,
            )
            for r in rows
        ]

    def delete_workshop(self, workshop_id: str) -> None:
        with database_errors(_("delete the workshop"), self.where), self._write() as conn, conn.begin():
            # The foreign keys do this too; said here as well for databases that don't enforce them.
            conn.execute(sa.update(session_table).where(S.workshop_id == workshop_id).values(workshop_id=None))
            conn.execute(sa.delete(agenda_item_table).where(A.workshop_id == workshop_id))
            if conn.execute(sa.delete(workshop_table).where(W.id == workshop_id)).rowcount != 1:
                raise WorkshopNotFound(workshop_id)

    def delete_workshop_if_empty(self, workshop_id: str) -> bool:
        with database_errors(_("delete the workshop"), self.where), self._write() as conn, conn.begin():
            if conn.execute(sa.select(S.id).where(S.workshop_id == workshop_id).limit(1)).first() is not None:
                return False
            conn.execute(sa.delete(agenda_item_table).where(A.workshop_id == workshop_id))
            return conn.execute(sa.delete(workshop_table).where(W.id == workshop_id)).rowcount == 1

    def assign_sessions(self, session_ids: list[str], workshop_id: str | None) -> None:
        ids = list(dict.fromkeys(session_ids))
        with database_errors(_("move the sessions"), self.where), self._write() as conn, conn.begin():
            if workshop_id is not None:
                _require_workshop(conn, workshop_id)
            existing: set[str] = set()
            for start in range(0, len(ids), CHUNK):
                existing.update(conn.execute(sa.select(S.id).where(S.id.in_(ids[start : start + CHUNK]))).scalars())
            for session_id in ids:
                if session_id not in existing:
                    raise SessionNotFound(session_id)
            _assign(conn, ids, workshop_id)

    def sessions_in(self, workshop_id: str) -> list[Session]:
        with database_errors(_("read the sessions"), self.where), self._read() as conn, conn.begin():
            ids = list(
                conn.execute(sa.select(S.id).where(S.workshop_id == workshop_id).order_by(S.title, S.id)).scalars()
            )
            if not ids:
                _require_workshop(conn, workshop_id)
            found: dict[str, Session] = {}
            for start in range(0, len(ids), CHUNK):
                found.update(self._load(conn, ids[start : start + CHUNK]))
        return sorted((found[i] for i in ids), key=lambda s: (natural_key(s.title), s.id))

    def team_rows(self, workshop_id: str) -> list[TeamRow]:
        with database_errors(_("read the teams"), self.where), self._read() as conn, conn.begin():
            rows = conn.execute(_TEAM_QUERY, {"workshop_id": workshop_id}).all()
            if not rows:
                _require_workshop(conn, workshop_id)
        steps = {step.value: step for step in Step}
        rows = sorted(rows, key=lambda r: (natural_key(r.title), r.id))  # "Team 2" before "Team 10"
        try:
            return [
                TeamRow(
                    id=r.id,
                    title=r.title,
                    current_step=steps[r.current_step],
                    steps_done=len(set(json.loads(r.steps_done))),
                    goals=r.goals,
                    csfs=r.csfs,
                    kpis=r.kpis,
                    actions=r.actions,
                    revision=r.revision,
                    updated=r.updated,
                )
                for r in rows
            ]
        except (KeyError, ValueError, TypeError) as exc:
            raise DatabaseError(
                _(
                    "the teams of workshop '{workshop_id}' in {where} cannot be read ({exc!r}); the database was "
                    "changed outside secsc",
                    workshop_id=workshop_id,
                    where=self.where,
                    exc=exc,
                )
            ) from exc

    def workshop_of(self, session_id: str) -> Workshop | None:
        with database_errors(_("read the workshop"), self.where), self._read() as conn, conn.begin():
            row = conn.execute(sa.select(S.workshop_id).where(S.id == session_id)).first()
            if row is None:
                raise SessionNotFound(session_id)
            return None if row.workshop_id is None else self._load_workshop(conn, row.workshop_id)

    # -- step timers ---------------------------------------------------------------------

    def get_timers(self, session_id: str) -> list[StepTimer]:
        with database_errors(_("read the timers"), self.where), self._read() as conn:
            rows = conn.execute(sa.select(step_timer_table).where(T.session_id == session_id)).all()
        order = {step.value: i for i, step in enumerate(Step)}
        return sorted((timer_from_row(row, self.where) for row in rows), key=lambda t: order[t.step.value])

    def save_timers(self, timers: Sequence[StepTimer]) -> None:
        rows = [timer_row(timer) for timer in timers]
        with database_errors(_("save the timer"), self.where), self._write() as conn, conn.begin():
            for session_id in {timer.session_id for timer in timers}:
                if conn.execute(sa.select(S.id).where(S.id == session_id)).first() is None:
                    raise SessionNotFound(session_id)
            for row in rows:
                conn.execute(
                    sa.delete(step_timer_table).where(T.session_id == row["session_id"], T.step == row["step"])
                )
            if rows:
                conn.execute(sa.insert(step_timer_table), rows)

    def delete_timers(self, session_id: str) -> None:
        with database_errors(_("delete the timer"), self.where), self._write() as conn, conn.begin():
            conn.execute(sa.delete(step_timer_table).where(T.session_id == session_id))

    # -- the trainer's catalogue -------------------------------------------------------

    def catalogue_entries(self) -> StoredEntries:
        with database_errors(_("read the catalogue"), self.where), self._read() as conn:
            return _stored_catalogue(conn, self.where)

    def import_catalogue(self, incoming: CatalogueFile, config_folder: Path | None) -> CatalogueImport:
        from secsc_tui.core.catalogue import plan_import, stored_data

        with database_errors(_("save the catalogue"), self.where), self._write() as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                # One import at a time: each decides on what the one before it stored.
                # (SQLite's writers are one at a time already: BEGIN IMMEDIATE.)
                conn.exec_driver_sql("LOCK TABLE catalogue_entry IN SHARE ROW EXCLUSIVE MODE")
            stored = _stored_catalogue(conn, self.where)
            result, changed = plan_import(incoming, stored, config_folder)
            if not changed:
                return result
            positions: dict[str, int] = {r.id: r.position for r in conn.execute(sa.select(C.id, C.position))}
            position = max(positions.values(), default=-1)
            updated = now_utc()
            rows = []
            for entry in changed:
                kind, data = stored_data(entry)
                if entry.id not in positions:  # a new entry comes last; a replaced one keeps its place
                    position += 1
                    positions[entry.id] = position
                rows.append(
                    {
                        "id": entry.id,
                        "kind": kind,
                        "position": positions[entry.id],
                        "data": json_text(data),
                        "updated": updated,
                    }
                )
            ids = [row["id"] for row in rows]
            for start in range(0, len(ids), CHUNK):
                conn.execute(sa.delete(catalogue_entry_table).where(C.id.in_(ids[start : start + CHUNK])))
            conn.execute(sa.insert(catalogue_entry_table), rows)
        return result


def _stored_catalogue(conn: sa.Connection, where: str) -> StoredEntries:
    from secsc_tui.core.catalogue import stored_entries

    rows = conn.execute(sa.select(C.id, C.kind, C.data).order_by(C.position, C.id))
    return stored_entries(((r.id, r.kind, r.data) for r in rows), where)


def _damaged(where: str, path: Path | None, found: list[str]) -> str:
    """Why the database is refused, and how to get the sessions back."""
    ways = []
    backups = sorted(path.parent.glob(f"{path.name}.backup-*.sqlite3"), reverse=True) if path else []
    if backups:
        ways.append(_("put its latest backup in its place ({backup}; what changed since is lost)", backup=backups[0]))
    ways.append(_("export what can still be read (secsc export --all -o FOLDER/) and import that into a new database"))
    ways.append(_("salvage it with the sqlite3 tool's .recover command"))
    return _(
        "{where} is damaged (SQLite's integrity check: {items}); nothing was written to it. To recover, stop every "
        "secsc using it and keep a copy of it, then {ways}",
        where=where,
        items="; ".join(found),
        ways=_(", or ").join(ways),
    )


def _count_of(table: sa.Table) -> sa.ScalarSelect[int]:
    return sa.select(sa.func.count()).select_from(table).where(table.c.session_id == S.id).scalar_subquery()


# The dashboard's one query: counts come from the child tables' primary-key indexes.
_TEAM_QUERY = (
    sa.select(
        S.id,
        S.title,
        S.current_step,
        S.steps_done,
        S.revision,
        S.updated,
        _count_of(goal_table).label("goals"),
        _count_of(csf_table).label("csfs"),
        _count_of(kpi_table).label("kpis"),
        _count_of(action_plan_table).label("actions"),
    )
    .where(S.workshop_id == sa.bindparam("workshop_id"))
    .order_by(S.title, S.id)
)


def _named(workshop: Workshop) -> Workshop:
    """The workshop with its name trimmed; refuses a blank name."""
    name = workshop.name.strip()
    if not name:
        raise InvalidInput([Problem(_("a workshop needs a name"), path="name")])
    return workshop if name == workshop.name else workshop.model_copy(update={"name": name})


def _refuse_taken_name(conn: sa.Connection, workshop: Workshop) -> None:
    taken = conn.execute(sa.select(W.name).where(W.name_key == name_key(workshop.name), W.id != workshop.id)).first()
    if taken is not None:
        raise SecscError(_("a workshop named '{name}' already exists", name=taken.name))


def _insert_agenda(conn: sa.Connection, workshop: Workshop) -> None:
    if rows := agenda_rows(workshop):
        conn.execute(sa.insert(agenda_item_table), rows)


def _load_stored(conn: sa.Connection, ids: Sequence[str]) -> dict[str, tuple[Any, dict[str, list[Any]]]]:
    stored: dict[str, tuple[Any, dict[str, list[Any]]]] = {}
    for start in range(0, len(ids), CHUNK):
        stored.update(_load_rows(conn, ids[start : start + CHUNK]))
    return stored


@dataclass
class _PendingWrites:
    """What the files decided so far in an import's transaction write, written together (few statements)."""

    ids: set[str] = field(default_factory=set)
    in_order: list[str] = field(default_factory=list)
    added: Rows = field(default_factory=Rows)
    replaced: Rows = field(default_factory=Rows)
    histories: list[dict[str, Any]] = field(default_factory=list)
    published: list[_Published] = field(default_factory=list)

    def touches(self, ids: Iterable[str]) -> bool:
        return not self.ids.isdisjoint(ids)

    def add(
        self,
        ids: list[str],
        added: Rows,
        replaced: Rows,
        histories: list[dict[str, Any]],
        published: list[_Published],
    ) -> None:
        self.ids.update(ids)
        self.in_order.extend(ids)
        self.added.extend(added)
        self.replaced.extend(replaced)
        self.histories.extend(histories)
        self.published.extend(published)

    def write(self, conn: sa.Connection, workshop_id: str | None) -> None:
        if self.replaced.sessions:
            replaced_ids = [r["id"] for r in self.replaced.sessions]
            conn.execute(
                sa.update(session_table).where(S.id == sa.bindparam("b_id")),
                [{"b_id": r["id"], **{k: v for k, v in r.items() if k != "id"}} for r in self.replaced.sessions],
            )
            for start in range(0, len(replaced_ids), CHUNK):
                _delete_children(conn, replaced_ids[start : start + CHUNK])
            _insert_children(conn, self.replaced.children)
        if self.histories:
            conn.execute(sa.update(session_table).where(S.id == sa.bindparam("b_id")), self.histories)
        _insert(conn, self.added)
        _keep_published(conn, self.published)
        if workshop_id is not None:
            _assign(conn, self.in_order, workshop_id)


def _require_workshop(conn: sa.Connection, workshop_id: str) -> None:
    if conn.execute(sa.select(W.id).where(W.id == workshop_id)).first() is None:
        raise WorkshopNotFound(workshop_id)


def _assign(conn: sa.Connection, ids: list[str], workshop_id: str | None) -> None:
    """Put sessions in a workshop (or none): organisation only, so revision and updated stay."""
    for start in range(0, len(ids), CHUNK):
        conn.execute(
            sa.update(session_table).where(S.id.in_(ids[start : start + CHUNK])).values(workshop_id=workshop_id)
        )


def _note_moves(
    conn: sa.Connection, outcomes: list[ImportOutcome], stored: dict[str, Any], workshop_id: str
) -> list[ImportOutcome]:
    """Say so when an import takes a session out of another workshop."""
    previous = {
        sid: row.workshop_id
        for sid, (row, _) in stored.items()
        if row.workshop_id is not None and row.workshop_id != workshop_id
    }
    if not previous:
        return outcomes
    names = dict(conn.execute(sa.select(W.id, W.name).where(W.id.in_(set(previous.values())))).all())
    noted = []
    for o in outcomes:
        if o.session_id in previous:
            moved = _("moved from workshop '{name}'", name=names.get(previous[o.session_id], previous[o.session_id]))
            o = ImportOutcome(o.session_id, o.title, o.status, f"{o.detail}; {moved}" if o.detail else moved)
        noted.append(o)
    return noted


def _load_rows(conn: sa.Connection, ids: Sequence[str]) -> dict[str, tuple[Any, dict[str, list[Any]]]]:
    """The session row and child rows (by table, in list order) of those of ``ids`` that exist."""
    rows = _named_rows(conn.execute(sa.select(session_table).where(S.id.in_(ids))))
    if not rows:
        return {}
    children: dict[str, dict[str, list[Any]]] = {r.id: {} for r in rows}
    for name, table in CHILD_TABLES.items():
        query = (
            sa.select(table)
            .where(table.c.session_id.in_(list(children)))
            .order_by(table.c.session_id, *(table.c[col] for col in _ORDER[name]))
        )
        for child in _named_rows(conn.execute(query)):
            children[child.session_id].setdefault(name, []).append(child)
    return {r.id: (r, children[r.id]) for r in rows}


_row_classes: dict[tuple[str, ...], Any] = {}


def _named_rows(result: sa.CursorResult[Any]) -> list[Any]:
    """The rows as named tuples (the same values, read by column name).

    Reading a session reads a field of hundreds of rows, and a field of SQLAlchemy's Row
    costs about twenty times a named tuple's: it was a quarter of building the session.
    """
    keys = tuple(result.keys())
    row_class: Any = _row_classes.get(keys)
    if row_class is None:
        row_class = _row_classes[keys] = namedtuple("StoredRow", keys)
    make: Callable[[Iterable[Any]], Any] = row_class._make
    return [make(row) for row in result.all()]


@dataclass
class _Decision:
    status: ImportStatus
    detail: str
    also: tuple[tuple[str, ...], ...] = ()  # other histories the resulting version stands for
    differences: list[Difference] = field(default_factory=list)
    merged: Session | None = None  # what to write when it is neither the file nor the database, but both


def _decide(
    file: Session, incoming: Version, held: Session, current: Version, force: bool, base: Session | None = None
) -> _Decision:
    """What importing ``file`` over the database's ``held`` version does (see core/lineage.py).

    ``base`` is their last common version, when the database kept it: diverged versions
    then merge field by field (core/merge.py), and only a field both changed is a conflict.
    """
    relation = relate(incoming, current)
    if relation is Relation.SAME:
        return _Decision("unchanged", _("already in the database"), (incoming.ancestors,))
    if relation is Relation.NEWER:
        how = _("corrected by hand after export, ") if incoming.hand_edited else ""
        return _Decision("updated", _("the file ({how}descending from the database's version) is newer", how=how))
    if relation is Relation.OLDER:
        return _Decision("unchanged", _("the database already has a newer version"))
    if not file.history and file.revision == held.revision:
        # A file written before secsc kept histories: the revision rule it was written under.
        return _Decision(
            "updated",
            _("the file was based on revision {revision}, as the database is", revision=file.revision),
            (current.known,),
        )
    if base is not None:
        result = merge(base, file, held, prefer="theirs")
        if result.clean:
            result.session.progress.current_step = held.progress.current_step  # where the team is in the database
            return _Decision(
                "updated",
                "merged field by field with the database's changes since their last common version",
                (current.known,),
                merged=result.session,
            )
        if not force:
            found = [Difference(c.path, c.theirs, c.mine, c.item) for c in result.conflicts]
            return _Decision(
                "conflict", "both changed the same fields since their last common version", differences=found
            )
    if force:
        # The file's version replaces the database's, which it now stands for: a stale
        # copy of the replaced version coming later is older, not another conflict.
        return _Decision(
            "updated",
            _("overwrote the database's version (revision {revision}) with --force", revision=held.revision),
            (current.known,),
        )
    if not file.history:
        why = _(
            "the file has no history (written by an older secsc) and was based on revision {revision}; the database "
            "has revision {revision2}",
            revision=file.revision,
            revision2=held.revision,
        )
    else:
        why = _("both were changed since their last common version")
    return _Decision("conflict", why, differences=differences(held, file))


def _write_session(conn: sa.Connection, session: Session, updated: dt.datetime, author: str = "") -> bool:
    """Write ``session`` over the stored one if that is still at ``session.revision``: whether it was."""
    rows = Rows()
    rows.add(session)
    values = rows.sessions[0]
    values.pop("id")
    values.pop("history")  # kept by exports and imports only (see core/lineage.py)
    values.update(updated=updated, revision=S.revision + 1, updated_by=author)
    result = conn.execute(
        sa.update(session_table).where(S.id == session.id, S.revision == session.revision).values(**values)
    )
    if result.rowcount != 1:
        return False
    _delete_children(conn, [session.id])
    _insert_children(conn, rows.children)
    return True


def _insert(conn: sa.Connection, rows: Rows) -> None:
    if rows.sessions:
        _insert_rows(conn, session_table, rows.sessions)
    _insert_children(conn, rows.children)


def _insert_children(conn: sa.Connection, children: dict[str, list[dict[str, Any]]]) -> None:
    for name, table in CHILD_TABLES.items():
        if rows := children.get(name):
            _insert_rows(conn, table, rows)


def _insert_rows(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys.

    On SQLite, straight to the driver's executemany with tuples: SQLAlchemy's handling of
    each row's parameters cost more than SQLite's insert (an import writes ~200 rows per
    session). The columns' own conversions (dates, numbers, JSON) are applied as SQLAlchemy
    would. PostgreSQL keeps SQLAlchemy's insert, which sends many rows per statement.
    """
    dialect = conn.dialect
    keys = list(rows[0])
    if dialect.name != "sqlite" or any(len(row) != len(keys) for row in rows):
        conn.execute(sa.insert(table), rows)
        return
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({', '.join(quote(k) for k in keys)}) "
        f"VALUES ({', '.join('?' for _k in keys)})"
    )
    converters = [table.c[k].type.bind_processor(dialect) for k in keys]
    if any(converters):
        pairs = list(zip(keys, converters, strict=True))
        values = [tuple(c(row[k]) if c is not None else row[k] for k, c in pairs) for row in rows]
    else:
        row_values = itemgetter(*keys)  # with as many keys in every row, a KeyError if they differ
        values = [row_values(row) for row in rows]
    conn.exec_driver_sql(sql, values)


def _delete_children(conn: sa.Connection, ids: list[str]) -> None:
    for table in CHILD_TABLES.values():
        conn.execute(sa.delete(table).where(table.c.session_id.in_(ids)))


def _as_published(session: Session, version: Version | None = None) -> Session:
    """``version``, if given, is ``version_of(session)``, already computed."""
    return session.model_copy(update={"history": published_history(version or version_of(session))})


def _published_base(conn: sa.Connection, session_id: str, incoming: Version, current: Version) -> Session | None:
    """The newest version both descend from, if they diverged and the database kept its content."""
    if relate(incoming, current) is not Relation.DIVERGED:
        return None
    theirs = set(current.known)
    common = [d for d in incoming.known if d in theirs]
    if not common:
        return None
    P = published_version_table.c
    rows = dict(
        conn.execute(sa.select(P.digest, P.content).where(P.session_id == session_id, P.digest.in_(common))).all()
    )
    for digest in common:
        if digest in rows:
            return Session.model_validate_json(rows[digest])
    return None


class _Published(NamedTuple):
    """A version published (exported, or read from a file) and its content: the session, or it as JSON."""

    session_id: str
    digest: str
    history: list[str]
    content: Session | str


def _keep_published(conn: sa.Connection, versions: Sequence[_Published]) -> None:
    """Keep the content of each published version, and of each session's others only those its
    history names: one query for all, an insert for the new ones."""
    if not versions:
        return
    P = published_version_table.c
    ids = [v.session_id for v in versions]
    there: dict[str, list[str]] = {}
    for start in range(0, len(ids), CHUNK):
        query = sa.select(P.session_id, P.digest).where(P.session_id.in_(ids[start : start + CHUNK]))
        for session_id, digest in conn.execute(query):
            there.setdefault(session_id, []).append(digest)
    new = []
    for session_id, digest, history, content in versions:
        held = there.setdefault(session_id, [])
        if digest not in held:
            text = content if isinstance(content, str) else content.model_dump_json()
            new.append({"session_id": session_id, "digest": digest, "content": text})
            held.append(digest)  # a session named twice is kept once
        if stale := [d for d in held if d not in history]:
            conn.execute(sa.delete(published_version_table).where(P.session_id == session_id, P.digest.in_(stale)))
    if new:
        conn.execute(sa.insert(published_version_table), new)


def _record_published(
    conn: sa.Connection,
    sessions: Iterable[Session],
    held: dict[str, Session],
    versions: dict[str, Version] | None = None,
) -> None:
    """Note in the database that these versions were written to a file.

    Only where the database holds exactly that content: an editor may export what it
    has not saved yet, and a history must never claim a version the content does not
    descend from (that would make a later file look older than it is).
    """
    changes = []
    kept: list[_Published] = []
    for session in sessions:
        stored = held.get(session.id)
        if stored is None:
            continue
        if session is stored:  # what the database holds, read in this transaction: the same content
            version = versions[session.id] if versions is not None else version_of(stored)
        else:
            version = version_of(stored)
            if version.digest != content_digest(session):
                continue
        history = published_history(version)
        if history != stored.history:
            changes.append({"b_id": session.id, "history": json.dumps(history)})
        kept.append(_Published(stored.id, version.digest, history, stored))
    _keep_published(conn, kept)
    if changes:
        conn.execute(sa.update(session_table).where(S.id == sa.bindparam("b_id")), changes)
