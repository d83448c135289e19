"""Helpers for tests of every kind (import as ``from helpers import ...``): no Textual here."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from secsc_tui.core.store import Store
from secsc_tui.core.yaml_io import read_sessions_file
from secsc_tui.resources import sample_sessions_dir

T = TypeVar("T")


def sample(name: str):
    """A sample session by file stem, e.g. sample("paper-example-en")."""
    [session] = read_sessions_file(sample_sessions_dir() / f"{name}.yaml")
    return session


def at_scorecard(session):
    """The session, set to open on its scorecard step."""
    from secsc_tui.core.model import Step

    session.progress.current_step = Step.SCORECARD
    return session


@cache
def empty_template() -> Path:
    """An empty database at the current schema, made once per test process.

    Creating the tables and indexes writes and syncs the new file (tens of milliseconds,
    half a second on a loaded machine when it ran every migration); a copy takes a
    millisecond. Tests of creating and upgrading a
    database (tests/core/test_store_open.py, the CLI, the app's first start) still
    start from no file.
    """
    folder = Path(tempfile.mkdtemp(prefix="secsc-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "empty.sqlite3"
    Store.open(path).close()
    assert not path.with_name(path.name + "-wal").exists()  # all in the one file, so a copy is whole
    return path


def migrate_to(url: str, revision: str) -> None:
    """Take the database at ``url`` through the migrations up to ``revision``, as Alembic runs them.

    (``Store.open`` creates a new SQLite database without them: the tests that compare the
    two, and those of PostgreSQL, run them here.)
    """
    import sqlalchemy as sa
    from alembic import command

    from secsc_tui.core.store.database import alembic_config

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def read_carefully(text: str) -> tuple[list | None, list]:
    """What the careful reading (``yaml_read.careful_sessions``, without the quick one) makes of a
    checked text: (the sessions, or None if it is refused; the warnings)."""
    from secsc_tui.core.problems import InvalidInput
    from secsc_tui.core.yaml_read import careful_sessions

    warnings: list = []
    try:
        return careful_sessions(text, warnings=warnings), warnings
    except InvalidInput:
        return None, warnings


def empty_database(path: str | Path) -> Path:
    """A new, empty database file at ``path``, at the current schema: a copy of the template."""
    path = Path(path)
    shutil.copy2(empty_template(), path)  # keeps its private mode (0600)
    return path


def with_store(db: Path, work: Callable[[Store], T]) -> T:
    """``work(store)`` on the database file, opened and closed around it, as a second process would."""
    store = Store.open(str(db))
    try:
        return work(store)
    finally:
        store.close()


def stored(db: Path, session_id: str):
    """Read a session straight from the database file, as a second process would."""
    return with_store(db, lambda store: store.get(session_id))


def all_sessions(db: Path) -> list:
    """Every session in the database file, in the list's order."""
    return with_store(db, lambda store: [store.get(summary.id) for summary in store.list_sessions()])


def add_workshop(db: Path, name: str, *session_ids: str, workshop_id: str | None = None, **fields):
    """Create a workshop in the database file (id from its name unless given) and put those sessions in it."""
    from secsc_tui.core.model import now_utc
    from secsc_tui.core.workshop import Workshop

    now = now_utc()
    workshop = Workshop(id=workshop_id or f"w-{abs(hash(name)) % 10**8}", name=name, created=now, updated=now, **fields)

    def work(store: Store):
        created = store.create_workshop(workshop)
        if session_ids:
            store.assign_sessions(list(session_ids), created.id)
        return created

    return with_store(db, work)


def run_secsc(
    *args: str,
    db: str | Path | None = None,
    env: dict[str, str] | None = None,
    unset: Iterable[str] = (),
    text: bool = True,
    errors: str = "strict",
    timeout: float = 60,
    **run: Any,
) -> subprocess.CompletedProcess:
    """``secsc [--db DB] ARGS`` as a user runs it, in its own process; its output captured.

    ``env`` is added to this process's environment and the names in ``unset`` removed.
    The output is read as UTF-8 text unless ``text`` is false (bytes); ``run`` goes to
    ``subprocess.run`` (``input``, ``cwd``, or a ``stdout`` of the test's own).
    """
    command = [sys.executable, "-m", "secsc_tui", *(["--db", str(db)] if db is not None else []), *args]
    environment = {k: v for k, v in os.environ.items() if k not in set(unset)}
    environment.update({"PYTHONIOENCODING": "utf-8", **(env or {})})
    run = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **run}
    if text:
        run.update(text=True, encoding="utf-8", errors=errors)
    return subprocess.run(command, env=environment, timeout=timeout, **run)
