"""Work started before the app runs (start_thread) and its answer handed to the UI thread (when_done)."""

from __future__ import annotations

import logging
import threading

from apphelpers import until
from textual.app import App

from secsc_tui.app import threads
from secsc_tui.app.threads import in_thread, start_thread, when_done
from secsc_tui.core.problems import UnexpectedError


async def test_an_answer_ready_before_the_app_mounted_is_handed_over_at_once():
    answer = start_thread(lambda: "ready", name="test-early")
    answer.result(timeout=5)
    app = App[None]()
    got: list[tuple[str, bool]] = []
    async with app.run_test():
        when_done(app, answer, done=lambda v: got.append((v, _on_ui())), failed=lambda e: got.append((str(e), False)))
        assert got == [("ready", True)]  # no turn of the loop needed


async def test_an_answer_arriving_later_from_a_plain_thread_reaches_the_ui_thread():
    release = threading.Event()
    answer = start_thread(lambda: release.wait(5) and "later", name="test-late")
    app = App[None]()
    got: list[tuple[str, bool]] = []
    async with app.run_test() as pilot:
        when_done(app, answer, done=lambda v: got.append((v, _on_ui())), failed=lambda e: got.append((str(e), False)))
        assert got == []
        release.set()  # the thread finishes outside any worker: it has no active app of its own
        await until(pilot, lambda: got, "the answer")
        assert got == [("later", True)]


async def test_an_unexpected_error_is_logged_and_reported_in_words(caplog):
    def broken() -> str:
        raise KeyError("x")

    answer = start_thread(broken, name="test-broken")
    app = App[None]()
    failures: list[Exception] = []
    async with app.run_test() as pilot:
        with caplog.at_level(logging.ERROR):
            when_done(app, answer, done=lambda v: None, failed=failures.append, what="Reading the list")
            await until(pilot, lambda: failures, "the failure")
    [failure] = failures
    assert isinstance(failure, UnexpectedError) and "Reading the list" in str(failure)
    assert "KeyError" in caplog.text  # with its traceback, in the log


def _on_ui() -> bool:
    return threading.current_thread() is threading.main_thread()


async def test_an_exclusive_load_replaced_by_a_newer_one_never_answers_even_when_it_finishes_last(monkeypatch):
    """A list read again after a delete: the read begun before the delete must not
    overwrite the newer answer, however the threads are scheduled."""
    first_may_finish = threading.Event()
    handed_over = threading.Event()  # the older read's answer has reached the UI thread (and was dropped)
    real_deliver = threads._deliver

    def deliver(node, callback, value) -> None:
        real_deliver(node, callback, value)  # returns once the UI thread has run the callback
        if value == "before the delete":
            handed_over.set()

    monkeypatch.setattr(threads, "_deliver", deliver)
    app = App[None]()
    shown: list[str] = []
    async with app.run_test() as pilot:
        in_thread(
            app,
            lambda: first_may_finish.wait(5) and "before the delete",
            done=shown.append,
            failed=print,
            group="load",
            exclusive=True,
        )
        await pilot.pause()
        in_thread(app, lambda: "after the delete", done=shown.append, failed=print, group="load", exclusive=True)
        await until(pilot, lambda: shown, "the newer answer")
        first_may_finish.set()
        await until(pilot, handed_over.is_set, "the older answer handed over")
        assert shown == ["after the delete"]


async def test_workers_that_are_not_exclusive_all_answer():
    app = App[None]()
    shown: list[int] = []
    async with app.run_test() as pilot:
        for n in range(3):
            in_thread(app, lambda n=n: n, done=shown.append, failed=print, group="saves")
        await until(pilot, lambda: len(shown) == 3, "three answers")
    assert sorted(shown) == [0, 1, 2]
