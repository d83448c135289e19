"""Workshops, their results in the paper's shape, and step timeboxes."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import minimal_session

from secsc_tui.core import timebox
from secsc_tui.core.model import Participant, Response, Step
from secsc_tui.core.results import format_average, workshop_results
from secsc_tui.core.workshop import DEFAULT_MINUTES, Workshop

T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)


def workshop(**kw) -> Workshop:
    return Workshop(id="w1", name="Nagoya", created=T0, updated=T0, **kw)


def team(session_id: str, ratings: list[tuple[int | None, int | None, str]], people: int = 0):
    s = minimal_session(session_id)
    s.title = f"Team {session_id}"
    s.evaluation.responses = [
        Response(id=f"r{i}", usefulness=u, availability=a, comment=c) for i, (u, a, c) in enumerate(ratings)
    ]
    s.people.participants = [Participant(id=f"p{i}", name=f"P{i}", layer="operational") for i in range(people)]
    return s


def test_results_match_hand_computed_figures():
    teams = [
        team("a", [(5, 4, "useful"), (4, 4, ""), (5, 3, "clear")], people=5),
        team("b", [(4, None, ""), (None, 2, "too long"), (5, 5, "")], people=6),
    ]
    results = workshop_results(workshop(date=dt.date(2025, 8, 26)), teams)
    # usefulness: 5,4,5,4,5 -> 23/5 = 4.6; availability: 4,4,3,2,5 -> 18/5 = 3.6
    assert results.usefulness_avg == pytest.approx(4.6)
    assert results.availability_avg == pytest.approx(3.6)
    assert results.ratings == 6
    assert results.participants == 11  # people listed in the two teams
    assert results.usefulness == {1: 0, 2: 0, 3: 0, 4: 2, 5: 3}
    assert results.availability == {1: 0, 2: 1, 3: 1, 4: 2, 5: 1}
    assert [(c.team, c.text) for c in results.comments] == [
        ("Team a", "useful"),
        ("Team a", "clear"),
        ("Team b", "too long"),
    ]
    assert (format_average(results.usefulness_avg), format_average(None)) == ("4.6", "–")


def test_participants_and_date_prefer_what_the_trainer_entered():
    t = team("a", [(5, 5, "")], people=3)
    t.evaluation.participants = 31
    t.evaluation.date = dt.date(2025, 8, 27)
    assert workshop_results(workshop(), [t]).participants == 31
    assert workshop_results(workshop(participants=40), [t]).participants == 40
    assert workshop_results(workshop(), [t]).date == dt.date(2025, 8, 27)
    empty = workshop_results(workshop(), [])
    assert (empty.participants, empty.usefulness_avg, empty.ratings) == (None, None, 0)


def test_agenda_defaults_and_lookup():
    w = workshop()
    assert [item.step for item in w.agenda] == list(Step)
    assert w.minutes_for(Step.SCORECARD) == DEFAULT_MINUTES[Step.SCORECARD]
    w.agenda = []
    assert w.minutes_for(Step.REVIEW) == DEFAULT_MINUTES[Step.REVIEW]


def test_timer_pause_extend_reset():
    start = T0
    t = timebox.start("s", Step.SCORECARD, start)
    at = lambda minutes: start + dt.timedelta(minutes=minutes)  # noqa: E731
    assert t.remaining(at(10), 45) == 35 * 60
    t = timebox.pause(t, at(10))
    assert t.remaining(at(30), 45) == 35 * 60  # paused: the clock stands still
    t = timebox.resume(t, at(30))
    assert t.remaining(at(40), 45) == 25 * 60
    t = timebox.extend(t, 5 * 60)
    assert t.remaining(at(40), 45) == 30 * 60
    assert t.remaining(at(80), 45) == -10 * 60
    assert timebox.format_remaining(t.remaining(at(80), 45)) == "-10:00"
    assert timebox.format_remaining(90.2) == "1:31"
    t = timebox.reset(t, at(80))
    assert t.remaining(at(80), 45) == 45 * 60 and not t.paused
