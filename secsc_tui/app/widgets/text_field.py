"""A one-line text field: the input method's caret in the right cell, and no layout per key."""

from __future__ import annotations

from typing import Any

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

    def __init__(self, *args: Any, compact: bool = False, classes: str | None = None, **kwargs: Any) -> None:
        # Input's __init__ changes two classes, and each change restyles the widget
        # there and then, before it is mounted (where it is styled anyway): "-valid",
        # from validating the first value (a field without validators is always valid;
        # one with them is validated as before), and "-textual-compact", which the
        # ``compact`` reactive removes (its default) and then adds. Given beforehand,
        # neither is a change: ~0.5 ms a field each, ~10 ms of opening a KPI form.
        super().__init__(*args, classes=f"-valid {classes}" if classes else "-valid", **kwargs)
        if compact:
            self.set_reactive(Input.compact, True)
            self.set_class(True, "-textual-compact", update=False)

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
