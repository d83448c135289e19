"""Autosave: conflicts with another writer, a failed save, nothing typed is ever lost."""

from __future__ import annotations

import sqlalchemy
from apphelpers import exited, open_session, until, wait_saved
from helpers import sample, stored

from secsc_tui.app.screens.conflict import ConflictDialog
from secsc_tui.app.screens.field_conflicts import FieldConflictsDialog
from secsc_tui.core.model import Step
from secsc_tui.core.store import Store


def at_goal_step(session):
    session.progress.current_step = Step.STRATEGIC_GOAL
    return session


def edit_elsewhere(db, session_id: str, title: str) -> None:
    """Another process (another laptop on the same database file) saves the session."""
    other = Store.open(str(db))
    try:
        session = other.get(session_id)
        session.title = title
        other.save(session)
    finally:
        other.close()


async def type_goal(pilot, text: str) -> None:
    await pilot.press("ctrl+u", *text)


def no_room(dbapi_connection, record) -> None:
    """A connection hook: the database file may not grow (a full disk, as SQLite sees it)."""
    (pages,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
    dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")


def save_goal_elsewhere(db, session_id: str, title: str) -> None:
    """Ana, at another laptop on the same database file, saves the strategic goal's title."""
    other = Store.open(str(db))
    try:
        session = other.get(session_id)
        session.strategic_goal.title = title
        other.save_merging(session, session, author="Ana")
    finally:
        other.close()


async def test_someone_elses_save_of_another_field_merges_without_a_question(make_db, app_factory):
    session = at_goal_step(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        app.screen.query_one("#goal-title").focus()
        edit_elsewhere(db, session.id, "Changed by team B")
        await type_goal(pilot, "Mine [/b] 私の目標")
        await wait_saved(app, pilot)
        assert not isinstance(app.screen, (ConflictDialog, FieldConflictsDialog))
        assert app.screen.query_one("#save-status").content == "✓ saved"
        assert app.screen.session.title == "Changed by team B"  # theirs, taken in
        assert app.screen.query_one("#goal-title").value == "Mine [/b] 私の目標"
    saved = stored(db, session.id)
    assert (saved.title, saved.strategic_goal.title) == ("Changed by team B", "Mine [/b] 私の目標")


async def test_the_same_field_is_decided_by_keyboard_with_both_values(make_db, app_factory, monkeypatch):
    # Ana's saves reach this screen through the save's merge, not the live poll: a poll
    # arriving in the middle of the typing is the subject of the test below.
    monkeypatch.setattr("secsc_tui.app.screens.session.POLL_SECONDS", 3600.0)
    session = at_goal_step(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        app.screen.query_one("#goal-title").focus()
        save_goal_elsewhere(db, session.id, "Theirs")
        await type_goal(pilot, "Mine")
        await wait_saved(app, pilot)
        # No dialog under the typing: the status says it, F5 asks. Each keeps their own value meanwhile.
        assert not isinstance(app.screen, FieldConflictsDialog)
        assert app.screen.query_one("#save-status").content == "⚠ 1 to decide (F5)"
        assert app.screen.query_one("#goal-title").value == "Mine"
        assert stored(db, session.id).strategic_goal.title == "Theirs"
        await pilot.press("f5")
        assert isinstance(app.screen, FieldConflictsDialog)
        shown = str(app.screen.query_one("#field-conflicts").get_option_at_index(0).prompt)
        assert "strategic_goal.title" in shown and "yours: “Mine”" in shown and "Ana's (saved): “Theirs”" in shown
        await pilot.press("m")
        await wait_saved(app, pilot)
        assert stored(db, session.id).strategic_goal.title == "Mine"
        assert app.screen.query_one("#save-status").content == "✓ saved"

        save_goal_elsewhere(db, session.id, "Theirs again")
        app.screen.query_one("#goal-title").focus()
        await type_goal(pilot, "Mine again")
        await wait_saved(app, pilot)
        await pilot.press("escape", "f5", "t")
        await wait_saved(app, pilot)
        assert app.screen.query_one("#goal-title").value == "Theirs again"
        assert stored(db, session.id).strategic_goal.title == "Theirs again"
        await pilot.press("f3")  # undoing "keep theirs" brings mine back
        await wait_saved(app, pilot)
        assert app.screen.query_one("#goal-title").value == "Mine again"


async def test_others_saves_show_up_within_two_seconds_and_the_typed_field_keeps_its_text(make_db, app_factory):
    import time

    session = at_goal_step(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        field = app.screen.query_one("#goal-title")
        field.focus()
        await type_goal(pilot, "Half typ")
        await wait_saved(app, pilot)
        cursor = field.cursor_position
        edit_elsewhere(db, session.id, "Renamed by team B")
        started = time.monotonic()
        while app.screen.session.title != "Renamed by team B" and time.monotonic() - started < 5:
            await pilot.pause(0.05)
        assert time.monotonic() - started < 2.0
        assert app.screen.focused is field
        assert (field.value, field.cursor_position) == ("Half typ", cursor)
        await pilot.press("e", "d")
        await wait_saved(app, pilot)
    saved = stored(db, session.id)
    assert (saved.title, saved.strategic_goal.title) == ("Renamed by team B", "Half typed")


async def test_failed_save_keeps_the_text_and_retries(make_db, app_factory):
    session = at_goal_step(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_session(app, pilot, session.id)
        engine = app.store._repo.engine
        engine.dispose()

        sqlalchemy.event.listen(engine, "connect", no_room)
        # A small edit still fits in the pages the file has; it may or may not be
        # saved before the big one arrives, so compare with what was stored then.
        app.screen.query_one("#goal-description").focus()
        await pilot.press(*"typed")
        await wait_saved(app, pilot)
        before = stored(db, session.id).strategic_goal.description
        app.screen.query_one("#goal-description").load_text("x" * 19_000)  # more than the file can take
        await wait_saved(app, pilot)
        status = app.screen.query_one("#save-status").content
        assert "not saved" in status
        assert any("disk is full" in n.message for n in app._notifications)
        assert app.screen.query_one("#goal-description").text == "x" * 19_000  # nothing lost
        assert stored(db, session.id).strategic_goal.description == before

        sqlalchemy.event.remove(engine, "connect", no_room)
        engine.dispose()
        await pilot.press("f5")  # retry
        await wait_saved(app, pilot)
        assert "saved" in app.screen.query_one("#save-status").content
        assert stored(db, session.id).strategic_goal.description == "x" * 19_000


async def test_a_failed_save_is_retried_by_itself_and_said_once(make_db, app_factory):
    session = at_goal_step(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_session(app, pilot, session.id)
        engine = app.store._repo.engine
        engine.dispose()

        sqlalchemy.event.listen(engine, "connect", no_room)
        app.screen.query_one("#goal-description").load_text("y" * 19_000)
        saver = app.screen.saver
        await until(pilot, lambda: saver.failures >= 2, "a retry without a key", timeout=20)
        assert sum("Could not save" in (n.title or "") for n in app._notifications) == 1
        sqlalchemy.event.remove(engine, "connect", no_room)
        engine.dispose()
        await until(pilot, lambda: saver.failures == 0, "the next retry to get through", timeout=20)
        await wait_saved(app, pilot)
        assert stored(db, session.id).strategic_goal.description == "y" * 19_000


async def test_quitting_waits_for_the_last_save(make_db, app_factory):
    session = at_goal_step(sample("paper-example-ja"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        app.screen.query_one("#goal-title").focus()
        await type_goal(pilot, "最後の編集")
        await pilot.press("ctrl+q")  # at once, within the autosave pause
        await exited(app)
    assert stored(db, session.id).strategic_goal.title == "最後の編集"


async def test_a_change_arriving_for_the_field_being_typed_into_never_lands_in_the_typing(make_db, app_factory):
    session = at_goal_step(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        field = app.screen.query_one("#goal-title")
        field.focus()
        await type_goal(pilot, "Mine")
        await wait_saved(app, pilot)
        save_goal_elsewhere(db, session.id, "Theirs again")
        revision = stored(db, session.id).revision
        coediting = app.screen.coediting
        await until(pilot, lambda: coediting.base.revision >= revision, "the poll to bring it in", timeout=20)
        await pilot.press(*" again")
        assert field.value == "Mine again"
        assert field.cursor_position == len("Mine again")
