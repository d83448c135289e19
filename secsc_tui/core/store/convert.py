"""The one place where a domain ``Session`` becomes table rows, and rows a ``Session``
(and the same for workshops and step timers).

Rows are plain dicts (for executemany inserts) on the way in and SQLAlchemy
``Row`` tuples of plain values on the way out; no ORM object is involved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from secsc_tui.core.model import Column, Gap, Perspective, Session, Step
from secsc_tui.core.problems import DatabaseError, InvalidInput, Problem
from secsc_tui.core.timebox import StepTimer
from secsc_tui.core.workshop import Workshop
from secsc_tui.i18n import _

PERSPECTIVES = [p.value for p in Perspective]

# A perspective whose gap is all defaults has no row (compared whole, so a field added
# to Gap later is never dropped by a stale notion of "empty").
_EMPTY_GAP = Gap()

# item_link.kind -> (the scorecard column holding the source items, their link-list field).
# The same table holds every item's framework tags, as kinds "meti" and "nist_csf".
LINK_KINDS = {"supports": ("csfs", "supports"), "measures": ("kpis", "measures"), "moves": ("actions", "moves")}


@dataclass
class Rows:
    """The rows of one or more sessions, ready for executemany inserts."""

    sessions: list[dict[str, Any]] = field(default_factory=list)
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, session: Session) -> None:
        self.add_rows(session_row(session), child_rows(session))

    def add_rows(self, row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> None:
        self.sessions.append(row)
        self._add_children(children)

    def extend(self, other: Rows) -> None:
        """The rows of ``other`` after these."""
        self.sessions.extend(other.sessions)
        self._add_children(other.children)

    def _add_children(self, children: dict[str, list[dict[str, Any]]]) -> None:
        for table, rows in children.items():
            self.children.setdefault(table, []).extend(rows)


def session_row(s: Session) -> dict[str, Any]:
    org, approach, evaluation = s.organisation, s.approach, s.evaluation
    return {
        "id": s.id,
        "schema_version": s.schema_version,
        "title": s.title,
        "language": s.language.value,
        "currency": s.currency,
        "created": s.created,
        "updated": s.updated,
        "revision": s.revision,
        "current_step": s.progress.current_step.value,
        "steps_done": json.dumps([step.value for step in s.progress.done]),
        "reviewed": s.progress.reviewed,
        "org_name": org.name,
        "org_sector": org.sector.value,
        "org_size": org.size.value,
        "org_regulation": org.regulation.value,
        "org_critical_infrastructure": org.critical_infrastructure,
        "org_partners_request_security": org.partners_request_security,
        "org_notes": org.notes,
        "facilitator": s.people.facilitator,
        "goal_title": s.strategic_goal.title,
        "goal_description": s.strategic_goal.description,
        "approach_choice": approach.choice.value if approach.choice is not None else None,
        "approach_rationale": approach.rationale,
        "evaluation_date": evaluation.date,
        "evaluation_participants": evaluation.participants,
        "evaluation_note": evaluation.note,
        "history": json.dumps(s.history),
    }


def child_rows(s: Session) -> dict[str, list[dict[str, Any]]]:
    """Rows for every child table of one session (tables without rows are left out)."""
    sid = s.id
    ids = _IdCheck(sid)
    out: dict[str, list[dict[str, Any]]] = {}

    out["participant"] = [
        {
            "session_id": sid,
            "id": ids.check("participant", p.id, f"people.participants[{i}].id"),
            "position": i,
            "name": p.name,
            "layer": p.layer.value,
            "team": p.team,
            "role": p.role,
        }
        for i, p in enumerate(s.people.participants)
    ]
    out["gap"] = [
        {
            "session_id": sid,
            "perspective": name,
            "business_view": gap.business_view,
            "security_view": gap.security_view,
            "cause": gap.cause,
            "countermeasure": gap.countermeasure,
            "severity": gap.severity,
        }
        for name in PERSPECTIVES
        if (gap := s.gap_analysis[name]) != _EMPTY_GAP
    ]
    goals, csfs, kpis, actions, links = [], [], [], [], []
    for name in PERSPECTIVES:
        card = s.scorecard[name]
        at = f"scorecard.{name}"
        # An item built in code may have no number yet: it is stored with the one it would be given.
        numbers = {column: card.numbers(column) for column in Column}
        for i, goal in enumerate(card.goals):
            ids.check("goal", goal.id, f"{at}.goals[{i}].id")
            goals.append(
                {
                    "session_id": sid,
                    "id": goal.id,
                    "perspective": name,
                    "position": i,
                    "number": numbers[Column.GOALS][i],
                    "text": goal.text,
                }
            )
            links.extend(_tags(sid, goal, f"{at}.goals[{i}].id", ids))
        for i, csf in enumerate(card.csfs):
            ids.check("csf", csf.id, f"{at}.csfs[{i}].id")
            csfs.append(
                {
                    "session_id": sid,
                    "id": csf.id,
                    "perspective": name,
                    "position": i,
                    "number": numbers[Column.CSFS][i],
                    "text": csf.text,
                }
            )
            links.extend(_links(sid, "supports", csf.id, csf.supports))
            links.extend(_tags(sid, csf, f"{at}.csfs[{i}].id", ids))
        for i, kpi in enumerate(card.kpis):
            ids.check("kpi", kpi.id, f"{at}.kpis[{i}].id")
            kpis.append(
                {
                    "session_id": sid,
                    "id": kpi.id,
                    "perspective": name,
                    "position": i,
                    "number": numbers[Column.KPIS][i],
                    "measure": kpi.measure,
                    "indicator": kpi.indicator.value if kpi.indicator is not None else None,
                    "direction": kpi.direction.value,
                    "target": kpi.target,
                    "unit": kpi.unit,
                    "frequency": kpi.frequency.value if kpi.frequency is not None else None,
                    "owner": kpi.owner,
                    "baseline": kpi.baseline,
                    "baseline_on": kpi.baseline_on,
                    "current": kpi.current,
                    "current_on": kpi.current_on,
                }
            )
            links.extend(_links(sid, "measures", kpi.id, kpi.measures))
            links.extend(_tags(sid, kpi, f"{at}.kpis[{i}].id", ids))
        for i, action in enumerate(card.actions):
            ids.check("action", action.id, f"{at}.actions[{i}].id")
            actions.append(
                {
                    "session_id": sid,
                    "id": action.id,
                    "perspective": name,
                    "position": i,
                    "number": numbers[Column.ACTIONS][i],
                    "text": action.text,
                    "owner": action.owner,
                    "due": action.due,
                    "status": action.status.value,
                    "budget": action.budget,
                }
            )
            links.extend(_links(sid, "moves", action.id, action.moves))
            links.extend(_tags(sid, action, f"{at}.actions[{i}].id", ids))
    out["goal"], out["csf"], out["kpi"], out["action_plan"], out["item_link"] = (goals, csfs, kpis, actions, links)
    out["last_number"] = [
        {"session_id": sid, "perspective": name, "kind": column.value, "number": number}
        for name in PERSPECTIVES
        for column, number in s.scorecard[name].last_numbers.items()
    ]
    out["map_link"] = [
        {"session_id": sid, "position": i, "cause": link.cause, "effect": link.effect}
        for i, link in enumerate(s.strategy_map)
    ]
    out["response"] = [
        {
            "session_id": sid,
            "id": ids.check("response", r.id, f"evaluation.responses[{i}].id"),
            "position": i,
            "respondent": r.respondent,
            "usefulness": r.usefulness,
            "availability": r.availability,
            "comment": r.comment,
        }
        for i, r in enumerate(s.evaluation.responses)
    ]
    ids.raise_if_any()
    return {table: rows for table, rows in out.items() if rows}


def _links(sid: str, kind: str, source: str, targets: list[str]) -> Iterable[dict[str, Any]]:
    return (
        {"session_id": sid, "kind": kind, "source_id": source, "position": i, "target_id": t}
        for i, t in enumerate(targets)
    )


def _tags(sid: str, item: Any, path: str, ids: _IdCheck) -> list[dict[str, Any]]:
    """An item's framework tags, kept as item_link rows of kinds "meti" and "nist_csf"."""
    rows = [
        *_links(sid, "meti", item.id, [str(n) for n in item.meti]),
        *_links(sid, "nist_csf", item.id, item.nist_csf),
    ]
    if rows:  # the rows are keyed by item id alone, whatever the item's kind
        ids.check("tagged item", item.id, path)
    return rows


class _IdCheck:
    """Item ids are the tables' keys, so two items of one kind may not share an id."""

    def __init__(self, session_id: str):
        self.session_id = session_id
        self.seen: dict[tuple[str, str], str] = {}
        self.problems: list[Problem] = []

    def check(self, kind: str, item_id: str, path: str) -> str:
        first = self.seen.setdefault((kind, item_id), path)
        if first != path:
            self.problems.append(
                Problem(
                    _(
                        "session '{session_id}': id '{item_id}' is used twice (also at {first})",
                        session_id=self.session_id,
                        item_id=item_id,
                        first=first,
                    ),
                    path=path,
                )
            )
        return item_id

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)


def session_from_rows(row: Any, children: Mapping[str, list[Any]], where: str) -> Session:
    """Build the ``Session`` for one ``session`` row and its child rows (each in position order)."""
    cards: dict[str, dict[str, Any]] = {
        name: {"goals": [], "csfs": [], "kpis": [], "actions": [], "last_numbers": {}} for name in PERSPECTIVES
    }
    links: dict[tuple[str, str], list[str]] = {}
    for link in children.get("item_link", ()):
        links.setdefault((link.kind, link.source_id), []).append(link.target_id)

    def tags(item_id: str) -> dict[str, list[Any]]:
        # A directive is a number; anything else is left for the model to refuse as a DatabaseError.
        return {
            "meti": [int(n) if n.isdigit() else n for n in links.get(("meti", item_id), [])],
            "nist_csf": links.get(("nist_csf", item_id), []),
        }

    for g in children.get("goal", ()):
        cards[g.perspective]["goals"].append({"id": g.id, "number": g.number, "text": g.text, **tags(g.id)})
    for c in children.get("csf", ()):
        cards[c.perspective]["csfs"].append(
            {
                "id": c.id,
                "number": c.number,
                "text": c.text,
                "supports": links.get(("supports", c.id), []),
                **tags(c.id),
            }
        )
    for k in children.get("kpi", ()):
        cards[k.perspective]["kpis"].append(
            {
                "id": k.id,
                "number": k.number,
                "measure": k.measure,
                "indicator": k.indicator,
                "direction": k.direction,
                "target": k.target,
                "unit": k.unit,
                "frequency": k.frequency,
                "owner": k.owner,
                "baseline": k.baseline,
                "baseline_on": k.baseline_on,
                "current": k.current,
                "current_on": k.current_on,
                "measures": links.get(("measures", k.id), []),
                **tags(k.id),
            }
        )
    for a in children.get("action_plan", ()):
        cards[a.perspective]["actions"].append(
            {
                "id": a.id,
                "number": a.number,
                "text": a.text,
                "owner": a.owner,
                "due": a.due,
                "status": a.status,
                "budget": a.budget,
                "moves": links.get(("moves", a.id), []),
                **tags(a.id),
            }
        )
    for n in children.get("last_number", ()):
        cards[n.perspective]["last_numbers"][n.kind] = n.number

    data = {
        "schema_version": row.schema_version,
        "id": row.id,
        "title": row.title,
        "language": row.language,
        "currency": row.currency,
        "created": row.created,
        "updated": row.updated,
        "revision": row.revision,
        "progress": {
            "current_step": row.current_step,
            "done": json.loads(row.steps_done),
            "reviewed": bool(row.reviewed),
        },
        "organisation": {
            "name": row.org_name,
            "sector": row.org_sector,
            "size": row.org_size,
            "regulation": row.org_regulation,
            "critical_infrastructure": bool(row.org_critical_infrastructure),
            "partners_request_security": bool(row.org_partners_request_security),
            "notes": row.org_notes,
        },
        "people": {
            "facilitator": row.facilitator,
            "participants": [
                {"id": p.id, "name": p.name, "layer": p.layer, "team": p.team, "role": p.role}
                for p in children.get("participant", ())
            ],
        },
        "gap_analysis": {
            g.perspective: {
                "business_view": g.business_view,
                "security_view": g.security_view,
                "cause": g.cause,
                "countermeasure": g.countermeasure,
                "severity": g.severity,
            }
            for g in children.get("gap", ())
        },
        "strategic_goal": {"title": row.goal_title, "description": row.goal_description},
        "approach": {"choice": row.approach_choice, "rationale": row.approach_rationale},
        "scorecard": cards,
        "strategy_map": [{"cause": m.cause, "effect": m.effect} for m in children.get("map_link", ())],
        "evaluation": {
            "date": row.evaluation_date,
            "participants": row.evaluation_participants,
            "note": row.evaluation_note,
            "responses": [
                {
                    "id": r.id,
                    "respondent": r.respondent,
                    "usefulness": r.usefulness,
                    "availability": r.availability,
                    "comment": r.comment,
                }
                for r in children.get("response", ())
            ],
        },
        "history": json.loads(row.history),
    }
    try:
        return Session.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(part) for part in first["loc"])
        raise DatabaseError(
            _(
                "session '{id}' in {where} cannot be read ({at}: {problem}); the database was changed outside secsc",
                id=row.id,
                where=where,
                at=at,
                problem=first["msg"],
            )
        ) from exc


# -- workshops and timers ------------------------------------------------------------------


def name_key(name: str) -> str:
    """What makes two workshop names the same: case and surrounding spaces aside."""
    return name.strip().casefold()


def workshop_row(w: Workshop) -> dict[str, Any]:
    return {
        "id": w.id,
        "name": w.name,
        "name_key": name_key(w.name),
        "date": w.date,
        "venue": w.venue,
        "trainer": w.trainer,
        "participants": w.participants,
        "created": w.created,
        "updated": w.updated,
    }


def agenda_rows(w: Workshop) -> list[dict[str, Any]]:
    return [
        {"workshop_id": w.id, "position": i, "step": item.step.value, "minutes": item.minutes}
        for i, item in enumerate(w.agenda)
    ]


def workshop_from_rows(row: Any, agenda: Sequence[Any], where: str) -> Workshop:
    data = {
        "id": row.id,
        "name": row.name,
        "date": row.date,
        "venue": row.venue,
        "trainer": row.trainer,
        "participants": row.participants,
        "created": row.created,
        "updated": row.updated,
        "agenda": [{"step": a.step, "minutes": a.minutes} for a in agenda],
    }
    try:
        return Workshop.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(part) for part in first["loc"])
        raise DatabaseError(
            _(
                "workshop '{id}' in {where} cannot be read ({at}: {problem}); the database was changed outside secsc",
                id=row.id,
                where=where,
                at=at,
                problem=first["msg"],
            )
        ) from exc


def timer_row(timer: StepTimer) -> dict[str, Any]:
    return {
        "session_id": timer.session_id,
        "step": Step(timer.step).value,
        "started": timer.started,
        "paused_at": timer.paused_at,
        "paused_seconds": float(timer.paused_seconds),
        "extra_seconds": int(timer.extra_seconds),
        "held": timer.held,
    }


def timer_from_row(row: Any, where: str) -> StepTimer:
    try:
        step = Step(row.step)
    except ValueError as exc:
        raise DatabaseError(
            _(
                "the timer of session '{session_id}' in {where} cannot be read (step '{step}'); the database was "
                "changed outside secsc",
                session_id=row.session_id,
                where=where,
                step=row.step,
            )
        ) from exc
    return StepTimer(
        session_id=row.session_id,
        step=step,
        started=row.started,
        paused_at=row.paused_at,
        paused_seconds=float(row.paused_seconds),
        extra_seconds=int(row.extra_seconds),
        held=bool(row.held),
    )
