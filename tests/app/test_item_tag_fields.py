"""Tagging scorecard items by hand: the METI and NIST CSF fields of the item forms, by keyboard."""

from __future__ import annotations

from apphelpers import open_session, wait_saved
from helpers import at_scorecard, stored
from textual.widgets import Input

from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Goal, Kpi

TO_TAGS_FROM_MEASURE = 11  # the KPI form's fields between the measure and the METI directives


def field(app, selector: str) -> Input:
    return app.screen.query_one(selector, Input)


def error_text(app) -> str:
    return str(app.screen.query_one("#form-error").render())


async def test_a_goal_is_tagged_saved_and_its_tags_shown_when_edited(make_db, app_factory):
    session = at_scorecard(new_session("Tags"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("a", *"Recover fast", "tab", *"8, 7", "tab", *"rc.rp rs.ma-01", "f2")
        await wait_saved(app, pilot)
        goal = stored(db, session.id).scorecard.financial.goals[0]
        assert (goal.text, goal.meti, goal.nist_csf) == ("Recover fast", [8, 7], ["RC.RP", "RS.MA-01"])

        await pilot.press("enter")  # edit it: the tags are there, as a person would type them
        assert field(app, "#tags-meti").value == "8, 7"
        assert field(app, "#tags-nist").value == "RC.RP, RS.MA-01"
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k", "f2")  # clear the NIST ids (ctrl+k: to the end)
        await wait_saved(app, pilot)
        goal = stored(db, session.id).scorecard.financial.goals[0]
        assert (goal.meti, goal.nist_csf) == ([8, 7], [])


async def test_a_bad_tag_is_named_and_the_typed_text_kept(make_db, app_factory):
    session = at_scorecard(new_session("Bad tags"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("right", "right", "a", *"Restore time")  # a KPI
        await pilot.press(*["tab"] * TO_TAGS_FROM_MEASURE)
        meti, nist = field(app, "#tags-meti"), field(app, "#tags-nist")
        assert app.focused is meti
        # The whole form, the tag row included, fits 80x24.
        assert app.screen.region.contains_region(app.screen.query_one("#tags-row").region)
        await pilot.press(*"7, 11", "tab", *"gv.sc", "f2")
        assert error_text(app) == "METI: there is no directive 11: METI's guidelines have directives 1 to 10"
        assert app.focused is meti and meti.value == "7, 11"  # kept, to correct
        await pilot.press("backspace", "backspace", "backspace", "backspace", "tab", "end", *", GV.XX", "enter")
        assert error_text(app).startswith("NIST CSF: 'GV.XX': NIST CSF 2.0 has no category GV.XX (under GV: GV.OC,")
        assert app.focused is nist and nist.value == "gv.sc, GV.XX"
        # The long message wraps inside the dialog instead of being cut at its edge.
        error = app.screen.query_one("#form-error")
        assert error.region.height == 2 and app.screen.region.contains_region(error.region)
        assert error.region.right <= app.screen.query_one(".dialog").region.right
        assert stored(db, session.id).scorecard.financial.kpis == []  # nothing saved yet
        await pilot.press(*["backspace"] * 7, "f2")
        await wait_saved(app, pilot)
        [kpi] = stored(db, session.id).scorecard.financial.kpis
        assert (kpi.measure, kpi.meti, kpi.nist_csf) == ("Restore time", [7], ["GV.SC"])


async def test_an_action_plan_and_a_kpi_keep_their_tags_through_an_edit(make_db, app_factory):
    session = at_scorecard(new_session("Edits"))
    card = session.scorecard.financial
    card.goals = [Goal(id="g1", text="Recover fast")]
    card.kpis = [Kpi(id="k1", measure="Restore time", target=4, unit="h", meti=[8], nist_csf=["RC.RP"])]
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("right", "right", "enter")  # the KPI's form
        assert (field(app, "#tags-meti").value, field(app, "#tags-nist").value) == ("8", "RC.RP")
        await pilot.press("end", *" (hours)", "f2")  # another field changed: the tags stay
        await pilot.press("right", "a", *"Test restores", *["tab"] * 5)  # an action plan, to its tags
        assert app.focused is field(app, "#tags-meti")
        await pilot.press(*"８", "tab", *"rc.rp GV.SC", "f2")  # a full-width digit, as a Japanese IME types it
        await wait_saved(app, pilot)
        saved = stored(db, session.id).scorecard.financial
        assert (saved.kpis[0].measure, saved.kpis[0].meti, saved.kpis[0].nist_csf) == (
            "Restore time (hours)",
            [8],
            ["RC.RP"],
        )
        assert (saved.actions[0].text, saved.actions[0].meti, saved.actions[0].nist_csf) == (
            "Test restores",
            [8],
            ["RC.RP", "GV.SC"],
        )
