"""A screen that lists things in a table (sessions, workshops, a workshop's teams) and opens the chosen one.

Enter on a row and the screen's own "open" binding both open the row under the
cursor. Each screen says which table holds its rows (``LIST_ID``), how a row is
opened (``open_row``) and what to say when none is selected (``nothing_selected``).
"""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import DataTable

from secsc_tui.app.screens.coverable import CoverableScreen


class RowListScreen(CoverableScreen[None]):
    LIST_ID: ClassVar[str]  # the id of the DataTable with the rows; each row's key is the id of what it shows

    def open_row(self, row_id: str) -> None:
        raise NotImplementedError

    def nothing_selected(self) -> str:
        """What the notice says when the open binding (or another) finds no row under the cursor."""
        raise NotImplementedError

    def rows_loaded(self) -> bool:
        """Whether the table holds the rows yet (before that, a row under the cursor is not one to act on)."""
        return True

    def current_id(self) -> str | None:
        """The key of the row under the cursor; None while there is none (no rows, or refilling)."""
        table = next(iter(self.query(f"#{self.LIST_ID}").results(DataTable)), None)
        if table is None or table.row_count == 0:
            return None  # nothing composed or loaded yet
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - the cursor is outside the rows while refilling
            return None

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
