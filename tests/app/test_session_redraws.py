"""Typing in a session redraws the field, not the whole screen: the header's labels are set only when they change."""

from __future__ import annotations

from apphelpers import open_session, wait_saved
from helpers import sample
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
