"""Run blocking work (database, files) off the UI thread and get the answer back on it."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from secsc_tui.core.problems import UnexpectedError
from secsc_tui.i18n import _
from secsc_tui.logs import is_users_mistake, unexpected

T = TypeVar("T")

log = logging.getLogger(__name__)


def in_thread(
    node: DOMNode,
    work: Callable[[], T],
    *,
    done: Callable[[T], Any],
    failed: Callable[[Exception], Any],
    group: str = "io",
    exclusive: bool = False,
    what: str = "",
) -> Worker[None]:
    """Run ``work`` in a thread worker; call ``done(result)`` or ``failed(error)`` on the UI thread.

    Every exception reaches ``failed``, so a failed save or import is shown to the
    user rather than ending the app. A user's mistake (bad input, a conflict, a
    full disk) arrives as it was raised; anything else is a bug: it is logged with
    its traceback and arrives as an UnexpectedError whose message says, in words,
    that ``what`` failed and where the log is. An ``exclusive`` worker replaces the
    group's running one, whose answer, if it comes later, is dropped.
    """

    def job() -> None:
        answered, refused = done, failed
        if exclusive:  # answers only if no newer worker of its group has replaced it
            worker = get_current_worker()
            answered, refused = _unless_replaced(worker, done), _unless_replaced(worker, failed)
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - handed to the UI to report
            _deliver(node, refused, _as_reported(exc, what or _("The work in the background")))
        else:
            _deliver(node, answered, result)

    return node.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def _unless_replaced(worker: Worker[None], callback: Callable[[T], Any]) -> Callable[[T], None]:
    """``callback``, skipped if ``worker`` has been cancelled by the time the UI thread runs it.

    Starting an exclusive worker cancels the group's running one, but cancelling a
    thread does not stop it: an exclusive load replaced by a newer one
    (a list read again after a delete) would still hand over its answer, and if it
    finished last, show what was there before. Asked on the UI thread, where workers
    are started and cancelled, the answer cannot be stale: a newer worker has either
    not started yet (and will answer after) or has cancelled this one.
    """

    def deliver(value: T) -> None:
        if not worker.is_cancelled:
            callback(value)

    return deliver


def start_thread(work: Callable[[], T], *, name: str) -> Future[T]:
    """Run ``work`` in a thread from now on, before the app runs (a worker needs a
    running app); hand its answer to the app with ``when_done``."""
    answer: Future[T] = Future()

    def run() -> None:
        try:
            answer.set_result(work())
        except Exception as exc:  # noqa: BLE001 - reported by when_done
            answer.set_exception(exc)

    threading.Thread(target=run, name=name, daemon=True).start()
    return answer


def when_done(
    node: DOMNode,
    answer: Future[T],
    *,
    done: Callable[[T], Any],
    failed: Callable[[Exception], Any],
    what: str = "",
) -> None:
    """Call ``done(result)`` or ``failed(error)`` on the UI thread once ``answer`` is in: at once if
    it already is. Call it from the UI thread; errors are reported as ``in_thread`` reports them."""
    ui_thread = threading.get_ident()

    def settle(finished: Future[T]) -> None:
        if threading.get_ident() != ui_thread:
            _deliver(node, settle, finished)  # this again, on the UI thread
            return
        error = finished.exception()
        if isinstance(error, Exception):
            failed(_as_reported(error, what or _("The work in the background")))
        else:
            done(finished.result())

    answer.add_done_callback(settle)


def poll_in_thread(
    node: DOMNode,
    work: Callable[[], T],
    *,
    done: Callable[[T], Any],
    group: str,
) -> None:
    """A periodic look at the store, unless the last look of ``group`` is still going.

    A slow look (a loaded machine, a far database) is let finish rather than cancelled
    by the next: cancelling a thread does not stop it, so looks would pile up, and
    whoever waits for the workers to finish would see a cancellation. A failed look is
    quiet (the next one tries again); an unexpected one is logged by ``in_thread``.
    """
    if any(worker.node is node and worker.group == group and not worker.is_finished for worker in node.app.workers):
        return
    in_thread(node, work, done=done, failed=lambda _error: None, group=group)


def _as_reported(error: Exception, what: str) -> Exception:
    if is_users_mistake(error):
        log.info("%s: %s", what, type(error).__name__)
        return error
    return UnexpectedError(unexpected(error, what))


def _deliver(node: DOMNode, callback: Callable[[Any], Any], value: Any) -> None:
    app = node.app
    if not app.is_running:
        return
    with contextlib.suppress(RuntimeError):  # the app closed while the work was running
        app.call_from_thread(callback, value)
