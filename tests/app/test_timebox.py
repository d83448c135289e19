"""The timebox of the current step: shown quietly, warns when out, paused, extended, kept."""

from __future__ import annotations

import datetime as dt

from apphelpers import open_session, wait_saved
from helpers import sample

from secsc_tui.app.timekeeper import Level
from secsc_tui.core.model import Step
from secsc_tui.core.store import Store
from secsc_tui.core.workshop import Workshop


def with_workshop(db, session, minutes: int) -> Workshop:
    store = Store.open(str(db))
    try:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        workshop = Workshop(id="w-test", name="Nagoya", created=now, updated=now)
        for item in workshop.agenda:
            item.minutes = minutes
        store.create_workshop(workshop)
        store.assign_sessions([session.id], workshop.id)
        return workshop
    finally:
        store.close()


async def test_time_left_is_shown_and_runs_out_with_a_warning(make_db, app_factory):
    session = sample("paper-example-en")
    session.progress.current_step = Step.STRATEGIC_GOAL
    db = make_db(session)
    with_workshop(db, session, minutes=10)
    app = app_factory(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_session(app, pilot, session.id)
        screen = app.screen
        label = screen.query_one("#timebox")
        assert str(label.render()).startswith("◷ 10:00") or str(label.render()).startswith("◷ 9:5")
        keeper = screen.timekeeper
        assert keeper.minutes_for(Step.STRATEGIC_GOAL) == 10

        # Pretend ten and a half minutes have passed.
        keeper._clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10, seconds=30)
        screen._tick_timebox()
        await pilot.pause()
        assert keeper.level() is Level.OVER
        assert "over time" in str(label.render()) and label.has_class("-over")
        # Said in the line under the header, where it covers nothing (not in a toast over the step).
        assert "Time is up for step 3" in str(screen.query_one("#step-hint").render())
        assert not screen.query("Toast")

        await pilot.press("f12", "1")  # one more minute: about 30 seconds left
        await pilot.pause()
        assert keeper.level() is Level.LOW and "left" in str(label.render())
        await pilot.press("f12", "plus")  # five more
        await pilot.pause()
        assert keeper.level() is Level.RUNNING and str(label.render()).startswith("◷ 5:")
        await pilot.press("f12", "p")  # pause
        await pilot.pause()
        assert keeper.level() is Level.PAUSED and "paused" in str(label.render())


async def test_timer_survives_a_restart_and_steps_keep_their_own_time(make_db, app_factory):
    session = sample("paper-example-en")
    session.progress.current_step = Step.STRATEGIC_GOAL
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        keeper = app.screen.timekeeper
        keeper.extend(7)
        await app.workers.wait_for_complete()
        stored = Store.open(str(db))
        try:
            [timer] = stored.get_timers(session.id)
        finally:
            stored.close()
        assert timer.step is Step.STRATEGIC_GOAL and timer.extra_seconds == 7 * 60

        app.screen.set_focus(None)
        await pilot.press("f8")  # an accidental Next...
        await pilot.pause()
        assert app.screen.session.progress.current_step is Step.APPROACH
        await pilot.press("f3")  # ...undone at once
        await pilot.pause()
        assert app.screen.session.progress.current_step is Step.STRATEGIC_GOAL
        assert keeper.timer.extra_seconds == 7 * 60  # the goal step kept its own clock
        await wait_saved(app, pilot)

    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        assert app.screen.timekeeper.timer.extra_seconds == 7 * 60


async def test_every_step_keeps_its_clock_across_a_restart(make_db, app_factory):
    """Not only the current step: a step left earlier carries on where its clock was, after a restart too."""
    session = sample("paper-example-en")
    session.progress.current_step = Step.STRATEGIC_GOAL
    db = make_db(session)
    start = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)
    now = [start]
    app = app_factory(db)
    app.clock = lambda: now[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        keeper = app.screen.timekeeper
        keeper.extend(7)
        now[0] = start + dt.timedelta(minutes=4)  # four minutes on the goal
        app.screen.set_focus(None)
        await pilot.press("f8")
        await pilot.pause()
        assert app.screen.session.progress.current_step is Step.APPROACH
        keeper.extend(3)
        now[0] = start + dt.timedelta(minutes=10)  # six on the approach
        toggle_pause = keeper.toggle_pause()  # the trainer holds the approach's clock
        assert toggle_pause is True
        await wait_saved(app, pilot)
        await app.workers.wait_for_complete()

    now[0] = start + dt.timedelta(minutes=30)  # the app was closed for twenty minutes
    app = app_factory(db)
    app.clock = lambda: now[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        keeper = app.screen.timekeeper
        assert app.screen.session.progress.current_step is Step.APPROACH
        assert keeper.timer.extra_seconds == 3 * 60 and keeper.timer.held  # still held by the trainer
        assert keeper.timer.elapsed(now[0]) == 6 * 60
        app.screen.set_focus(None)
        await pilot.press("f7")  # back to the goal: its own clock, not a fresh one
        await pilot.pause()
        assert app.screen.session.progress.current_step is Step.STRATEGIC_GOAL
        assert keeper.timer.extra_seconds == 7 * 60 and not keeper.timer.paused
        assert keeper.timer.elapsed(now[0]) == 4 * 60
        await pilot.press("f8")  # and the held approach stays held when the team comes back
        await pilot.pause()
        assert keeper.timer.held and keeper.timer.elapsed(now[0]) == 6 * 60
