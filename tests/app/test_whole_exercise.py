"""The whole exercise by keyboard only: eight steps, export, then a restart finds everything."""

from __future__ import annotations

from helpers import stored

from secsc_tui.app.screens.home import HomeScreen
from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.core.model import Approach, Direction, Layer, Step
from secsc_tui.core.store import Store
from secsc_tui.core.yaml_io import read_sessions_file


async def settle(app, pilot, seconds: float = 0.1) -> None:
    await pilot.pause(seconds)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_eight_steps_by_keyboard_then_restart(db_path, app_factory, tmp_path):
    export_to = tmp_path / "team-a.yaml"
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot, 0.3)
        # Home: a new session.
        await pilot.press("n", *"Team A [workshop]", "enter")
        await settle(app, pilot, 0.3)
        screen = app.screen
        assert isinstance(screen, SessionScreen)

        # 1 Context: organisation, facilitator, one participant per layer.
        await pilot.press(*"ACME 製作所 [/b]")
        # Sector, size, regulation, then tick "critical infrastructure".
        await pilot.press("tab", "tab", "tab", "tab", "space")
        await pilot.press("tab", "tab", "tab", "tab", *"Yuko")  # partners, currency, notes, facilitator
        await pilot.press("tab", "a", *"Sato", "tab", "up", "enter")  # an executive
        await settle(app, pilot)
        await pilot.press("a", *"Tanaka", "enter")  # operational (the default)
        await settle(app, pilot)
        assert screen.session.progress.current_step is Step.CONTEXT
        assert Step.CONTEXT in screen.session.progress.done

        # 2 Gap analysis: both views of the financial perspective, severity 4.
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press(*"Security is a cost", "tab", *"Budget too small", "tab", "tab", "tab", "4")
        await settle(app, pilot)

        # 3 Strategic goal: the first common goal.
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)

        # 4 Approach: the recommendation for a critical-infrastructure operator is iii; the team takes it.
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("down", "down", "enter", "tab", *"Regulation decides")
        await settle(app, pilot)

        # 5 Scorecard: a goal in two perspectives, a CSF, a KPI and an action, all linked.
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("a", *"Quick response", "f2")
        await pilot.press("right", "a", *"Early detection", "f2", "l", "space", "enter")
        await pilot.press(
            "right",
            "a",
            *"Report time",
            "tab",
            "enter",
            "up",
            "enter",
            "tab",
            *"60",
            "tab",
            *"min",
            "tab",
            "tab",
            *"SOC",
            "enter",
        )
        await pilot.press("l", "space", "enter")
        await pilot.press("right", "a", *"Organise detection", "tab", *"SOC", "f2", "l", "space", "enter")
        await pilot.press("left", "left", "left", "pagedown", "pagedown", "pagedown", "a", *"Plus security", "f2")
        await settle(app, pilot)

        # 6 Strategy map: the learning goal causes the financial one.
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("down", "down", "down")  # to the learning & growth band
        await pilot.press("l", "up", "up", "up", "enter")
        await settle(app, pilot)

        # 7 Evaluation: two respondents, digits only.
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("5", "4", "4", "3")
        await settle(app, pilot)

        # 8 Review: export.
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("e", "ctrl+u", *str(export_to), "enter")
        await settle(app, pilot, 0.3)
        session_id = screen.session.id

    saved = stored(db_path, session_id)
    assert saved.title == "Team A [workshop]"
    assert saved.organisation.name == "ACME 製作所 [/b]" and saved.organisation.critical_infrastructure
    assert saved.people.facilitator == "Yuko"
    assert [(p.name, p.layer) for p in saved.people.participants] == [
        ("Sato", Layer.EXECUTIVE),
        ("Tanaka", Layer.OPERATIONAL),
    ]
    gap = saved.gap_analysis.financial
    assert (gap.business_view, gap.security_view, gap.severity) == ("Security is a cost", "Budget too small", 4)
    assert saved.strategic_goal.title == "Enhance brand image"
    assert (saved.approach.choice, saved.approach.rationale) == (Approach.STEER, "Regulation decides")
    fin = saved.scorecard.financial
    assert [g.text for g in fin.goals] == ["Quick response"]
    assert fin.csfs[0].supports == [fin.goals[0].id]
    kpi = fin.kpis[0]
    assert (kpi.measure, kpi.direction, kpi.target, kpi.unit, kpi.owner) == (
        "Report time",
        Direction.AT_MOST,
        60,
        "min",
        "SOC",
    )
    assert kpi.measures == [fin.csfs[0].id]
    assert fin.actions[0].moves == [kpi.id]
    learning = saved.scorecard.learning_growth.goals
    assert [g.text for g in learning] == ["Plus security"]
    assert [(link.cause, link.effect) for link in saved.strategy_map] == [(learning[0].id, fin.goals[0].id)]
    assert [(r.usefulness, r.availability) for r in saved.evaluation.responses] == [(5, 4), (4, 3)]
    assert saved.progress.current_step is Step.REVIEW
    [exported] = read_sessions_file(export_to)
    assert exported.scorecard == saved.scorecard and exported.title == saved.title

    # A restart on the same file: the session is listed and opens where it was.
    app = app_factory(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot, 0.3)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#sessions").row_text(0)[0] == "Team A [workshop]"
        await pilot.press("enter")
        await settle(app, pilot, 0.3)
        assert isinstance(app.screen, SessionScreen)
        assert app.screen.session.progress.current_step is Step.REVIEW
        assert app.screen.session.scorecard == saved.scorecard
    store = Store.open(str(db_path))
    try:
        [summary] = store.list_sessions()
        assert summary.steps_done >= 5
    finally:
        store.close()
