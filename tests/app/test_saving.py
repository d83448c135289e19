"""Autosave: conflicts with another writer, a failed save, nothing typed is ever lost."""

from __future__ import annotations

import sqlalchemy
from apphelpers import exited, open_session, wait_saved
from helpers import sample, stored

from secsc_tui.app.screens.conflict import ConflictDialog
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


async def test_conflict_keep_mine_as_a_copy(make_db, app_factory):
    session = at_goal_step(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        app.screen.query_one("#goal-title").focus()
        edit_elsewhere(db, session.id, "Changed by team B")
        await type_goal(pilot, "Mine [/b] 私の目標")
        await wait_saved(app, pilot)
        # No dialog under the typing: the status says it, F5 asks.
        assert not isinstance(app.screen, ConflictDialog)
        assert "changed elsewhere" in app.screen.query_one("#save-status").content
        await pilot.press("f5")
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("c")
        await wait_saved(app, pilot)
        editor_session = app.screen.session
        assert editor_session.id != session.id
        assert stored(db, editor_session.id).strategic_goal.title == "Mine [/b] 私の目標"
    theirs = stored(db, session.id)
    assert theirs.title == "Changed by team B"
    assert theirs.strategic_goal.title == session.strategic_goal.title


async def test_conflict_overwrite_and_reload(make_db, app_factory):
    session = at_goal_step(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        app.screen.query_one("#goal-title").focus()
        edit_elsewhere(db, session.id, "Theirs")
        await type_goal(pilot, "Mine")
        await wait_saved(app, pilot)
        await pilot.press("escape", "escape")  # out of the field, then leaving: it asks first
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("o")
        await wait_saved(app, pilot)
        saved = stored(db, session.id)
        assert saved.strategic_goal.title == "Mine" and saved.title == session.title

        edit_elsewhere(db, session.id, "Theirs again")
        app.screen.query_one("#goal-title").focus()
        await type_goal(pilot, "Mine again")
        await wait_saved(app, pilot)
        await pilot.press("f5", "r")
        await wait_saved(app, pilot)
        assert app.screen.session.title == "Theirs again"
        assert app.screen.query_one("#goal-title").value == "Mine"
        await type_goal(pilot, "After reload")  # saving works again
        await wait_saved(app, pilot)
        assert stored(db, session.id).strategic_goal.title == "After reload"


async def test_failed_save_keeps_the_text_and_retries(make_db, app_factory):
    session = at_goal_step(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_session(app, pilot, session.id)
        engine = app.store._repo.engine
        engine.dispose()

        def no_room(dbapi_connection, record):
            (pages,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

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
