"""Garbage collection paused while the app starts, then what start-up made kept out of collections."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest
from apphelpers import until
from helpers import sample

from secsc_tui.app import collector


@pytest.fixture
def as_a_new_process() -> Iterator[None]:
    """Nothing frozen, collection on, as in a new process; the test process left as it was found after."""
    frozen_before, enabled_before = gc.get_freeze_count(), gc.isenabled()
    gc.unfreeze()
    gc.enable()
    yield
    collector._paused = False
    gc.unfreeze()
    if frozen_before:
        gc.freeze()
    if not enabled_before:
        gc.disable()


async def test_once_the_session_code_is_preloaded_collection_resumes_without_what_start_up_made(
    make_db, app_factory, as_a_new_process
):
    collector.pause_while_starting()  # as run_app does, before the app's imports
    app = app_factory(make_db(sample("paper-example-en")))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: gc.isenabled(), "collection to resume")
        assert {"secsc_tui.app.screens.item_forms", "secsc_tui.app.steps.scorecard"} <= set(sys.modules)
        # The app, its screen and the libraries' objects are among those set aside.
        assert gc.get_freeze_count() > 10_000


async def test_a_database_that_cannot_be_opened_ends_the_pause_too(tmp_path, app_factory, as_a_new_process):
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("not a database", encoding="utf-8")
    collector.pause_while_starting()
    app = app_factory(not_a_database)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.store_error is not None, "the database refused")
        assert gc.isenabled() and gc.get_freeze_count() > 0


def test_set_aside_once_per_process_and_a_pause_not_ours_is_left_alone(as_a_new_process):
    collector.resume_after_start()
    first = gc.get_freeze_count()
    assert first > 0 and gc.isenabled()
    made_later = [[n] for n in range(1_000)]  # a screen opened later: collected as usual
    collector.resume_after_start()
    assert gc.get_freeze_count() == first
    assert any(o is made_later for o in gc.get_objects())  # still among those collections walk
    gc.disable()  # paused by someone else (an import of many files): not ours to end
    collector.resume_after_start()
    assert not gc.isenabled()


def full_collection_due() -> None:
    """Five young-generation collections since the last full one (gc.get_count()[2] == 5)."""
    gc.collect()
    for _ in range(collector.DUE_AFTER):
        gc.collect(1)
    assert gc.get_count()[2] >= collector.DUE_AFTER


def test_a_due_full_collection_is_done_once_the_hands_pause(as_a_new_process, monkeypatch):
    collection = collector.IdleCollection()
    monkeypatch.setattr(collector, "IDLE_SECONDS", 0.0)
    full_collection_due()
    assert collection.look()
    assert gc.get_count()[2] == 0
    assert not collection.look()  # nothing due any more


def test_no_full_collection_right_after_a_key_while_paused_or_before_it_is_due(as_a_new_process, monkeypatch):
    collection = collector.IdleCollection()
    monkeypatch.setattr(collector, "IDLE_SECONDS", 60.0)
    full_collection_due()
    collection.input_arrived()
    assert not collection.look()  # the person may be waiting for what the key does
    monkeypatch.setattr(collector, "IDLE_SECONDS", 0.0)
    gc.disable()
    assert not collection.look()  # paused (by run_app, or an import of many files)
    gc.enable()
    gc.collect()
    assert not collection.look()  # not due


async def test_the_app_collects_while_nobody_types_and_not_while_someone_does(
    make_db, app_factory, as_a_new_process, monkeypatch
):
    # A pause of 2 s: a key every quarter second stays well within it, however loaded the machine.
    monkeypatch.setattr(collector, "IDLE_SECONDS", 2.0)
    app = app_factory(make_db(sample("paper-example-en")))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: gc.get_freeze_count() > 0, "the start to end")
        full_collection_due()
        for _ in range(12):  # three seconds of typing, longer than the pause that would collect
            await pilot.press("down")
            await pilot.pause(0.25)
            assert gc.get_count()[2] >= collector.DUE_AFTER
        await until(pilot, lambda: gc.get_count()[2] < collector.DUE_AFTER, "a full collection in the pause")
