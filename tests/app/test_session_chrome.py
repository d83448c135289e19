"""The session screen around the steps: the footer follows the step at once."""

from __future__ import annotations

from apphelpers import open_session, sample
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from secsc_tui.app.screens.session import SessionScreen
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
        assert EVALUATION_KEYS <= shown[-1]

        frames.clear()
        await pilot.press("f7")  # back to the map, already mounted
        await settle_on(app, pilot, "MapView")
        shown = [keys for step, keys in frames if step is Step.STRATEGY_MAP]
        assert shown and all(not keys & EVALUATION_KEYS for keys in shown), shown
        assert MAP_KEYS <= shown[-1]
