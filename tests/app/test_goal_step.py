"""Step 3 by keyboard: a common goal or the team's own, and what it means."""

from __future__ import annotations

from apphelpers import open_session, screen_text, until, wait_saved
from helpers import stored
from textual.widgets import Input, OptionList

from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Step


def goal_session():
    session = new_session("Goal [b] team")
    session.progress.current_step = Step.STRATEGIC_GOAL
    return session


async def test_tabbing_round_the_step_keeps_what_was_typed_in_view(make_db, app_factory):
    session = goal_session()
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "enter")  # the second common goal
        assert isinstance(app.focused, Input) and app.focused.id == "goal-title"
        await pilot.press("tab")
        await pilot.press(*"Retailers-ask-first")
        # Round the whole step: every stop is a field the team can see, and the
        # description stays on screen wherever the cursor is.
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused.id in {"goal-choices", "goal-title", "goal-description"}, "focus left the fields"
            assert "Retailers-ask-first" in screen_text(app)
            assert "Earn and keep customers' trust" in screen_text(app)
        await wait_saved(app, pilot)
        saved = stored(db, session.id)
        assert saved.strategic_goal.title == "Earn and keep customers' trust"
        assert saved.strategic_goal.description == "Retailers-ask-first"


async def test_a_common_goal_chosen_over_a_typed_one_can_be_undone(make_db, app_factory):
    session = goal_session()
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("tab")  # from the list to the title
        await pilot.press(*"Our own goal")
        await pilot.press("shift+tab", "enter")  # Enter on the list takes its first goal
        title = app.screen.query_one("#goal-title", Input)
        # Typed keys are dispatched one after another once each has settled: wait on the state.
        await until(pilot, lambda: title.value == "Enhance brand image", "the common goal in the title")
        await pilot.press("f3")
        await until(pilot, lambda: title.value == "Our own goal", "the typed title back")
        assert app.screen.session.strategic_goal.title == "Our own goal"
