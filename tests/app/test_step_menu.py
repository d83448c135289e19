"""F2 on a session: the eight steps with what each still needs; a number, Enter or Escape."""

from __future__ import annotations

from apphelpers import open_session, until
from textual.widgets import OptionList

from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.app.screens.step_menu import StepMenu
from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Step


def lines(menu: StepMenu) -> list[str]:
    options = menu.query_one("#step-options", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_menu(app, pilot) -> StepMenu:
    await pilot.press("f2")
    await until(pilot, lambda: isinstance(app.screen, StepMenu), "the step menu")
    return app.screen


async def test_the_menu_says_what_each_step_needs_and_jumps_to_the_one_chosen(make_db, app_factory):
    session = new_session("Team [b]A[/b]")
    session.organisation.name = "ACME [red]"
    session.strategic_goal.title = "Grow [/b] safely"
    session.progress.done = [Step.STRATEGIC_GOAL]
    session.progress.current_step = Step.STRATEGIC_GOAL
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        screen = app.screen

        menu = await open_menu(app, pilot)
        shown = lines(menu)
        assert [line.split("\n")[0] for line in shown] == [
            "1 ◌ Context",
            "2 ◌ Gap analysis",
            "3 ✓ Strategic goal",
            "4 ◌ Approach",
            "5 ◌ Scorecard",
            "6 ◌ Strategy map",
            "7 ◌ Evaluation",
            "8 ◌ Review & export",
        ]
        assert shown[0].endswith("needs: at least one participant")  # the organisation is named
        assert "needs:" not in shown[2]
        assert "needs: at least one cause→effect link" in shown[5]
        options = menu.query_one(OptionList)
        assert options.highlighted == 2 and menu.focused is options  # the current step

        await pilot.press("5")  # a number jumps
        await until(pilot, lambda: app.screen is screen, "the session again")
        assert screen.session.progress.current_step is Step.SCORECARD

        await open_menu(app, pilot)
        await pilot.press("down", "enter")  # arrows and Enter, from the current step
        await until(pilot, lambda: app.screen is screen, "the session again")
        assert screen.session.progress.current_step is Step.STRATEGY_MAP

        for key in ("escape", "f2"):  # closed without a move
            await open_menu(app, pilot)
            await pilot.press("down", key)
            await until(pilot, lambda: app.screen is screen, "the session again")
            assert isinstance(app.screen, SessionScreen)
            assert screen.session.progress.current_step is Step.STRATEGY_MAP
