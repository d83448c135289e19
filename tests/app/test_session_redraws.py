"""Typing in a session redraws the field, not the whole screen: the header's labels are set only when they change."""

from __future__ import annotations

from apphelpers import counted_calls, open_session, until, wait_saved
from helpers import at_scorecard, sample
from textual.widgets import Label

from secsc_tui.core.model import Step


async def test_typing_leaves_the_header_labels_alone(make_db, app_factory):
    session = sample("paper-example-en")
    session.progress.current_step = Step.STRATEGIC_GOAL
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(app, pilot, session.id)
        screen = app.screen
        updates = []
        for label_id in ("step-title", "step-hint"):
            label = screen.query_one(f"#{label_id}", Label)
            original = label.update
            label.update = lambda *a, _original=original, _id=label_id, **k: (updates.append(_id), _original(*a, **k))
        screen.query_one("#goal-title").focus()
        await pilot.press("end", *"ly")
        await wait_saved(app, pilot)
        assert screen.session.strategic_goal.title.endswith("ly")
        assert updates == []  # each would have laid the screen out again, on every key


async def test_a_dialog_is_not_drawn_whole_again_when_the_screen_under_it_changes(make_db, app_factory, monkeypatch):
    # Under a goal form the session screen keeps changing (its clock ticks, it polls
    # for other editors). Textual drew the form and the dimmed screen behind it whole
    # again after each such change and then whenever the covered screen was idle:
    # ~35 ms of CPU a second for a form left open, per served tab.
    from textual._compositor import Compositor

    from secsc_tui.app.screens.item_forms import TextItemForm

    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        covered = app.screen
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, TextItemForm), "the goal form")
        await pilot.pause(0.2)
        whole_draws = counted_calls(monkeypatch, Compositor, "render_full_update")
        timebox = covered.query_one("#timebox", Label)
        for second in range(3):
            timebox.update(f"◷ 9:5{second}", layout=False)  # a tick of the clock underneath
            await pilot.pause(0.05)
            for _ in range(3):  # the covered screen handles messages (polls) and goes idle
                covered.call_later(lambda: None)
                await pilot.pause(0.05)
        assert whole_draws == []
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is covered, "the session screen")
        await pilot.pause(0.1)
        assert whole_draws  # shown whole again once uncovered


async def test_typing_in_a_kpi_form_repaints_the_field_without_laying_the_form_out(make_db, app_factory, monkeypatch):
    # Textual's Input lays the whole screen out on every key (its virtual size follows
    # the text), and so did the form's preview line: most of a key's time in the KPI form.
    from textual.screen import Screen

    from secsc_tui.app.screens.item_forms import KpiForm

    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 30)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("right", "right", "a")  # the KPI column, a new KPI
        await until(pilot, lambda: isinstance(app.screen, KpiForm), "the KPI form")
        await pilot.pause(0.2)
        layouts = counted_calls(monkeypatch, Screen, "_refresh_layout")
        field = app.screen.query_one("#kpi-measure")
        measure = "Share of staff trained on phishing every quarter across all sites"  # longer than the field
        await pilot.press(*measure)
        await until(pilot, lambda: field.value == measure, "the measure typed")
        preview = app.screen.query_one("#preview", Label)
        await until(pilot, lambda: measure in str(preview.render()), "the preview")
        await pilot.pause(0.1)
        # The preview wraps onto a second line once: that needs a layout; the other keys do not.
        assert len(layouts) <= 2, layouts
        assert field.scroll_x > 0  # still scrolls to keep the caret in view
        assert preview.size.height == 2 and preview.size.width > 0


async def test_a_key_typed_in_a_dialog_is_drawn_when_the_screen_under_it_changes_at_the_same_time(
    make_db, app_factory, monkeypatch
):
    # The clock under a goal form ticks between a typed key and the form's repaint:
    # Textual then drew the clock's cells and dropped the typed character (shown only
    # with the next key). What reaches the terminal is read from the app's display calls.
    import asyncio
    import re

    from textual.app import App
    from textual.widgets import TextArea

    from secsc_tui.app.screens.item_forms import TextItemForm

    session = at_scorecard(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        covered = app.screen
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, TextItemForm), "the goal form")
        await pilot.pause(0.2)
        drawn: list[str] = []
        display = App._display

        def display_and_keep(self, screen, renderable):
            if renderable is not None and hasattr(renderable, "render_segments"):
                drawn.append(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", renderable.render_segments(self.console)))
            return display(self, screen, renderable)

        monkeypatch.setattr(App, "_display", display_and_keep)
        form = app.screen
        box = form.query_one(TextArea)
        timebox = covered.query_one("#timebox", Label)
        # The real clock stands still: a tick of its own before the draw would replace "1:23".
        for timer in list(covered._timers):
            timer.pause()
        box.insert("Quokka")
        timebox.update("◷ 1:23", layout=False)
        for _ in range(1000):  # until each screen has its widget among those to draw at its next update
            if box in form._dirty_widgets and timebox in covered._dirty_widgets:
                break
            await asyncio.sleep(0)
        assert box in form._dirty_widgets and timebox in covered._dirty_widgets
        covered._on_timer_update()  # the covered screen draws its change first
        await pilot.pause(0.3)
        assert any("1:23" in text for text in drawn)
        assert any("Quokka" in text for text in drawn)
