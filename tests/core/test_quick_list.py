"""The home screen's first session list, read with sqlite3 alone: the same as the store's, or None."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from factories import minimal_session, rich_session

from secsc_tui.core.store import Store
from secsc_tui.core.store.quick_list import read_session_list
from secsc_tui.core.store.schema_version import SCHEMA_HEAD

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def test_same_list_as_the_store(tmp_path: Path):
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as store:
        store.create(minimal_session("s-a", "Alpha"))
        store.create(rich_session("s-b"))
        store.create(minimal_session("s-c", "Gamma"))
        store.save(store.get("s-a"))  # newer revision and update time
        expected = store.list_sessions()
        read = read_session_list(str(path))
    assert read == (path, expected)
    assert expected[0].id == "s-a"


def test_the_first_sessions_only(tmp_path: Path):
    path = tmp_path / "s.sqlite3"
    with Store.open(path) as store:
        for n in range(5):
            store.create(minimal_session(f"s-{n}", f"Session {n}"))
        expected = store.list_sessions()
    assert read_session_list(path, limit=2) == (path, expected[:2])
    assert read_session_list(path, limit=10) == (path, expected)


def test_an_empty_current_database_lists_nothing(tmp_path: Path):
    path = tmp_path / "empty.sqlite3"
    Store.open(path).close()
    assert read_session_list(path) == (path, [])


def test_the_fixture_of_the_current_schema(tmp_path: Path):
    copy = tmp_path / "head.sqlite3"
    shutil.copy(FIXTURES / f"schema-{SCHEMA_HEAD}.sqlite3", copy)
    read = read_session_list(copy)
    assert read is not None
    with Store.open(copy, read_only=True) as store:
        assert read[1] == store.list_sessions()


def test_left_to_the_store(tmp_path: Path):
    # A missing file (the store creates it), an older schema (the store upgrades it),
    # not SQLite, someone else's SQLite, a URL, a row the store would refuse.
    assert read_session_list(tmp_path / "missing.sqlite3") is None
    assert not (tmp_path / "missing.sqlite3").exists()
    older = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema-0001.sqlite3", older)
    assert read_session_list(older) is None
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database")
    assert read_session_list(text) is None
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE session (id TEXT)")
    conn.commit()
    conn.close()
    assert read_session_list(foreign) is None
    assert read_session_list("postgresql://user@localhost/secsc") is None
    bad = tmp_path / "bad.sqlite3"
    with Store.open(bad) as store:
        store.create(minimal_session())
    conn = sqlite3.connect(bad)
    conn.execute("UPDATE session SET language = 'xx'")
    conn.commit()
    conn.close()
    assert read_session_list(bad) is None
