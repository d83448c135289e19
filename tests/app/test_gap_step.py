"""Step 2: the gap analysis, driven by keyboard."""

from __future__ import annotations

from apphelpers import open_session, wait_saved
from helpers import sample, stored

from secsc_tui.app.steps.gap_analysis import GapText, PerspectiveTabs, SeverityControl
from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Step


def at_gaps(session):
    session.progress.current_step = Step.GAP_ANALYSIS
    return session


def focused(app):
    return app.screen.focused


async def open_gaps(app, pilot, session_id):
    """Open the session and wait until the step view is laid out and has the cursor."""
    await open_session(app, pilot, session_id)
    for _ in range(40):
        view = app.screen.query("#step-gap_analysis")
        if view and view.first().size.height and isinstance(focused(app), GapText):
            await pilot.pause()
            return view.first()
        await pilot.pause(0.05)
    raise AssertionError("the gap analysis did not show")


async def test_fill_two_perspectives_switch_and_rate(make_db, app_factory, tmp_path):
    session = at_gaps(new_session("Gaps"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gaps(app, pilot, session.id)
        area = focused(app)
        assert isinstance(area, GapText) and (area.perspective.value, area.field) == ("financial", "business_view")

        await pilot.press(*"売[/b]")
        await pilot.press("tab", "S", "tab", "C", "tab", "M", "tab")
        assert isinstance(focused(app), SeverityControl)
        await pilot.press("4")

        # Alt+→ goes to the customer perspective and keeps the cursor on the severity.
        await pilot.press("alt+right")
        control = focused(app)
        assert isinstance(control, SeverityControl) and control.perspective.value == "customer"
        await pilot.press("2", "shift+tab", "m", "shift+tab", "c")
        area = focused(app)
        assert (area.perspective.value, area.field) == ("customer", "cause")
        await wait_saved(app, pilot)

        gaps = stored(db, session.id).gap_analysis
        assert (gaps.financial.business_view, gaps.financial.security_view) == ("売[/b]", "S")
        assert (gaps.financial.cause, gaps.financial.countermeasure, gaps.financial.severity) == ("C", "M", 4)
        assert (gaps.customer.cause, gaps.customer.countermeasure, gaps.customer.severity) == ("c", "m", 2)
        assert gaps.customer.business_view == ""
        assert gaps.internal_processes.is_empty()

        # Enter on a severity moves on to the next perspective's business view.
        await pilot.press("tab", "tab", "enter")
        area = focused(app)
        assert (area.perspective.value, area.field) == ("internal_processes", "business_view")

        # The strip shows each perspective's progress as marks, not colour alone.
        tabs = app.screen.query_one(PerspectiveTabs)
        strip = tabs.render().plain
        assert "[Processes ◌ -/5]" in strip and "Customer ◌ 2/5" in strip
        assert "Financial ✓ 4/5" in strip
        assert "Learning ◌ -/5" in strip

        app.save_screenshot(str(tmp_path / "gaps-80x24.svg"))


async def test_tab_strip_chooses_perspective_and_text_shows_literally(make_db, app_factory):
    session = at_gaps(new_session("Gaps"))
    session.gap_analysis.financial.business_view = "売上 [/b] [red]目標"
    session.gap_analysis.financial.security_view = "x"
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gaps(app, pilot, session.id)
        # Work starts on the first perspective without both views: customer.
        area = focused(app)
        assert (area.perspective.value, area.field) == ("customer", "business_view")
        tabs = app.screen.query_one(PerspectiveTabs)
        assert "[Customer ◌ -/5]" in tabs.render().plain
        await pilot.press("shift+tab")
        assert focused(app) is tabs
        await pilot.press("left")
        assert "[Financial ✓ -/5]" in tabs.render().plain
        await pilot.pause()
        # What was typed shows literally, markup-like text and Japanese included.
        financial = app.screen.query_one("#gap-financial-business_view", GapText)
        shown = "".join(financial.render_line(y).text for y in range(financial.size.height))
        assert "売上 [/b] [red]目標" in shown
        await pilot.press("left")  # wraps round to learning & growth
        await pilot.press("enter")
        area = focused(app)
        assert (area.perspective.value, area.field) == ("learning_growth", "business_view")


async def test_severity_digits_clear_adjust_and_undo(make_db, app_factory):
    session = at_gaps(new_session("Gaps"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gaps(app, pilot, session.id)
        control = app.screen.query_one("#severity-financial", SeverityControl)
        control.focus()
        await pilot.press("5")
        assert "◼◼◼◼◼ 5/5" in control.render().plain
        await pilot.press("left")
        assert control.value == 4
        await pilot.press("0")
        assert control.value is None
        assert "not rated" in control.render().plain
        await pilot.press("3", "delete")
        assert control.value is None
        await pilot.press("right", "right")
        assert control.value == 2
        await wait_saved(app, pilot)
        assert stored(db, session.id).gap_analysis.financial.severity == 2
        # The digit did not jump to step 2/3: we are still on the gap analysis.
        assert app.screen.session.progress.current_step is Step.GAP_ANALYSIS

        await pilot.press("f3")  # undo the last rating: back to 1
        assert control.value == 1
        await wait_saved(app, pilot)
        assert stored(db, session.id).gap_analysis.financial.severity == 1


async def test_undo_redraws_text_and_roomy_overview(make_db, app_factory):
    session = at_gaps(sample("paper-example-ja"))
    session.gap_analysis.customer.business_view = "売上 [/b] [red]目標"
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_gaps(app, pilot, session.id)
        assert view.has_class("roomy")
        overview = app.screen.query_one("#gap-overview").render()
        assert "売上 [/b] [red]目標" in str(overview)
        assert "◼◼◼◼◻ 4/5" in str(overview)

        area = focused(app)
        assert area.perspective.value == "financial"
        before = area.text
        await pilot.press(*"追記")
        await wait_saved(app, pilot)
        assert stored(db, session.id).gap_analysis.financial.business_view == before + "追記"
        await pilot.press("f3")
        await pilot.pause()
        assert area.text == before
        await wait_saved(app, pilot)
        assert stored(db, session.id).gap_analysis.financial.business_view == before
