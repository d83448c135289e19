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
