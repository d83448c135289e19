"""A bug in background work: the traceback goes to the log, the user reads a sentence saying where."""

from __future__ import annotations

import stat

import pytest
from helpers import sample

from secsc_tui import logs
from secsc_tui.core.store import Store


@pytest.fixture
def log_folder(tmp_path, monkeypatch):
    folder = tmp_path / "log"
    monkeypatch.setenv("SECSC_LOG_DIR", str(folder))
    logs.stop_logging()
    path = logs.start_logging(db="postgresql+psycopg://trainer:s3cret@db.example/secsc")
    assert path == folder / "secsc.log"
    yield folder
    logs.stop_logging()


async def test_a_bug_in_a_worker_is_logged_with_its_traceback_and_told_in_words(
    make_db, app_factory, log_folder, monkeypatch
):
    db = make_db(sample("paper-example-en"))

    def broken_list(self):
        raise KeyError("x")  # a bug, not a user's mistake

    monkeypatch.setattr(Store, "list_sessions", broken_list)
    # The home list is read through the store, not the quick first list (sqlite3 alone).
    monkeypatch.setattr("secsc_tui.core.store.quick_list.read_session_list", lambda target, limit=None: None)
    app = app_factory(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        titles = {n.title for n in app._notifications if n.severity == "error"}
    assert titles == {"Something went wrong"}
    log_text = (log_folder / "secsc.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log_text and "broken_list" in log_text
    assert any("failed unexpectedly (KeyError: 'x')" in m and str(log_folder / "secsc.log") in m for m in messages)
    assert all(m.strip() != "'x'" for m in messages)


def test_the_log_is_private_and_names_the_database_without_its_password(log_folder):
    log_file = log_folder / "secsc.log"
    assert stat.S_IMODE(log_folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    text = log_file.read_text(encoding="utf-8")
    assert "postgresql+psycopg://trainer:***@db.example/secsc" in text and "s3cret" not in text


def test_a_users_mistake_is_one_line_without_a_traceback(log_folder):
    from secsc_tui.app.threads import _as_reported
    from secsc_tui.core.problems import ConflictError

    error = ConflictError("s-1", 1, 2)
    assert _as_reported(error, "Saving") is error
    assert "Traceback" not in (log_folder / "secsc.log").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("postgresql://u:p@h/db", "postgresql://u:***@h/db"),
        ("postgresql+psycopg://u:p%40ss@h:5432/db?x=1", "postgresql+psycopg://u:***@h:5432/db?x=1"),
        ("postgresql://h/db", "postgresql://h/db"),
        ("postgresql://u:p@ss@h/db", "postgresql://u:***@h/db"),  # an "@" in the password hides no part of it
        ("/home/yuko/secsc.sqlite3", "/home/yuko/secsc.sqlite3"),
    ],
)
def test_mask_password(target, shown):
    assert logs.mask_password(target) == shown


def test_once_logging_stops_records_go_up_to_the_root_logger_again(tmp_path, caplog):
    """Stopping must undo what starting did: a later reader of the root logger (pytest's
    caplog, an embedding program) would otherwise see nothing of secsc's errors."""
    logs.stop_logging()
    logs.start_logging(folder=tmp_path)
    logs.stop_logging()
    with caplog.at_level("ERROR"):
        logs.unexpected(KeyError("x"), "Reading the list")
    assert "Reading the list: unexpected KeyError" in caplog.text
