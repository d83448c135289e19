"""Step 4 by keyboard: the recommended bridging approach, the team's choice and rationale."""

from __future__ import annotations

from apphelpers import open_session, until, wait_saved
from helpers import stored
from textual.geometry import Region
from textual.widgets import RadioSet, Static

from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Approach, Regulation, Step


def shown(widget) -> str:
    """The text a widget shows on screen right now, line by line."""
    width, height = widget.size
    return "\n".join(strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height)))


def approach_session(**organisation):
    session = new_session("Grid 売上 [/b] [red]目標")
    for key, value in organisation.items():
        setattr(session.organisation, key, value)
    session.progress.current_step = Step.APPROACH
    return session


def radio_labels(screen) -> dict[str, str]:
    return {a.value: screen.query_one(f"#approach-{a.name.lower()}").label.plain for a in Approach}


async def test_heavily_regulated_org_gets_iii_and_the_team_choice_and_rationale_are_kept(make_db, app_factory):
    session = approach_session(regulation=Regulation.HEAVY, name="送電 [b]")
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        screen = app.screen
        labels = radio_labels(screen)
        assert "✦ recommended" in labels["iii"]
        assert "recommended" not in labels["i"] and "recommended" not in labels["ii"]
        recommendation = shown(screen.query_one("#approach-recommendation", Static))
        assert "✦ Recommended for this organisation: iii" in recommendation
        assert "heavily regulated" in recommendation
        assert isinstance(app.focused, RadioSet)

        # The team picks ii with the radio set's own keys, then explains why.
        def comparison() -> str:
            return shown(screen.query_one("#approach-comparison", Static))

        await pilot.press("down", "enter")
        await until(pilot, lambda: "The team chose ii" in comparison(), "the comparison")
        assert "iii is suggested" in comparison() and "rationale is still empty" in comparison()
        assert app.screen.session.approach.choice is Approach.EQUAL
        await pilot.press("tab")
        await pilot.press(*"売上 [/b]")
        await until(pilot, lambda: "rationale is still empty" not in comparison(), "the rationale taken in")

        # Choosing the recommendation says so.
        await pilot.press("shift+tab", "down", "enter")
        await until(pilot, lambda: "matches the recommendation" in comparison(), "the match")
        await wait_saved(app, pilot)
        saved = stored(db, session.id)
        assert saved.approach.choice is Approach.STEER
        assert saved.approach.rationale == "売上 [/b]"


async def test_recommendation_follows_a_profile_change_on_step_1(make_db, app_factory):
    session = approach_session()
    session.progress.current_step = Step.CONTEXT
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("tab", "tab", "tab", "tab")  # name → sector → size → regulation → "critical infrastructure"
        await pilot.press("4")  # a check box does not take digits: jump to step 4
        await pilot.pause()
        assert app.screen.session.progress.current_step is Step.APPROACH
        assert "✦ recommended" in radio_labels(app.screen)["i"]
        assert isinstance(app.focused, RadioSet)
        await pilot.press("1")  # nor does the radio set: back to step 1, where focus starts on the name
        await pilot.pause()
        assert app.screen.session.progress.current_step is Step.CONTEXT
        await pilot.press("tab", "tab", "tab", "tab", "space")
        assert app.screen.session.organisation.critical_infrastructure is True
        await pilot.press("4")
        await pilot.pause()
        assert app.screen.session.progress.current_step is Step.APPROACH
        labels = radio_labels(app.screen)
        assert "✦ recommended" in labels["iii"] and "recommended" not in labels["i"]
        assert "iii" in shown(app.screen.query_one("#approach-recommendation", Static))


async def test_undoing_the_first_choice_empties_the_radio_set(make_db, app_factory):
    session = approach_session(partners_request_security=True)
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        assert "✦ recommended" in radio_labels(app.screen)["ii"]
        await pilot.press("enter")  # the cursor starts on i
        await wait_saved(app, pilot)
        assert stored(db, session.id).approach.choice is Approach.ALIGN
        await pilot.press("f3")
        await wait_saved(app, pilot)
        assert stored(db, session.id).approach.choice is None
        radio_set = app.screen.query_one("#approach-choice", RadioSet)
        assert radio_set.pressed_button is None
        assert "No choice yet" in shown(app.screen.query_one("#approach-comparison", Static))
        await pilot.press("f4")  # redo puts it back
        await wait_saved(app, pilot)
        assert stored(db, session.id).approach.choice is Approach.ALIGN
        assert app.screen.query_one("#approach-choice", RadioSet).pressed_index == 0
