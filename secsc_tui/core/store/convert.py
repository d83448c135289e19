"""The one place where a domain ``Session`` becomes table rows, and rows a ``Session``
(and the same for workshops and step timers).

Rows are plain dicts (for executemany inserts) on the way in and SQLAlchemy
``Row`` tuples of plain values on the way out; no ORM object is involved.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring  # json's own spelling of a string, characters as they are
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
    goals, csfs, kpis, actions = [], [], [], []
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
                    "meti": _json_numbers(goal.meti),
                    "nist_csf": _json_texts(goal.nist_csf),
                }
            )
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
                    "supports": _json_texts(csf.supports),
                    "meti": _json_numbers(csf.meti),
                    "nist_csf": _json_texts(csf.nist_csf),
                }
            )
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
                    "measures": _json_texts(kpi.measures),
                    "meti": _json_numbers(kpi.meti),
                    "nist_csf": _json_texts(kpi.nist_csf),
                }
            )
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
                    "moves": _json_texts(action.moves),
                    "meti": _json_numbers(action.meti),
                    "nist_csf": _json_texts(action.nist_csf),
                }
            )
    out["goal"], out["csf"], out["kpi"], out["action_plan"] = goals, csfs, kpis, actions
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


# An item's links and tags are JSON lists on its row (since 0009), spelled as ``tables.json_text``
# spells them (a test holds them equal): joined here, three times as fast as json's encoder,
# which is built anew for every call, and there are some fifty lists in a session.
def _json_texts(values: list[str]) -> str:
    return "[" + ", ".join(map(encode_basestring, values)) + "]"


def _json_numbers(values: list[int]) -> str:
    return "[" + ", ".join(map(str, values)) + "]"


def _list(text: str) -> Any:
    """A JSON list column read back. What is not JSON is handed on as it is, for the model to refuse
    (as it refuses a directive that is not a number) and the store to report where it is."""
    if text == "[]":
        return []
    try:
        return json.loads(text)
    except ValueError:
        return text


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
    for g in children.get("goal", ()):
        cards[g.perspective]["goals"].append(
            {"id": g.id, "number": g.number, "text": g.text, "meti": _list(g.meti), "nist_csf": _list(g.nist_csf)}
        )
    for c in children.get("csf", ()):
        cards[c.perspective]["csfs"].append(
            {
                "id": c.id,
                "number": c.number,
                "text": c.text,
                "supports": _list(c.supports),
                "meti": _list(c.meti),
                "nist_csf": _list(c.nist_csf),
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
                "measures": _list(k.measures),
                "meti": _list(k.meti),
                "nist_csf": _list(k.nist_csf),
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
                "moves": _list(a.moves),
                "meti": _list(a.meti),
                "nist_csf": _list(a.nist_csf),
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
            "done": _list(row.steps_done),
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
        "history": _list(row.history),
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
