"""What every step view has in common.

A step view shows one step of the exercise for the session being edited. It
reads from ``self.session`` and changes it only through ``self.change(...)``,
which makes the edit undoable and saves it. When the session is replaced from
outside (undo, redo, reload after a conflict) the screen calls
``show_session()`` and the view redraws itself from the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.containers import Container
from textual.widgets import Input

from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.core.editing import SessionEditor
from secsc_tui.core.model import Session, Step


class StepView(Container, can_focus=False):
    STEP: ClassVar[Step]
    # One line that tells the team what this step is for, shown under the step bar.
    PURPOSE: ClassVar[str] = ""

    DEFAULT_CSS = """
    StepView { height: 1fr; }
    """

    def __init__(self, editor: SessionEditor) -> None:
        super().__init__(id=f"step-{self.STEP.value}", classes="step-view")
        self.editor = editor

    @property
    def session(self) -> Session:
        return self.editor.session

    def change(self, key: str, mutate: Callable[[Session], object], *, label: str = "") -> None:
        """Commit one edit. ``key`` groups successive edits of the same thing into one undo step."""
        self.editor.change(f"{self.STEP.value}:{key}", mutate, label=label)

    @property
    def session_screen(self) -> SessionScreen:
        """The screen this view is on: step views live only on the session screen."""
        screen = self.screen
        assert isinstance(screen, SessionScreen)
        return screen

    def say(self, message: str, *, timeout: float = 3) -> None:
        """A short notice under the header (the session screen's), where it covers nothing."""
        self.session_screen.say(message, timeout=timeout)

    def show_session(self) -> None:
        """Redraw everything from ``self.session`` (after undo, redo or a reload)."""

    def show_others_changes(self) -> None:
        """Redraw after others' saves came in; the cursor stays where it is (a view may do better than this).

        The field being typed into keeps its text and its cursor: replacing the value
        under the typing would put the next keys into the middle of the other person's
        text. What it holds is committed again as this person's edit.
        """
        focused = self.screen.focused
        typing = focused if isinstance(focused, Input) and focused in self.query(Input) else None
        kept = (typing.value, typing.cursor_position) if typing is not None else None
        self.show_session()
        if typing is not None and kept is not None and typing.value != kept[0]:
            typing.value = kept[0]
            typing.cursor_position = kept[1]

    def focus_first(self) -> None:
        """Put the cursor where work on this step starts."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return
