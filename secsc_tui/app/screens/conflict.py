"""What to do when the session was changed elsewhere while it was being edited."""

from __future__ import annotations

from enum import Enum
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


class ConflictChoice(Enum):
    KEEP_MINE_AS_COPY = "copy"
    OVERWRITE = "overwrite"
    RELOAD = "reload"


class ConflictDialog(ModalScreen[ConflictChoice | None], StyledOnce[ConflictChoice | None]):
    """Nothing is lost whatever is chosen here, except with 'reload', which says so."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('')", N_("Decide later"), id="conflict.later"),
        Binding("c", "choose('copy')", N_("Keep mine as a copy"), id="conflict.copy"),
        Binding("o", "choose('overwrite')", N_("Overwrite"), id="conflict.overwrite"),
        Binding("r", "choose('reload')", N_("Reload theirs"), id="conflict.reload"),
    ]

    def __init__(self, detail: str):
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("This session was changed elsewhere"), classes="dialog-title")
            yield Static(
                Text(
                    _(
                        "Someone saved this session from another window or computer while you were "
                        "editing it. Your changes are still here, not saved yet."
                    )
                )
            )
            yield Static(Text(self.detail), classes="dialog-detail")
            yield Static(
                _("Escape decides later: your changes stay here, unsaved, until you choose."), classes="dialog-detail"
            )
            yield OptionList(
                Option(_("c  Keep my version as a new session (nothing is lost)"), id="copy"),
                Option(_("o  Overwrite: save my version over theirs"), id="overwrite"),
                Option(_("r  Reload theirs and discard my changes"), id="reload"),
                id="conflict-options",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(ConflictChoice(event.option.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(ConflictChoice(choice) if choice else None)
