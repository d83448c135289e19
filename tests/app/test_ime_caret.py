"""An input method draws its candidates at the terminal cursor: the app puts it on the caret.

``App.cursor_position`` is where Textual moves the (hidden) terminal cursor after each
frame; a Japanese IME opens its candidate window there. It must be the cell where the
next character will appear: after wide characters, at the end of the text and in the
middle of it, in one-line fields and in multi-line boxes.
"""

from __future__ import annotations

from apphelpers import open_session, type_as_a_terminal
from textual.geometry import Offset

from secsc_tui.app.widgets.text_box import TextBox
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Language


async def test_the_terminal_cursor_follows_the_caret_in_a_field_with_japanese_text(make_db, app_factory):
    session = new_session("IME", Language.JA)
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        field = app.focused
        assert isinstance(field, TextField) and field.id == "org-name"
        await type_as_a_terminal(app, pilot, "東海ホーム電機")
        await pilot.pause()
        left, top = field.content_region.x, field.content_region.y
        assert field.value == "東海ホーム電機"
        # At the end: right after the seven wide characters, where the eighth will go.
        assert app.cursor_position == Offset(left + 14, top)
        await pilot.press("left", "left")
        await pilot.pause()
        assert app.cursor_position == Offset(left + 10, top)  # before 電機
        await type_as_a_terminal(app, pilot, "AB")
        await pilot.pause()
        assert field.value == "東海ホームAB電機"
        assert app.cursor_position == Offset(left + 12, top)


async def test_the_terminal_cursor_follows_the_caret_in_a_box_of_several_lines(make_db, app_factory):
    session = new_session("IME", Language.JA)
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press(*["tab"] * 7)  # the organisation's notes
        await pilot.pause()
        box = app.focused
        assert isinstance(box, TextBox) and box.id == "org-notes"
        await type_as_a_terminal(app, pilot, "重要インフラ")
        await pilot.press("enter")
        await type_as_a_terminal(app, pilot, "取引先の要請")
        await pilot.pause()
        region = box.content_region
        x = region.x + box.gutter_width
        assert box.text == "重要インフラ\n取引先の要請"
        assert app.cursor_position == Offset(x + 12, region.y + 1 - box.scroll_offset.y)


async def test_the_terminal_cursor_follows_the_caret_in_a_form_and_the_catalogue_filter(make_db, app_factory):
    from helpers import sample

    from secsc_tui.core.model import Step

    session = sample("paper-example-ja")
    session.progress.current_step = Step.SCORECARD
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("a")  # a new goal: its form
        for _ in range(100):
            await pilot.pause(0.02)
            if isinstance(app.focused, (TextField, TextBox)):
                break
        field = app.focused
        await type_as_a_terminal(app, pilot, "顧客の信頼")
        await pilot.pause()
        assert isinstance(field, (TextField, TextBox))
        region = field.content_region
        gutter = field.gutter_width if isinstance(field, TextBox) else 0
        assert app.cursor_position == Offset(region.x + gutter + 10, region.y)
        await pilot.press("escape")
        for _ in range(100):
            await pilot.pause(0.02)
            if app.screen.__class__.__name__ == "SessionScreen":
                break
        await pilot.press("c")  # the catalogue picker, its filter focused
        for _ in range(200):
            await pilot.pause(0.02)
            if app.screen.__class__.__name__ == "CataloguePicker" and isinstance(app.focused, TextField):
                break
        field = app.focused
        await type_as_a_terminal(app, pilot, "ログ")
        await pilot.pause()
        assert isinstance(field, TextField) and field.value == "ログ"
        assert app.cursor_position == Offset(field.content_region.x + 4, field.content_region.y)
