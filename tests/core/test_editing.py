"""Editing in memory: undo steps, redo, completion of steps."""

from __future__ import annotations

import datetime as dt

from secsc_tui.core.editing import SessionEditor, steps_done
from secsc_tui.core.model import Goal, Kpi, Participant, Perspective, Session, Step

T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)


def editor(changes: list | None = None) -> SessionEditor:
    session = Session(id="s", title="t", created=T0, updated=T0)
    return SessionEditor(session, on_change=(changes.append if changes is not None else None))


def test_typing_in_one_field_is_one_undo_step():
    changes: list = []
    e = editor(changes)
    for name in ("A", "AC", "ACM", "ACME"):
        e.change("organisation.name", lambda s, name=name: setattr(s.organisation, "name", name))
    e.change("facilitator", lambda s: setattr(s.people, "facilitator", "Sato"))
    assert len(changes) == 5
    assert e.undo() == ("facilitator", "facilitator")
    assert e.session.people.facilitator == ""
    assert e.session.organisation.name == "ACME"
    e.undo()
    assert e.session.organisation.name == ""
    assert e.undo() is None
    e.redo()
    assert e.session.organisation.name == "ACME"


def test_seal_makes_a_new_step_even_with_the_same_key():
    e = editor()
    e.change("goals", lambda s: s.scorecard.financial.goals.append(Goal(id="g1", text="one")))
    e.seal()
    e.change("goals", lambda s: s.scorecard.financial.goals.append(Goal(id="g2", text="two")))
    e.undo()
    assert [g.id for g in e.session.scorecard.financial.goals] == ["g1"]


def test_undo_keeps_the_saved_revision_and_current_step():
    e = editor()
    e.change("title", lambda s: setattr(s, "title", "new"))
    e.session.revision = 7  # saved meanwhile
    e.go_to(Step.SCORECARD)
    e.undo()
    assert e.session.title == "t"
    assert e.session.revision == 7
    assert e.session.progress.current_step is Step.SCORECARD


def test_a_new_change_clears_redo():
    e = editor()
    e.change("title", lambda s: setattr(s, "title", "a"))
    e.undo()
    e.change("facilitator", lambda s: setattr(s.people, "facilitator", "b"))
    assert e.redo() is None


def test_done_steps_follow_the_content():
    e = editor()
    assert e.session.progress.done == []
    e.change("org", lambda s: setattr(s.organisation, "name", "ACME"))
    e.change("people", lambda s: s.people.participants.append(Participant(id="p", name="Sato", layer="executive")))
    assert Step.CONTEXT in e.session.progress.done
    e.undo()
    assert Step.CONTEXT not in e.session.progress.done
    assert Step.REVIEW not in steps_done(e.session)


def complete_but_not_reviewed() -> Session:
    """The paper's example with every step but review complete, the team on the evaluation step."""
    from pathlib import Path

    from secsc_tui.core.yaml_read import read_sessions_file

    [session] = read_sessions_file(Path(__file__).resolve().parents[2] / "sample_sessions" / "paper-example-en.yaml")
    session.progress.current_step = Step.EVALUATION
    session.progress.reviewed = False
    return session


def test_review_is_done_only_once_the_team_has_opened_it():
    changes: list = []
    e = SessionEditor(complete_but_not_reviewed(), on_change=changes.append)
    assert Step.EVALUATION in e.session.progress.done
    assert Step.REVIEW not in e.session.progress.done  # every rating is in, but nobody has looked at the review
    e.go_to(Step.REVIEW)
    assert e.session.progress.reviewed and Step.REVIEW in e.session.progress.done
    assert changes and changes[-1].progress.reviewed  # handed on to be saved
    e.go_to(Step.SCORECARD)
    e.change("scorecard", lambda s: setattr(s.strategic_goal, "description", "changed"))
    e.undo()
    assert Step.REVIEW in e.session.progress.done  # going back and undoing do not unsee the review


def test_review_opened_before_the_rest_is_complete_counts_once_it_is():
    e = editor()
    e.go_to(Step.REVIEW)
    assert e.session.progress.reviewed and Step.REVIEW not in e.session.progress.done


def test_undo_takes_back_only_this_editors_change_not_what_others_saved_since():
    session = Session(id="s", title="t", created=T0, updated=T0)
    session.scorecard[Perspective.FINANCIAL].insert("kpis", 0, Kpi(id="k-1", measure="time", target=60))
    editor = SessionEditor(session)
    editor.change("org", lambda s: setattr(s.organisation, "name", "ACME"))
    editor.change("kpi", lambda s: setattr(s.scorecard.financial.kpis[0], "target", 30))
    # Someone else's save arrives, merged in: a new owner and a new title.
    theirs = editor.session.model_copy(deep=True)
    theirs.scorecard.financial.kpis[0].owner = "CSIRT"
    theirs.title = "Renamed by Bob"
    editor.adopt(theirs)
    editor.undo()
    kpi = editor.session.scorecard.financial.kpis[0]
    assert (kpi.target, kpi.owner, editor.session.title) == (60, "CSIRT", "Renamed by Bob")
    editor.undo()
    assert editor.session.organisation.name == ""
    editor.redo()
    editor.redo()
    kpi = editor.session.scorecard.financial.kpis[0]
    assert (editor.session.organisation.name, kpi.target, kpi.owner) == ("ACME", 30, "CSIRT")
