"""A screen that lists things (sessions, workshops, a workshop's teams) and opens the chosen one.

Enter on a row and the screen's own "open" binding both open the row under the
cursor. Each screen says which widget holds its rows (``LIST_ID``), how a row is
opened (``open_row``) and what to say when none is selected (``nothing_selected``).
The list is a DataTable (workshops, teams) or a widget that knows its current
row's key itself (``KeyedRows``: the home screen's ``SessionList``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from secsc_tui.app.screens.coverable import CoverableScreen

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.widgets import DataTable

    from secsc_tui.app.widgets.session_list import SessionList


@runtime_checkable
class KeyedRows(Protocol):
    """A list widget whose rows are keyed by the id of what each shows."""

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor; None when there is none."""
        ...


def _table_key(widget: Widget) -> str | None:
    # Imported here: the home screen, which starts the app, has no DataTable.
    from textual.widgets import DataTable

    if not isinstance(widget, DataTable) or widget.row_count == 0:
        return None  # nothing composed or loaded yet
    try:
        return widget.coordinate_to_cell_key(widget.cursor_coordinate).row_key.value
    except Exception:  # noqa: BLE001 - the cursor is outside the rows while refilling
        return None


class RowListScreen(CoverableScreen[None]):
    LIST_ID: ClassVar[str]  # the id of the list widget; each row's key is the id of what it shows

    def open_row(self, row_id: str) -> None:
        raise NotImplementedError

    def nothing_selected(self) -> str:
        """What the notice says when the open binding (or another) finds no row under the cursor."""
        raise NotImplementedError

    def rows_loaded(self) -> bool:
        """Whether the list holds the rows yet (before that, a row under the cursor is not one to act on)."""
        return True

    def current_id(self) -> str | None:
        """The key of the row under the cursor; None while there is none (no rows, or refilling)."""
        widget = next(iter(self.query(f"#{self.LIST_ID}")), None)
        if widget is None:
            return None  # nothing composed yet
        if isinstance(widget, KeyedRows):
            return widget.current_key
        return _table_key(widget)

    def selected_id(self) -> str | None:
        """``current_id`` for a binding that acts on it: when there is none, the user is told."""
        row_id = self.current_id() if self.rows_loaded() else None
        if row_id is None:
            self.notify(self.nothing_selected(), timeout=2)
        return row_id

    def action_open(self) -> None:
        row_id = self.selected_id()
        if row_id is not None:
            self.open_row(row_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.open_row(event.row_key.value)

    def on_session_list_selected(self, event: SessionList.Selected) -> None:
        event.stop()
        self.open_row(event.key)
