"""The fields that two people changed differently at the same time, with both values, decided by keyboard.

Everything else merges by itself (co-editing): only these reach a person. Each
line names the field and its item and shows both values; ``m`` keeps yours,
``t`` keeps the other's, for the field under the cursor. Until then your value
stays on your screen and the other's stays saved.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.core.merge import Conflict
from secsc_tui.i18n import _
from secsc_tui.textwidth import printable

Choice = Literal["mine", "theirs"]
SHOWN_CHARACTERS = 60


def shown(value: Any) -> str:
    """A value as one short line: text in quotes, none as (none), a list of ids joined."""
    if value is None:
        return _("(none)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(shown(v) if not isinstance(v, str) else v for v in value)
    if isinstance(value, str):
        text = " ".join(printable(value).split())
        return f"“{text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + '…'}”"
    return str(getattr(value, "value", value))


def describe(conflict: Conflict) -> Text:
    about = f" ({shown(conflict.item)})" if conflict.item else ""
    text = Text(f"{conflict.path}{about}\n", style="bold")
    text.append(_("  yours: {value}", value=shown(conflict.mine)) + "\n")
    if conflict.by:
        text.append(_("  {name}'s (saved): {value}", name=printable(conflict.by), value=shown(conflict.theirs)))
    else:
        text.append(_("  saved by someone else: {value}", value=shown(conflict.theirs)))
    return text


class FieldConflictsDialog(ModalScreen[tuple[Conflict, Choice] | None], StyledOnce[tuple[Conflict, Choice] | None]):
    """Answers with one decision (the screen asks again while others remain), or None: later."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "later", _("Decide later"), id="field_conflicts.later"),
        Binding("m", "choose('mine')", _("Keep mine"), id="field_conflicts.mine"),
        Binding("t", "choose('theirs')", _("Keep theirs"), id="field_conflicts.theirs"),
    ]

    def __init__(self, conflicts: list[Conflict]):
        super().__init__()
        self.conflicts = list(conflicts)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(
                _("Changed by you and by someone else at the same time ({n})", n=len(self.conflicts)),
                classes="dialog-title",
            )
            yield Static(
                Text(
                    _(
                        "Everything else was merged. For each field: m keeps yours, t keeps the saved one. "
                        "Escape decides later: your value stays here, theirs stays saved."
                    )
                ),
                classes="dialog-detail",
            )
            yield OptionList(
                *(Option(describe(c), id=str(i)) for i, c in enumerate(self.conflicts)),
                id="field-conflicts",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter alone decides nothing: which value is asked by m or t

    def action_choose(self, choice: Choice) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss((self.conflicts[index], choice))

    def action_later(self) -> None:
        self.dismiss(None)
