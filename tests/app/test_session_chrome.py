"""The session screen around the steps: the footer follows the step at once, notices take
the hint line instead of covering the step, and every instruction fits at 80x24."""

from __future__ import annotations

from apphelpers import open_session, show_step, until
from helpers import sample
from textual.geometry import Region
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Step

MAP_KEYS = {"Link", "Details", "Unlink"}
EVALUATION_KEYS = {"Rate", "Add", "Delete"}


def record_frames(app, monkeypatch) -> list[tuple[Step, set[str]]]:
    """Every frame the session screen paints from now on: (the step it shows, the footer's keys)."""
    frames: list[tuple[Step, set[str]]] = []
    display = app._display

    def recording(screen, renderable) -> None:
        if renderable is not None and not app._batch_count and isinstance(screen, SessionScreen):
            footer = screen.query_one(Footer)
            keys = {str(key.description) for key in footer.query(FooterKey)} if footer.visible else set()
            frames.append((screen.session.progress.current_step, keys))
        display(screen, renderable)

    monkeypatch.setattr(app, "_display", recording)
    return frames


async def settle_on(app, pilot, widget_type: str) -> None:
    for _ in range(100):
        await pilot.pause(0.02)
        if type(app.screen.focused).__name__ == widget_type:
            break
    await pilot.pause(0.1)


async def test_the_footer_never_shows_the_last_steps_keys(make_db, app_factory, monkeypatch):
    session = sample("paper-example-en")
    session.progress.current_step = Step.STRATEGY_MAP
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        frames = record_frames(app, monkeypatch)

        await pilot.press("f8")  # to the evaluation, mounted for the first time
        await settle_on(app, pilot, "ResponseTable")
        shown = [keys for step, keys in frames if step is Step.EVALUATION]
        assert shown and all(not keys & MAP_KEYS for keys in shown), shown
        assert shown[-1] >= EVALUATION_KEYS

        frames.clear()
        await pilot.press("f7")  # back to the map, already mounted
        await settle_on(app, pilot, "MapView")
        shown = [keys for step, keys in frames if step is Step.STRATEGY_MAP]
        assert shown and all(not keys & EVALUATION_KEYS for keys in shown), shown
        assert shown[-1] >= MAP_KEYS


def fits(widget) -> bool:
    """Every word of the widget's text is painted: none cut off, none behind an ellipsis."""
    painted = widget.render_lines(Region(0, 0, *widget.outer_size))
    return " ".join(text_of(widget).split()) == " ".join(" ".join(strip.text for strip in painted).split())


def text_of(widget) -> str:
    return str(widget.render())


async def test_a_step_change_is_told_in_the_hint_line_not_over_the_step(make_db, app_factory, monkeypatch):
    # A notice shows for 3 s; on two loaded cores mounting the next step can take longer
    # than that, so the test gives it 8 s to be seen (where it shows is what is tested).
    monkeypatch.setitem(SessionScreen.say.__kwdefaults__, "timeout", 8.0)
    session = sample("paper-example-en")
    session.progress.current_step = Step.SCORECARD
    app = app_factory(make_db(session))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_session(app, pilot, session.id)
        screen = app.screen
        hint = screen.query_one("#step-hint")
        purpose = text_of(hint)
        await pilot.press("f8")
        told = "Step 6: Strategy map · F3 or F7 goes back to Scorecard"
        await until(pilot, lambda: text_of(hint) == told, "the notice of the step change")
        assert not screen.query("Toast"), "a toast covers the step"
        assert hint.has_class("-notice") and fits(hint)

        await pilot.press("f3")  # undoes the step change: said the same way
        await until(pilot, lambda: text_of(hint) == "Back to step 5: Scorecard", "the notice of the undo")
        assert not screen.query("Toast")
        # The notice goes after a few seconds; the step's hint comes back.
        await until(pilot, lambda: not hint.has_class("-notice"), "the notice to end", timeout=20)
        assert text_of(hint) == purpose


async def test_every_steps_instructions_fit_at_80x24(make_db, app_factory):
    fresh = new_session("A new team")  # every step still needs something: the longest hints
    done = sample("paper-example-en")
    app = app_factory(make_db(fresh, done))
    async with app.run_test(size=(80, 24)) as pilot:
        for session in (fresh, done):
            await open_session(app, pilot, session.id)
            screen = app.screen
            for step in Step:
                await show_step(app, pilot, step)
                hint = screen.query_one("#step-hint")
                assert fits(hint), (step, text_of(hint))
                if step is Step.EVALUATION:
                    assert fits(screen.query_one("#eval-prompt")), text_of(screen.query_one("#eval-prompt"))
                if step is Step.SCORECARD:
                    # The details are fitted again once the new step's layout has its width: wait for that.
                    details = screen.query_one("#item-details")
                    for _ in range(40):
                        if fits(details):
                            break
                        await pilot.pause(0.05)
                    assert fits(details), text_of(details)
            await pilot.press("escape", "escape")
            await until(pilot, lambda: not isinstance(app.screen, SessionScreen), "the home screen")
