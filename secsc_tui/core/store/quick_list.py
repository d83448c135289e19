"""The session list read straight from an up-to-date SQLite file, with the sqlite3 module alone.

The home screen shows it while SQLAlchemy, SQLModel and the table definitions load
for everything else (about three times the CPU of a first frame). It answers only
for the plain case, an existing SQLite file whose ``alembic_version`` is
``SCHEMA_HEAD``; anything else (no file yet, an older or foreign database, a URL,
a read error, a row it cannot read) answers None, and ``Store.open`` decides and
reports it as before. Nothing is written: the file is opened read-only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

from secsc_tui.core.enums import Language, Step
from secsc_tui.core.problems import SecscError
from secsc_tui.core.store.busy import BUSY_TIMEOUT_MS
from secsc_tui.core.store.location import resolve_target
from secsc_tui.core.store.results import SessionSummary
from secsc_tui.core.store.schema_version import SCHEMA_HEAD

SQLITE_MAGIC = b"SQLite format 3\x00"

# The same columns and order as Repository.list_sessions.
LIST_QUERY = (
    "SELECT id, title, org_name, language, current_step, steps_done, updated, revision, workshop_id "
    "FROM session ORDER BY updated DESC, id"
)


def read_session_list(
    target: str | os.PathLike[str] | None, limit: int | None = None
) -> tuple[Path, list[SessionSummary]] | None:
    """The database file and its sessions, most recently updated first; None when ``Store.open`` must decide.

    With ``limit``, only that many of the first sessions: a screenful is read in
    milliseconds where ten thousand take ~150 ms.
    """
    try:
        path = resolve_target(target).path
        if path is None or not path.is_file():
            return None
        with path.open("rb") as f:
            if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return None
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except (SecscError, OSError, sqlite3.Error):
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"alembic_version", "session"} <= tables:
            return None
        if [v for (v,) in conn.execute("SELECT version_num FROM alembic_version")] != [SCHEMA_HEAD]:
            return None
        rows = (
            conn.execute(LIST_QUERY) if limit is None else conn.execute(LIST_QUERY + " LIMIT ?", (limit,))
        ).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    languages = {lang.value: lang for lang in Language}
    steps = {step.value: step for step in Step}
    # Sessions share a handful of "steps done" lists: each distinct one is parsed once.
    steps_done_counts: dict[str, int] = {}

    def count_steps_done(raw: str) -> int:
        count = steps_done_counts.get(raw)
        if count is None:
            count = steps_done_counts[raw] = len(set(json.loads(raw)))
        return count

    try:
        return path, [
            SessionSummary(
                id=id_,
                title=title,
                organisation=org_name,
                language=languages[language],
                current_step=steps[current_step],
                steps_done=count_steps_done(steps_done),
                updated=dt.datetime.fromisoformat(updated).replace(tzinfo=dt.UTC),
                revision=revision,
                workshop_id=workshop_id,
            )
            for id_, title, org_name, language, current_step, steps_done, updated, revision, workshop_id in rows
        ]
    except (KeyError, ValueError, TypeError):
        return None  # Store.open and list_sessions report what is wrong with the row
