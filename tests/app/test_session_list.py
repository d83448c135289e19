"""The home screen's SessionList on its own: keys, scrolling, filtering, wide and literal text."""

from __future__ import annotations

import dataclasses
import datetime as dt

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import Input

from secsc_tui.app.widgets.session_list import SessionList, column_widths
from secsc_tui.core.enums import Language, Step
from secsc_tui.core.store import SessionSummary

UPDATED = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)


def summary(n: int, title: str | None = None, organisation: str = "Org") -> SessionSummary:
    return SessionSummary(
        id=f"s-{n:05d}",
        title=f"Team {n:05d}" if title is None else title,
        organisation=organisation,
        language=Language.EN,
        current_step=Step.CONTEXT,
        steps_done=n % 9,
        updated=UPDATED,
        revision=1,
    )


class ListApp(App[None]):
    """The list (at 80x24, above the field: a heading line and 20 rows) and a field to move the focus to."""

    def __init__(self, rows: list[SessionSummary]):
        super().__init__()
        self.rows = rows
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield SessionList(id="sessions")
        yield Input(id="elsewhere")

    def on_mount(self) -> None:
        session_list = self.query_one(SessionList)
        session_list.set_rows(self.rows)
        session_list.focus()

    def on_session_list_selected(self, event: SessionList.Selected) -> None:
        self.selected.append(event.key)


def screen_lines(session_list: SessionList) -> list[str]:
    """What the list shows now, line by line (the heading first)."""
    return [session_list.render_line(y).text for y in range(session_list.scrollable_content_region.height)]


def shown_titles(session_list: SessionList) -> list[str]:
    return [line.split("  ")[0].strip() for line in screen_lines(session_list)[1:] if line.strip()]


async def test_keys_move_the_cursor_and_keep_it_on_screen():
    app = ListApp([summary(n) for n in range(100)])
    async with app.run_test(size=(80, 24)) as pilot:
        session_list = app.query_one(SessionList)
        await pilot.pause()
        assert session_list.scrollable_content_region.height == 21  # the heading and 20 rows
        assert shown_titles(session_list) == [f"Team {n:05d}" for n in range(20)]
        await pilot.press("down", "down")
        assert session_list.current_key == "s-00002"
        await pilot.press("up", "up", "up")  # stops at the first row
        assert session_list.current_key == "s-00000"
        await pilot.press("pagedown")
        assert session_list.current_key == "s-00020"
        await pilot.pause()
        assert shown_titles(session_list)[-1] == "Team 00020"  # scrolled by one row to show the cursor
        await pilot.press("end")
        await pilot.pause()
        assert session_list.current_key == "s-00099"
        assert shown_titles(session_list)[-1] == "Team 00099"
        await pilot.press("pageup")
        await pilot.pause()
        assert session_list.current_key == "s-00079"
        assert shown_titles(session_list)[0] == "Team 00079"
        await pilot.press("down")  # within the page: no scroll
        await pilot.pause()
        assert shown_titles(session_list)[0] == "Team 00079"
        await pilot.press("home")
        await pilot.pause()
        assert session_list.current_key == "s-00000" and session_list.scroll_y == 0
        assert screen_lines(session_list)[0].split() == ["Title", "Organisation", "Steps", "Updated"]


async def test_enter_and_a_click_on_the_cursor_row_select_it():
    app = ListApp([summary(n) for n in range(5)])
    async with app.run_test(size=(80, 24)) as pilot:
        session_list = app.query_one(SessionList)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.selected == ["s-00001"]
        # Line 0 is the heading: row 3 is on line 4 (and the list's left border takes no cell here).
        await pilot.click(SessionList, offset=(5, 4))
        await pilot.pause()
        assert session_list.current_key == "s-00003" and app.selected == ["s-00001"]
        await pilot.click(SessionList, offset=(5, 4))
        await pilot.pause()
        assert app.selected == ["s-00001", "s-00003"]
        await pilot.click(SessionList, offset=(5, 0))  # the heading: nothing
        await pilot.click(SessionList, offset=(5, 12))  # below the rows: nothing
        await pilot.pause()
        assert session_list.current_key == "s-00003" and app.selected == ["s-00001", "s-00003"]


async def test_the_row_under_the_mouse_is_highlighted_as_in_a_data_table():
    app = ListApp([summary(n) for n in range(5)])
    async with app.run_test(size=(80, 24)) as pilot:
        session_list = app.query_one(SessionList)
        await pilot.pause()

        def row_background(row: int):
            return session_list.render_line(row + 1)._segments[0].style.bgcolor

        resting = [row_background(row) for row in range(5)]
        await pilot.hover(SessionList, offset=(5, 4))  # row 3 (line 0 is the heading)
        await pilot.pause()
        assert row_background(3) != resting[3]
        assert [row_background(row) for row in (0, 1, 2, 4)] == [resting[row] for row in (0, 1, 2, 4)]
        await pilot.hover(SessionList, offset=(5, 2))  # row 1: row 3 as it was
        await pilot.pause()
        assert row_background(1) != resting[1] and row_background(3) == resting[3]
        await pilot.hover("#elsewhere")  # the pointer leaves the list
        await pilot.pause()
        assert [row_background(row) for row in range(5)] == resting


async def test_new_rows_keep_the_cursor_on_its_key_or_go_to_the_top():
    rows = [summary(n) for n in range(1000)]
    app = ListApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        session_list = app.query_one(SessionList)
        assert session_list.move_to_key("s-00500")
        await pilot.pause()
        assert "Team 00500" in shown_titles(session_list)
        matches = [s for s in rows if "5" in s.title]
        session_list.set_rows(matches, select=session_list.current_key)
        await pilot.pause()
        assert session_list.row_count == len(matches) and session_list.current_key == "s-00500"
        assert "Team 00500" in shown_titles(session_list)
        session_list.set_rows(rows[:3], select="s-00500")  # no longer there
        await pilot.pause()
        assert session_list.current_key == "s-00000" and session_list.scroll_y == 0
        assert shown_titles(session_list) == ["Team 00000", "Team 00001", "Team 00002"]
        renamed = [dataclasses.replace(rows[0], title="Renamed"), *rows[1:3]]  # the list read again
        session_list.set_rows(renamed, select="s-00000")
        await pilot.pause()
        assert shown_titles(session_list) == ["Renamed", "Team 00001", "Team 00002"]
        session_list.set_rows([])
        await pilot.pause()
        assert session_list.current_key is None and session_list.row_count == 0
        assert not session_list.move_to_key("s-00000")
        await pilot.press("down", "end", "enter")  # nothing to move to or select
        assert app.selected == []


async def test_wide_characters_keep_the_columns_aligned():
    rows = [
        summary(0, "セキュリティスコアカード — 論文の例題（強化版）", "東海ホームエレクトロニクス株式会社"),
        summary(1, "Regional power grid operator — security steering", "Seiran Power Grid Co."),
        summary(2, "短い", "東"),
        summary(3, "ａｂｃ" * 20, "x"),
    ]
    app = ListApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        session_list = app.query_one(SessionList)
        await pilot.pause()
        lines = screen_lines(session_list)[: len(rows) + 1]
        width = session_list.scrollable_content_region.width
        title, organisation, steps, _updated = column_widths(width)
        # Each column starts at the same cell on every line, and every line fills the list's width.
        starts = [1, 1 + title + 2, 1 + title + 2 + organisation + 2, 1 + title + 2 + organisation + 2 + steps + 2]
        headings = ("Title", "Organisation", "Steps", "Updated")
        for k, line in enumerate(lines):
            assert cell_len(line) == width
            texts = session_list.row_text(k - 1) if k else headings
            for c, (start, text) in enumerate(zip(starts, texts, strict=True)):
                at = line.index(text)
                if k and c == 2:  # the steps are right-aligned: they end where the column does
                    assert cell_len(line[: at + len(text)]) == start + steps, (line, text)
                else:
                    assert cell_len(line[:at]) == start, (line, text)
        assert session_list.row_text(0)[0].endswith("…") and cell_len(session_list.row_text(0)[0]) <= title
        assert session_list.row_text(2)[:2] == ("短い", "東")


async def test_titles_are_shown_literally_never_as_markup():
    rows = [summary(0, "[bold]Team[/bold] [red]A[/]", "[/i] Org\x1b[31m"), summary(1)]
    app = ListApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        session_list = app.query_one(SessionList)
        await pilot.press("down")  # the cursor (bold when focused) off the row
        await pilot.pause()
        line = session_list.render_line(1)
        assert "[bold]Team[/bold] [red]A[/]" in line.text
        assert "[/i] Org\\x1b[31m" in line.text  # the escape shown, not obeyed
        assert not any(segment.style and segment.style.bold for segment in line)


async def test_the_cursor_looks_different_with_and_without_the_focus():
    app = ListApp([summary(n) for n in range(3)])
    async with app.run_test(size=(80, 24)) as pilot:
        session_list = app.query_one(SessionList)
        await pilot.pause()

        def cursor_style():
            return session_list.render_line(1)._segments[0].style

        focused = cursor_style()
        other = session_list.render_line(2)._segments[0].style
        await pilot.press("tab")  # to the field
        await pilot.pause()
        assert not session_list.has_focus
        blurred = cursor_style()
        assert len({focused.bgcolor, blurred.bgcolor, other.bgcolor}) == 3
        await pilot.press("shift+tab")
        await pilot.pause()
        assert cursor_style().bgcolor == focused.bgcolor


async def test_the_scrollbar_follows_the_number_of_rows():
    """A new list changes the scroll range (and shows or hides the scrollbar) without a screen layout."""
    rows = [summary(n) for n in range(100)]
    app = ListApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        session_list = app.query_one(SessionList)
        await pilot.pause()
        assert session_list.show_vertical_scrollbar and session_list.max_scroll_y == 100 + 1 - 21
        session_list.set_rows(rows[:5])
        await pilot.pause()
        assert not session_list.show_vertical_scrollbar and session_list.max_scroll_y == 0
        session_list.set_rows(rows[:30])
        await pilot.pause()
        assert session_list.show_vertical_scrollbar and session_list.max_scroll_y == 30 + 1 - 21
        assert session_list.vertical_scrollbar.window_virtual_size == 31
        await pilot.press("end")
        await pilot.pause()
        assert session_list.scroll_y == 10 and shown_titles(session_list)[-1] == "Team 00029"
        session_list.set_rows(rows[:25], select="s-00029")  # the cursor's row gone: back to the top
        await pilot.pause()
        assert session_list.scroll_y == 0 and session_list.max_scroll_y == 5
        assert shown_titles(session_list)[0] == "Team 00000"


async def test_in_an_ansi_theme_the_cursor_stays_visible_without_the_focus():
    app = ListApp([summary(n) for n in range(3)])
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "ansi-dark"
        session_list = app.query_one(SessionList)
        await pilot.press("tab")  # to the field: the list's cursor has no colour of its own then
        await pilot.pause()
        cursor, other = (session_list.render_line(y)._segments[0].style for y in (1, 2))
        assert cursor.underline and not other.underline
        await pilot.press("shift+tab")
        await pilot.pause()
        assert not session_list.render_line(1)._segments[0].style.underline
