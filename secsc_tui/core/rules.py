"""The method's rules: what makes a session consistent, complete and well formed.

Three kinds of rule live here, all pure functions of a ``Session``:

- ``check_session``: consistency a file must have to be accepted (ids unique,
  links point at items of the right kind). Errors refuse an import.
- ``review_warnings``: the scorecard quality check a trainer runs before export
  (a perspective without KPIs, a KPI without a target...). Never blocking.
- ``recommend_approach`` and ``missing_for_step``: guidance shown while working.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from secsc_tui.core.model import (
    Approach,
    Column,
    Organisation,
    Perspective,
    Sector,
    Session,
    Step,
)
from secsc_tui.core.labels import perspective_name
from secsc_tui.core.problems import Problem
from secsc_tui.core.strategy_map import find_cycles
from secsc_tui.i18n import _

# Practitioners keep a strategy map to about 20 objectives; beyond that it stops
# being a picture of the strategy and becomes a to-do list.
MAX_GOALS = 20

# A map drawn as a tangle can hold hundreds of cycles; listing them all helps no one.
MAX_CYCLES_SHOWN = 10

KIND_LABELS = {
    "participant": "participant",
    "goals": "strategy goal",
    "csfs": "critical success factor",
    "kpis": "KPI",
    "actions": "action plan",
    "response": "evaluation response",
}


# -- recommendation ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recommendation:
    approach: Approach
    reason: str


def recommend_approach(organisation: Organisation) -> Recommendation:
    """The bridging approach the paper suggests for this kind of organisation.

    The rule, in order: a regulated organisation or critical infrastructure must
    build security in, so the security side steers (iii); when customers or
    partners request security measures, both strategies need equal weight (ii);
    otherwise security is aligned to the business strategy (i), the conventional case.
    """
    if organisation.regulated or organisation.sector == Sector.CRITICAL_INFRASTRUCTURE:
        why = (
            _("the organisation is regulated")
            if organisation.regulated
            else _("the organisation operates critical infrastructure")
        )
        return Recommendation(
            Approach.STEER,
            _("{why}: security requirements must shape the business strategy", why=why),
        )
    if organisation.partners_request_security:
        return Recommendation(
            Approach.EQUAL,
            _(
                "customers or partners request security measures: "
                "develop business and security strategy with equal weight"
            ),
        )
    return Recommendation(
        Approach.ALIGN,
        _(
            "no regulation or partner requests: align the security strategy "
            "to the business strategy"
        ),
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
    for item_id, item in _items(session):
        if item_id in seen:
            problems.append(
                Problem(
                    _("id '{id}' is used twice (first at {other})", id=item_id, other=seen[item_id].path),
                    path=f"{item.path}.id",
                )
            )
        else:
            seen[item_id] = item

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
                        "links to '{id}', which is a {found}, not a {kind}",
                        id=target,
                        found=_(KIND_LABELS[found.kind]),
                        kind=_(KIND_LABELS[wanted]),
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

    problems.extend(
        Problem(message, path="strategy_map", severity="warning") for message in cycle_messages(session)
    )
    return problems


def cycle_messages(session: Session) -> list[str]:
    """One message per cycle of the strategy map, at most ``MAX_CYCLES_SHOWN`` and a count of the rest."""
    cycles = find_cycles(session.strategy_map)
    messages = [
        _("the strategy map has a cycle: {cycle}", cycle=" → ".join(cycle + cycle[:1]))
        for cycle in cycles[:MAX_CYCLES_SHOWN]
    ]
    if len(cycles) > MAX_CYCLES_SHOWN:
        messages.append(_("the strategy map has {n} more cycles", n=len(cycles) - MAX_CYCLES_SHOWN))
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
            moved_by.get(kpi_id)
            for csf_id in supported_by.get(goal_id, ())
            for kpi_id in measured_by.get(csf_id, ())
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

    total_goals = 0
    for perspective in Perspective:
        card = session.scorecard[perspective]
        total_goals += len(card.goals)
        base = f"scorecard.{perspective.value}"
        if not card.kpis:
            warn(_("the {perspective} perspective has no KPI", perspective=perspective_name(perspective).lower()),
                 f"{base}.kpis")
        for i, kpi in enumerate(card.kpis):
            if kpi.target is None:
                warn(_("KPI “{kpi}” has no target", kpi=kpi.measure), f"{base}.kpis[{i}].target")
            if not kpi.owner.strip():
                warn(_("KPI “{kpi}” has no owner", kpi=kpi.measure), f"{base}.kpis[{i}].owner")

    goal_paths = {
        goal.id: (f"scorecard.{p.value}.goals[{i}]", goal.text)
        for p in Perspective
        for i, goal in enumerate(session.scorecard[p].goals)
    }
    for goal_id in goals_without_action(session):
        path, text = goal_paths[goal_id]
        warn(_("goal “{goal}” has no action plan that works towards it", goal=text), path)

    if total_goals > MAX_GOALS:
        warn(
            _(
                "{n} strategy goals: a strategy map stays readable with about {max} or fewer",
                n=total_goals,
                max=MAX_GOALS,
            ),
            "scorecard",
        )
    for message in cycle_messages(session):
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
        for perspective in Perspective:
            gap = session.gap_analysis[perspective]
            if not (gap.business_view.strip() and gap.security_view.strip()):
                missing.append(
                    _("business and security views for {perspective}",
                      perspective=perspective_name(perspective).lower())
                )
    elif step is Step.STRATEGIC_GOAL:
        if not session.strategic_goal.title.strip():
            missing.append(_("a strategic goal"))
    elif step is Step.APPROACH:
        if session.approach.choice is None:
            missing.append(_("the team's choice of approach"))
    elif step is Step.SCORECARD:
        for perspective in Perspective:
            card = session.scorecard[perspective]
            if not (card.goals and card.kpis):
                missing.append(
                    _("goals and KPIs for {perspective}", perspective=perspective_name(perspective).lower())
                )
    elif step is Step.STRATEGY_MAP:
        if not session.strategy_map:
            missing.append(_("at least one cause→effect link"))
    elif step is Step.EVALUATION:
        if not session.evaluation.responses:
            missing.append(_("at least one participant's rating"))
    return missing


def averages(session: Session) -> tuple[float | None, float | None]:
    """Average usefulness and availability over the responses that gave one."""

    def mean(values: list[int]) -> float | None:
        return sum(values) / len(values) if values else None

    responses = session.evaluation.responses
    return (
        mean([r.usefulness for r in responses if r.usefulness is not None]),
        mean([r.availability for r in responses if r.availability is not None]),
    )
