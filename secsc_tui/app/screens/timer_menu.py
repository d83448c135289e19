"""The trainer's controls for the step's timebox: pause, extend, reset."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.i18n import N_, _


class TimerMenu(ModalScreen[str | None], StyledOnce[str | None]):
    """Answers "pause", "extend:N" or "reset" (or None when closed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p,space", "choose('pause')", N_("Pause / resume"), id="timer.pause"),
        Binding("plus,equals_sign", "choose('extend:5')", N_("+5 min"), id="timer.extend"),
        Binding("1", "choose('extend:1')", N_("+1 min"), id="timer.extend_one", show=False),
        Binding("r", "choose('reset')", N_("Reset"), id="timer.reset"),
        Binding("escape,f12", "choose('')", N_("Close"), id="timer.close"),
    ]

    def __init__(self, summary: str, paused: bool):
        super().__init__()
        self.summary = summary
        self.paused = paused

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Timebox of this step"), classes="dialog-title")
            yield Static(Text(self.summary))
            yield OptionList(
                Option(_("p  Resume the clock") if self.paused else _("p  Pause the clock"), id="pause"),
                Option(_("+  Give 5 more minutes"), id="extend:5"),
                Option(_("1  Give 1 more minute"), id="extend:1"),
                Option(_("r  Start this step's time again"), id="reset"),
                id="timer-options",
            )
            yield Static(_("The agenda of the workshop sets each step's minutes."), classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
