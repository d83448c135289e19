"""Helpers for tests of every kind (import as ``from helpers import ...``): no Textual here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from secsc_tui.core.store import Store
from secsc_tui.core.yaml_io import read_sessions_file
from secsc_tui.resources import sample_sessions_dir

T = TypeVar("T")


def sample(name: str):
    """A sample session by file stem, e.g. sample("paper-example-en")."""
    [session] = read_sessions_file(sample_sessions_dir() / f"{name}.yaml")
    return session


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
