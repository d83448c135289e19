"""The method's rules: what makes a session consistent, complete and well formed.

Three kinds of rule live here, all pure functions of a ``Session``:

- ``check_session``: consistency a file must have to be accepted (ids unique,
  item numbers unique in their list, links point at items of the right kind).
  Errors refuse an import.
- ``review_warnings``: the scorecard quality check a trainer runs before export
  (a perspective without KPIs, a KPI without a target...). Never blocking.
- ``recommend_approach`` and ``missing_for_step``: guidance shown while working.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from secsc_tui.core.labels import item_labels, perspective_name
from secsc_tui.core.model import (
    Approach,
    Column,
    Organisation,
    Perspective,
    Regulation,
    Sector,
    Session,
    Step,
)
from secsc_tui.core.problems import Problem
from secsc_tui.core.strategy_map import find_cycles
from secsc_tui.i18n import N_, _, ngettext

# Practitioners keep a strategy map to about 20 objectives; beyond that it stops
# being a picture of the strategy and becomes a to-do list.
MAX_GOALS = 20

# A map drawn as a tangle can hold hundreds of cycles; listing them all helps no one.
MAX_CYCLES_SHOWN = 10

KIND_LABELS = {
    "participant": N_("participant"),
    "goals": N_("strategy goal"),
    "csfs": N_("critical success factor"),
    "kpis": N_("KPI"),
    "actions": N_("action plan"),
    "response": N_("evaluation response"),
}
KIND_WITH_ARTICLE = {
    "participant": N_("a participant"),
    "goals": N_("a strategy goal"),
    "csfs": N_("a critical success factor"),
    "kpis": N_("a KPI"),
    "actions": N_("an action plan"),
    "response": N_("an evaluation response"),
}


# -- recommendation ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recommendation:
    approach: Approach
    reason: str


def recommend_approach(organisation: Organisation) -> Recommendation:
    """The bridging approach the paper suggests for this kind of organisation.

    The paper keeps steering from the security side (iii) for sectors with strong
    regulation where security must be built in, such as critical infrastructure;
    most companies fit aligning (i) or equal weight (ii), and ii has become
    necessary as customers and supply-chain partners ask for security measures.
    So, in order: heavy regulation or critical infrastructure -> iii; some
    regulation or partner requests -> ii; otherwise i, the conventional case.
    """
    heavy = organisation.regulation is Regulation.HEAVY
    critical = organisation.critical_infrastructure or organisation.sector is Sector.CRITICAL_INFRASTRUCTURE
    if heavy or critical:
        if heavy and critical:
            why = _("the organisation operates critical infrastructure under heavy regulation")
        elif heavy:
            why = _("the organisation is heavily regulated: security is prescribed and audited")
        else:
            why = _("the organisation operates critical infrastructure")
        return Recommendation(
            Approach.STEER,
            _("{why}, so security requirements must shape the business strategy", why=why),
        )
    some = organisation.regulation is Regulation.SOME
    if some or organisation.partners_request_security:
        if some and organisation.partners_request_security:
            why = _("some regulation applies and customers or partners request security measures")
        elif some:
            why = _("some regulation applies, but not the heavy kind that puts security in charge")
        else:
            why = _("customers or partners request security measures")
        return Recommendation(
            Approach.EQUAL,
            _("{why}: develop business and security strategy with equal weight", why=why),
        )
    return Recommendation(
        Approach.ALIGN,
        _("no regulation or partner requests: align the security strategy to the business strategy"),
    )


# -- consistency ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    kind: str  # a key of KIND_LABELS
    path: str


def _items(session: Session) -> Iterator[tuple[str, _Item]]:
    for i, participant in enumerate(session.people.participants):
        yield participant.id, _Item("participant", f"people.participants[{i}]")
    for perspective in Perspective:
        card = session.scorecard[perspective]
        for column in Column:
            for i, item in enumerate(card.column(column)):
                yield item.id, _Item(column.value, f"scorecard.{perspective.value}.{column.value}[{i}]")
    for i, response in enumerate(session.evaluation.responses):
        yield response.id, _Item("response", f"evaluation.responses[{i}]")


def item_index(session: Session) -> dict[str, str]:
    """Map every item id to its kind ("goals", "csfs", "kpis", "actions", ...)."""
    return {item_id: item.kind for item_id, item in _items(session)}


# (column holding the links, name of the link field, kind the links must point at)
_LINK_FIELDS = (
    (Column.CSFS, "supports", "goals"),
    (Column.KPIS, "measures", "csfs"),
    (Column.ACTIONS, "moves", "kpis"),
)


def check_session(session: Session) -> list[Problem]:
    """Problems that make a session inconsistent; an import with any is refused."""
    problems: list[Problem] = []
    if not session.title.strip():  # the app refuses such a title too; a list of sessions needs names
        problems.append(Problem(_("the title is empty: give the session a title"), path="title"))
    seen: dict[str, _Item] = {}
    for item_id, place in _items(session):
        if item_id in seen:
            problems.append(
                Problem(
                    _("id '{id}' is used twice (first at {other})", id=item_id, other=seen[item_id].path),
                    path=f"{place.path}.id",
                )
            )
        else:
            seen[item_id] = place

    def check_target(target: str, wanted: str, path: str) -> None:
        found = seen.get(target)
        if found is None:
            problems.append(
                Problem(
                    _(
                        "links to '{id}', but there is no {kind} with that id",
                        id=target,
                        kind=_(KIND_LABELS[wanted]),
                    ),
                    path=path,
                )
            )
        elif found.kind != wanted:
            problems.append(
                Problem(
                    _(
                        "links to '{id}', which is {found}, not {kind}",
                        id=target,
                        found=_(KIND_WITH_ARTICLE[found.kind]),
                        kind=_(KIND_WITH_ARTICLE[wanted]),
                    ),
                    path=path,
                )
            )

    for perspective in Perspective:
        card = session.scorecard[perspective]
        for column, field, wanted in _LINK_FIELDS:
            for i, item in enumerate(card.column(column)):
                base = f"scorecard.{perspective.value}.{column.value}[{i}].{field}"
                listed: set[str] = set()  # a set, not a slice of the list: linear in the list's length
                for j, target in enumerate(getattr(item, field)):
                    if target in listed:
                        problems.append(Problem(_("'{id}' is listed twice", id=target), path=f"{base}[{j}]"))
                    else:
                        listed.add(target)
                        check_target(target, wanted, f"{base}[{j}]")

    for perspective in Perspective:
        card = session.scorecard[perspective]
        for column in Column:
            first: dict[int, int] = {}  # number -> index of the first item that has it
            for i, item in enumerate(card.column(column)):
                if item.number is not None and first.setdefault(item.number, i) != i:
                    at = f"scorecard.{perspective.value}.{column.value}"
                    problems.append(
                        Problem(
                            _(
                                "number {number} is used twice in this list (first at {other}): each item's number "
                                "is its own",
                                number=item.number,
                                other=f"{at}[{first[item.number]}]",
                            ),
                            path=f"{at}[{i}].number",
                        )
                    )

    pairs: set[tuple[str, str]] = set()
    for i, link in enumerate(session.strategy_map):
        base = f"strategy_map[{i}]"
        check_target(link.cause, "goals", f"{base}.cause")
        check_target(link.effect, "goals", f"{base}.effect")
        if link.cause == link.effect:
            problems.append(Problem(_("a goal cannot be its own cause"), path=base))
        elif (link.cause, link.effect) in pairs:
            problems.append(
                Problem(
                    _("the link {cause} → {effect} is listed twice", cause=link.cause, effect=link.effect),
                    path=base,
                )
            )
        pairs.add((link.cause, link.effect))

    steps_done: set[Step] = set()
    for i, step in enumerate(session.progress.done):
        if step in steps_done:
            problems.append(Problem(_("step '{step}' is listed twice", step=step.value), path=f"progress.done[{i}]"))
        steps_done.add(step)

    problems.extend(Problem(message, path="strategy_map", severity="warning") for message in cycle_messages(session))
    return problems


def cycle_messages(session: Session, labels: Mapping[str, str] | None = None) -> list[str]:
    """One message per cycle of the strategy map, at most ``MAX_CYCLES_SHOWN`` and a count of the rest;
    goals are named by ``labels`` where given (the review speaks the team's labels), else by id."""
    name = labels or {}
    cycles = find_cycles(session.strategy_map)
    messages = [
        _(
            "the strategy map has a cycle: {cycle}",
            cycle=" → ".join(name.get(goal_id, goal_id) for goal_id in cycle + cycle[:1]),
        )
        for cycle in cycles[:MAX_CYCLES_SHOWN]
    ]
    if len(cycles) > MAX_CYCLES_SHOWN:
        rest = len(cycles) - MAX_CYCLES_SHOWN
        messages.append(ngettext("the strategy map has {n} more cycle", "the strategy map has {n} more cycles", rest))
    return messages


# -- review -----------------------------------------------------------------


def goals_without_action(session: Session) -> list[str]:
    """Goal ids that no action plan reaches through CSF → KPI → action links."""
    supported_by: dict[str, set[str]] = {}  # goal -> csfs
    measured_by: dict[str, set[str]] = {}  # csf -> kpis
    moved_by: dict[str, set[str]] = {}  # kpi -> actions
    goals: list[str] = []
    for perspective in Perspective:
        card = session.scorecard[perspective]
        goals.extend(goal.id for goal in card.goals)
        for csf in card.csfs:
            for goal_id in csf.supports:
                supported_by.setdefault(goal_id, set()).add(csf.id)
        for kpi in card.kpis:
            for csf_id in kpi.measures:
                measured_by.setdefault(csf_id, set()).add(kpi.id)
        for action in card.actions:
            for kpi_id in action.moves:
                moved_by.setdefault(kpi_id, set()).add(action.id)

    def reached(goal_id: str) -> bool:
        return any(
            moved_by.get(kpi_id) for csf_id in supported_by.get(goal_id, ()) for kpi_id in measured_by.get(csf_id, ())
        )

    return [goal_id for goal_id in goals if not reached(goal_id)]


def review_warnings(session: Session) -> list[Problem]:
    """The scorecard quality check: gaps a trainer should look at before export."""
    warnings: list[Problem] = []

    def warn(message: str, path: str) -> None:
        warnings.append(Problem(message, path=path, severity="warning"))

    if not session.strategic_goal.title.strip():
        warn(_("no strategic goal has been chosen"), "strategic_goal.title")
    if session.approach.choice is None:
        warn(_("no bridging approach has been chosen"), "approach.choice")

    labels = item_labels(session.scorecard)  # the names the team uses, as in the grid and on the map
    total_goals = 0
    for perspective in Perspective:
        card = session.scorecard[perspective]
        total_goals += len(card.goals)
        base = f"scorecard.{perspective.value}"
        if not card.kpis:
            warn(
                _("the {perspective} perspective has no KPI", perspective=perspective_name(perspective).lower()),
                f"{base}.kpis",
            )
        for i, kpi in enumerate(card.kpis):
            if kpi.target is None:
                warn(
                    _("KPI {label} “{kpi}” has no target", label=labels[kpi.id], kpi=kpi.measure),
                    f"{base}.kpis[{i}].target",
                )
            if not kpi.owner.strip():
                warn(
                    _("KPI {label} “{kpi}” has no owner", label=labels[kpi.id], kpi=kpi.measure),
                    f"{base}.kpis[{i}].owner",
                )

    goal_paths = {
        goal.id: (f"scorecard.{p.value}.goals[{i}]", goal.text)
        for p in Perspective
        for i, goal in enumerate(session.scorecard[p].goals)
    }
    for goal_id in goals_without_action(session):
        path, text = goal_paths[goal_id]
        warn(
            _("goal {label} “{goal}” has no action plan that works towards it", label=labels[goal_id], goal=text), path
        )

    if total_goals > MAX_GOALS:
        warn(
            _(
                "{n} strategy goals: a strategy map stays readable with about {max} or fewer",
                n=total_goals,
                max=MAX_GOALS,
            ),
            "scorecard",
        )
    for message in cycle_messages(session, labels):
        warn(message, "strategy_map")
    return warnings


# -- step guidance ----------------------------------------------------------


def missing_for_step(session: Session, step: Step) -> list[str]:
    """What a step still lacks before it can sensibly be called done (empty = ready)."""
    missing: list[str] = []
    if step is Step.CONTEXT:
        if not session.organisation.name.strip():
            missing.append(_("the organisation's name"))
        if not session.people.participants:
            missing.append(_("at least one participant"))
    elif step is Step.GAP_ANALYSIS:
        gaps = session.gap_analysis
        lacking = [p for p in Perspective if not (gaps[p].business_view.strip() and gaps[p].security_view.strip())]
        if lacking:
            missing.append(_("both sides' views for {perspectives}", perspectives=_perspective_list(lacking)))
    elif step is Step.STRATEGIC_GOAL:
        if not session.strategic_goal.title.strip():
            missing.append(_("a strategic goal"))
    elif step is Step.APPROACH:
        if session.approach.choice is None:
            missing.append(_("the team's choice of approach"))
    elif step is Step.SCORECARD:
        lacking = [p for p in Perspective if not (session.scorecard[p].goals and session.scorecard[p].kpis)]
        if lacking:
            missing.append(_("goals and KPIs for {perspectives}", perspectives=_perspective_list(lacking)))
    elif step is Step.STRATEGY_MAP:
        if not session.strategy_map:
            missing.append(_("at least one cause→effect link"))
    elif step is Step.EVALUATION and not session.evaluation.responses:
        missing.append(_("at least one participant's rating"))
    return missing


def _perspective_list(perspectives: list[Perspective]) -> str:
    # Short names, so that what a step still needs fits on the line under the header.
    return ", ".join(perspective_name(p, short=True).lower() for p in perspectives)


def averages(session: Session) -> tuple[float | None, float | None]:
    """Average usefulness and availability over the responses that gave one."""

    def mean(values: list[int]) -> float | None:
        return sum(values) / len(values) if values else None

    responses = session.evaluation.responses
    return (
        mean([r.usefulness for r in responses if r.usefulness is not None]),
        mean([r.availability for r in responses if r.availability is not None]),
    )
