"""A one-line text field: the input method's caret in the right cell, and no layout per key."""

from __future__ import annotations

from textual.geometry import Offset, Size
from textual.widget import Widget
from textual.widgets import Input


class TextField(Input):
    """Textual's Input, with the terminal cursor on the caret's own cell, and typing that repaints only itself.

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

    def _watch_value(self, value: str) -> None:
        # Input keeps its text's width as its virtual size, a reactive that lays the
        # whole screen out when it changes: on every typed key. A field whose own size
        # does not follow its text only scrolls within it (the scroll limits read the
        # virtual size), so it is set without the layout; Input's own assignment below
        # then finds it unchanged. A KPI form spent most of each key laying out its
        # ~55 widgets.
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
