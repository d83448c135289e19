"""Screens whose first showing does not style their widgets a second time.

When a screen is pushed, Textual styles each of its widgets as it mounts, and then,
as the screen is shown (``ScreenResume``), walks all of them and styles them again:
for a screen shown before, a theme or a class may have changed meanwhile; for a
screen just mounted nothing has. The second pass was ~9 ms of the ~90 ms a KPI
form took to open. Later showings (a dialog closed over it, say) restyle as
Textual does.

Nor is it laid out twice more: Textual sends a screen's first layout back to it as a
Resize, and lays out the screen and every screen beneath it again at the same size.
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
    _resized_before = False

    # Textual calls the handler of each class of the screen in turn (Screen's after this
    # one), so these change the event or end its handling; they do not call super().

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False

    async def _on_resize(self, event: events.Resize) -> None:
        """The Resize a screen's first layout sends it: laid out at that size already, and so is every screen below.

        Textual would lay the screen out again, and each screen under it (a form over the
        scorecard: the scorecard too), though nothing changed size.
        """
        if not self._resized_before:
            self._resized_before = True
            if event.size == self.size == self.app.size:
                event.prevent_default()
