"""A screen that dialogs cover while it keeps changing underneath: a clock, a poll, a save.

How Textual (pinned exactly, pyproject.toml) draws a change on a covered screen,
and why it is done differently here: it asks the dialog's screen to draw the
changed regions by marking that screen for a repaint, which makes the dialog's
screen drop the widgets it was about to draw (a typed character waiting to be
shown was lost until the next key), and it marks the covered screen to be drawn
whole, a mark it keeps: from then on each time the covered screen was idle (its
clock's tick, its poll: twice a second) the dialog and the dimmed screen behind
it were drawn whole again. A goal form over the scorecard cost ~35 ms of CPU a
second doing nothing, per served tab; that whole redraw is also what hid the lost
character. Here the changed regions are added to what the dialog's screen has to
draw, and nothing is marked: a screen is drawn whole when it is shown again
(``Screen._on_screen_resume``).
"""

from __future__ import annotations

from typing import TypeVar

from secsc_tui.app.screens.styled_once import StyledOnce

ResultT = TypeVar("ResultT")


class CoverableScreen(StyledOnce[ResultT]):
    def _compositor_refresh(self) -> None:
        app = self.app
        changed = self._compositor._dirty_regions
        top = app.screen
        if top is self or app.is_inline or not changed or self not in app._background_screens:
            super()._compositor_refresh()
            return
        self._set_dirty(*changed)
        top._set_dirty(*changed)  # the regions its own background (this screen, dimmed) is drawn in
        top._dirty_widgets.add(top)
        top.check_idle()
        changed.clear()
        self._dirty_widgets.clear()
        app._update_mouse_over(self)
