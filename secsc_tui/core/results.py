"""A workshop's evaluation results, in the shape of the paper's Table 1.

The paper reports per exercise: date, participants, average usefulness,
average availability. Here also the number of ratings, the distribution of
each rating (1–5) and every comment, with the team it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from secsc_tui.core.model import Session
from secsc_tui.core.workshop import Workshop

RATING_VALUES = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class Comment:
    team: str
    respondent: str
    text: str


@dataclass
class Results:
    workshop: str
    date: dt.date | None
    participants: int | None
    ratings: int  # responses with at least one rating
    usefulness_avg: float | None
    availability_avg: float | None
    usefulness: dict[int, int] = field(default_factory=dict)  # rating -> how many gave it
    availability: dict[int, int] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    teams: int = 0


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def workshop_results(workshop: Workshop, sessions: list[Session]) -> Results:
    """Results over every team session of the workshop.

    Participants: the workshop's own count when the trainer entered one; else the
    sum of the teams' evaluation counts; else the people listed in the teams.
    The date: the workshop's, else the earliest evaluation date of its teams.
    """
    usefulness: list[int] = []
    availability: list[int] = []
    comments: list[Comment] = []
    ratings = 0
    for session in sessions:
        for response in session.evaluation.responses:
            if response.usefulness is not None:
                usefulness.append(response.usefulness)
            if response.availability is not None:
                availability.append(response.availability)
            if response.usefulness is not None or response.availability is not None:
                ratings += 1
            if response.comment.strip():
                comments.append(Comment(session.title, response.respondent, response.comment))

    participants = workshop.participants
    if participants is None:
        counted = [s.evaluation.participants for s in sessions if s.evaluation.participants is not None]
        participants = sum(counted) if counted else (sum(len(s.people.participants) for s in sessions) or None)
    date = workshop.date
    if date is None:
        dates = [s.evaluation.date for s in sessions if s.evaluation.date is not None]
        date = min(dates) if dates else None
    return Results(
        workshop=workshop.name,
        date=date,
        participants=participants,
        ratings=ratings,
        usefulness_avg=_mean(usefulness),
        availability_avg=_mean(availability),
        usefulness={v: usefulness.count(v) for v in RATING_VALUES},
        availability={v: availability.count(v) for v in RATING_VALUES},
        comments=comments,
        teams=len(sessions),
    )


def round_half_up(value: float, places: int = 1) -> float:
    """Rounded as people round: 4.25 -> 4.3, 4.35 -> 4.4 (not to even, not by the float's binary value).

    The one rule for every format (terminal, Markdown, HTML, CSV and the numbers
    written into XLSX cells), so that a report and the screen never disagree.
    The float's shortest decimal spelling is what is rounded: 4.35 is 4.35 here,
    although the nearest binary float is a hair below it.
    """
    exponent = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP))


def format_average(value: float | None) -> str:
    """One decimal, as the paper reports it ("4.5"), rounded half up; an en dash when there is none."""
    return "–" if value is None else f"{round_half_up(value):.1f}"
