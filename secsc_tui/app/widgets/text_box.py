"""A multi-line text box whose typing lands after the text that is already there."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea


class TextBox(TextArea):
    """A TextArea whose cursor waits at the end of its text until the person moves it.

    Textual starts a text area's cursor at the top left, so in a reopened session
    the first keys typed into a filled box went in front of what was written. Here
    the first time the box gets focus (by Tab, by a step opening, by a form) the
    cursor goes after the text; from then on it stays wherever the person leaves
    it. Text replaced from outside (undo, reload) puts it after the text again.
    """

    _cursor_placed = False  # set on the instance once the cursor has been put after the text

    def on_focus(self, event: events.Focus) -> None:
        # A click focuses first and places the cursor after, so a click still wins.
        if not self._cursor_placed:
            self._cursor_placed = True
            self.move_cursor(self.document.end)

    def load_text(self, text: str) -> None:
        super().load_text(text)
        if self.has_focus:
            self.move_cursor(self.document.end)
        else:
            self._cursor_placed = False
