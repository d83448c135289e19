"""A one-line text field that shows an input method where the next character goes."""

from __future__ import annotations

from textual.geometry import Offset
from textual.widgets import Input


class TextField(Input):
    """Textual's Input, with the terminal cursor on the caret's own cell.

    A Japanese input method draws its candidates at the terminal cursor, which the
    app puts at ``cursor_screen_offset``. At the end of the text Textual's Input
    reports one cell past the caret it draws (it adds a cell for the end-of-text
    cursor), so the candidates opened one cell to the right of where the text goes.
    """

    @property
    def cursor_screen_offset(self) -> Offset:
        x, y, _width, _height = self.content_region
        scroll_x, _ = self.scroll_offset
        return Offset(x + self._position_to_cell(self.cursor_position) - scroll_x, y)
