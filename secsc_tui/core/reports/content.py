"""What a report says, independent of its format.

Every renderer (Markdown, HTML, XLSX, CSV) builds from these plain structures,
so the formats agree on labels, link markers, figures and wording.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from secsc_tui.core.coverage import ItemRef, coverage
from secsc_tui.core.frameworks import CSF_FUNCTIONS, csf_categories_of, csf_name, format_tags, meti_name
from secsc_tui.core.labels import (
    approach_name,
    frequency_name,
    indicator_name,
    item_labels,
    perspective_name,
    regulation_name,
    sector_name,
    size_name,
    status_name,
)
from secsc_tui.core.model import (
    ActionPlan,
    ActionStatus,
    Approach,
    Column,
    Kpi,
    Perspective,
    Session,
    format_amount,
    format_number,
    format_quantity,
)
from secsc_tui.core.results import Results, format_average, workshop_results
from secsc_tui.core.rules import averages, recommend_approach, review_warnings
from secsc_tui.core.strategy_map import find_cycles
from secsc_tui.core.workshop import Workshop
from secsc_tui.i18n import _, current_language, ngettext

NONE = "–"  # shown where a value was not given

# C0 controls other than tab and newline are not allowed in XML (SVG, XLSX) and
# mean nothing on paper; a stray one in typed text must not break a report.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: str) -> str:
    """Typed text made safe to put in any report format (newlines kept as "\\n")."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def approach_title(approach: Approach) -> str:
    return f"({approach.value}) {approach_name(approach)}"


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def format_date(value: dt.date | None) -> str:
    """A day as the report's language writes it: 2025-08-26, 2025年8月26日."""
    if value is None:
        return NONE
    if current_language() == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return value.isoformat()


def format_timestamp(value: dt.datetime) -> str:
    """A moment in UTC, as the report's language writes it: 2025-08-26 09:00 UTC, 2025年8月26日 09:00 UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return f"{format_date(value.date())} {value:%H:%M} UTC"


def report_language(sessions: list[Session]) -> str:
    """The language of a report of these sessions: the one most of them are written in (a
    workshop's teams usually share one); on a tie, or with none, the language in use."""
    counts = Counter(s.language.value for s in sessions).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return current_language()
    return counts[0][0]


def format_budget(value: float | None, currency: str = "") -> str:
    """'8,000,000 JPY' (the number alone when the session names no currency)."""
    return NONE if value is None else format_amount(value, currency)


def kpi_facts(kpi: Kpi) -> list[str]:
    """What a report says under a KPI: frequency, owner, leading or lagging, baseline and current with their dates."""
    facts = [
        frequency_name(kpi.frequency) if kpi.frequency else "",
        kpi.owner.strip(),
        indicator_name(kpi.indicator) if kpi.indicator else "",
    ]
    for name, value, day in (
        (_("baseline"), kpi.baseline, kpi.baseline_on),
        (_("current"), kpi.current, kpi.current_on),
    ):
        if value is not None:
            fact = f"{name} {format_number(value)}"
            facts.append(f"{fact} ({format_date(day)})" if day else fact)
        elif day is not None:
            facts.append(f"{name} {NONE} ({format_date(day)})")
    return [fact for fact in facts if fact]


# -- the scorecard ----------------------------------------------------------


@dataclass
class Item:
    """One entry in a scorecard cell."""

    id: str
    label: str  # "F-G1", "Cu-K2"
    text: str
    links: list[str] = field(default_factory=list)  # labels of the items on its left: "F-G1", "Cu-G2"
    detail: str = ""  # KPI: frequency, owner, indicator, baseline, current; action: owner, due, status

    @property
    def marker(self) -> str:
        """ "→ F-G1, F-G2" (empty when the item links to nothing)."""
        return f"→ {', '.join(self.links)}" if self.links else ""

    def line(self) -> str:
        """ "F-C1 Early detection with SOC → F-G1, F-G2": one line of plain text."""
        parts = [self.label, self.text]
        if self.marker:
            parts.append(self.marker)
        return " ".join(parts)


@dataclass
class Row:
    perspective: Perspective
    name: str
    cells: dict[Column, list[Item]]


_LINKS = {Column.CSFS: "supports", Column.KPIS: "measures", Column.ACTIONS: "moves"}


def scorecard_rows(session: Session) -> list[Row]:
    """The scorecard in the paper's table shape: a row per perspective, four cells."""
    scorecard = session.scorecard
    labels = item_labels(scorecard)
    rows = []
    for perspective in Perspective:
        card = scorecard[perspective]
        cells: dict[Column, list[Item]] = {}
        for column in Column:
            items = []
            for item in card.column(column):
                if isinstance(item, Kpi):  # the KPI column's items
                    parts = kpi_facts(item)
                elif isinstance(item, ActionPlan):  # the action column's
                    parts = [item.owner.strip(), format_date(item.due) if item.due else "", status_name(item.status)]
                else:
                    parts = []
                text, detail = item.text, " · ".join(part for part in parts if part)
                targets = getattr(item, _LINKS[column]) if column in _LINKS else []
                items.append(
                    Item(
                        id=item.id,
                        label=labels[item.id],
                        text=clean(text),
                        links=[labels.get(t, "?") for t in targets],
                        detail=clean(detail),
                    )
                )
            cells[column] = items
        rows.append(Row(perspective, perspective_name(perspective), cells))
    return rows


# -- the action plans --------------------------------------------------------


@dataclass
class ActionRow:
    session_id: str
    session_title: str
    perspective: Perspective
    id: str
    label: str
    text: str
    owner: str
    due: dt.date | None
    status: ActionStatus
    budget: int | float | None
    currency: str  # the session's, of the budget ("" when it names none)
    kpis: list[tuple[str, str, str]]  # (id, label, text) of the KPIs it moves
    meti: str = ""  # the METI directives it serves: "7, 8"
    nist_csf: str = ""  # the NIST CSF 2.0 categories: "RS.MA, RC.RP"

    @property
    def perspective_name(self) -> str:
        return perspective_name(self.perspective)

    @property
    def status_name(self) -> str:
        return status_name(self.status)


def action_rows(session: Session) -> list[ActionRow]:
    """Every action plan, with the labels used in lists that mix perspectives (``item_labels``)."""
    scorecard = session.scorecard
    labels = item_labels(session.scorecard)
    kpis = {kpi.id: kpi for p in Perspective for kpi in scorecard[p].kpis}
    rows = []
    for perspective in Perspective:
        for action in scorecard[perspective].actions:
            rows.append(
                ActionRow(
                    session_id=session.id,
                    session_title=clean(session.title),
                    perspective=perspective,
                    id=action.id,
                    label=labels[action.id],
                    text=clean(action.text),
                    owner=clean(action.owner),
                    due=action.due,
                    status=action.status,
                    budget=action.budget,
                    currency=session.currency,
                    kpis=[
                        (kpi_id, labels[kpi_id], clean(kpis[kpi_id].text)) for kpi_id in action.moves if kpi_id in kpis
                    ],
                    meti=format_tags(action.meti),
                    nist_csf=format_tags(action.nist_csf),
                )
            )
    return rows


# -- the KPIs ----------------------------------------------------------------


@dataclass
class KpiRow:
    session_id: str
    session_title: str
    perspective: Perspective
    id: str
    label: str
    measure: str
    direction: str  # "≤", "≥", "="
    target: int | float | None
    unit: str
    baseline: int | float | None
    current: int | float | None
    frequency: str
    owner: str
    meti: str = ""  # the METI directives it serves: "7, 8"
    nist_csf: str = ""  # the NIST CSF 2.0 categories: "RS.MA, RC.RP"

    @property
    def perspective_name(self) -> str:
        return perspective_name(self.perspective)

    @property
    def target_text(self) -> str:
        """ "≤ 60 min", or "–" without a target."""
        return NONE if self.target is None else f"{self.direction} {format_quantity(self.target, self.unit)}"


def kpi_rows(session: Session) -> list[KpiRow]:
    labels = item_labels(session.scorecard)
    return [
        KpiRow(
            session_id=session.id,
            session_title=clean(session.title),
            perspective=perspective,
            id=kpi.id,
            label=labels[kpi.id],
            measure=clean(kpi.measure),
            direction=kpi.direction.symbol,
            target=kpi.target,
            unit=clean(kpi.unit),
            baseline=kpi.baseline,
            current=kpi.current,
            frequency=frequency_name(kpi.frequency) if kpi.frequency else "",
            owner=clean(kpi.owner),
            meti=format_tags(kpi.meti),
            nist_csf=format_tags(kpi.nist_csf),
        )
        for perspective in Perspective
        for kpi in session.scorecard[perspective].kpis
    ]


# -- the executive summary ------------------------------------------------------

TOP_KPIS = 6
TOP_ACTIONS = 6
TOP_WARNINGS = 4  # with the map, what fits one A4 page


@dataclass
class Summary:
    """What a CISO reads on the first page: goal, approach, map, the KPIs and actions that carry it."""

    goal: str
    approach: str
    kpis: list[KpiRow]  # those with a target first, at most TOP_KPIS
    more_kpis: int
    actions: list[ActionRow]  # by due date (undated last), at most TOP_ACTIONS
    more_actions: int
    warnings: list[str]
    more_warnings: int
    currency: str


def summary(session: Session) -> Summary:
    kpis = sorted(kpi_rows(session), key=lambda k: k.target is None)  # stable: scorecard order otherwise
    actions = sorted(action_rows(session), key=lambda a: (a.due is None, a.due or dt.date.max))
    found = warnings(session)
    approach = approach_summary(session)
    return Summary(
        goal=clean(session.strategic_goal.title),
        approach=approach.chosen,
        kpis=kpis[:TOP_KPIS],
        more_kpis=max(0, len(kpis) - TOP_KPIS),
        actions=actions[:TOP_ACTIONS],
        more_actions=max(0, len(actions) - TOP_ACTIONS),
        warnings=found[:TOP_WARNINGS],
        more_warnings=max(0, len(found) - TOP_WARNINGS),
        currency=session.currency,
    )


# -- the strategy map --------------------------------------------------------


@dataclass
class MapGoal:
    id: str
    label: str  # "L-G1", as everywhere
    text: str
    perspective: Perspective


@dataclass
class MapLinkView:
    cause: str
    effect: str
    in_cycle: bool


@dataclass
class StrategyMap:
    goals: dict[Perspective, list[MapGoal]]
    links: list[MapLinkView]
    cycles: list[list[str]]

    def goal(self, goal_id: str) -> MapGoal:
        """The goal with this id: an end of one of ``links``, which are all between goals of the map."""
        for goals in self.goals.values():
            for goal in goals:
                if goal.id == goal_id:
                    return goal
        raise KeyError(goal_id)


def strategy_map(session: Session) -> StrategyMap:
    """Goals by perspective and the cause→effect links between them.

    Links whose ends are not goals of this session (which a checked session never
    has) and self-links are left out; every other link is kept, cycles included.
    """
    labels = item_labels(session.scorecard)
    goals = {
        p: [MapGoal(g.id, labels[g.id], clean(g.text), p) for g in session.scorecard[p].goals] for p in Perspective
    }
    known = {g.id for gs in goals.values() for g in gs}
    cycles = find_cycles(session.strategy_map)
    cycle_edges = {(cycle[i], cycle[(i + 1) % len(cycle)]) for cycle in cycles for i in range(len(cycle))}
    links = []
    seen = set()
    for link in session.strategy_map:
        pair = (link.cause, link.effect)
        if link.cause == link.effect or pair in seen or not {link.cause, link.effect} <= known:
            continue
        seen.add(pair)
        links.append(MapLinkView(link.cause, link.effect, pair in cycle_edges))
    return StrategyMap(goals, links, cycles)


# -- what the scorecard serves of METI's guidelines and NIST CSF 2.0 ------------


@dataclass
class CoverageRow:
    """A METI directive, or a NIST CSF function or category, and the items that serve it."""

    id: str  # "7", "GV", "GV.SC"
    name: str  # in the report's language
    items: list[str]  # the labels of the items that serve it: "F-G1", "Cu-K2"
    function: bool = False  # a NIST CSF function (its categories follow it)

    @property
    def served(self) -> bool:
        return bool(self.items)


@dataclass
class CoverageSummary:
    meti: list[CoverageRow]  # the ten directives
    nist: list[CoverageRow]  # each function, then its categories
    items: int  # scorecard items in all
    tagged: int  # items with at least one tag
    untagged: list[str]  # labels of the items without a tag
    meti_gaps: list[str]  # "4", "6"
    function_gaps: list[str]  # "DE"
    category_gaps: list[str]  # "GV.RM", "DE.CM"
    warnings: list[str]  # the gaps that matter for this organisation

    @property
    def meti_served(self) -> int:
        return sum(1 for row in self.meti if row.served)

    @property
    def functions_served(self) -> int:
        return sum(1 for row in self.nist if row.function and row.served)

    @property
    def categories_served(self) -> int:
        return sum(1 for row in self.nist if not row.function and row.served)


def coverage_summary(session: Session) -> CoverageSummary:
    """Which directives, functions and categories the session's scorecard items serve, with the gaps."""
    result = coverage(session)
    labels = item_labels(session.scorecard)

    def row(id: str, name: str, refs: list[ItemRef], *, function: bool = False) -> CoverageRow:
        return CoverageRow(id, name, [labels.get(ref.id, ref.id) for ref in refs], function)

    nist = []
    for function in CSF_FUNCTIONS:
        nist.append(row(function, csf_name(function), result.functions[function], function=True))
        nist += [
            row(category, csf_name(category), result.categories[category]) for category in csf_categories_of(function)
        ]
    return CoverageSummary(
        meti=[row(str(n), meti_name(n), refs) for n, refs in result.meti.items()],
        nist=nist,
        items=result.tagged + len(result.untagged),
        tagged=result.tagged,
        untagged=[labels.get(ref.id, ref.id) for ref in result.untagged],
        meti_gaps=[str(n) for n in result.meti_gaps],
        function_gaps=result.function_gaps,
        category_gaps=result.category_gaps,
        warnings=[clean(w.message) for w in result.warnings],
    )


def coverage_headline(summary: CoverageSummary) -> str:
    """ "9 of 12 items are tagged: they serve 6 of METI's 10 directives, 4 of the 6 NIST CSF functions and 9 of
    its 22 categories." (or why there is nothing to show)."""
    if not summary.items:
        return _("The scorecard has no items yet.")
    if not summary.tagged:
        return _("No scorecard item is tagged with a METI directive or a NIST CSF category yet.")
    return _(
        "{tagged} of {items} items are tagged: they serve {meti} of the 10 METI directives, "
        "{functions} of the 6 NIST CSF functions and {categories} of its 22 categories.",
        tagged=summary.tagged,
        items=summary.items,
        meti=summary.meti_served,
        functions=summary.functions_served,
        categories=summary.categories_served,
    )


def coverage_brief(session: Session) -> str:
    """One team's coverage in a workshop's table: "METI 3/10 · NIST CSF 4/6" ("–" with nothing tagged)."""
    summary = coverage_summary(session)
    if not summary.tagged:
        return NONE
    return f"METI {summary.meti_served}/10 · NIST CSF {summary.functions_served}/6"


def coverage_gaps(summary: CoverageSummary) -> list[tuple[str, str]]:
    """(what, the ids no item serves), for each framework with a gap: ("METI directives", "4, 6")."""
    gaps = [
        (_("METI directives"), ", ".join(summary.meti_gaps)),
        (_("NIST CSF functions"), ", ".join(summary.function_gaps)),
        (_("NIST CSF categories"), ", ".join(summary.category_gaps)),
    ]
    return [(what, ids) for what, ids in gaps if ids]


# -- the rest of a session ---------------------------------------------------


def organisation_facts(session: Session) -> list[tuple[str, str]]:
    org = session.organisation
    return [
        (_("Organisation"), clean(org.name) or NONE),
        (_("Sector"), sector_name(org.sector)),
        (_("Size"), size_name(org.size)),
        (_("Regulation"), regulation_name(org.regulation)),
        (_("Operates critical infrastructure"), yes_no(org.critical_infrastructure)),
        (_("Partners request security"), yes_no(org.partners_request_security)),
        (_("Currency"), session.currency or NONE),
    ]


@dataclass
class ApproachSummary:
    chosen: str  # approach name, or "" when none was chosen
    rationale: str
    recommended: str
    reason: str
    follows: bool | None  # None when nothing was chosen


def approach_summary(session: Session) -> ApproachSummary:
    recommendation = recommend_approach(session.organisation)
    choice = session.approach.choice
    return ApproachSummary(
        chosen=approach_title(choice) if choice else "",
        rationale=clean(session.approach.rationale),
        recommended=approach_title(recommendation.approach),
        reason=clean(recommendation.reason),
        follows=None if choice is None else choice is recommendation.approach,
    )


def follows_text(summary: ApproachSummary) -> str:
    if summary.follows is None:
        return _("No approach has been chosen yet.")
    if summary.follows:
        return _("The team's choice follows the recommendation.")
    return _("The team's choice differs from the recommendation.")


def warnings(session: Session) -> list[str]:
    return [clean(w.message) for w in review_warnings(session)]


@dataclass
class EvaluationSummary:
    date: str
    participants: str
    ratings: int
    usefulness: str
    availability: str
    note: str


def evaluation_summary(session: Session) -> EvaluationSummary:
    evaluation = session.evaluation
    usefulness, availability = averages(session)
    rated = sum(1 for r in evaluation.responses if r.usefulness is not None or r.availability is not None)
    return EvaluationSummary(
        date=format_date(evaluation.date),
        participants=NONE if evaluation.participants is None else str(evaluation.participants),
        ratings=rated,
        usefulness=format_average(usefulness),
        availability=format_average(availability),
        note=clean(evaluation.note),
    )


def rating(value: int | None) -> str:
    return NONE if value is None else str(value)


# -- a report as a whole -----------------------------------------------------


@dataclass
class Report:
    sessions: list[Session]
    workshop: Workshop | None
    results: Results | None

    def workshop_and_results(self) -> tuple[Workshop, Results]:
        """A workshop report's workshop and its results (``build`` makes them together)."""
        if self.workshop is None or self.results is None:
            raise ValueError("not a report on a workshop")
        return self.workshop, self.results

    @property
    def is_workshop(self) -> bool:
        return self.workshop is not None or len(self.sessions) != 1

    @property
    def title(self) -> str:
        if self.workshop is not None:
            return clean(self.workshop.name)
        if len(self.sessions) == 1:
            return clean(self.sessions[0].title)
        return ngettext("Security Scorecard: {n} session", "Security Scorecard: {n} sessions", len(self.sessions))

    @property
    def language(self) -> str:
        """The language the report is written in (``render_report`` chooses it)."""
        return current_language()


def build(sessions: list[Session], workshop: Workshop | None) -> Report:
    results = workshop_results(workshop, sessions) if workshop is not None else None
    return Report(list(sessions), workshop, results)


def workshop_facts(workshop: Workshop, results: Results) -> list[tuple[str, str]]:
    return [
        (_("Workshop"), clean(workshop.name)),
        (_("Date"), format_date(results.date)),
        (_("Venue"), clean(workshop.venue) or NONE),
        (_("Trainer"), clean(workshop.trainer) or NONE),
        (_("Teams"), str(results.teams)),
    ]


def results_header() -> list[str]:
    """The paper's Table 1, with the number of ratings added."""
    return [_("Date"), _("Participants"), _("Ratings"), _("Usefulness avg."), _("Availability avg.")]


def results_row(results: Results) -> list[str]:
    return [
        format_date(results.date),
        NONE if results.participants is None else str(results.participants),
        str(results.ratings),
        format_average(results.usefulness_avg),
        format_average(results.availability_avg),
    ]
