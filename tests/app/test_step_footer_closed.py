"""The step footer: a rebuild that runs after its screen has gone does nothing.

Textual's Footer queues its rebuild on whichever screen is active at the next refresh;
when the session screen closes meanwhile (Escape to the dashboard), the rebuild can run
once the footer has left the DOM: it must not look for its screen's keys then.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.screen import Screen

from secsc_tui.app.widgets.step_footer import StepFooter


class StepScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("x", "nothing", "Nothing")]

    def compose(self) -> ComposeResult:
        yield StepFooter()


async def test_a_rebuild_that_runs_after_the_screen_closed_does_nothing():
    app = App[None]()
    async with app.run_test() as pilot:
        await app.push_screen(StepScreen())
        await pilot.pause()
        footer = app.screen.query_one(StepFooter)
        await app.pop_screen()
        await pilot.pause()
        assert not footer.is_attached
        await footer.recompose()  # the late rebuild: raised NoScreen before
