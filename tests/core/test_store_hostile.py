"""The store under bad luck: other processes holding locks, damaged files, odd permissions."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from factories import minimal_session

from secsc_tui.core.problems import DatabaseError
from secsc_tui.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)


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
            "secsc.sqlite3": 0o600,
            "secsc.sqlite3-wal": 0o600,
            "secsc.sqlite3-shm": 0o600,
        }
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


# -- read-only databases (item 9) -------------------------------------------------------------------


@contextmanager
def read_only(*paths: Path):
    """Make files and folders read-only for this process, root included (chattr +i), then writable again."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in paths}
        for p in paths:
            p.chmod(modes[p] & ~0o222)
        try:
            yield
        finally:
            for p, m in modes.items():
                p.chmod(m)
    else:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: a file cannot be made read-only for root")
        done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, text=True)
        if done.returncode:
            pytest.skip(
                f"running as root and chattr +i is not permitted here ({done.stderr.strip()}): "
                "a file cannot be made read-only for root"
            )
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)


def in_wal_mode(path: Path) -> Path:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    conn.close()
    return path


def test_a_read_only_older_database_is_refused_as_needing_an_upgrade_and_leaves_no_backup(tmp_path: Path):
    # In WAL mode, the upgrade's write transaction could begin, so a backup was made before it failed.
    path = tmp_path / "old.sqlite3"
    path.write_bytes((FIXTURES / "schema-0001.sqlite3").read_bytes())
    in_wal_mode(path)
    with read_only(path):
        for read in (False, True, False):
            with pytest.raises(DatabaseError) as caught:
                Store.open(path, read_only=read)
            assert "written by an older secsc (database schema 0001) and must be upgraded" in str(caught.value)
            assert "the file is read-only" in str(caught.value)
    assert list(tmp_path.glob("*.backup-*")) == []


def test_a_read_only_database_in_a_read_only_folder_can_be_read(tmp_path: Path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "secsc.sqlite3"
    with Store.open(path) as store:
        store.create(minimal_session("s1"))
    assert sorted(p.name for p in folder.iterdir()) == ["secsc.sqlite3"]  # a WAL database, closed cleanly
    before = path.read_bytes()
    with read_only(path, folder), Store.open(path, read_only=True) as store:
        assert [s.id for s in store.list_sessions()] == ["s1"]
        assert [s.id for s in store.export_all()] == ["s1"]
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["secsc.sqlite3"]


def test_reading_commands_change_nothing_in_a_backup(tmp_path: Path):
    # A backup uses the rollback journal; reading it must not switch it to WAL.
    path = tmp_path / "backup.sqlite3"
    with Store.open(tmp_path / "live.sqlite3") as store:
        store.create(minimal_session("s1"))
    source, copy = sqlite3.connect(tmp_path / "live.sqlite3"), sqlite3.connect(path)
    source.backup(copy)
    copy.execute("PRAGMA journal_mode = DELETE")
    source.close(), copy.close()
    with Store.open(path, read_only=True) as store:
        assert store.count_sessions() == 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()


# -- a damaged database is not written to (item 9) ----------------------------------------------------


def damage_an_index(path: Path) -> None:
    """A database that opens and reads, but fails PRAGMA integrity_check (an index out of step)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_session_updated ON session (title)' "
        "WHERE name = 'ix_session_updated'"
    )
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() != ("ok",)
    conn.close()


def test_a_damaged_database_is_refused_before_writing_with_how_to_recover(tmp_path: Path):
    path = tmp_path / "secsc.sqlite3"
    with Store.open(path) as store:
        store.create(minimal_session("s1"))
        store.check_integrity()  # a sound database passes
    damage_an_index(path)
    backup = tmp_path / "secsc.sqlite3.backup-0001-20250101000000.sqlite3"
    backup.write_bytes(b"")
    with Store.open(path) as store, pytest.raises(DatabaseError) as caught:
        store.check_integrity()
    message = str(caught.value)
    assert message.startswith(
        f"{path} is damaged (SQLite's integrity check: row 1 missing from index "
        "ix_session_updated); nothing was written to it."
    )
    assert f"put its latest backup in its place ({backup}" in message
    assert "secsc export --all -o FOLDER/" in message
