"""The store under bad luck: other processes holding locks, damaged files, odd permissions."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from factories import minimal_session

from secsc_tui.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.timezone.utc)


def hold_write_lock(path: Path, seconds: float, *, commit: bool = True) -> subprocess.Popen:
    """Another process in a write transaction on ``path`` for ``seconds``; returns once it holds the lock."""
    code = textwrap.dedent(f"""
        import sqlite3, sys, time
        conn = sqlite3.connect({str(path)!r}, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE IF NOT EXISTS other_program(x)")
        conn.execute("INSERT INTO other_program VALUES (1)")
        print("locked", flush=True)
        time.sleep({seconds})
        conn.execute({"'COMMIT'" if commit else "'ROLLBACK'"})
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


# -- waiting for another writer (item 5) ------------------------------------------------------------


def test_a_rollback_journal_database_waits_for_a_writer(tmp_path: Path):
    # secsc's own backups use the rollback journal; switching one to WAL while another
    # process wrote failed at once with "did not finish within 5 seconds".
    live = tmp_path / "live.sqlite3"
    with Store.open(live) as store:
        store.create(minimal_session("s1"))
    backup = tmp_path / "backup.sqlite3"
    source, copy = sqlite3.connect(live), sqlite3.connect(backup)
    source.backup(copy)
    copy.execute("PRAGMA journal_mode = DELETE")
    source.close(), copy.close()

    holder = hold_write_lock(backup, 1.5)
    try:
        started = time.monotonic()
        with Store.open(backup) as store:
            assert [s.id for s in store.list_sessions()] == ["s1"]
        assert time.monotonic() - started > 0.5  # it did wait
    finally:
        holder.wait(timeout=30)


def test_a_new_database_waits_for_the_process_creating_it(tmp_path: Path):
    path = tmp_path / "new.sqlite3"
    holder = hold_write_lock(path, 1.5, commit=False)  # a first transaction that then rolls back
    try:
        with Store.open(path) as store:
            store.create(minimal_session("s1"))
            assert store.count_sessions() == 1
    finally:
        holder.wait(timeout=30)


# -- private data stays private (item 7) -------------------------------------------------------------

FIXTURES = ROOT / "tests" / "fixtures" / "db"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_database_and_its_folder_are_private(tmp_path: Path, umask_022):
    folder = tmp_path / "data" / "secsc"
    path = folder / "secsc.sqlite3"
    with Store.open(path) as store:
        store.create(minimal_session("s1"))
        assert (folder / "secsc.sqlite3-wal").exists() and (folder / "secsc.sqlite3-shm").exists()
        assert {p.name: mode(p) for p in folder.iterdir()} == {
            "secsc.sqlite3": 0o600, "secsc.sqlite3-wal": 0o600, "secsc.sqlite3-shm": 0o600}
    assert mode(folder) == 0o700


def test_a_backup_before_an_upgrade_is_private(tmp_path: Path, umask_022):
    path = tmp_path / "old.sqlite3"
    path.write_bytes((FIXTURES / "schema-0001.sqlite3").read_bytes())
    path.chmod(0o644)
    Store.open(path).close()
    [backup] = tmp_path.glob("old.sqlite3.backup-*.sqlite3")
    assert mode(backup) == 0o600
    assert mode(path) == 0o644  # a database that exists keeps its mode: it may be shared on purpose


def test_the_default_data_folder_left_open_by_an_older_secsc_is_closed(tmp_path: Path, monkeypatch, umask_022):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("SECSC_DB", raising=False)
    folder = tmp_path / "data-home" / "secsc"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    Store.open().close()
    assert mode(folder) == 0o700
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    elsewhere.chmod(0o775)
    Store.open(elsewhere / "team.sqlite3").close()
    assert mode(elsewhere) == 0o775  # a folder chosen by the user is theirs to set
