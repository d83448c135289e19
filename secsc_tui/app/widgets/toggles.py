"""Check boxes and radio buttons whose state shows as a mark, not only as a colour."""

from __future__ import annotations

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

    def action_next_button(self) -> None:
        super().action_next_button()
        self.action_toggle_button()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self.action_toggle_button()
