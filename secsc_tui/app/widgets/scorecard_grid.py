"""The scorecard grid: four perspectives × four columns, several items per cell.

The grid only shows and navigates; it asks its step view to change things by
posting messages (edit, add, delete, move, links). After a change the view
calls ``sync()``, which updates item texts in place and rebuilds only the
cells whose items changed, so a session of hundreds of items stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import AwaitMount
from textual.widgets import Static

from secsc_tui.core.labels import STATUS_MARKS, frequency_name, item_labels, perspective_name, status_name
from secsc_tui.core.model import ActionPlan, Column, Kpi, Perspective, Session, format_amount, format_number
from secsc_tui.core.scorecard_ops import LINK_FIELD, linked_down
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable, visible

if TYPE_CHECKING:
    from secsc_tui.core.model import ScorecardItem

PERSPECTIVES = list(Perspective)
COLUMNS = list(Column)


@dataclass(frozen=True, slots=True)
class Cursor:
    perspective: int
    column: int
    index: int  # position in the cell; 0 in an empty cell

    @property
    def place(self) -> tuple[Perspective, Column]:
        return PERSPECTIVES[self.perspective], COLUMNS[self.column]


class ItemBox(Static):
    """One item in a cell. Its text is whatever the team typed, shown literally."""

    def __init__(self, item_id: str | None, text: Text):
        super().__init__(text, classes="item" if item_id else "item empty", markup=False)
        self.item_id = item_id


class Cell(Vertical):
    def __init__(self, perspective: Perspective, column: Column, boxes: list[ItemBox], item_ids: list[str]):
        super().__init__(*boxes, classes=f"cell col-{column.value}")
        self.perspective = perspective
        self.column = column
        self.item_ids = item_ids
        self.boxes = boxes


class ScorecardGrid(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    /* Every item keeps the same box in every state (a blank left border until it is
       the cursor or linked): moving the cursor then repaints, it never re-lays out. */
    ScorecardGrid { height: 1fr; scrollbar-gutter: stable; }
    ScorecardGrid .band { height: auto; margin-bottom: 1; }
    ScorecardGrid .band-title { text-style: bold; background: $panel; padding: 0 1; width: 1fr; }
    ScorecardGrid .band-cells { height: auto; }
    ScorecardGrid .cell { width: 1fr; height: auto; padding: 0 1 0 0; }
    ScorecardGrid .item { width: 1fr; height: auto; padding: 0; border-left: blank; }
    ScorecardGrid .item.empty { color: $text-muted; }
    ScorecardGrid .item.-linked { border-left: outer $secondary; }
    /* The cursor item: a thin bar while the keys are elsewhere (a dialog is open),
       a full-block bar in the accent colour while the grid has them. */
    ScorecardGrid .item.-cursor { background: $primary 30%; border-left: vkey $primary; }
    ScorecardGrid:focus .item.-cursor {
        background: $primary; color: $text; text-style: bold; border-left: thick $accent;
    }
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
        self._cells: dict[tuple[Perspective, Column], Cell] = {}
        self._cursor_box: ItemBox | None = None
        self._linked_boxes: list[ItemBox] = []
        self._mounting: list[AwaitMount] = []  # cells being rebuilt by the last sync

    def compose(self) -> ComposeResult:
        # The whole grid is built here, texts included, so opening a big session
        # is one mount and one layout rather than one per cell.
        labels = item_labels(self._session.scorecard)
        for perspective in PERSPECTIVES:
            with Vertical(classes="band"):
                yield Static(self._band_title(perspective), classes="band-title", markup=False)
                with Horizontal(classes="band-cells"):
                    for column in COLUMNS:
                        cell = Cell(perspective, column, *self._boxes(labels, perspective, column))
                        self._cells[(perspective, column)] = cell
                        yield cell

    def on_mount(self) -> None:
        self._clamp_cursor()
        self._show_cursor()

    def _boxes(
        self, labels: dict[str, str], perspective: Perspective, column: Column
    ) -> tuple[list[ItemBox], list[str]]:
        items = self._session.scorecard[perspective].column(column)
        if not items:
            return [ItemBox(None, Text("—"))], []
        boxes = [ItemBox(item.id, self._item_text(self._session, labels, perspective, column, item)) for item in items]
        return boxes, [item.id for item in items]

    def _band_title(self, perspective: Perspective) -> Text:
        card = self._session.scorecard[perspective]
        title = Text(perspective_name(perspective).upper(), style="bold")
        counts = [
            ngettext("{n} goal", "{n} goals", len(card.goals)),
            ngettext("{n} CSF", "{n} CSFs", len(card.csfs)),
            ngettext("{n} KPI", "{n} KPIs", len(card.kpis)),
            ngettext("{n} action", "{n} actions", len(card.actions)),
        ]
        title.append("  " + " · ".join(counts))
        return title

    # -- showing --------------------------------------------------------------

    def sync(self, session: Session, *, select: str | None = None) -> None:
        """Show ``session``; keep the cursor where it was, or put it on ``select``."""
        self._session = session
        labels = item_labels(session.scorecard)
        # Not strict: before the grid is composed there are no band titles yet.
        for perspective, title in zip(PERSPECTIVES, self.query(".band-title").results(Static), strict=False):
            title.update(self._band_title(perspective))
            for column in COLUMNS:
                self._sync_cell(session, labels, perspective, column)
        if select is not None:
            self._cursor_to(select)
        self._clamp_cursor()
        self._show_cursor()

    def _sync_cell(self, session: Session, labels: dict[str, str], perspective: Perspective, column: Column) -> None:
        cell = self._cells[(perspective, column)]
        items = session.scorecard[perspective].column(column)
        ids = [item.id for item in items]
        if cell.item_ids != ids:
            cell.remove_children()
            cell.boxes, cell.item_ids = self._boxes(labels, perspective, column)
            self._mounting.append(cell.mount_all(cell.boxes))
            return
        # Not strict: an empty cell keeps its one "—" placeholder box.
        for box, item in zip(cell.boxes, items, strict=False):
            box.update(self._item_text(session, labels, perspective, column, item))

    def _item_text(
        self, session: Session, labels: dict[str, str], perspective: Perspective, column: Column, item: ScorecardItem
    ) -> Text:
        text = Text()
        text.append(labels[item.id], style="bold")
        text.append(" ")
        text.append(visible(item.text))
        if isinstance(item, Kpi):
            details = [frequency_name(item.frequency) if item.frequency else "", printable(item.owner)]
            if item.current is not None:
                details.append(_("now {value}", value=format_number(item.current)))
            shown = [d for d in details if d]
            if shown:
                text.append("\n" + " · ".join(shown), style="italic")
        elif isinstance(item, ActionPlan):
            details = [
                f"{STATUS_MARKS[item.status]} {status_name(item.status)}",
                printable(item.owner),
                item.due.isoformat() if item.due else "",
                format_amount(item.budget, session.currency) if item.budget is not None else "",
            ]
            text.append("\n" + " · ".join(d for d in details if d), style="italic")
        field = LINK_FIELD.get(column)
        if field:
            targets = getattr(item, field)
            if targets:
                text.append("\n→ " + ", ".join(labels.get(t, "?") for t in targets))
        return text

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

    def _show_cursor(self) -> None:
        for box in [self._cursor_box, *self._linked_boxes]:
            if box is not None:
                box.remove_class("-cursor", "-linked")
        perspective, column = self.cursor.place
        cell = self._cells[(perspective, column)]
        boxes = getattr(cell, "boxes", [])
        box = boxes[min(self.cursor.index, len(boxes) - 1)] if boxes else None
        self._cursor_box = box
        self._linked_boxes = []
        item = self.current_item
        if item is not None:
            for linked_id in self._linked_ids(item, column):
                linked_box = self._box_of(linked_id)
                if linked_box is not None:
                    linked_box.add_class("-linked")
                    self._linked_boxes.append(linked_box)
        mounting, self._mounting = self._mounting, []
        if box is not None:
            box.add_class("-cursor")
            self.call_later(self._scroll_into_view, box, mounting)
        self.post_message(self.CursorMoved(item.id if item is not None else None, perspective, column))

    async def _scroll_into_view(self, box: ItemBox, mounting: list[AwaitMount]) -> None:
        # A just-added item sits in a rebuilt cell: it has a place (and a height) only once the
        # cell's new boxes are mounted and the grid laid out again, so scroll after that.
        for mounted in mounting:
            await mounted
        self.call_after_refresh(self.scroll_to_widget, box, animate=False)

    def _linked_ids(self, item: ScorecardItem, column: Column) -> list[str]:
        field = LINK_FIELD.get(column)
        up = list(getattr(item, field)) if field else []
        return up + linked_down(self._session, item.id, column)

    def _box_of(self, item_id: str) -> ItemBox | None:
        for cell in self._cells.values():
            if cell.item_ids and item_id in cell.item_ids:
                return cell.boxes[cell.item_ids.index(item_id)]
        return None

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
