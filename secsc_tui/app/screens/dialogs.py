"""Small modal dialogs: confirm, ask for a line of text, ask for a file path.

Every dialog answers with Enter and cancels with Escape; buttons are there for
the mouse and are reachable with Tab.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static

from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.i18n import N_, _


class ConfirmDialog(ModalScreen[bool], StyledOnce[bool]):
    """Yes/no question. ``y``/Enter confirms, ``n``/Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes"), id="dialog.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="dialog.no"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "", no: str = "", danger: bool = False):
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes or _("Yes")
        self.no_label = no or _("No")
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-title")
            if self.detail:
                yield Static(Text(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="error" if self.danger else "primary")
                yield Button(f"{self.no_label} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TextPrompt(ModalScreen[str | None], StyledOnce[str | None]):
    """Ask for one line of text. Enter accepts, Escape cancels (answers None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        help: str = "",
        suggester: Suggester | None = None,
        allow_empty: bool = False,
        max_length: int = 500,
    ):
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.help_text = help
        self.suggester = suggester
        self.allow_empty = allow_empty
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield TextField(
                self.value,
                placeholder=self.placeholder,
                suggester=self.suggester,
                max_length=self.max_length,
                id="prompt-input",
                select_on_focus=False,
            )
            yield Label("", id="prompt-error", classes="dialog-error", markup=False)
            hint = self.help_text or _("Enter to accept · Escape to cancel")
            yield Static(Text(hint), classes="dialog-detail")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value and not self.allow_empty:
            self.query_one("#prompt-error", Label).update(_("Please type something, or press Escape to cancel."))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PathSuggester(Suggester):
    """Completes file and folder names as a path is typed (Right arrow accepts)."""

    def __init__(self, *, suffixes: tuple[str, ...] = (".yaml", ".yml")):
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = suffixes

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, partial = os.path.split(expanded)
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if name.startswith(partial) and name != partial and not name.startswith("."):
                full = os.path.join(folder, name)
                if os.path.isdir(full):
                    name += os.sep
                elif not name.lower().endswith(self.suffixes):
                    continue
                # Keep what the person typed (~ stays ~) and add the rest.
                return value + name[len(partial) :]
        return None


def path_prompt(title: str, value: str = "", help: str = "") -> TextPrompt:
    return TextPrompt(
        title,
        value,
        suggester=PathSuggester(),
        help=help or _("→ accepts the suggested name · Enter to accept · Escape to cancel"),
    )


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to here if inside, ~ for home."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        home = str(Path.home())
        text = str(path)
        return "~" + text[len(home) :] if text.startswith(home) else text
