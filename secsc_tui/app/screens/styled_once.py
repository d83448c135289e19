"""Screens whose first showing does not style their widgets a second time.

When a screen is pushed, Textual styles each of its widgets as it mounts, and then,
as the screen is shown (``ScreenResume``), walks all of them and styles them again:
for a screen shown before, a theme or a class may have changed meanwhile; for a
screen just mounted nothing has. The second pass was ~9 ms of the ~90 ms a KPI
form took to open. Later showings (a dialog closed over it, say) restyle as
Textual does.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.screen import Screen

ResultT = TypeVar("ResultT")


class StyledOnce(Screen[ResultT]):
    """A base of a screen: ``class Form(ModalScreen[T], StyledOnce[T])``.

    After the screen class its stylesheet rules name: Textual's CSS follows each
    class's first base (``ModalScreen`` rules would no longer apply to the form).
    """

    _shown_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False
        super()._on_screen_resume(event)
