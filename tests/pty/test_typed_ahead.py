"""Keys typed ahead land where they were typed: bursts through a real terminal, both cores busy.

Each test types what a participant would, as one burst of bytes about 1 ms
apart (a fast typist on a slow laptop, or a browser tab on a laggy link),
then Ctrl+Q, which is queued behind the burst like any other key; the app
saves before it exits. What was saved must be exactly what was typed, in the
fields it was typed into, and nothing may act on the screen underneath.
"""

from __future__ import annotations

import pytest
from helpers import all_sessions, stored

from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Frequency, Step

pytestmark = pytest.mark.usefixtures("busy_cpu")


def session_at(step: Step, title: str = "Burst team"):
    session = new_session(title)
    session.progress.current_step = step
    return session


def open_from_home(typist, db, step_name: str):
    """The app on ``db``, its only session opened from the home list, at the step named ``step_name``."""
    app = typist(db)
    app.wait_for("Burst team")
    app.burst("enter")
    app.wait_for(step_name)
    return app


def test_new_session_dialog_then_the_first_field(make_db, typist):
    db = make_db()
    app = typist(db)
    app.wait_for("No sessions yet")
    # Before the fix: "Please give the session a title.", the text arriving after the Enter.
    app.burst("n", "Burst team 5", "enter", "ACME 製作所")
    assert app.quit() == 0
    [session] = all_sessions(db)
    assert session.title == "Burst team 5"
    assert session.organisation.name == "ACME 製作所"
    assert session.progress.current_step is Step.CONTEXT  # the 5 did not jump to step 5


def test_goal_and_csf_dialogs_and_the_link_dialog(make_db, typist):
    session = session_at(Step.SCORECARD)
    db = make_db(session)
    app = open_from_home(typist, db, "Scorecard")
    app.burst(
        "a",
        "Burst goal 5",
        "f2",  # a digit inside a dialog is text, not "go to step 5"
        "a",
        "Second goal",
        "f2",
        "right",
        "a",
        "Early detection",
        "f2",
        "l",
        "down",
        "space",
        "enter",  # tick the second goal only
    )
    assert app.quit() == 0
    saved = stored(db, session.id)
    fin = saved.scorecard.financial
    assert [goal.text for goal in fin.goals] == ["Burst goal 5", "Second goal"]
    assert [csf.text for csf in fin.csfs] == ["Early detection"]
    assert fin.csfs[0].supports == [fin.goals[1].id]
    assert saved.progress.current_step is Step.SCORECARD


def test_kpi_form_drop_downs_then_the_next_field(make_db, typist):
    session = session_at(Step.SCORECARD)
    db = make_db(session)
    app = open_from_home(typist, db, "Scorecard")
    app.burst(
        "a",
        "Quick response",
        "f2",
        "right",
        "a",
        "Early detection",
        "f2",
        "l",
        "space",
        "enter",
        "right",
        "a",
        "Report time",  # the KPI form: measure,
        "tab",
        "enter",
        "up",
        "enter",  # direction from its drop-down,
        "tab",
        "60",
        "tab",
        "min",  # target, unit,
        "tab",
        "enter",
        "down",
        "enter",  # frequency from its drop-down,
        "tab",
        "SOC lead",  # and the owner typed right after it closed
        "enter",
        "l",
        "space",
        "enter",  # the KPI measures the CSF
        "right",
        "a",
        "Organise detection",
        "tab",
        "SOC",
        "f2",
        "l",
        "space",
        "enter",  # the action moves the KPI
    )
    assert app.quit() == 0
    fin = stored(db, session.id).scorecard.financial
    [kpi] = fin.kpis
    assert (kpi.measure, kpi.target, kpi.unit, kpi.owner) == ("Report time", 60, "min", "SOC lead")
    assert kpi.frequency is not None and kpi.frequency in set(Frequency)
    assert kpi.measures == [fin.csfs[0].id]
    [action] = fin.actions
    assert (action.text, action.owner, action.moves) == ("Organise detection", "SOC", [kpi.id])


def test_gap_step_tab_moves_to_the_next_box(make_db, typist):
    session = session_at(Step.GAP_ANALYSIS)
    db = make_db(session)
    app = open_from_home(typist, db, "Gap")
    app.burst("cost", "tab", "The budget is too small", "tab", "tab", "tab", "4")
    assert app.quit() == 0
    gap = stored(db, session.id).gap_analysis.financial
    assert (gap.business_view, gap.security_view, gap.severity) == ("cost", "The budget is too small", 4)


def test_the_whole_exercise_as_one_burst(make_db, typist, tmp_path):
    """Every step and every dialog, typed without waiting for any of them to appear."""
    export_to = tmp_path / "team-a.yaml"
    db = make_db()
    app = typist(db)
    app.wait_for("No sessions yet")
    app.burst(
        "n",
        "Team A [workshop] 5",
        "enter",
        # 1 Context: organisation, facilitator, one participant per layer.
        "ACME 製作所 [/b]",
        "tab",
        "tab",
        "tab",
        "tab",
        "space",  # sector, size, regulation, critical infrastructure
        "tab",
        "tab",
        "tab",
        "tab",
        "Yuko",  # partners, currency, notes, facilitator
        "tab",
        "a",
        "Sato",
        "tab",
        "up",
        "enter",
        "a",
        "Tanaka",
        "enter",
        # 2 Gap analysis.
        "f8",
        "Security is a cost",
        "tab",
        "Budget too small",
        "tab",
        "tab",
        "tab",
        "4",
        # 3 Strategic goal: the first common goal.
        "f8",
        "enter",
        # 4 Approach.
        "f8",
        "down",
        "down",
        "enter",
        "tab",
        "Regulation decides",
        # 5 Scorecard.
        "f8",
        "a",
        "Quick response",
        "f2",
        "right",
        "a",
        "Early detection",
        "f2",
        "l",
        "space",
        "enter",
        "right",
        "a",
        "Report time",
        "tab",
        "enter",
        "up",
        "enter",
        "tab",
        "60",
        "tab",
        "min",
        "tab",
        "tab",
        "SOC",
        "enter",
        "l",
        "space",
        "enter",
        "right",
        "a",
        "Organise detection",
        "tab",
        "SOC",
        "f2",
        "l",
        "space",
        "enter",
        "left",
        "left",
        "left",
        "pagedown",
        "pagedown",
        "pagedown",
        "a",
        "Plus security",
        "f2",
        # 6 Strategy map: the learning goal causes the financial one.
        "f8",
        "down",
        "down",
        "down",
        "l",
        "up",
        "up",
        "up",
        "enter",
        # 7 Evaluation: two respondents, digits only.
        "f8",
        "5",
        "4",
        "4",
        "3",
        # 8 Review: export.
        "f8",
        "e",
        "ctrl+u",
        str(export_to),
        "enter",
    )
    assert app.quit() == 0
    [saved] = all_sessions(db)
    assert saved.title == "Team A [workshop] 5"
    assert saved.organisation.name == "ACME 製作所 [/b]" and saved.organisation.critical_infrastructure
    assert saved.people.facilitator == "Yuko"
    assert [p.name for p in saved.people.participants] == ["Sato", "Tanaka"]
    gap = saved.gap_analysis.financial
    assert (gap.business_view, gap.security_view, gap.severity) == ("Security is a cost", "Budget too small", 4)
    assert saved.strategic_goal.title == "Enhance brand image"
    assert saved.approach.rationale == "Regulation decides"
    fin = saved.scorecard.financial
    assert [g.text for g in fin.goals] == ["Quick response"]
    assert fin.csfs[0].supports == [fin.goals[0].id]
    kpi = fin.kpis[0]
    assert (kpi.measure, kpi.target, kpi.unit, kpi.owner, kpi.measures) == (
        "Report time",
        60,
        "min",
        "SOC",
        [fin.csfs[0].id],
    )
    assert fin.actions[0].moves == [kpi.id]
    learning = saved.scorecard.learning_growth.goals
    assert [g.text for g in learning] == ["Plus security"]
    assert [(link.cause, link.effect) for link in saved.strategy_map] == [(learning[0].id, fin.goals[0].id)]
    assert [(r.usefulness, r.availability) for r in saved.evaluation.responses] == [(5, 4), (4, 3)]
    assert saved.progress.current_step is Step.REVIEW
    assert export_to.exists()


def test_rename_then_open_from_the_home_list(make_db, typist):
    session = session_at(Step.CONTEXT)
    db = make_db(session)
    app = typist(db)
    app.wait_for("Burst team")
    # The rename is saved in a thread; the Enter after it opens the renamed session, whose
    # first field then takes the text (not the home list, where "d" would delete).
    app.burst("r", "ctrl+u", "Renamed 5", "enter", "enter", "Dedicated Ltd")
    assert app.quit() == 0
    saved = stored(db, session.id)
    assert saved.title == "Renamed 5"
    assert saved.organisation.name == "Dedicated Ltd"


def test_ratings_then_the_response_form(make_db, typist):
    session = session_at(Step.EVALUATION)
    db = make_db(session)
    app = open_from_home(typist, db, "Ratings")
    # Two responses by digits (the cursor then waits on the "new" row); name each one's respondent.
    app.burst("5", "4", "3", "2", "up", "enter", "Aiko", "f2", "up", "enter", "Ben", "f2")
    assert app.quit() == 0
    responses = stored(db, session.id).evaluation.responses
    assert [(r.usefulness, r.availability, r.respondent) for r in responses] == [(5, 4, "Ben"), (3, 2, "Aiko")]


def test_report_dialog_from_the_review_step(make_db, typist, tmp_path):
    session = session_at(Step.REVIEW)
    db = make_db(session)
    target = tmp_path / "report.md"
    app = open_from_home(typist, db, "Review")
    app.burst("x", "tab", "ctrl+u", str(target), "enter")
    assert app.quit() == 0
    assert target.exists() and "Burst team" in target.read_text(encoding="utf-8")
