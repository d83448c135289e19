"""Jump to any step: the eight steps with what each still needs."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from secsc_tui import marks
from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.core.labels import step_name
from secsc_tui.core.model import Session, Step
from secsc_tui.core.rules import missing_for_step
from secsc_tui.i18n import N_, _


class StepMenu(ModalScreen[Step | None], StyledOnce[Step | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f2", "cancel", N_("Close"), id="steps.close"),
        *(Binding(str(s.number), f"pick('{s.value}')", show=False, id=f"steps.pick_{s.value}") for s in Step),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        done = set(self.session.progress.done)
        options = []
        for step in Step:
            mark = marks.done_mark(step in done)
            line = Text(f"{step.number} {mark} {step_name(step)}", style="bold" if step in done else "")
            missing = missing_for_step(self.session, step)
            if missing:
                line.append("\n    " + _("needs: {what}", what="; ".join(missing)), style="italic")
            options.append(Option(line, id=step.value))
        with Vertical(classes="dialog"):
            yield Static(_("Go to step (1–8, or ↑↓ and Enter)"), classes="dialog-title")
            yield OptionList(*options, id="step-options")

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.highlighted = list(Step).index(self.session.progress.current_step)
        menu.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(Step(event.option.id))

    def action_pick(self, step: str) -> None:
        self.dismiss(Step(step))

    def action_cancel(self) -> None:
        self.dismiss(None)
