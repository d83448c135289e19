"""The dialog that starts a new session: its title and the language the team writes in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.app.widgets.toggles import ChoiceSet, TickRadio
from secsc_tui.i18n import N_, _


@dataclass(frozen=True)
class NewSessionRequest:
    title: str
    language: str


class NewSessionDialog(ModalScreen[NewSessionRequest | None], StyledOnce[NewSessionRequest | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,f2", "create", N_("Create"), id="new.create", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("New session"), classes="dialog-title")
            yield Label(_("Title (for example the team or the organisation)"))
            yield TextField(placeholder=_("Team A — ACME Manufacturing"), id="title", max_length=500)
            yield Label("", id="new-error", classes="dialog-error", markup=False)
            yield Label(_("Language of the team's content"))
            with ChoiceSet(id="language"):
                yield TickRadio("English", value=True, id="lang-en")
                yield TickRadio("日本語 (Japanese)", id="lang-ja")
            yield Static(
                _("Enter creates · Tab moves to the language, ↑↓ choose it · Escape cancels"), classes="dialog-detail"
            )

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def action_create(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.query_one("#new-error", Label).update(_("Please give the session a title."))
            self.query_one("#title", Input).focus()
            return
        language = "ja" if self.query_one("#lang-ja", TickRadio).value else "en"
        self.dismiss(NewSessionRequest(title, language))

    def action_cancel(self) -> None:
        self.dismiss(None)
