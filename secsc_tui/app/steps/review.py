"""Step 8: the whole session on one page, the quality check, and export.

The page is rebuilt from the session every time it is shown (the other steps
change the session), so it never shows stale content. Building it is a few
rich renderables and one rules pass: cheap enough to do on every visit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from secsc_tui import marks
from secsc_tui.app.steps.approach import RECOMMENDED_MARK
from secsc_tui.app.steps.base import StepView
from secsc_tui.core.coverage import Coverage, coverage, points_to_check
from secsc_tui.core.editing import SessionEditor
from secsc_tui.core.frameworks import CSF_FUNCTIONS, METI_DIRECTIVES, csf_categories_of
from secsc_tui.core.labels import (
    approach_name,
    column_name,
    item_labels,
    layer_name,
    perspective_name,
    regulation_name,
    sector_name,
    size_name,
    status_name,
    step_name,
)
from secsc_tui.core.model import (
    ActionPlan,
    Column,
    Layer,
    Perspective,
    Session,
    Step,
)
from secsc_tui.core.problems import Problem
from secsc_tui.core.results import format_average
from secsc_tui.core.rules import averages, recommend_approach
from secsc_tui.core.strategy_map import find_cycles
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable, truncate, visible

# Where a warning's field path lives: its first part names the step.
PATH_STEPS = {
    "organisation": Step.CONTEXT,
    "people": Step.CONTEXT,
    "gap_analysis": Step.GAP_ANALYSIS,
    "strategic_goal": Step.STRATEGIC_GOAL,
    "approach": Step.APPROACH,
    "scorecard": Step.SCORECARD,
    "strategy_map": Step.STRATEGY_MAP,
    "evaluation": Step.EVALUATION,
}

LABEL_WIDTH = 18
MUTED = "dim"
WARNING_MARK = "⚠"


def step_for_path(path: str) -> Step | None:
    """The step where the field at ``path`` ("scorecard.customer.kpis[0].target") is edited."""
    return PATH_STEPS.get(path.split(".", 1)[0].split("[", 1)[0])


def where(path: str) -> str:
    """A readable location for a field path: "Scorecard › Customer › KPIs"."""
    step = step_for_path(path)
    if step is None:
        return path
    parts = [step_name(step)]
    if step is Step.SCORECARD:
        names = [part.split("[", 1)[0] for part in path.split(".")[1:3]]
        if names and names[0] in Perspective._value2member_map_:
            parts.append(perspective_name(Perspective(names[0])))
            if len(names) > 1 and names[1] in Column._value2member_map_:
                parts.append(column_name(Column(names[1]), short=True))
    return " › ".join(parts)


# -- building the page --------------------------------------------------------


def _grid() -> Table:
    """Two columns: a bold label and a value that wraps under itself (wide text included)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=LABEL_WIDTH, no_wrap=True, style="bold")
    grid.add_column(ratio=1, overflow="fold")
    return grid


def literal(text: str) -> Text:
    """What a person typed, with its own line breaks; the page wraps long lines."""
    return Text(visible(text.strip()))


def _muted(text: str) -> Text:
    return Text(text, style=MUTED)


def _value(text: str, empty: str = "") -> Text:
    """What a person typed, literally; a muted dash-like note when it is empty."""
    if text.strip():
        return literal(text)
    return _muted(empty or _("— not filled in"))


def _bullets(lines: Sequence[RenderableType]) -> RenderableType:
    """A list whose wrapped lines stay indented under their bullet."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=1, no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for line in lines:
        table.add_row("•", line)
    return table


def organisation_section(session: Session) -> RenderableType:
    org = session.organisation
    grid = _grid()
    grid.add_row(_("Name"), _value(org.name))
    profile = [
        sector_name(org.sector),
        size_name(org.size),
        regulation_name(org.regulation),
        *([_("operates critical infrastructure")] if org.critical_infrastructure else []),
        _("partners request security") if org.partners_request_security else _("no partner requests"),
        _("budgets in {currency}", currency=session.currency) if session.currency else _("no currency set"),
    ]
    grid.add_row(_("Profile"), Text(" · ".join(profile)))
    grid.add_row(_("Facilitator"), _value(session.people.facilitator))
    people = session.people.participants
    if people:
        counts = {layer: sum(1 for p in people if p.layer is layer) for layer in Layer}
        line = Text(f"{len(people)}: ")
        line.append(" · ".join(f"{layer_name(layer)} {n}" for layer, n in counts.items()))
        grid.add_row(_("Participants"), line)
    else:
        grid.add_row(_("Participants"), _muted(_("— none yet")))
    return grid


def goal_section(session: Session) -> RenderableType:
    goal = session.strategic_goal
    grid = _grid()
    title = _value(goal.title, _("— not chosen yet"))
    if goal.title.strip():
        title.stylize("bold")
    grid.add_row(_("Goal"), title)
    if goal.description.strip():
        grid.add_row(_("Meaning"), literal(goal.description))
    return grid


def approach_section(session: Session) -> RenderableType:
    choice = session.approach.choice
    recommendation = recommend_approach(session.organisation)
    grid = _grid()
    if choice is None:
        grid.add_row(_("Chosen"), _muted(_("— not chosen yet")))
    else:
        grid.add_row(_("Chosen"), Text(f"{choice.value} — {approach_name(choice)}", style="bold"))
    suggested = recommendation.approach
    recommended = Text(f"{RECOMMENDED_MARK} {suggested.value} — {approach_name(suggested)}")
    if choice is suggested:
        recommended.append("  " + _("(same as chosen)"), style=MUTED)
    else:
        recommended.append("\n")
        recommended.append(_("Why: {reason}.", reason=recommendation.reason), style=MUTED)
    grid.add_row(_("Recommended"), recommended)
    grid.add_row(_("Rationale"), _value(session.approach.rationale))
    return grid


def _severity(value: int | None) -> Text:
    if value is None:
        return _muted(_("— not rated"))
    text = Text(f"{value}/5 ")
    text.append(marks.bar(value, 5))
    return text


def gaps_section(session: Session) -> RenderableType:
    grid = _grid()
    for perspective in Perspective:
        gap = session.gap_analysis[perspective]
        line = Text(_("severity") + " ")
        line.append_text(_severity(gap.severity))
        grid.add_row(perspective_name(perspective), line)
    return grid


def _action_line(action: ActionPlan) -> Text:
    line = literal(action.text)
    details = [
        action.owner.strip() or _("no owner"),
        _("due {date}", date=action.due.isoformat()) if action.due else _("no due date"),
        status_name(action.status),
    ]
    line.append("\n")
    line.append(" · ".join(details), style=MUTED)
    return line


def _labelled(label: str, line: Text) -> Text:
    """An item's line after its label, in bold: "F-G1 Quick response"."""
    return Text.assemble((label, "bold"), " ", line)


def perspective_section(session: Session, perspective: Perspective) -> RenderableType:
    card = session.scorecard[perspective]
    labels = item_labels(session.scorecard)
    grid = _grid()
    columns: list[tuple[Column, list[Text]]] = [
        (Column.GOALS, [_labelled(labels[goal.id], literal(goal.text)) for goal in card.goals]),
        (Column.CSFS, [_labelled(labels[csf.id], literal(csf.text)) for csf in card.csfs]),
        (Column.KPIS, [_labelled(labels[kpi.id], Text(kpi.text)) for kpi in card.kpis]),
        (Column.ACTIONS, [_labelled(labels[action.id], _action_line(action)) for action in card.actions]),
    ]
    for column, lines in columns:
        grid.add_row(column_name(column, short=True), _bullets(lines) if lines else _muted(_("— none")))
    return grid


def _goal_names(session: Session) -> dict[str, str]:
    """ "F-G1 Quick response…" by goal id: its label and the start of its text."""
    labels = item_labels(session.scorecard)
    return {
        goal.id: f"{labels[goal.id]} {truncate(printable(goal.text), 30)}"
        for p in Perspective
        for goal in session.scorecard[p].goals
    }


def map_section(session: Session) -> RenderableType:
    grid = _grid()
    links = len(session.strategy_map)
    grid.add_row(_("Links"), Text(ngettext("{n} cause→effect link", "{n} cause→effect links", links)))
    cycles = find_cycles(session.strategy_map)
    if not cycles:
        grid.add_row(_("Cycles"), Text(_("none")))
    else:
        names = _goal_names(session)
        lines = [Text(" → ".join(names.get(g, g) for g in cycle + cycle[:1])) for cycle in cycles]
        grid.add_row(_("Cycles"), Group(Text(f"{WARNING_MARK} " + _("{n} found", n=len(cycles))), _bullets(lines)))
    return grid


def evaluation_section(session: Session) -> RenderableType:
    evaluation = session.evaluation
    grid = _grid()
    grid.add_row(_("Date"), _value(evaluation.date.isoformat() if evaluation.date else "", _("— not set")))
    grid.add_row(
        _("Took part"),
        _value(str(evaluation.participants) if evaluation.participants is not None else "", _("— not set")),
    )
    usefulness, availability = averages(session)

    def avg(value: float | None) -> Text:
        return Text(f"{format_average(value)} / 5") if value is not None else _muted(_("— no ratings"))

    grid.add_row(_("Ratings"), Text(str(len(evaluation.responses))))
    grid.add_row(_("Usefulness"), avg(usefulness))
    grid.add_row(_("Availability"), avg(availability))
    if evaluation.note.strip():
        grid.add_row(_("Note"), literal(evaluation.note))
    return grid


SERVED_MARK = "+"  # ASCII: a Japanese terminal draws ○● and the like two cells wide
GAP_MARK = "-"
UNTAGGED_SHOWN = 12  # labels of untagged items listed before "+N more"


def _count_cells(counts: Sequence[tuple[str, int]]) -> Text:
    """Two lines of three-cell columns: the ids, and under each how many items serve it (- for none)."""
    ids, marks = Text(), Text()
    for key, n in counts:
        ids.append(f"{key:>2} ", style="bold")
        marks.append(f"{min(n, 99):>2} " if n else f"{GAP_MARK:>2} ", style="bold" if n else MUTED)
    served = sum(1 for _key, n in counts if n)
    marks.append(" " + _("{served} of {all} served", served=served, all=len(counts)))
    ids.rstrip()
    return Text("\n").join([ids, marks])


def _categories_line(result: Coverage, function: str) -> Text:
    """ "GV +OC -RM -RR +PO -OV +SC": a function's categories, + served, - a gap."""
    line = Text(f"{function} ", style="bold")
    for category in csf_categories_of(function):
        short = category.split(".", 1)[1]
        if result.categories[category]:
            line.append(f"{SERVED_MARK}{short}", style="bold")
        else:
            line.append(f"{GAP_MARK}{short}", style=MUTED)
        line.append(" ")
    line.rstrip()
    return line


def coverage_section(session: Session, result: Coverage | None = None) -> RenderableType:
    """What the scorecard serves of METI's ten directives and NIST CSF 2.0: a mark per directive and
    function, a line per function for its categories, and the items not tagged yet."""
    result = coverage(session) if result is None else result
    grid = _grid()
    items = result.tagged + len(result.untagged)
    if not result.tagged:
        grid.add_row(
            _("Tagged"),
            _muted(
                _("— no item yet: the item forms in the scorecard step take METI directives and NIST CSF ids")
                if items
                else _("— the scorecard has no items yet")
            ),
        )
        return grid
    grid.add_row(_("METI directives"), _count_cells([(str(n), len(result.meti[n])) for n in METI_DIRECTIVES]))
    grid.add_row(_("NIST CSF"), _count_cells([(f, len(result.functions[f])) for f in CSF_FUNCTIONS]))
    grid.add_row(_("Categories"), Text("\n").join(_categories_line(result, f) for f in CSF_FUNCTIONS))
    labels = item_labels(session.scorecard)
    untagged = [labels.get(ref.id, ref.id) for ref in result.untagged]
    if untagged:
        shown = ", ".join(untagged[:UNTAGGED_SHOWN])
        more = len(untagged) - UNTAGGED_SHOWN
        line = Text(f"{len(untagged)}/{items}: {shown}")
        if more > 0:
            line.append(" " + _("and {n} more", n=more))
        grid.add_row(_("Not tagged"), line)
    else:
        grid.add_row(_("Not tagged"), Text(_("none: every item is tagged")))
    legend = _(
        "Under each directive and function: how many items serve it ({gap}: none). "
        "Categories: {served} served, {gap} a gap.",
        gap=GAP_MARK,
        served=SERVED_MARK,
    )
    grid.add_row("", _muted(legend))
    return grid


def warning_prompt(problem: Problem) -> Text:
    text = Text(f"{WARNING_MARK} ", style="bold")
    text.append(problem.message[:1].upper() + problem.message[1:])
    text.append("\n  ")
    text.append(where(problem.path), style=MUTED)
    return text


# -- the view -------------------------------------------------------------------


class WarningList(OptionList):
    """The review warnings; Enter goes to the step where each one is fixed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", N_("Go there"), id="review.go_to_warning", key_display="⏎"),
    ]


class View(StepView):
    STEP = Step.REVIEW
    PURPOSE = N_("Read the whole scorecard once more, check the warnings, then export.")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", N_("Export"), id="review.export"),
        Binding("x", "report", N_("Report"), id="review.report"),
        Binding("w", "warnings", N_("Checks"), id="review.checks"),
        # Not in the footer (at 80 columns it would push F1 Help off): F1 lists it, the page title names it.
        Binding("c", "coverage", N_("Framework coverage"), id="review.coverage", show=False),
    ]

    DEFAULT_CSS = """
    #review-page { height: 1fr; }
    #review-page:focus { background-tint: $foreground 3%; }
    .review-status { margin: 1 1 0 1; height: auto; text-style: bold; }
    .review-block { margin: 0 1; height: auto; }
    .review-sub { margin: 1 1 0 1; text-style: bold; height: auto; color: $accent; }
    .review-sub.first { margin-top: 0; }
    #review-warnings { height: auto; margin: 0 1; }
    #review-ok { margin: 0 1; height: auto; }
    #review-actions { height: auto; margin: 1 1; }
    #review-export { margin-right: 2; }
    #review-export-help { height: auto; width: 1fr; color: $text-muted; }
    """

    def __init__(self, editor: SessionEditor) -> None:
        super().__init__(editor)
        self._warnings: list[Problem] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review-page", classes="focus-bar"):
            yield Static("", id="review-status", classes="review-status")
            yield Label(_("Organisation"), classes="section-title")
            yield Static("", id="review-organisation", classes="review-block")
            yield Label(_("Strategic goal"), classes="section-title")
            yield Static("", id="review-goal", classes="review-block")
            yield Label(_("Bridging approach"), classes="section-title")
            yield Static("", id="review-approach", classes="review-block")
            yield Label(_("Gap analysis"), classes="section-title")
            yield Static("", id="review-gaps", classes="review-block")
            yield Label(_("Scorecard"), classes="section-title")
            for perspective in Perspective:
                first = " first" if perspective is Perspective.FINANCIAL else ""
                yield Label(perspective_name(perspective), classes="review-sub" + first)
                yield Static("", id=f"review-{perspective.value}", classes="review-block")
            yield Label(_("Framework coverage (c)"), id="review-coverage-title", classes="section-title")
            yield Static("", id="review-coverage", classes="review-block")
            yield Label(_("Strategy map"), classes="section-title")
            yield Static("", id="review-map", classes="review-block")
            yield Label(_("Evaluation"), classes="section-title")
            yield Static("", id="review-evaluation", classes="review-block")
            yield Label(_("Checks before export"), classes="section-title")
            yield Static("", id="review-ok")
            yield WarningList(id="review-warnings")
            with Horizontal(id="review-actions"):
                yield Button(_("Export as YAML… (e)"), id="review-export", variant="primary", compact=True)
                yield Static(
                    _("Writes the session to a YAML file; F6 does the same from any step."), id="review-export-help"
                )

    def on_mount(self) -> None:
        self.refresh_review()

    # -- showing ----------------------------------------------------------------

    def focus_first(self) -> None:
        page = self.query_one("#review-page", VerticalScroll)
        # Every visit: the other steps may have changed the session since the last one.
        self.refresh_review()
        page.focus()

    def show_session(self) -> None:
        if self.display:
            self.refresh_review()

    def refresh_review(self) -> None:
        session = self.session
        covered = coverage(session)
        sections = {
            "#review-organisation": organisation_section(session),
            "#review-goal": goal_section(session),
            "#review-approach": approach_section(session),
            "#review-gaps": gaps_section(session),
            "#review-map": map_section(session),
            "#review-evaluation": evaluation_section(session),
            "#review-coverage": coverage_section(session, covered),
            **{f"#review-{p.value}": perspective_section(session, p) for p in Perspective},
        }
        for selector, renderable in sections.items():
            self.query_one(selector, Static).update(renderable)
        self._show_warnings(points_to_check(session, covered))

    def _show_warnings(self, warnings: list[Problem]) -> None:
        status = self.query_one("#review-status", Static)
        ok = self.query_one("#review-ok", Static)
        listing = self.query_one("#review-warnings", WarningList)
        n = len(warnings)
        if n:
            status.update(
                Text(
                    f"{WARNING_MARK} "
                    + ngettext("{n} point to check before export", "{n} points to check before export", n)
                    + " — "
                    + _("w shows them, e exports")
                )
            )
        else:
            status.update(Text("✓ " + _("No warnings: the scorecard is ready to export (e).")))
        ok.display = not n
        ok.update(
            Text(
                "✓ "
                + _(
                    "Nothing to fix: the goal and approach are chosen, every perspective has KPIs with "
                    "targets and owners, every goal has an action plan, and the strategy map has no cycles."
                )
            )
        )
        listing.display = bool(n)
        if warnings != self._warnings:
            highlighted = listing.highlighted
            listing.clear_options()
            listing.add_options([Option(warning_prompt(w), id=str(i)) for i, w in enumerate(warnings)])
            if warnings:
                listing.highlighted = min(highlighted or 0, n - 1)
        self._warnings = warnings

    # -- actions ------------------------------------------------------------------

    def action_warnings(self) -> None:
        listing = self.query_one("#review-warnings", WarningList)
        if self._warnings:
            listing.focus()
            listing.scroll_visible()
        else:
            self.query_one("#review-ok", Static).scroll_visible()

    def action_coverage(self) -> None:
        """Scroll the page to the framework coverage (the page keeps the focus: arrows scroll on)."""
        self.query_one("#review-coverage-title", Label).scroll_visible(top=True, animate=False)
        self.query_one("#review-page", VerticalScroll).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id != "review-warnings":
            return
        event.stop()
        problem = self._warnings[event.option_index]
        self.go_to_warning(problem)

    def go_to_warning(self, problem: Problem) -> None:
        step = step_for_path(problem.path)
        if step is None:
            return
        screen = self.session_screen
        screen.go_to(step)
        # A step view that can point at one field offers reveal(path); others just open.
        screen.call_after_refresh(self._reveal, step, problem.path)

    def _reveal(self, step: Step, path: str) -> None:
        for view in self.screen.query(f"#step-{step.value}"):
            reveal = getattr(view, "reveal", None)
            if callable(reveal):
                reveal(path)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "review-export":
            event.stop()
            self.action_export()

    def action_report(self) -> None:
        """A printable report of this session: Markdown, HTML, XLSX or the action plans as CSV."""
        from secsc_tui.app.screens.report_export import ReportDialog

        snapshot = self.session.model_copy(deep=True)
        self.app.push_screen(ReportDialog([snapshot], selected=snapshot))

    def action_export(self) -> None:
        from secsc_tui.app.exporting import ask_and_export

        snapshot = self.session.model_copy(deep=True)
        ask_and_export(self, snapshot.id, snapshot.title, lambda: snapshot)
