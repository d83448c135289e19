"""While the home screen waits: the session's code imported, then what start-up made kept out of collections."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest
from apphelpers import until
from helpers import sample

from secsc_tui.app.preload import set_aside_what_start_up_made


@pytest.fixture
def nothing_frozen() -> Iterator[None]:
    """No object set aside yet, as in a new process; the test process left as it was found after."""
    frozen_before = gc.get_freeze_count()
    gc.unfreeze()
    yield
    gc.unfreeze()
    if frozen_before:
        gc.freeze()


async def test_once_the_home_list_waits_the_session_code_is_loaded_and_set_aside(make_db, app_factory, nothing_frozen):
    app = app_factory(make_db(sample("paper-example-en")))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: gc.get_freeze_count() > 0, "what start-up made, set aside")
        assert {"secsc_tui.app.screens.item_forms", "secsc_tui.app.steps.scorecard"} <= set(sys.modules)
        # The app, its screen and the libraries' objects are among those set aside.
        assert gc.get_freeze_count() > 10_000


def test_what_start_up_made_is_set_aside_once_per_process(nothing_frozen):
    set_aside_what_start_up_made()
    first = gc.get_freeze_count()
    assert first > 0
    made_later = [[n] for n in range(1_000)]  # a screen opened later: collected as usual
    set_aside_what_start_up_made()
    assert gc.get_freeze_count() == first
    assert any(o is made_later for o in gc.get_objects())  # still among those collections walk
