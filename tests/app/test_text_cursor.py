"""Typing into a box that already holds text adds to its end, in every step and form.

A reopened session is the usual case: the box gets focus with the team's text in
it, and the first keys must not land in front of that text.
"""

from __future__ import annotations

import pytest
from apphelpers import open_session
from helpers import sample

from secsc_tui.core.model import Step

# (step, keys from where the step puts the focus, the box that then has it)
PLACES = [
    (Step.CONTEXT, ["tab"] * 7, "org-notes"),
    (Step.GAP_ANALYSIS, [], "gap-financial-business_view"),
    (Step.GAP_ANALYSIS, ["tab"], "gap-financial-security_view"),
    (Step.STRATEGIC_GOAL, ["tab"], "goal-description"),
    (Step.APPROACH, ["tab"], "approach-rationale"),
    (Step.EVALUATION, ["shift+tab"], "eval-note"),
    (Step.SCORECARD, ["enter"], "item-text"),  # the goal form
    (Step.SCORECARD, ["right", "right", "right", "enter"], "action-text"),  # the action form
]


@pytest.mark.parametrize("step, keys, box", PLACES, ids=[box for _s, _k, box in PLACES])
async def test_typing_in_a_filled_box_goes_after_its_text(make_db, app_factory, step, keys, box):
    session = sample("paper-example-en")
    session.progress.current_step = step
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        focused = app.focused
        assert focused is not None and focused.id == box
        before = focused.text
        assert before.strip(), "the sample should have text here"
        await pilot.press(*" +more")
        assert focused.text == before + " +more"
