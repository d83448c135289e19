"""Check boxes and radio buttons whose state shows as a mark, not only as a colour."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Checkbox, RadioButton, RadioSet


class TickBox(Checkbox):
    """A check box that shows ✓ when on and stays empty when off."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual reads this class attribute name
        return "✓" if self.value else " "


class TickRadio(RadioButton):
    """A radio button that shows ● when chosen and ○ when not."""

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802
        return "●" if self.value else "○"


class ChoiceSet(RadioSet):
    """A radio set where the arrow keys choose directly, so Enter is free to confirm a form."""

    BINDINGS = [
        Binding("down,right", "choose(1)", show=False),
        Binding("up,left", "choose(-1)", show=False),
    ]

    def on_focus(self) -> None:
        # Start moving from the chosen button, not from the first one.
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_choose(self, step: int) -> None:
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()
