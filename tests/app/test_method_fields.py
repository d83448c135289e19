"""The method's own fields by keyboard: review done once opened, the session's currency and budgets,
a KPI's indicator and the days its values were measured, the approach rule's reason."""

from __future__ import annotations

import datetime as dt

from apphelpers import open_session, screen_text, type_as_a_terminal, wait_saved
from helpers import sample, stored
from textual.widgets import Static

from secsc_tui.app.widgets.choice_field import ChoiceField
from secsc_tui.app.widgets.scorecard_grid import ScorecardGrid
from secsc_tui.app.widgets.step_bar import StepBar
from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Approach, Indicator, Regulation, Step


async def test_review_is_done_once_the_team_has_opened_it(make_db, app_factory):
    session = sample("paper-example-en")  # every rating is in
    session.progress.current_step = Step.EVALUATION
    session.progress.reviewed = False
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        bar = app.screen.query_one(StepBar)
        assert Step.EVALUATION in bar.done and Step.REVIEW not in bar.done
        await wait_saved(app, pilot)
        assert Step.REVIEW not in stored(db, session.id).progress.done

        app.screen.set_focus(None)
        await pilot.press("f8")  # the team goes through the review
        await wait_saved(app, pilot)
        assert Step.REVIEW in bar.done
        await pilot.press("f7")  # and back: the review stays done
        await wait_saved(app, pilot)
        kept = stored(db, session.id)
        assert kept.progress.reviewed and kept.progress.done == list(Step)
        assert [s.steps_done for s in app.store.list_sessions()] == [len(Step)]


async def test_currency_is_chosen_in_step_1_and_budgets_are_typed_as_people_write_them(make_db, app_factory):
    session = new_session("Budgets", currency="")
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_session(app, pilot, session.id)
        currency = app.screen.query_one("#session-currency", ChoiceField)
        currency.focus()
        await pilot.press("enter", "down", "enter")  # below "not stated": JPY, the first of the common ones
        await wait_saved(app, pilot)
        assert stored(db, session.id).currency == "JPY"

        app.screen.set_focus(None)
        await pilot.press("5")
        await pilot.pause()
        grid = app.screen.query_one(ScorecardGrid)
        await pilot.press("right", "right", "right", "a", *"Train the CSIRT", "tab", "tab", "tab", "tab")
        budget = app.screen.query_one("#action-budget")
        assert "Budget (JPY)" in screen_text(app).splitlines()[budget.region.y]  # the label beside the field
        await pilot.press(*"100 USD", "f2")
        error = str(app.screen.query_one("#form-error").render())
        assert "is in USD, but this session's amounts are in JPY" in error
        await pilot.press(*["backspace"] * 7, *"1,000,000 JPY", "f2")
        await wait_saved(app, pilot)
        [action] = stored(db, session.id).scorecard.financial.actions
        assert action.budget == 1_000_000
        assert "1,000,000 JPY" in " ".join(grid.item_lines(action.id))
        await pilot.press("enter", "tab", "tab", "tab", "tab", "ctrl+u")
        await type_as_a_terminal(app, pilot, "￥２，５００，０００")
        assert app.focused.value == "￥２，５００，０００"
        await pilot.press("f2")
        await wait_saved(app, pilot)
        assert stored(db, session.id).scorecard.financial.actions[0].budget == 2_500_000


async def test_kpi_form_takes_leading_or_lagging_and_the_days_of_baseline_and_current(make_db, app_factory):
    session = new_session("KPIs")
    session.progress.current_step = Step.SCORECARD
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_session(app, pilot, session.id)
        # measure, direction, target, unit, frequency, owner, then the indicator: the second choice, lagging
        await pilot.press(
            "right", "right", "a", *"Phishing report rate", *["tab"] * 6, "enter", "down", "down", "enter"
        )
        await pilot.press("tab", *"40", "tab", *"2025/4/1", "tab", *"55", "tab", *"2026-13-01", "f2")
        assert "Current on" in str(app.screen.query_one("#form-error").render())
        await pilot.press(*["backspace"] * 10)
        await type_as_a_terminal(app, pilot, "２０２６－０１－１０")  # as a Japanese input method writes it
        await pilot.press("f2")
        await wait_saved(app, pilot)
        [kpi] = stored(db, session.id).scorecard.financial.kpis
        assert (kpi.indicator, kpi.baseline, kpi.baseline_on, kpi.current, kpi.current_on) == (
            Indicator.LAGGING,
            40,
            dt.date(2025, 4, 1),
            55,
            dt.date(2026, 1, 10),
        )
        details = str(app.screen.query_one("#item-details").render())
        assert "lagging" in details and "baseline 40 (2025-04-01)" in details and "current 55 (2026-01-10)" in details


async def test_a_regulated_sme_whose_partners_ask_is_recommended_ii_with_the_reason(make_db, app_factory):
    session = new_session("SME")
    session.organisation.regulation = Regulation.SOME
    session.organisation.partners_request_security = True
    session.progress.current_step = Step.APPROACH
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        recommendation = str(app.screen.query_one("#approach-recommendation", Static).render())
        assert f"Recommended for this organisation: {Approach.EQUAL.value} " in recommendation
        assert "some regulation applies and customers or partners request security measures" in recommendation
