"""The scorecard grid: four perspectives × four columns, several items per cell.

The grid only shows and navigates; it asks its step view to change things by
posting messages (edit, add, delete, move, links). It is one widget drawn with
Textual's Line API, however many items the session holds: ``sync()`` wraps the
items to the column width once, a line is drawn only when it is on screen, and a
cursor move redraws only the lines of the items whose look changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from secsc_tui.core.labels import STATUS_MARKS, frequency_name, item_labels, perspective_name, status_name
from secsc_tui.core.model import ActionPlan, Column, Kpi, Perspective, Session, format_amount, format_number
from secsc_tui.core.scorecard_ops import LINK_FIELD, linked_down
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.linebreak import wrap
from secsc_tui.textwidth import printable, visible

if TYPE_CHECKING:
    from secsc_tui.core.model import ScorecardItem

PERSPECTIVES = list(Perspective)
COLUMNS = list(Column)

EMPTY_CELL = "—"
KEPT_SPACE = "\ue000"  # a private-use character: one cell, not a space to the line breaker
# Every item has a one-cell bar on its left, blank until the item is the cursor or linked:
# moving the cursor then redraws lines, it never moves text.
BAR_BLANK = " "
BAR_LINKED = "▌"
BAR_CURSOR_IDLE = "▏"  # the keys are elsewhere (a dialog is open)
BAR_CURSOR = "█"  # the grid has the keys


@dataclass(frozen=True, slots=True)
class Cursor:
    perspective: int
    column: int
    index: int  # position in the cell; 0 in an empty cell

    @property
    def place(self) -> tuple[Perspective, Column]:
        return PERSPECTIVES[self.perspective], COLUMNS[self.column]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A piece of an item's text that starts on a new line, in one style (its first ``bold`` characters bold)."""

    text: str
    style: str = ""
    bold: int = 0


@dataclass(slots=True, eq=False)
class Placed:
    """An item (or an empty cell's placeholder) where the grid draws it."""

    item_id: str | None
    perspective: int
    column: int
    y: int  # first line, counted from the top of the whole grid
    lines: list[Text]

    @property
    def height(self) -> int:
        return len(self.lines)


# One line of the whole grid: a band title, a blank line between bands, or a line of the
# four cells (each the item drawn there and which of its lines, or nothing below its items).
Row = Text | None | list[tuple[Placed, int] | None]


@dataclass(slots=True)
class GridLayout:
    width: int
    columns: list[tuple[int, int]]  # (x, width) of each column, the gap after it included
    rows: list[Row]
    cells: dict[tuple[int, int], list[Placed]]
    by_id: dict[str, Placed]


@lru_cache(maxsize=16)
def _in_column(column: int, part: str = "text") -> Style:
    """A mark on the segments of a column's bar and of its text, so that the compositor never
    joins them with their neighbours' into one run (as with one widget per item): a run drawn
    where the font's characters are not exactly one or two cells wide (an SVG picture without
    the font) would put the next column's text, or an item's first letter, off."""
    return Style.from_meta({"scorecard-grid": f"{column}-{part}"})


def column_spans(width: int) -> list[tuple[int, int]]:
    """Four columns of equal width, as Textual shares out ``1fr`` each: the odd cells go right."""
    edges = [i * width // len(COLUMNS) for i in range(len(COLUMNS) + 1)]
    return [(edges[i], edges[i + 1] - edges[i]) for i in range(len(COLUMNS))]


def wrap_paragraphs(paragraphs: list[Paragraph], width: int) -> list[Text]:
    """The paragraphs as lines of at most ``width`` cells (a wide character counts two), styles kept."""
    lines: list[Text] = []
    for paragraph in paragraphs:
        # wrap() makes a run of spaces one: every space after the first stands in as a letter of
        # the next word meanwhile, so that the text is shown as typed. (Were the stand-in in the
        # text itself, the runs are made one.) Each line is then found in order in the source.
        source = paragraph.text
        keep = KEPT_SPACE not in source
        source = re.sub("(?<= ) ", KEPT_SPACE if keep else "", source)
        offset = 0
        for k, line in enumerate(wrap(source, max(1, width))):
            start = source.find(line, offset) if line else offset
            start = offset if start < 0 else start
            if keep and k:  # a line broken at a run of spaces starts at its next word
                shown = line.lstrip(KEPT_SPACE)
                start, line = start + len(line) - len(shown), shown
            text = Text(line.replace(KEPT_SPACE, " ") if keep else line)
            if paragraph.style:  # a span, not the Text's own style, which render() leaves out
                text.stylize(paragraph.style)
            if start < paragraph.bold:
                text.stylize("bold", 0, paragraph.bold - start)
            lines.append(text)
            offset = start + len(line)
    return lines or [Text("")]


class ScorecardGrid(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "scorecard-grid--band-title",
        "scorecard-grid--empty",
        "scorecard-grid--linked-bar",
        "scorecard-grid--cursor",
        "scorecard-grid--cursor-empty",
        "scorecard-grid--cursor-bar",
        "scorecard-grid--cursor-focus",
        "scorecard-grid--cursor-focus-bar",
    }

    DEFAULT_CSS = """
    ScorecardGrid { height: 1fr; overflow-x: hidden; scrollbar-gutter: stable; }
    ScorecardGrid > .scorecard-grid--band-title { background: $panel; text-style: bold; }
    ScorecardGrid > .scorecard-grid--empty { color: $text-muted; }
    ScorecardGrid > .scorecard-grid--linked-bar { color: $secondary; }
    /* The cursor item: a thin bar while the keys are elsewhere (a dialog is open),
       a full-block bar in the accent colour while the grid has them. */
    ScorecardGrid > .scorecard-grid--cursor { background: $primary 30%; }
    ScorecardGrid > .scorecard-grid--cursor-empty { background: $primary 30%; color: $text-muted; }
    ScorecardGrid > .scorecard-grid--cursor-bar { background: $primary 30%; color: $primary; }
    ScorecardGrid > .scorecard-grid--cursor-focus { background: $primary; color: $text; text-style: bold; }
    ScorecardGrid > .scorecard-grid--cursor-focus-bar { background: $primary; color: $accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1, 0)", show=False, id="grid.up"),
        Binding("down", "move(1, 0)", show=False, id="grid.down"),
        Binding("left", "move(0, -1)", show=False, id="grid.left"),
        Binding("right", "move(0, 1)", show=False, id="grid.right"),
        Binding("pageup", "perspective(-1)", show=False, id="grid.prev_perspective"),
        Binding("pagedown", "perspective(1)", show=False, id="grid.next_perspective"),
        Binding("enter,e", "edit", N_("Edit"), id="grid.edit", key_display="⏎", show=False),
        Binding("a,insert", "add", N_("Add"), id="grid.add"),
        Binding("c", "catalogue", N_("Catalogue"), id="grid.catalogue"),
        # Not in the footer: at 80 columns it has room for c but not for both (F1 lists it).
        Binding("d,delete", "delete", N_("Delete"), id="grid.delete", show=False),
        Binding("K,shift+up", "reorder(-1)", N_("Move up"), id="grid.move_up", show=False),
        Binding("J,shift+down", "reorder(1)", N_("Move down"), id="grid.move_down", show=False),
        Binding("l", "links", N_("Links"), id="grid.links"),
        # The scrolling keys the grid had as a scrolling container.
        Binding("home", "scroll_home", "Scroll Home", show=False),
        Binding("end", "scroll_end", "Scroll End", show=False),
        Binding("ctrl+pageup", "page_left", "Page Left", show=False),
        Binding("ctrl+pagedown", "page_right", "Page Right", show=False),
    ]

    class Request(Message):
        """The grid asks its step view to do something at the cursor."""

        def __init__(
            self, action: str, perspective: Perspective, column: Column, index: int, item_id: str | None, delta: int = 0
        ):
            super().__init__()
            self.action = action  # "edit", "add", "catalogue", "delete", "reorder", "links"
            self.perspective = perspective
            self.column = column
            self.index = index
            self.item_id = item_id
            self.delta = delta

    class CursorMoved(Message):
        def __init__(self, item_id: str | None, perspective: Perspective, column: Column):
            super().__init__()
            self.item_id = item_id
            self.perspective = perspective
            self.column = column

    def __init__(self, session: Session, *, id: str | None = None):
        super().__init__(id=id)
        self.cursor = Cursor(0, 0, 0)
        self._session = session
        self._layout: GridLayout | None = None
        self._linked: set[str] = set()
        self._drawn: dict[int, Strip] = {}  # lines drawn since the layout or their items' look last changed
        self._base: Style | None = None

    def on_mount(self) -> None:
        self._clamp_cursor()
        self._show_cursor()

    def _band_title(self, perspective: Perspective) -> tuple[str, str]:
        card = self._session.scorecard[perspective]
        counts = [
            ngettext("{n} goal", "{n} goals", len(card.goals)),
            ngettext("{n} CSF", "{n} CSFs", len(card.csfs)),
            ngettext("{n} KPI", "{n} KPIs", len(card.kpis)),
            ngettext("{n} action", "{n} actions", len(card.actions)),
        ]
        return perspective_name(perspective).upper(), " · ".join(counts)

    # -- showing --------------------------------------------------------------

    def sync(self, session: Session, *, select: str | None = None) -> None:
        """Show ``session``; keep the cursor where it was, or put it on ``select``."""
        self._session = session
        self._layout = None
        self._relayout()
        if select is not None:
            self._cursor_to(select)
        self._clamp_cursor()
        self._show_cursor()

    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    def _relayout(self) -> GridLayout | None:
        """The layout for the present width, computed again if the width or the session changed."""
        width = self._content_width()
        if width <= 0:
            return None
        if self._layout is None or self._layout.width != width:
            self._layout = self._compute_layout(width)
            self._drawn.clear()
            self.virtual_size = Size(width, len(self._layout.rows))
            self.refresh()
        return self._layout

    def _compute_layout(self, width: int) -> GridLayout:
        session = self._session
        labels = item_labels(session.scorecard)
        spans = column_spans(width)
        rows: list[Row] = []
        cells: dict[tuple[int, int], list[Placed]] = {}
        by_id: dict[str, Placed] = {}
        for p, perspective in enumerate(PERSPECTIVES):
            # The title bar has a cell of padding on each side.
            name, counts = self._band_title(perspective)
            title = f"{name}  {counts}"
            if cell_len(title) <= width - 2:
                rows.append(Text.assemble((name, "bold"), "  " + counts))
            else:
                rows.extend(Text(line) for line in wrap(title, max(1, width - 2)))
            top = len(rows)
            column_lines: list[list[tuple[Placed, int]]] = []
            for c, column in enumerate(COLUMNS):
                # Each item: its bar, then its text; then a cell of gap before the next column.
                text_width = max(1, spans[c][1] - 2)
                items = session.scorecard[perspective].column(column)
                entries: list[tuple[str | None, list[Text]]] = [
                    (item.id, wrap_paragraphs(self._paragraphs(session, labels, column, item), text_width))
                    for item in items
                ] or [(None, [Text(EMPTY_CELL)])]
                placed_in_cell: list[Placed] = []
                lines: list[tuple[Placed, int]] = []
                y = top
                for item_id, item_lines in entries:
                    placed = Placed(item_id, p, c, y, item_lines)
                    placed_in_cell.append(placed)
                    if item_id is not None:
                        by_id[item_id] = placed
                    lines.extend((placed, k) for k in range(placed.height))
                    y += placed.height
                cells[(p, c)] = placed_in_cell
                column_lines.append(lines)
            height = max(len(lines) for lines in column_lines)
            for k in range(height):
                rows.append([lines[k] if k < len(lines) else None for lines in column_lines])
            rows.append(None)  # a blank line below each band
        return GridLayout(width, spans, rows, cells, by_id)

    def _paragraphs(
        self, session: Session, labels: dict[str, str], column: Column, item: ScorecardItem
    ) -> list[Paragraph]:
        label = labels[item.id]
        # visible(): line breaks the team typed are kept, control characters shown, never obeyed.
        body = visible(item.text).split("\n")
        paragraphs = [Paragraph(f"{label} {body[0]}", bold=len(label))]
        paragraphs += [Paragraph(line) for line in body[1:]]
        if isinstance(item, Kpi):
            details = [frequency_name(item.frequency) if item.frequency else "", printable(item.owner)]
            if item.current is not None:
                details.append(_("now {value}", value=format_number(item.current)))
            shown = [d for d in details if d]
            if shown:
                paragraphs.append(Paragraph(" · ".join(shown), style="italic"))
        elif isinstance(item, ActionPlan):
            details = [
                f"{STATUS_MARKS[item.status]} {status_name(item.status)}",
                printable(item.owner),
                item.due.isoformat() if item.due else "",
                format_amount(item.budget, session.currency) if item.budget is not None else "",
            ]
            paragraphs.append(Paragraph(" · ".join(d for d in details if d), style="italic"))
        field = LINK_FIELD.get(column)
        if field:
            targets = getattr(item, field)
            if targets:
                paragraphs.append(Paragraph("→ " + ", ".join(labels.get(t, "?") for t in targets)))
        return paragraphs

    # -- drawing -----------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"scorecard-grid--{name}")

    def _look(self, placed: Placed) -> tuple[str, Style, Style]:
        """(bar, bar style, text style) of an item as it is now."""
        base = self._base_style()
        if placed is self._cursor_placed():
            if self.has_focus:
                return BAR_CURSOR, self._style("cursor-focus-bar"), self._style("cursor-focus")
            text = self._style("cursor-empty" if placed.item_id is None else "cursor")
            return BAR_CURSOR_IDLE, self._style("cursor-bar"), text
        text = base + self._style("empty") if placed.item_id is None else base
        if placed.item_id in self._linked:
            return BAR_LINKED, base + self._style("linked-bar"), text
        return BAR_BLANK, base, text

    def _base_style(self) -> Style:
        # Widget.rich_style walks every ancestor's styles: once per theme, not once per line.
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def _draw_row(self, layout: GridLayout, row: Row) -> Strip:
        base = self._base_style()
        if row is None:
            return Strip.blank(layout.width, base)
        if isinstance(row, Text):
            style = base + self._style("band-title")
            segments = [Segment(" ", style)]
            segments += Segment.apply_style(row.render(self.app.console), style)
            return Strip(segments).adjust_cell_length(layout.width, style)
        parts: list[Strip] = []
        for c, ((_x, width), entry) in enumerate(zip(layout.columns, row, strict=True)):
            column = _in_column(c)
            if entry is None or width < 2:  # below the cell's items, or no room for a bar and a letter
                parts.append(Strip.blank(width, base + column))
                continue
            placed, k = entry
            bar, bar_style, text_style = self._look(placed)
            text_style += column
            segments = [Segment(bar, bar_style + _in_column(c, "bar"))]
            segments += Segment.apply_style(placed.lines[k].render(self.app.console), text_style)
            text = Strip(segments).adjust_cell_length(max(1, width - 1), text_style)
            parts += [text, Strip.blank(width - text.cell_length, base + column)]
        return Strip.join(parts)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        layout = self._relayout()
        index = y + scroll_y
        if layout is None or not 0 <= index < len(layout.rows):
            return Strip.blank(width, self._base_style())
        strip = self._drawn.get(index)
        if strip is None:
            strip = self._drawn[index] = self._draw_row(layout, layout.rows[index])
        return strip.crop_extend(scroll_x, scroll_x + width, self._base_style())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A new theme, or the grid's :focus: every line's colours are to be worked out again.
        self._drawn = {}
        self._base = None
        self.refresh()

    def watch_has_focus(self, focused: bool) -> None:
        # The cursor is drawn differently with and without the keys. A Focus event reaches
        # this class before Widget has set has_focus, so watch the value (as MapView does).
        placed = self._cursor_placed()
        if placed is not None:
            self._redraw_items([placed])

    def on_resize(self, event: events.Resize) -> None:
        if self._relayout() is not None:
            self._scroll_to_cursor()

    def text_lines(self) -> list[str]:
        """The whole grid as plain text, one string per line (what a screen reader or a test sees)."""
        layout = self._relayout()
        if layout is None:
            return []
        return [self._draw_row(layout, row).text for row in layout.rows]

    def item_lines(self, item_id: str) -> list[str]:
        """The lines the item's text is wrapped into (none if the item is not in the grid)."""
        layout = self._relayout()
        placed = layout.by_id.get(item_id) if layout is not None else None
        return [line.plain for line in placed.lines] if placed is not None else []

    def item_region(self, item_id: str) -> Region | None:
        """Where the item (its bar included) is on the screen now; it may be scrolled out of view."""
        layout = self._relayout()
        placed = layout.by_id.get(item_id) if layout is not None else None
        return self._screen_region(placed) if placed is not None else None

    @property
    def cursor_region(self) -> Region | None:
        """Where the cursor's item (or empty cell) is on the screen now."""
        placed = self._cursor_placed()
        return self._screen_region(placed) if placed is not None else None

    def _screen_region(self, placed: Placed) -> Region:
        assert self._layout is not None
        x, width = self._layout.columns[placed.column]
        content = self.scrollable_content_region
        return Region(content.x + x, content.y + placed.y - round(self.scroll_y), width - 1, placed.height)

    # -- cursor -----------------------------------------------------------------

    def _cell_items(self, perspective: int, column: int) -> list[ScorecardItem]:
        card = self._session.scorecard[PERSPECTIVES[perspective]]
        return card.column(COLUMNS[column])

    def _clamp_cursor(self) -> None:
        c = self.cursor
        count = len(self._cell_items(c.perspective, c.column))
        self.cursor = Cursor(c.perspective, c.column, max(0, min(c.index, count - 1)))

    def _cursor_to(self, item_id: str) -> None:
        for p, perspective in enumerate(PERSPECTIVES):
            for c, column in enumerate(COLUMNS):
                for i, item in enumerate(self._session.scorecard[perspective].column(column)):
                    if item.id == item_id:
                        self.cursor = Cursor(p, c, i)
                        return

    @property
    def current_item(self) -> ScorecardItem | None:
        items = self._cell_items(self.cursor.perspective, self.cursor.column)
        return items[self.cursor.index] if 0 <= self.cursor.index < len(items) else None

    def _cursor_placed(self) -> Placed | None:
        if self._layout is None:
            return None
        placed = self._layout.cells[(self.cursor.perspective, self.cursor.column)]
        return placed[min(self.cursor.index, len(placed) - 1)]

    def _marked(self) -> list[Placed]:
        """The items drawn unlike the others: the cursor's and those linked to it."""
        if self._layout is None:
            return []
        cursor = self._cursor_placed()
        linked = [self._layout.by_id[i] for i in self._linked if i in self._layout.by_id]
        return [cursor, *linked] if cursor is not None else linked

    def _redraw_items(self, items: list[Placed]) -> None:
        for placed in items:
            for y in range(placed.y, placed.y + placed.height):
                self._drawn.pop(y, None)
            self.refresh_lines(placed.y, placed.height)

    def _show_cursor(self) -> None:
        before = self._marked()
        perspective, column = self.cursor.place
        item = self.current_item
        self._linked = set(self._linked_ids(item, column)) if item is not None else set()
        self._redraw_items(before + self._marked())
        self._scroll_to_cursor()
        self.post_message(self.CursorMoved(item.id if item is not None else None, perspective, column))

    def _scroll_to_cursor(self) -> None:
        placed = self._cursor_placed()
        if placed is not None and self._layout is not None:
            region = Region(0, placed.y, self._layout.width, placed.height)
            self.scroll_to_region(region, animate=False, immediate=True)

    def _linked_ids(self, item: ScorecardItem, column: Column) -> list[str]:
        field = LINK_FIELD.get(column)
        up = list(getattr(item, field)) if field else []
        return up + linked_down(self._session, item.id, column)

    def action_move(self, rows: int, columns: int) -> None:
        c = self.cursor
        if columns:
            column = max(0, min(len(COLUMNS) - 1, c.column + columns))
            self.cursor = Cursor(c.perspective, column, c.index)
        else:
            count = len(self._cell_items(c.perspective, c.column))
            index = c.index + rows
            if 0 <= index < count:
                self.cursor = Cursor(c.perspective, c.column, index)
            elif rows < 0 and c.perspective > 0:
                above = len(self._cell_items(c.perspective - 1, c.column))
                self.cursor = Cursor(c.perspective - 1, c.column, max(0, above - 1))
            elif rows > 0 and c.perspective < len(PERSPECTIVES) - 1:
                self.cursor = Cursor(c.perspective + 1, c.column, 0)
        self._clamp_cursor()
        self._show_cursor()

    def action_perspective(self, delta: int) -> None:
        c = self.cursor
        perspective = max(0, min(len(PERSPECTIVES) - 1, c.perspective + delta))
        self.cursor = Cursor(perspective, c.column, 0)
        self._clamp_cursor()
        self._show_cursor()

    def move_to(self, perspective: Perspective, column: Column, index: int = 0) -> None:
        self.cursor = Cursor(PERSPECTIVES.index(perspective), COLUMNS.index(column), index)
        self._clamp_cursor()
        self._show_cursor()

    # -- requests ---------------------------------------------------------------

    def _request(self, action: str, delta: int = 0) -> None:
        perspective, column = self.cursor.place
        item = self.current_item
        self.post_message(
            self.Request(action, perspective, column, self.cursor.index, item.id if item is not None else None, delta)
        )

    def action_edit(self) -> None:
        self._request("edit" if self.current_item is not None else "add")

    def action_add(self) -> None:
        self._request("add")

    def action_catalogue(self) -> None:
        self._request("catalogue")

    def action_delete(self) -> None:
        self._request("delete")

    def action_reorder(self, delta: int) -> None:
        self._request("reorder", delta)

    def action_links(self) -> None:
        self._request("links")
