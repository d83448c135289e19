"""Forms for scorecard items: a goal or CSF (text), a KPI, an action plan; and link picking.

Every form saves with F2 (or Ctrl+S), and with Enter from a one-line field;
Escape cancels. Enter in a multi-line text adds a line break. Every item form
ends with one row for the frameworks the item serves: METI directives ("1, 7")
and NIST CSF 2.0 ids ("GV.SC, RS.MA-01").
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea
from textual.widgets.selection_list import Selection

from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.app.widgets.choice_field import ChoiceField
from secsc_tui.app.widgets.label_text import show_text
from secsc_tui.app.widgets.text_box import TextBox
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.app.widgets.toggles import TickList
from secsc_tui.core.frameworks import format_tags, parse_csf_tags, parse_meti_tags
from secsc_tui.core.labels import STATUS_MARKS, direction_name, frequency_name, indicator_name, status_name
from secsc_tui.core.model import (
    ActionPlan,
    ActionStatus,
    CriticalSuccessFactor,
    Direction,
    Frequency,
    Goal,
    Indicator,
    Kpi,
)
from secsc_tui.core.parsing import ParseError, parse_amount, parse_date, parse_number
from secsc_tui.i18n import N_, _

SAVE_HINT = N_("F2 or Ctrl+S saves · Enter in a one-line field saves · Escape cancels")

ResultT = TypeVar("ResultT")
TextItem = Goal | CriticalSuccessFactor
METI_INPUT_WIDTH = 14  # "1, 3, 7, 10" and the cursor


class ItemForm(ModalScreen[ResultT], StyledOnce[ResultT]):
    """Shared frame of the forms below: the error line and the save and cancel keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2,ctrl+s", "save", N_("Save"), id="form.save", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
    ]

    # A form's text box is framed (by the app stylesheet: thin at rest, heavy with
    # the cursor) and titled, so it reads as a field to fill even while empty.
    DEFAULT_CSS = """
    ItemForm TextArea { height: 4; }
    ItemForm TextArea.form-text {
        height: 6;
        margin: 0 1;
        border-title-align: left;
        border-title-color: $text;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    ItemForm TextArea.form-text:focus { border-title-style: bold; }
    ItemForm #preview { width: 1fr; margin-top: 1; text-style: bold; }
    ItemForm .tags-label { width: auto; margin: 0 1 0 2; text-style: bold; }
    ItemForm #form-error { width: 1fr; }  /* a long message (an unknown NIST CSF id) wraps, not cut */
    """

    def error(self, message: str, focus: str | None = None) -> None:
        self.query_one("#form-error", Label).update(message)
        if focus:
            self.query_one(focus).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        """Read the fields, report a problem, or dismiss with the item: each form has its own."""
        raise NotImplementedError

    def read_tags(self) -> dict[str, Any] | None:
        """The tags as typed, as an update of the item; None (the problem shown, the text kept) if one is wrong."""
        try:
            meti = parse_meti_tags(self.query_one("#tags-meti", Input).value)
        except ParseError as exc:
            self.error(_("METI: {problem}", problem=str(exc)), "#tags-meti")
            return None
        try:
            nist_csf = parse_csf_tags(self.query_one("#tags-nist", Input).value)
        except ParseError as exc:
            self.error(_("NIST CSF: {problem}", problem=str(exc)), "#tags-nist")
            return None
        return {"meti": meti, "nist_csf": nist_csf}


def form_field(value: str, *, id: str, placeholder: str, max_length: int = 0) -> TextField:
    """A form's one-line field: compact (no frame), the caret after the text on focus (nothing selected)."""
    return TextField(value, id=id, placeholder=placeholder, max_length=max_length, compact=True, select_on_focus=False)


def field_rows(*rows: tuple[str, Widget]) -> Horizontal:
    """Fields one under another, each with its label on its left.

    Drawn as two columns, all the labels one widget (a line each) beside the fields:
    a row of its own per field (a container, a label, the field) made the KPI form
    ~40 widgets, each styled, laid out and drawn as the form opens.
    """
    labels = Static("\n".join(label for label, _widget in rows), classes="field-labels", markup=False)
    return Horizontal(
        labels, Vertical(*(widget for _label, widget in rows), classes="field-column"), classes="field-rows"
    )


def tag_fields(meti: list[int], nist_csf: list[str]) -> Horizontal:
    """One row for the frameworks an item serves: METI directives, then NIST CSF 2.0 ids."""
    directives = form_field(
        format_tags(meti),
        id="tags-meti",
        max_length=100,
        placeholder=_("e.g. 1, 7"),
    )
    directives.styles.width = METI_INPUT_WIDTH  # the NIST ids need the room
    return Horizontal(
        Label(_("METI"), classes="field-label"),
        directives,
        Label(_("NIST CSF"), classes="tags-label"),
        form_field(
            format_tags(nist_csf),
            id="tags-nist",
            max_length=500,
            placeholder=_("e.g. GV.SC, RS.MA-01"),
        ),
        classes="field-row",
        id="tags-row",
    )


def form_text(text: str, *, id: str, label: str, placeholder: str) -> TextBox:
    """A form's multi-line text box: framed, titled with what to write, an example while empty."""
    box = TextBox(text, id=id, soft_wrap=True, placeholder=placeholder, classes="form-text")
    box.border_title = label
    return box


class TextItemForm(ItemForm[TextItem]):
    """A strategy goal or a critical success factor: its text, and the frameworks it serves.

    ``label`` says what to write and ``placeholder`` gives an example.
    """

    def __init__(self, title: str, item: TextItem, *, label: str, placeholder: str):
        super().__init__()
        self.title_text = title
        self.item: TextItem = item
        self.label = label
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield form_text(self.item.text, id="item-text", label=self.label, placeholder=self.placeholder)
            yield tag_fields(self.item.meti, self.item.nist_csf)
            yield Label("", id="form-error", classes="dialog-error", markup=False)
            yield Static(_(SAVE_HINT), classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.error(_("Write something, or press Escape to cancel."), "#item-text")
            return
        tags = self.read_tags()
        if tags is None:
            return
        self.dismiss(self.item.model_copy(update={"text": text, **tags}))


class KpiForm(ItemForm[Kpi]):
    """A KPI: what is measured, which way, to what target, how often, by whom."""

    def __init__(self, kpi: Kpi):
        super().__init__()
        self.kpi = kpi

    def compose(self) -> ComposeResult:
        k = self.kpi

        def number(value: float | None) -> str:
            return "" if value is None else str(value)

        def day(date: dt.date | None) -> str:
            return "" if date is None else date.isoformat()

        with Vertical(classes="dialog"):
            yield Static(_("KPI"), classes="dialog-title")
            yield field_rows(
                (
                    _("Measure"),
                    form_field(
                        k.measure,
                        id="kpi-measure",
                        max_length=2000,
                        placeholder=_("e.g. SOC→CSIRT reporting time"),
                    ),
                ),
                (
                    _("Direction"),
                    ChoiceField(
                        [(f"{d.symbol} {direction_name(d)}", d) for d in Direction],
                        k.direction,
                        allow_blank=False,
                        id="kpi-direction",
                    ),
                ),
                (
                    _("Target"),
                    form_field(
                        number(k.target),
                        id="kpi-target",
                        placeholder=_("a number, e.g. 60"),
                    ),
                ),
                (
                    _("Unit"),
                    form_field(
                        k.unit,
                        id="kpi-unit",
                        max_length=500,
                        placeholder=_("e.g. min, %, days, JPY"),
                    ),
                ),
                (
                    _("Frequency"),
                    ChoiceField(
                        [(frequency_name(f), f) for f in Frequency],
                        k.frequency,
                        prompt=_("how often it is measured"),
                        id="kpi-frequency",
                    ),
                ),
                (
                    _("Owner"),
                    form_field(
                        k.owner,
                        id="kpi-owner",
                        max_length=500,
                        placeholder=_("who reports it"),
                    ),
                ),
                (
                    _("Indicator"),
                    ChoiceField(
                        [(indicator_name(i), i) for i in Indicator],
                        k.indicator,
                        prompt=_("leading or lagging"),
                        id="kpi-indicator",
                    ),
                ),
                (
                    _("Baseline"),
                    form_field(
                        number(k.baseline),
                        id="kpi-baseline",
                        placeholder=_("optional: where it started"),
                    ),
                ),
                (
                    _("Baseline on"),
                    form_field(
                        day(k.baseline_on),
                        id="kpi-baseline-on",
                        placeholder="YYYY-MM-DD",
                    ),
                ),
                (
                    _("Current"),
                    form_field(
                        number(k.current),
                        id="kpi-current",
                        placeholder=_("optional: where it is now"),
                    ),
                ),
                (
                    _("Current on"),
                    form_field(
                        day(k.current_on),
                        id="kpi-current-on",
                        placeholder="YYYY-MM-DD",
                    ),
                ),
            )
            yield tag_fields(k.meti, k.nist_csf)
            yield Label("", id="preview", markup=False)
            yield Label("", id="form-error", classes="dialog-error", markup=False)
            yield Static(_(SAVE_HINT), classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one("#kpi-measure", Input).focus()
        self._preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._preview()

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        self._preview()

    def _read(self) -> Kpi:
        """The KPI as typed so far; raises ParseError naming the bad field."""

        def number(selector: str, name: str) -> int | float | None:
            try:
                return parse_number(self.query_one(selector, Input).value)
            except ParseError as exc:
                raise ParseError(f"{name}: {exc}") from None

        def date(selector: str, name: str) -> dt.date | None:
            try:
                return parse_date(self.query_one(selector, Input).value)
            except ParseError as exc:
                raise ParseError(f"{name}: {exc}") from None

        frequency: Frequency | None = self.query_one("#kpi-frequency", ChoiceField).value
        indicator: Indicator | None = self.query_one("#kpi-indicator", ChoiceField).value
        direction: Direction | None = self.query_one("#kpi-direction", ChoiceField).value
        assert direction is not None  # a choice without a blank
        return self.kpi.model_copy(
            update={
                "measure": self.query_one("#kpi-measure", Input).value.strip(),
                "direction": Direction(direction),
                "target": number("#kpi-target", _("Target")),
                "unit": self.query_one("#kpi-unit", Input).value.strip(),
                "frequency": None if frequency is None else Frequency(frequency),
                "owner": self.query_one("#kpi-owner", Input).value.strip(),
                "indicator": None if indicator is None else Indicator(indicator),
                "baseline": number("#kpi-baseline", _("Baseline")),
                "baseline_on": date("#kpi-baseline-on", _("Baseline on")),
                "current": number("#kpi-current", _("Current")),
                "current_on": date("#kpi-current-on", _("Current on")),
            }
        )

    def _preview(self) -> None:
        try:
            kpi = self._read()
        except ParseError:
            return
        show_text(self.query_one("#preview", Label), _("Reads: {line}", line=kpi.text) if kpi.measure else "")

    def action_save(self) -> None:
        try:
            kpi = self._read()
        except ParseError as exc:
            self.error(str(exc))
            return
        if not kpi.measure:
            self.error(_("A KPI needs a measure: what is counted or timed."), "#kpi-measure")
            return
        tags = self.read_tags()
        if tags is None:
            return
        self.dismiss(kpi.model_copy(update=tags))


class ActionForm(ItemForm[ActionPlan]):
    """An action plan: what, who, by when, where it stands, what it costs."""

    def __init__(self, action: ActionPlan, currency: str = ""):
        """``currency``: the session's, which the budget is in ("" when it names none)."""
        super().__init__()
        self.action = action
        self.currency = currency

    def compose(self) -> ComposeResult:
        a = self.action
        statuses = [(f"{STATUS_MARKS[s]} {status_name(s)}", s) for s in ActionStatus]
        budget = _("Budget ({currency})", currency=self.currency) if self.currency else _("Budget")
        with Vertical(classes="dialog"):
            yield Static(_("Action plan"), classes="dialog-title")
            yield form_text(
                a.text,
                id="action-text",
                label=_("What will be done"),
                placeholder=_("e.g. Organise the detection information our security products give"),
            )
            yield field_rows(
                (
                    _("Owner"),
                    form_field(
                        a.owner,
                        id="action-owner",
                        max_length=500,
                        placeholder=_("who does it"),
                    ),
                ),
                (
                    _("Due"),
                    form_field(
                        a.due.isoformat() if a.due else "",
                        id="action-due",
                        placeholder="YYYY-MM-DD",
                    ),
                ),
                (_("Status"), ChoiceField(statuses, a.status, allow_blank=False, id="action-status")),
                (
                    budget,
                    form_field(
                        "" if a.budget is None else str(a.budget),
                        id="action-budget",
                        placeholder=_("optional amount"),
                    ),
                ),
            )
            yield tag_fields(a.meti, a.nist_csf)
            yield Label("", id="form-error", classes="dialog-error", markup=False)
            yield Static(_(SAVE_HINT), classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one("#action-text", TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one("#action-text", TextArea).text.strip()
        if not text:
            self.error(_("Say what will be done."), "#action-text")
            return
        try:
            due = parse_date(self.query_one("#action-due", Input).value)
        except ParseError as exc:
            self.error(_("Due: {problem}", problem=str(exc)), "#action-due")
            return
        try:
            budget = parse_amount(self.query_one("#action-budget", Input).value, self.currency)
        except ParseError as exc:
            self.error(_("Budget: {problem}", problem=str(exc)), "#action-budget")
            return
        tags = self.read_tags()
        if tags is None:
            return
        owner = self.query_one("#action-owner", Input).value.strip()
        status: ActionStatus | None = self.query_one("#action-status", ChoiceField).value
        assert status is not None  # a choice without a blank
        self.dismiss(
            self.action.model_copy(
                update={
                    "text": text,
                    "owner": owner,
                    "due": due,
                    "status": status,
                    "budget": budget,
                    **tags,
                }
            )
        )


class LinkPicker(ModalScreen[list[str] | None], StyledOnce[list[str] | None]):
    """Choose which items an item is linked to: Space toggles, F2/Enter saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2,ctrl+s", "save", N_("Save"), id="links.save", priority=True),
        Binding("enter", "save", N_("Save"), id="links.save_enter", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="links.cancel"),
    ]

    DEFAULT_CSS = """
    LinkPicker TickList { height: auto; max-height: 16; }
    """

    def __init__(self, title: str, choices: list[tuple[str, str]], chosen: list[str], empty_message: str):
        """``choices`` are (item id, label) pairs; ``chosen`` the ids linked now."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.chosen = chosen
        self.empty_message = empty_message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.choices:
                yield TickList(
                    *(Selection(Text(label), item_id, item_id in self.chosen) for item_id, label in self.choices),
                    id="link-choices",
                )
            else:
                yield Static(Text(self.empty_message))
            yield Static(_("Space ticks or unticks · Enter or F2 saves · Escape cancels"), classes="dialog-detail")

    def on_mount(self) -> None:
        if self.choices:
            self.query_one(TickList).focus()

    def action_save(self) -> None:
        if not self.choices:
            self.dismiss(None)
            return
        selected = set(self.query_one(TickList).selected)
        # Keep the order of the choices, which is the grid's order.
        self.dismiss([item_id for item_id, _label in self.choices if item_id in selected])

    def action_cancel(self) -> None:
        self.dismiss(None)
