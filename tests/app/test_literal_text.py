"""Whatever a person typed shows literally on every step: markup, Japanese, escapes, long lines."""

from __future__ import annotations

from enum import Enum

import pytest
from apphelpers import open_session, show_step, until
from helpers import sample
from pydantic import BaseModel

from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.core.model import Step

LITERAL = "[/b] [red]目標[/]"
HOSTILE = "売上 [/b] [red]目標[/] [link=x]y[/link] 😀 " + "x" * 300


def poison(model: BaseModel) -> None:
    """Replace every non-empty text of the session with HOSTILE, keeping ids, links and the currency code."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if (
            isinstance(value, str)
            and not isinstance(value, Enum)
            and value
            and name not in {"id", "cause", "effect", "unit", "currency"}
        ):
            setattr(model, name, HOSTILE)
        elif isinstance(value, BaseModel):
            poison(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    poison(item)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_step_shows_typed_text_literally(make_db, app_factory, size):
    session = sample("paper-example-en")
    poison(session)
    session.progress.current_step = Step.CONTEXT
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=size) as pilot:
        await open_session(app, pilot, session.id)
        for step in Step:
            await show_step(app, pilot, step)
            assert isinstance(app.screen, SessionScreen)  # no crash, no error screen
            # Some views fill in after their first paint (the evaluation's table): wait for the text.
            await until(pilot, lambda: LITERAL in shown(app), f"the typed text, literally, on step {step.value}")


def shown(app) -> str:
    return app.export_screenshot().replace("&#160;", " ").replace("&#x27;", "'")
