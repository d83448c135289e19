"""A one-line choice among a few fixed options (a KPI's direction, an action's status).

It looks and answers keys like Textual's compact ``Select`` (Enter, Space, ↑ or ↓
open the list), and ← → step to the previous or next choice without opening
anything. It is one widget where ``Select`` is six (its current value, two arrows,
the option list kept hidden): the three in the KPI form were about half of the
time the form took to open. The list is a small dialog made when it is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar, cast

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from secsc_tui.i18n import N_, _
from secsc_tui.textwidth import truncate

ValueT = TypeVar("ValueT")

ARROW = " ▼"


class ChoiceField(Widget, Generic[ValueT], can_focus=True):
    """The chosen option's label, or ``prompt`` (dimmed) while nothing is chosen.

    ``value`` is None while nothing is chosen, which only a field with ``allow_blank`` can be.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,down,up", "open_list", N_("Choose"), id="choice.open", show=False),
        Binding("left", "step(-1)", N_("Previous choice"), id="choice.previous", show=False),
        Binding("right", "step(1)", N_("Next choice"), id="choice.next", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice-field--prompt", "choice-field--arrow"}

    DEFAULT_CSS = """
    ChoiceField {
        width: 1fr;
        height: 1;
        background: $surface;
        color: $foreground;
        pointer: pointer;
        &:focus { background-tint: $foreground 5%; }
        & > .choice-field--prompt { color: $foreground 50%; }
        & > .choice-field--arrow { color: $foreground 50%; }
    }
    """

    value: reactive[ValueT | None] = reactive(None, init=False)

    @dataclass
    class Changed(Message):
        """Another option was chosen."""

        choice_field: ChoiceField[object]
        value: object

        @property
        def control(self) -> ChoiceField[object]:
            return self.choice_field

    def __init__(
        self,
        options: Sequence[tuple[str, ValueT]],
        value: ValueT | None = None,
        *,
        prompt: str = "",
        allow_blank: bool = True,
        id: str | None = None,
    ):
        super().__init__(id=id)
        if not options:
            raise ValueError("a choice needs options")
        self.options = list(options)
        self.prompt = prompt
        self.allow_blank = allow_blank
        values = [v for _label, v in self.options]
        if value is not None and value not in values:
            raise ValueError(f"{value!r} is not one of the options")
        if value is None and not allow_blank:
            value = values[0]
        self.set_reactive(ChoiceField.value, value)  # type: ignore[misc]  # the descriptor, not a value

    # -- drawing --------------------------------------------------------------

    def label(self) -> str | None:
        """The chosen option's label; None while nothing is chosen."""
        return next((label for label, v in self.options if v == self.value), None)

    def render(self) -> Text:
        label = self.label()
        room = max(0, self.content_size.width - cell_len(ARROW))
        shown = Text(truncate(label if label is not None else self.prompt, room), end="")
        if label is None:
            shown.stylize(self.get_component_rich_style("choice-field--prompt"))
        shown.pad_right(room - shown.cell_len)
        shown.append(ARROW, self.get_component_rich_style("choice-field--arrow"))
        return shown

    def get_content_width(self, container: Size, viewport: Size) -> int:
        labels = [label for label, _v in self.options] + [self.prompt]
        return max(cell_len(label) for label in labels) + cell_len(ARROW)

    def watch_value(self) -> None:
        self.refresh()
        self.post_message(self.Changed(self, self.value))  # type: ignore[arg-type]

    # -- choosing -------------------------------------------------------------

    def _choices(self) -> list[ValueT | None]:
        values: list[ValueT | None] = [v for _label, v in self.options]
        return [None, *values] if self.allow_blank else values

    def action_step(self, by: int) -> None:
        choices = self._choices()
        index = choices.index(self.value) if self.value in choices else 0
        self.value = choices[max(0, min(len(choices) - 1, index + by))]

    def action_open_list(self) -> None:
        def chosen(choice: tuple[object] | None) -> None:
            if choice is not None:
                self.value = cast("ValueT | None", choice[0])  # one of _list_entries' values
            self.focus()

        x, y, width, _height = self.region
        self.app.push_screen(ChoiceList(self._list_entries(), self.value, x, y + 1, width), chosen)

    def _list_entries(self) -> list[tuple[Text, ValueT | None]]:
        entries: list[tuple[Text, ValueT | None]] = [(Text(label), v) for label, v in self.options]
        if self.allow_blank:
            entries.insert(0, (Text(self.prompt or _("(none)"), style="dim"), None))
        return entries

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open_list()


class ChoiceList(ModalScreen["tuple[object] | None"]):
    """The options of a ChoiceField, under it: Enter or a click chooses, Escape leaves the choice as it was.

    Dismissed with a one-item tuple (the chosen value, which may be None for the
    blank choice) or None when nothing was chosen.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="choice.close"),
    ]

    DEFAULT_CSS = """
    ChoiceList { background: transparent; }
    ChoiceList > OptionList {
        overlay: screen;
        constrain: inside inside;  /* near the bottom, the list opens above rather than off the screen */
        width: auto;
        height: auto;
        max-height: 12;
        border: round $accent;
        background: $surface;
        padding: 0;
        &:focus { border: round $accent; }
    }
    """

    def __init__(self, entries: Sequence[tuple[Text, object]], current: object, x: int, y: int, width: int):
        super().__init__()
        self.entries = list(entries)
        self.current = current
        self.at = (x, y)
        self.width = width

    def compose(self) -> ComposeResult:
        self.styles.align = ("left", "top")  # inline: the app's stylesheet centres every dialog
        options = OptionList(*(Option(label) for label, _value in self.entries))
        options.styles.offset = self.at
        options.styles.min_width = self.width
        yield options

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for _label, value in self.entries]
        options.highlighted = values.index(self.current) if self.current in values else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss((self.entries[event.option_index][1],))

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # outside the list
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
