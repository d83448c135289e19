"""Check boxes, radio buttons and tick lists whose state shows as a mark, not only as a colour."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, RadioButton, RadioSet, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from secsc_tui import marks


class TickBox(Checkbox):
    """A check box that shows ✓ when on and stays empty when off."""

    # Textual declares BUTTON_INNER a plain str and only reads it: a property shows the state.
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual reads this class attribute name
        return "✓" if self.value else " "


class TickRadio(RadioButton):
    """A radio button that shows ◉ when chosen and ◌ when not (marks one cell wide everywhere)."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - as TickBox's
        return marks.CHOSEN if self.value else marks.NOT_CHOSEN


class ChoiceSet(RadioSet):
    """A radio set where the arrow keys choose directly, so Enter is free to confirm a form."""

    BINDINGS: ClassVar[list[BindingType]] = [
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


class TickList(SelectionList[str]):
    """A selection list whose entries read "[x]" when ticked and "[ ]" when not.

    Textual draws the same "▐X▌" for both states and tells them apart by colour
    only. The marks are plain ASCII, so they keep their width in terminals that
    draw East Asian ambiguous-width symbols wide.
    """

    TICKED = "[x] "
    UNTICKED = "[ ] "

    def _get_left_gutter_width(self) -> int:
        return len(self.TICKED)

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the entry's text, without Textual's button
        index = self.scroll_offset.y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = selection.value in self._selected
        base = next(iter(line)).style or self.rich_style
        # The "option" meta lets a click on the mark tick the entry, as on the text.
        mark_style = base + Style(bold=ticked, meta={"option": index})
        return Strip([Segment(self.TICKED if ticked else self.UNTICKED, mark_style), *line])
