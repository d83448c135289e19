"""A screen that dialogs cover while it keeps changing underneath: a clock, a poll, a save.

Textual (pinned exactly, pyproject.toml) draws a change on a covered screen through
the dialog on top, then marks the covered screen to be drawn whole, and keeps that
mark: from then on, each time the covered screen has handled a message (its clock's
tick, a poll) the dialog and the dimmed screen behind it were drawn again whole.
A goal form over the scorecard cost ~35 ms of CPU a second doing nothing, and a
served workshop pays that once per tab. The mark is not needed while covered: a
screen is drawn whole when it is shown again (``Screen._on_screen_resume``).
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen

ResultT = TypeVar("ResultT")


class CoverableScreen(Screen[ResultT]):
    def _compositor_refresh(self) -> None:
        super()._compositor_refresh()
        if self.is_attached and self.app.screen is not self:
            self._repaint_required = False
