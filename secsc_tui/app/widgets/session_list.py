"""The home screen's list of sessions: title, organisation, steps done, last change.

One widget drawn with Textual's Line API, however many sessions there are. It
keeps the summaries as they came from the store; a row's cells are formatted
only when its line is drawn, so that 10,000 sessions cost no more than the
twenty on screen, and a filter replaces the list without any work per row.
The columns fill the width (title three fifths of what the fixed columns
leave, organisation the rest), measured in terminal cells: wide characters
keep them aligned.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from secsc_tui.i18n import N_, _
from secsc_tui.textwidth import cells, pad, printable

if TYPE_CHECKING:
    from secsc_tui.core.store import SessionSummary

STEP_COUNT = 8
HEADINGS = (N_("Title"), N_("Organisation"), N_("Steps"), N_("Updated"))
TIME_FORMAT = "%Y-%m-%d %H:%M"
TIME_WIDTH = len("2025-08-26 09:00")
# Each column has a cell of padding on either side, as in a DataTable.
PADDING = 2
# Rows whose cells are kept (a few screens): scrolling through 10,000 sessions keeps no more.
MOST_CACHED_ROWS = 500
# Below this the title and organisation are not squeezed further: the line is cut on the right.
LEAST_ROOM = 30


@lru_cache(maxsize=8)
def _in_column(column: int) -> Style:
    """A mark on each column's segment, so that the compositor never joins the columns into one
    run: a run drawn where a wide character is not exactly two cells wide (an SVG picture
    without the font) would put the next column off."""
    return Style.from_meta({"session-list-column": column})


def column_widths(width: int) -> tuple[int, int, int, int]:
    """The text width of each column (padding not included) in a list ``width`` cells wide."""
    # The headings are as wide as the words of the language in use (Japanese: two cells a character).
    steps = max(cells(_("Steps")), len(f"{STEP_COUNT}/{STEP_COUNT}"))
    updated = max(cells(_("Updated")), TIME_WIDTH)
    room = max(LEAST_ROOM, width - steps - updated - 4 * PADDING)
    title = (room * 3 + 2) // 5  # three fifths, rounded
    return title, room - title, steps, updated


def row_cells(summary: SessionSummary, widths: tuple[int, int, int, int]) -> tuple[str, str, str, str]:
    """The four cells of a session's row, each exactly as wide as its column.

    Titles and organisations are shown literally (never as markup), control characters as
    escapes (``printable``), and cut with an ellipsis to their column (``pad``, by cells).
    """
    title, organisation, steps, updated = widths
    return (
        pad(printable(summary.title), title),
        pad(printable(summary.organisation), organisation),
        pad(f"{summary.steps_done}/{STEP_COUNT}", steps, right=True),
        pad(summary.updated.astimezone().strftime(TIME_FORMAT), updated),
    )


class SessionList(ScrollView, can_focus=True, inherit_bindings=False):
    """The sessions, one line each under a heading line, with a row cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "session-list--header",
        "session-list--even-row",
        "session-list--odd-row",
        "session-list--cursor",
        "session-list--hover",
    }

    # The look of a DataTable with zebra stripes and a row cursor, from the same theme variables.
    DEFAULT_CSS = """
    SessionList {
        background: $surface;
        color: $foreground;
        height: 1fr;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        &:focus {
            background-tint: $foreground 5%;
            & > .session-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .session-list--header {
                background-tint: $foreground 5%;
            }
        }
        & > .session-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .session-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .session-list--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .session-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .session-list--hover {
            background: $block-hover-background;
        }
        & > .session-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        /* An ANSI theme's blurred cursor has no colour of its own (nor had DataTable's):
           the row the keys will act on stays visible while the filter has them. */
        &:ansi:blur > .session-list--cursor {
            text-style: underline;
        }
    }
    """

    # Only these (not the scrolling container's left/right, which have nothing to do here);
    # descriptions without ids: F1 lists them under "Also", translated.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", N_("Open"), show=False),
        Binding("up", "move(-1)", N_("Previous session"), show=False),
        Binding("down", "move(1)", N_("Next session"), show=False),
        Binding("pageup", "page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "page(1)", N_("Page down"), show=False),
        Binding("home,ctrl+home", "first", N_("First session"), show=False),
        Binding("end,ctrl+end", "last", N_("Last session"), show=False),
    ]

    class Selected(Message):
        """Enter (or a click) on a row: the session to open."""

        def __init__(self, session_list: SessionList, key: str):
            super().__init__()
            self.session_list = session_list
            self.key = key

        @property
        def control(self) -> SessionList:
            return self.session_list

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._rows: Sequence[SessionSummary] = ()
        self.cursor_row = 0
        self._widths: tuple[int, int, int, int] | None = None
        self._width = 0  # the width the widths and the drawn lines are for
        self._drawn: dict[int, Strip] = {}  # row index -> its line, while the rows, width and look stay
        # Session id -> (its summary, its cells) at the present widths: the next filter key
        # mostly shows the same sessions again. Only rows drawn get in (_cells_of).
        self._cells: dict[str, tuple[SessionSummary, tuple[str, str, str, str]]] = {}
        self._base: Style | None = None
        self._hover_row: int | None = None  # the row under the mouse pointer, as DataTable shows it

    # -- the rows --------------------------------------------------------------

    def set_rows(self, rows: Sequence[SessionSummary], *, select: str | None = None) -> None:
        """Show ``rows`` (kept as given, not copied); the cursor goes to ``select`` if shown, else to the top."""
        self._rows = rows
        self._drawn.clear()
        self._hover_row = None  # other rows under the pointer now: the next move says which
        index = self.index_of(select) if select is not None else None
        self.cursor_row = index if index is not None else 0
        self._resize_rows()
        if index is None:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_to_cursor()
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def current_key(self) -> str | None:
        """The id of the session under the cursor; None when the list is empty."""
        return self._rows[self.cursor_row].id if 0 <= self.cursor_row < len(self._rows) else None

    def index_of(self, key: str) -> int | None:
        return next((i for i, summary in enumerate(self._rows) if summary.id == key), None)

    def move_to_key(self, key: str) -> bool:
        """Put the cursor on the session ``key``; False if it is not in the list."""
        index = self.index_of(key)
        if index is not None:
            self._move_cursor(index)
        return index is not None

    def row_text(self, index: int) -> tuple[str, str, str, str]:
        """The cells of a row as they are drawn, without their padding (what a test or a screen reader reads)."""
        title, organisation, steps, updated = self._cells_of(self._rows[index])
        return title.rstrip(), organisation.rstrip(), steps.strip(), updated.rstrip()

    # -- drawing -----------------------------------------------------------------

    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    def _column_widths(self) -> tuple[int, int, int, int]:
        width = self._content_width()
        if self._widths is None or width != self._width:
            self._widths, self._width = column_widths(width), width
            self._drawn.clear()
            self._cells.clear()
        return self._widths

    def _base_style(self) -> Style:
        # Widget.rich_style walks every ancestor's styles: once per theme, not once per line.
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def _line(self, texts: Sequence[str], style: Style) -> Strip:
        segments = [Segment(f" {text} ", style + _in_column(c)) for c, text in enumerate(texts)]
        return Strip(segments).adjust_cell_length(self._content_width(), style)

    def _header(self) -> Strip:
        widths = self._column_widths()
        headings = [pad(_(heading), width) for heading, width in zip(HEADINGS, widths, strict=True)]
        return self._line(headings, self._base_style() + self.get_component_rich_style("session-list--header"))

    def _row_style(self, index: int) -> Style:
        if index == self.cursor_row:
            return self._base_style() + self.get_component_rich_style("session-list--cursor")
        # Zebra stripes, counted from the first row as 0 (even), as DataTable does.
        style = self._base_style() + self.get_component_rich_style(
            "session-list--odd-row" if index % 2 else "session-list--even-row"
        )
        if index == self._hover_row:
            style += self.get_component_rich_style("session-list--hover")
        return style

    def _cells_of(self, summary: SessionSummary) -> tuple[str, str, str, str]:
        widths = self._column_widths()
        cached = self._cells.get(summary.id)
        if cached is not None and cached[0] is summary:  # a list read again has new summaries
            return cached[1]
        if len(self._cells) >= MOST_CACHED_ROWS:
            self._cells.clear()
        cells = row_cells(summary, widths)
        self._cells[summary.id] = (summary, cells)
        return cells

    def render_line(self, y: int) -> Strip:
        width = self._content_width()
        if y == 0:  # the headings stay put while the rows scroll under them
            return self._header().crop(0, width)
        index = y - 1 + self.scroll_offset.y
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, self._base_style())
        strip = self._drawn.get(index)
        if strip is None:
            strip = self._drawn[index] = self._line(self._cells_of(self._rows[index]), self._row_style(index))
        return strip.crop(0, width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A new theme, or the list's :focus (the cursor's colours): every line is drawn again.
        self._drawn.clear()
        self._base = None
        self.refresh()

    def watch_has_focus(self, focused: bool) -> None:
        super().watch_has_focus(focused)  # Widget's own: the styles of :focus
        self._redraw_row(self.cursor_row)

    def on_resize(self, event: events.Resize) -> None:
        self._drawn.clear()
        self._resize_rows()
        self._scroll_to_cursor()

    def _resize_rows(self) -> None:
        """The scrolling range for the rows (and the heading line) now in the list.

        Setting ``virtual_size`` lays the whole screen out again and redraws every widget
        on it (~15 ms at home, a frame, on every filter key), though the list keeps its
        size. Only when the scrollbar appears or goes is a layout needed; otherwise the
        scrollbar and the scroll range are updated as a layout would (``_scroll_update``).
        """
        size = Size(self._content_width(), len(self._rows) + 1)
        if size == self.virtual_size:
            return
        scrollbar = self.show_vertical_scrollbar
        self.set_reactive(SessionList.virtual_size, size)
        self._scroll_update(size)
        self.refresh(layout=self.show_vertical_scrollbar != scrollbar)

    # -- the cursor ---------------------------------------------------------------

    @property
    def _page(self) -> int:
        """How many rows are on screen at once (the heading line is not one)."""
        return max(1, self.scrollable_content_region.height - 1)

    def _redraw_row(self, index: int) -> None:
        self._drawn.pop(index, None)
        # refresh_line takes a line of the virtual size, counted from its top: the heading is line 0.
        self.refresh_line(index + 1)

    def _move_cursor(self, index: int) -> None:
        if not self._rows:
            return
        index = max(0, min(len(self._rows) - 1, index))
        if index != self.cursor_row:
            before, self.cursor_row = self.cursor_row, index
            self._redraw_row(before)
            self._redraw_row(index)
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + self._page:
            self.scroll_to(y=self.cursor_row - self._page + 1, animate=False, immediate=True)

    def action_move(self, rows: int) -> None:
        self._move_cursor(self.cursor_row + rows)

    def action_page(self, pages: int) -> None:
        self._move_cursor(self.cursor_row + pages * self._page)

    def action_first(self) -> None:
        self._move_cursor(0)

    def action_last(self) -> None:
        self._move_cursor(len(self._rows) - 1)

    def action_select(self) -> None:
        key = self.current_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    def _row_at(self, event: events.MouseEvent) -> int | None:
        """The row under the mouse pointer (None on the heading line, or below the rows)."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return None
        index = offset.y - 1 + self.scroll_offset.y
        return index if 0 <= index < len(self._rows) else None

    def _hover(self, index: int | None) -> None:
        if index != self._hover_row:
            before, self._hover_row = self._hover_row, index
            for row in (before, index):
                if row is not None:
                    self._redraw_row(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._row_at(event))

    def on_leave(self, _event: events.Leave) -> None:
        self._hover(None)

    def on_click(self, event: events.Click) -> None:
        # As in a DataTable: a click puts the cursor on a row, a click on the cursor's row opens it.
        index = self._row_at(event)
        if index is None:
            return
        event.stop()
        if index == self.cursor_row:
            self.action_select()
        else:
            self._move_cursor(index)
