"""Where the keys go is shown by a shape on screen, in every theme, never by a shade alone.

Every check reads the screen as plain text, without colours: what a person sees
on a washed-out projector or in a terminal without colour.
"""

from __future__ import annotations

import pytest
from apphelpers import open_session, screen_text
from helpers import sample

from secsc_tui.app.widgets.map_view import MapView
from secsc_tui.app.widgets.scorecard_grid import ScorecardGrid
from secsc_tui.core.model import Step

THEMES = ["secsc-dark", "secsc-light", "secsc-high-contrast", "secsc-projector"]
BAR = "▌"


def cell(app, x: int, y: int) -> str:
    return screen_text(app).splitlines()[y][x]


def left_edge(app, widget) -> str:
    """The character in the widget's first column, on its first line."""
    return cell(app, widget.region.x, widget.region.y)


def at(step: Step):
    session = sample("paper-example-en")
    session.progress.current_step = step
    return session


async def opened(app, pilot, session, theme: str = "secsc-dark"):
    await open_session(app, pilot, session.id)
    await app.workers.wait_for_complete()
    app.theme = theme
    await pilot.pause()


@pytest.mark.parametrize("theme", THEMES)
async def test_a_form_marks_the_field_with_the_cursor_by_a_bar(make_db, app_factory, theme):
    session = at(Step.SCORECARD)
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot, session, theme)
        await pilot.press("right", "right", "enter")  # the KPI form
        await pilot.pause()
        fields = list(app.screen.query("Input, ChoiceField"))
        assert len(fields) == 13  # measure … current, with the indicator, the dates of the values and the two tags
        for _ in fields:
            marks = {field.id: left_edge(app, field) for field in fields}
            assert marks[app.focused.id] == BAR, marks
            assert [mark for mark in marks.values() if mark == BAR] == [BAR], marks  # only there
            await pilot.press("tab")
            await pilot.pause()


async def test_a_framed_field_turns_heavy_with_the_cursor(make_db, app_factory):
    session = at(Step.CONTEXT)
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot, session)
        app.screen.query_one("#participants").focus()
        await pilot.press("enter")  # edit the first participant: framed fields
        await pilot.pause()
        name, team = app.screen.query_one("#p-name"), app.screen.query_one("#p-team")
        assert (left_edge(app, name), left_edge(app, team)) == ("┏", "╭")
        team.focus()
        await pilot.pause()
        assert (left_edge(app, name), left_edge(app, team)) == ("╭", "┏")


async def test_a_table_with_the_cursor_has_the_bar_and_loses_it_to_a_field(make_db, app_factory):
    session = at(Step.EVALUATION)
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot, session)
        table, date = app.screen.query_one("#responses"), app.screen.query_one("#eval-date")
        assert table.has_focus
        assert (left_edge(app, table), left_edge(app, date)) == (BAR, " ")
        date.focus()
        await pilot.pause()
        assert (left_edge(app, table), left_edge(app, date)) == (" ", BAR)


async def test_the_grid_and_the_map_draw_their_cursor_differently_without_the_keys(make_db, app_factory):
    session = at(Step.SCORECARD)
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot, session)
        grid = app.screen.query_one(ScorecardGrid)
        where = grid.cursor_region
        assert cell(app, where.x, where.y) == "█"
        app.screen.set_focus(None)
        await pilot.pause()
        assert grid.cursor_region == where
        assert cell(app, where.x, where.y) == "▏"

        await pilot.press("6")
        await pilot.pause()
        view_map = app.screen.query_one(MapView)
        assert view_map.has_focus

        def map_text() -> str:
            lines = screen_text(app).splitlines()
            region = view_map.region
            return "\n".join(line[region.x : region.right] for line in lines[region.y : region.bottom])

        assert "►" in map_text() and "▻" not in map_text()
        await pilot.press("tab")  # to the details beside the map
        await pilot.pause()
        assert not view_map.has_focus
        assert "▻" in map_text() and "►" not in map_text()
