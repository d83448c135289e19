"""The store's SQL: every query and write, with SQLAlchemy Core on the tables in ``tables``.

``Store`` (in ``api``) is the public face; it keeps this module, and with it
SQLAlchemy, out of programs that never open the database.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from secsc_tui.core.model import Language, Session, Step, now_utc
from secsc_tui.core.problems import (
    ConflictError,
    DatabaseError,
    InvalidInput,
    Problem,
    SecscError,
    SessionNotFound,
)
from secsc_tui.core.store import database
from secsc_tui.core.store.convert import Rows, child_rows, session_from_rows, session_row
from secsc_tui.core.store.errors import database_errors
from secsc_tui.core.store.location import Target
from secsc_tui.core.store.results import ImportOutcome, SessionSummary
from secsc_tui.core.store.tables import CHILD_TABLES, session_table

S = session_table.c
CHUNK = 200  # sessions per batch of reads (keeps IN (...) lists well under SQLite's limits)

# Child rows are read back in list order.
_ORDER = {
    "participant": ("position",),
    "gap": ("perspective",),
    "goal": ("position",),
    "csf": ("position",),
    "kpi": ("position",),
    "action_plan": ("position",),
    "item_link": ("kind", "source_id", "position"),
    "map_link": ("position",),
    "response": ("position",),
}

# Only for the kill-mid-save test: pause inside the save transaction, before COMMIT.
_PAUSE_ENV = "SECSC_TEST_PAUSE_IN_SAVE"


def open_repository(target: Target) -> Repository:
    where = database.label(target)
    inspection = database.inspect_file(target.path) if target.path is not None else None
    engine = database.make_engine(target)
    try:
        with database_errors("open the database", where):
            if inspection is None:
                with engine.connect() as conn:
                    inspection = database.inspect_connection(conn, where)
            if inspection.state is database.State.CURRENT:
                # Connect once now, so that a read-only or locked file is reported here.
                with engine.connect() as conn:
                    conn.exec_driver_sql("SELECT 1 FROM alembic_version")
            else:
                database.migrate(engine, target)
    except BaseException:
        engine.dispose()
        raise
    return Repository(engine, target)


class Repository:
    def __init__(self, engine: Engine, target: Target):
        self.engine = engine
        self.target = target
        self.where = database.label(target)

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ----------------------------------------------------------------

    def _read(self):
        return self.engine.connect()

    def _write(self):
        return self.engine.connect().execution_options(**{database.WRITE: True})

    # -- reading -------------------------------------------------------------------------

    def list_sessions(self) -> list[SessionSummary]:
        query = sa.select(
            S.id, S.title, S.org_name, S.language, S.current_step, S.steps_done, S.updated, S.revision
        ).order_by(S.updated.desc(), S.id)
        with database_errors("read the session list", self.where), self._read() as conn:
            rows = conn.execute(query).all()
        languages = {lang.value: lang for lang in Language}
        steps = {step.value: step for step in Step}
        try:
            return [
                SessionSummary(
                    id=r.id, title=r.title, organisation=r.org_name, language=languages[r.language],
                    current_step=steps[r.current_step], steps_done=len(set(json.loads(r.steps_done))),
                    updated=r.updated, revision=r.revision)
                for r in rows
            ]
        except (KeyError, ValueError, TypeError) as exc:
            raise DatabaseError(
                f"the session list in {self.where} cannot be read ({exc!r}); "
                f"the database was changed outside secsc") from exc

    def count_sessions(self) -> int:
        with database_errors("count the sessions", self.where), self._read() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(session_table)).scalar_one()

    def get(self, session_id: str) -> Session:
        with database_errors("read the session", self.where), self._read() as conn, conn.begin():
            found = self._load(conn, [session_id])
        if session_id not in found:
            raise SessionNotFound(session_id)
        return found[session_id]

    def resolve_id(self, prefix: str) -> str:
        if not prefix:
            raise SessionNotFound(prefix)
        query = (
            sa.select(S.id)
            .where(S.id >= prefix, S.id < prefix + "\U0010ffff")
            .order_by(S.id)
            .limit(6)
        )
        with database_errors("look up the session", self.where), self._read() as conn:
            if conn.execute(sa.select(S.id).where(S.id == prefix)).first() is not None:
                return prefix
            matches = [i for (i,) in conn.execute(query) if i.startswith(prefix)]
        if not matches:
            raise SessionNotFound(prefix)
        if len(matches) > 1:
            shown = ", ".join(matches[:5]) + (", ..." if len(matches) > 5 else "")
            raise SecscError(f"'{prefix}' is ambiguous: it matches {shown}; type more of the id")
        return matches[0]

    def export_all(self) -> Iterator[Session]:
        with database_errors("read the sessions", self.where), self._read() as conn:
            ids = [i for (i,) in conn.execute(sa.select(S.id).order_by(S.id))]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            with database_errors("read the sessions", self.where), self._read() as conn, conn.begin():
                found = self._load(conn, chunk)
            # A session deleted since the ids were read is simply not exported.
            yield from (found[i] for i in chunk if i in found)

    def _load(self, conn: sa.Connection, ids: Sequence[str]) -> dict[str, Session]:
        """The sessions with these ids (those that exist), read in the caller's transaction."""
        return {
            sid: session_from_rows(row, children, self.where)
            for sid, (row, children) in _load_rows(conn, ids).items()
        }

    # -- writing -------------------------------------------------------------------------

    def create(self, session: Session) -> Session:
        rows = Rows()
        rows.add(session)
        with database_errors("save", self.where), self._write() as conn, conn.begin():
            if conn.execute(sa.select(S.revision).where(S.id == session.id)).first() is not None:
                raise SecscError(f"a session with id '{session.id}' already exists in {self.where}")
            _insert(conn, rows)
        return session

    def save(self, session: Session) -> Session:
        updated = now_utc()
        rows = Rows()
        rows.add(session)
        values = rows.sessions[0]
        values.pop("id")
        values.update(updated=updated, revision=S.revision + 1)
        with database_errors("save", self.where), self._write() as conn, conn.begin():
            result = conn.execute(
                sa.update(session_table)
                .where(S.id == session.id, S.revision == session.revision)
                .values(**values)
            )
            if result.rowcount != 1:
                self._refuse(conn, session.id, session.revision)
            _delete_children(conn, [session.id])
            _insert_children(conn, rows.children)
            if os.environ.get(_PAUSE_ENV):
                print("paused in save", flush=True)
                time.sleep(60)
        return session.model_copy(update={"revision": session.revision + 1, "updated": updated})

    def delete(self, session_id: str, expected_revision: int | None) -> None:
        condition = S.id == session_id
        if expected_revision is not None:
            condition = sa.and_(condition, S.revision == expected_revision)
        with database_errors("delete the session", self.where), self._write() as conn, conn.begin():
            result = conn.execute(sa.delete(session_table).where(condition))
            if result.rowcount != 1:
                self._refuse(conn, session_id, expected_revision)

    def _refuse(self, conn: sa.Connection, session_id: str, expected: int | None) -> None:
        actual = conn.execute(sa.select(S.revision).where(S.id == session_id)).scalar_one_or_none()
        if actual is None:
            raise SessionNotFound(session_id)
        raise ConflictError(session_id, expected if expected is not None else -1, actual)

    def import_sessions(self, sessions: list[Session], force: bool) -> list[ImportOutcome]:
        first_at: dict[str, int] = {}
        problems = []
        for i, s in enumerate(sessions):
            if s.id in first_at:
                problems.append(Problem(
                    f"session id '{s.id}' appears twice (sessions {first_at[s.id] + 1} and {i + 1})"))
            first_at.setdefault(s.id, i)
        # Every session becomes rows before anything is written (this also checks item ids).
        rows = []
        for s in sessions:
            try:
                rows.append((session_row(s), child_rows(s)))
            except InvalidInput as exc:
                problems.extend(exc.problems)
        if problems:
            raise InvalidInput(problems)

        added, replaced = Rows(), Rows()
        outcomes: list[ImportOutcome] = []
        now = now_utc()
        with database_errors("import", self.where), self._write() as conn, conn.begin():
            ids = [s.id for s in sessions]
            stored: dict[str, tuple[Any, dict[str, list[Any]]]] = {}
            for start in range(0, len(ids), CHUNK):
                stored.update(_load_rows(conn, ids[start:start + CHUNK]))
            for s, (new_row, new_children) in zip(sessions, rows):
                old = stored.get(s.id)
                if old is None:
                    added.add_rows(new_row, new_children)
                    outcomes.append(ImportOutcome(s.id, s.title, "added", "new session"))
                    continue
                old_row, old_children = old
                old_revision = old_row.revision
                if _same_content(old_row, old_children, new_row, new_children):
                    outcomes.append(ImportOutcome(s.id, s.title, "unchanged", "already in the database"))
                elif old_revision == s.revision or force:
                    detail = f"revision {old_revision} -> {old_revision + 1}"
                    if old_revision != s.revision:
                        detail += (f"; overwrote the database's revision {old_revision} "
                                   f"(the file was based on revision {s.revision})")
                    replaced.add_rows({**new_row, "revision": old_revision + 1, "updated": now}, new_children)
                    outcomes.append(ImportOutcome(s.id, s.title, "updated", detail))
                else:
                    outcomes.append(ImportOutcome(s.id, s.title, "conflict", (
                        f"the database has revision {old_revision}, the file was based on "
                        f"revision {s.revision}: it was changed elsewhere since this file was "
                        f"written")))
            if any(o.status == "conflict" for o in outcomes):
                # Nothing has been written yet: the whole file is refused.
                return [
                    o if o.status in ("conflict", "unchanged") else ImportOutcome(
                        o.session_id, o.title, o.status,
                        f"{o.detail} (not written: other sessions in this import conflict)")
                    for o in outcomes
                ]
            if replaced.sessions:
                replaced_ids = [r["id"] for r in replaced.sessions]
                conn.execute(
                    sa.update(session_table).where(S.id == sa.bindparam("b_id")),
                    [{"b_id": r["id"], **{k: v for k, v in r.items() if k != "id"}}
                     for r in replaced.sessions],
                )
                for start in range(0, len(replaced_ids), CHUNK):
                    _delete_children(conn, replaced_ids[start:start + CHUNK])
                _insert_children(conn, replaced.children)
            _insert(conn, added)
        return outcomes


def _load_rows(conn: sa.Connection, ids: Sequence[str]) -> dict[str, tuple[Any, dict[str, list[Any]]]]:
    """The session row and child rows (by table, in list order) of those of ``ids`` that exist."""
    rows = conn.execute(sa.select(session_table).where(S.id.in_(ids))).all()
    if not rows:
        return {}
    children: dict[str, dict[str, list[Any]]] = {r.id: {} for r in rows}
    for name, table in CHILD_TABLES.items():
        query = (
            sa.select(table)
            .where(table.c.session_id.in_(list(children)))
            .order_by(table.c.session_id, *(table.c[col] for col in _ORDER[name]))
        )
        for child in conn.execute(query).all():
            children[child.session_id].setdefault(name, []).append(child)
    return {r.id: (r, children[r.id]) for r in rows}


_BOOKKEEPING = ("revision", "updated")


def _same_content(old_row: Any, old_children: dict[str, list[Any]],
                  new_row: dict[str, Any], new_children: dict[str, list[dict[str, Any]]]) -> bool:
    """Whether two sessions hold the same content, revision and update time aside.

    Compared as rows (values as the columns return them), without building sessions.
    """
    old = old_row._asdict()
    if any(old[k] != v for k, v in new_row.items() if k not in _BOOKKEEPING):
        return False
    for name, table in CHILD_TABLES.items():
        stored = old_children.get(name, [])
        given = new_children.get(name, [])
        if len(stored) != len(given):
            return False
        columns = table.columns.keys()  # rows are unique by their key, so sets compare them
        if {tuple(r) for r in stored} != {tuple(r[c] for c in columns) for r in given}:
            return False
    return True


def _insert(conn: sa.Connection, rows: Rows) -> None:
    if rows.sessions:
        conn.execute(sa.insert(session_table), rows.sessions)
    _insert_children(conn, rows.children)


def _insert_children(conn: sa.Connection, children: dict[str, list[dict[str, Any]]]) -> None:
    for name, table in CHILD_TABLES.items():
        if rows := children.get(name):
            conn.execute(sa.insert(table), rows)


def _delete_children(conn: sa.Connection, ids: list[str]) -> None:
    for table in CHILD_TABLES.values():
        conn.execute(sa.delete(table).where(table.c.session_id.in_(ids)))
