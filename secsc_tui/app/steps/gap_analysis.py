"""Step 2: the gap between the business view and the security view, per perspective.

One perspective is shown at a time: a tab strip on top chooses it (←→ on the
strip, or Alt+←→ / Ctrl+PgUp/PgDn from anywhere in the step). Below it, the
business side's view and the security side's view sit side by side, with the
cause of the gap and the countermeasure under them, and a severity rating
typed as a digit. The tab strip carries each perspective's progress; on a tall
terminal an overview of all four perspectives is shown as well.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Label, Static, TextArea

from secsc_tui import marks
from secsc_tui.app.steps.base import StepView
from secsc_tui.app.widgets.text_box import TextBox
from secsc_tui.core.editing import SessionEditor
from secsc_tui.core.labels import perspective_name
from secsc_tui.core.model import Gap, Perspective, Step
from secsc_tui.i18n import N_, _
from secsc_tui.textwidth import printable, truncate

PERSPECTIVES = list(Perspective)

# (field of Gap, box title)
FIELDS = [
    ("business_view", N_("Business side sees")),
    ("security_view", N_("Security side sees")),
    ("cause", N_("Cause of the gap")),
    ("countermeasure", N_("Countermeasure")),
]

# What each side typically says, from the paper; shown while a box is empty.
PLACEHOLDERS = {
    (Perspective.FINANCIAL, "business_view"): N_("e.g. security is a cost that competes with product investment"),
    (Perspective.FINANCIAL, "security_view"): N_("e.g. the budget is too small for the risks we carry"),
    (Perspective.CUSTOMER, "business_view"): N_("e.g. customers want safe products, but not higher prices"),
    (Perspective.CUSTOMER, "security_view"): N_("e.g. more measures make products and work safer"),
    (Perspective.INTERNAL_PROCESSES, "business_view"): N_("e.g. processes are changed to be more efficient"),
    (Perspective.INTERNAL_PROCESSES, "security_view"): N_("e.g. security is risk management and joins too late"),
    (Perspective.LEARNING_GROWTH, "business_view"): N_("e.g. security is the security team's job"),
    (Perspective.LEARNING_GROWTH, "security_view"): N_("e.g. too few security staff, low awareness elsewhere"),
}
CAUSE_PLACEHOLDER = N_("why the two views differ")
COUNTERMEASURE_PLACEHOLDER = N_("what could close the gap")

SEVERITY_WORDS = {1: N_("minor"), 2: N_("moderate"), 3: N_("significant"), 4: N_("serious"), 5: N_("critical")}


def severity_mark(value: int | None) -> str:
    """ "◼◼◼◻◻ 3/5" — the rating as a mark, readable without colour."""
    if value is None:
        return f"{marks.bar(0, 5)} {marks.NO_VALUE}/5"
    return f"{marks.bar(value, 5)} {value}/5"


def views_written(gap: Gap) -> bool:
    return bool(gap.business_view.strip() and gap.security_view.strip())


class PerspectiveTabs(Widget, can_focus=True):
    """One row: the four perspectives, the current one in brackets, each with its progress."""

    DEFAULT_CSS = """
    PerspectiveTabs { height: 1; width: 1fr; padding: 0 1; }
    PerspectiveTabs:focus { background: $boost; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", N_("Previous perspective"), id="gaps.tab_previous", show=False),
        Binding("right", "move(1)", N_("Perspective"), id="gaps.tab_next", key_display="←→"),
        Binding("home", "jump(0)", N_("First perspective"), id="gaps.tab_first", show=False),
        Binding("end", "jump(3)", N_("Last perspective"), id="gaps.tab_last", show=False),
        Binding("enter,down", "write", N_("Write"), id="gaps.tab_write", key_display="⏎"),
    ]

    class Chosen(Message):
        def __init__(self, index: int):
            super().__init__()
            self.index = index

    class Write(Message):
        """Enter on the strip: go and write in the current perspective."""

    current: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.gaps: list[Gap] = [Gap() for _p in PERSPECTIVES]
        self._spans: list[tuple[int, int, int]] = []

    def show(self, current: int, gaps: list[Gap]) -> None:
        self.gaps = gaps
        self.current = current
        self.refresh()

    def _tab(self, index: int, long: bool) -> str:
        perspective = PERSPECTIVES[index]
        name = perspective_name(perspective, short=not long)
        gap = self.gaps[index]
        mark = marks.done_mark(views_written(gap))
        severity = marks.NO_VALUE if gap.severity is None else str(gap.severity)
        return f"{name} {mark} {severity}/5"

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        long_tabs = [self._tab(i, True) for i in range(len(PERSPECTIVES))]
        long = sum(map(cell_len, long_tabs)) + 3 * len(PERSPECTIVES) + 4 <= width
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        arrows = "bold reverse" if self.has_focus else "dim"  # lit up while ←→ work here
        text.append(marks.PREVIOUS + " ", style=arrows)
        for index in range(len(PERSPECTIVES)):
            if index:
                text.append(" · ", style="dim")
            label = self._tab(index, long)
            start = text.cell_len
            if index == self.current:
                text.append(f"[{label}]", style="bold reverse")
            else:
                text.append(f" {label} ")
            self._spans.append((start, text.cell_len, index))
        text.append(" " + marks.NEXT, style=arrows)
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        for start, end, index in self._spans:
            if start <= event.x - 1 < end:  # the strip has one column of padding
                self.post_message(self.Chosen(index))
                return

    def action_move(self, delta: int) -> None:
        self.post_message(self.Chosen((self.current + delta) % len(PERSPECTIVES)))

    def action_jump(self, index: int) -> None:
        self.post_message(self.Chosen(index))

    def action_write(self) -> None:
        self.post_message(self.Write())


class SeverityControl(Widget, can_focus=True):
    """How serious a gap is: type 1–5, 0 or Delete clears, ←→ step it down or up."""

    DEFAULT_CSS = """
    SeverityControl { height: 1; width: 1fr; }
    SeverityControl:focus { background: $boost; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate(1)", N_("Rate"), id="gaps.severity_1", key_display="1-5"),
        Binding("2", "rate(2)", N_("Severity 2"), id="gaps.severity_2", show=False),
        Binding("3", "rate(3)", N_("Severity 3"), id="gaps.severity_3", show=False),
        Binding("4", "rate(4)", N_("Severity 4"), id="gaps.severity_4", show=False),
        Binding("5", "rate(5)", N_("Severity 5"), id="gaps.severity_5", show=False),
        Binding("0,delete,backspace", "rate(0)", N_("Not rated"), id="gaps.severity_clear", show=False),
        Binding("enter", "done", N_("Next perspective"), id="gaps.severity_next", key_display="⏎"),
        Binding("left,minus", "step(-1)", N_("Less severe"), id="gaps.severity_down", show=False),
        Binding("right,plus", "step(1)", N_("More severe"), id="gaps.severity_up", show=False),
    ]

    class Rated(Message):
        def __init__(self, control: SeverityControl, value: int | None):
            super().__init__()
            self.severity_control = control
            self.value = value

        @property
        def control(self) -> SeverityControl:
            return self.severity_control

    class Done(Message):
        """Enter on the rating: this perspective is done, go on to the next one."""

    value: reactive[int | None] = reactive(None)

    def __init__(self, perspective: Perspective, value: int | None, *, id: str | None = None):
        super().__init__(id=id)
        self.perspective = perspective
        self.set_reactive(SeverityControl.value, value)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(marks.POINTER + " " if self.has_focus else "  ")
        text.append(severity_mark(self.value), style="bold")
        text.append(" ")
        text.append(_(SEVERITY_WORDS[self.value]) if self.value else _("not rated"))
        if self.has_focus:
            text.append("   " + _("type 1–5 · 0 clears · ⏎ next perspective"), style="dim")
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _set(self, value: int | None) -> None:
        if value != self.value:
            self.value = value
            self.post_message(self.Rated(self, value))

    def action_rate(self, value: int) -> None:
        self._set(value or None)

    def action_done(self) -> None:
        self.post_message(self.Done())

    def action_step(self, delta: int) -> None:
        current = self.value or 0
        self._set(max(1, min(5, current + delta)) if current or delta > 0 else None)


class GapText(TextBox):
    """One of the four texts of one perspective."""

    def __init__(self, perspective: Perspective, field: str, title: str, text: str, placeholder: str):
        super().__init__(text, id=f"gap-{perspective.value}-{field}", soft_wrap=True, placeholder=placeholder)
        self.perspective = perspective
        self.field = field
        self.border_title = title


class GapPane(Vertical):
    """Everything about one perspective."""

    def __init__(self, perspective: Perspective, gap: Gap):
        super().__init__(id=f"pane-{perspective.value}", classes="gap-pane")
        self.perspective = perspective
        self.gap = gap

    def compose(self) -> ComposeResult:
        p, gap = self.perspective, self.gap
        areas = []
        for field, title in FIELDS:
            if field in ("business_view", "security_view"):
                placeholder = PLACEHOLDERS[(p, field)]
            else:
                placeholder = CAUSE_PLACEHOLDER if field == "cause" else COUNTERMEASURE_PLACEHOLDER
            areas.append(GapText(p, field, _(title), getattr(gap, field), _(placeholder)))
        with Horizontal(classes="gap-row gap-views"):
            yield areas[0]
            yield areas[1]
        with Horizontal(classes="gap-row gap-actions"):
            yield areas[2]
            yield areas[3]
        with Horizontal(classes="gap-severity-row"):
            yield Label(_("Severity"), classes="field-label")
            yield SeverityControl(p, gap.severity, id=f"severity-{p.value}")


class View(StepView):
    STEP = Step.GAP_ANALYSIS
    PURPOSE = N_("Each perspective: both sides' views, why they differ, what helps.")

    DEFAULT_CSS = """
    #gap-overview { height: auto; margin: 0 1; display: none; }
    View.roomy #gap-overview { display: block; }
    #gap-panes { height: 1fr; }
    .gap-pane { height: 1fr; }
    .gap-row { height: 1fr; min-height: 4; }
    .gap-views { height: 3fr; }
    .gap-actions { height: 2fr; }
    /* Framed (thin at rest, heavy with the cursor) by the app stylesheet. */
    .gap-row GapText {
        width: 1fr;
        height: 1fr;
        border-title-align: left;
        border-title-color: $text;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    .gap-row GapText:focus { border-title-style: bold; }
    .gap-severity-row { height: 1; margin: 0 1; }
    #gap-keys { height: 1; margin: 0 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "alt+right,ctrl+pagedown",
            "perspective(1)",
            N_("Next perspective"),
            id="gaps.next_perspective",
            show=False,
            key_display="Alt+→",
        ),
        Binding(
            "alt+left,ctrl+pageup",
            "perspective(-1)",
            N_("Previous perspective"),
            id="gaps.previous_perspective",
            show=False,
            key_display="Alt+←",
        ),
    ]

    def __init__(self, editor: SessionEditor) -> None:
        super().__init__(editor)
        # Start where work is still needed.
        gaps = [self.session.gap_analysis[p] for p in PERSPECTIVES]
        self.current = next((i for i, gap in enumerate(gaps) if not views_written(gap)), 0)

    def compose(self) -> ComposeResult:
        yield PerspectiveTabs(id="gap-tabs")
        yield Static("", id="gap-overview")
        with ContentSwitcher(id="gap-panes", initial=f"pane-{PERSPECTIVES[self.current].value}"):
            for perspective in PERSPECTIVES:
                yield GapPane(perspective, self.session.gap_analysis[perspective])
        yield Label(
            _("Perspective: ←→ on the tabs or Alt+←→ · Tab: next box · ✓ both views written"),
            id="gap-keys",
            markup=False,
        )

    def on_mount(self) -> None:
        self._refresh_status()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height >= 30, "roomy")
        self._refresh_status()

    def focus_first(self) -> None:
        self._pane_widget(self.current, "business_view").focus()

    # -- helpers ----------------------------------------------------------------

    def _gaps(self) -> list[Gap]:
        return [self.session.gap_analysis[p] for p in PERSPECTIVES]

    def _pane_widget(self, index: int, field: str) -> Widget:
        if field == "severity":
            return self._severity_control(index)
        return self._gap_text(index, field)

    def _severity_control(self, index: int) -> SeverityControl:
        return self.query_one(f"#severity-{PERSPECTIVES[index].value}", SeverityControl)

    def _gap_text(self, index: int, field: str) -> GapText:
        return self.query_one(f"#gap-{PERSPECTIVES[index].value}-{field}", GapText)

    def _refresh_status(self) -> None:
        gaps = self._gaps()
        self.query_one(PerspectiveTabs).show(self.current, gaps)
        if self.has_class("roomy"):
            self.query_one("#gap-overview", Static).update(self._overview(gaps))

    def _overview(self, gaps: list[Gap]) -> Text:
        width = max(40, self.size.width - 2)
        names = [perspective_name(p) for p in PERSPECTIVES]
        name_width = max(map(cell_len, names)) + 1
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(_("Overview"), style="bold underline")
        for index, (name, gap) in enumerate(zip(names, gaps, strict=True)):
            text.append("\n")
            text.append(marks.POINTER + " " if index == self.current else "  ", style="bold")
            text.append(name + " " * (name_width - cell_len(name)), style="bold" if index == self.current else "")
            text.append(severity_mark(gap.severity) + "  ")
            for field, label in (
                ("business_view", "business"),
                ("security_view", "security"),
                ("cause", "cause"),
                ("countermeasure", "countermeasure"),
            ):
                filled = bool(getattr(gap, field).strip())
                text.append(marks.done_mark(filled) + " " + _(label) + "  ", style="" if filled else "dim")
            summary = printable(gap.business_view.strip())
            line_start = text.plain.rfind("\n") + 1
            room = width - cell_len(text.plain[line_start:])
            if summary and room > 12:
                text.append(truncate(f"“{summary}”", room), style="italic dim")
        return text

    # -- switching perspective --------------------------------------------------

    def on_perspective_tabs_chosen(self, message: PerspectiveTabs.Chosen) -> None:
        message.stop()
        self.show_perspective(message.index)

    def on_perspective_tabs_write(self, message: PerspectiveTabs.Write) -> None:
        message.stop()
        self._pane_widget(self.current, "business_view").focus()

    def on_severity_control_done(self, message: SeverityControl.Done) -> None:
        message.stop()
        self.show_perspective((self.current + 1) % len(PERSPECTIVES))
        self._pane_widget(self.current, "business_view").focus()

    def action_perspective(self, delta: int) -> None:
        self.show_perspective((self.current + delta) % len(PERSPECTIVES))

    def show_perspective(self, index: int) -> None:
        """Show perspective ``index``; keep the cursor in the same kind of box."""
        focused = self.screen.focused
        field = None
        if isinstance(focused, GapText):
            field = focused.field
        elif isinstance(focused, SeverityControl):
            field = "severity"
        self.current = index
        self.query_one("#gap-panes", ContentSwitcher).current = f"pane-{PERSPECTIVES[index].value}"
        self._refresh_status()
        if field is not None:
            self._pane_widget(index, field).focus()

    # -- edits --------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if not isinstance(area, GapText):
            return
        event.stop()
        perspective, field, value = area.perspective, area.field, area.text
        if value == getattr(self.session.gap_analysis[perspective], field):
            return
        title = dict(FIELDS)[field]
        self.change(
            f"{perspective.value}.{field}",
            lambda s: setattr(s.gap_analysis[perspective], field, value),
            label=_("{perspective}: {field}", perspective=perspective_name(perspective), field=_(title)),
        )
        self._refresh_status()

    def on_severity_control_rated(self, message: SeverityControl.Rated) -> None:
        message.stop()
        perspective, value = message.control.perspective, message.value
        if value == self.session.gap_analysis[perspective].severity:
            return
        self.editor.seal()
        self.change(
            f"{perspective.value}.severity",
            lambda s: setattr(s.gap_analysis[perspective], "severity", value),
            label=_("{perspective}: severity", perspective=perspective_name(perspective)),
        )
        self.editor.seal()
        self._refresh_status()

    # -- redraw -------------------------------------------------------------------

    def show_session(self) -> None:
        for index, perspective in enumerate(PERSPECTIVES):
            gap = self.session.gap_analysis[perspective]
            for field, _title in FIELDS:
                area = self._gap_text(index, field)
                value = getattr(gap, field)
                if area.text != value:
                    area.load_text(value)
            control = self._severity_control(index)
            if control.value != gap.severity:
                control.value = gap.severity
        self._refresh_status()
