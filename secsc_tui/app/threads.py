"""Run blocking work (database, files) off the UI thread and get the answer back on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

T = TypeVar("T")


def in_thread(
    node: DOMNode,
    work: Callable[[], T],
    *,
    done: Callable[[T], Any],
    failed: Callable[[Exception], Any],
    group: str = "io",
    exclusive: bool = False,
) -> Worker[None]:
    """Run ``work`` in a thread worker; call ``done(result)`` or ``failed(error)`` on the UI thread.

    Every exception reaches ``failed``, so a failed save or import is shown to the
    user rather than ending the app.
    """

    def job() -> None:
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - handed to the UI to report
            _deliver(node, failed, exc)
        else:
            _deliver(node, done, result)

    return node.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def _deliver(node: DOMNode, callback: Callable[[Any], Any], value: Any) -> None:
    app = node.app
    if not app.is_running:
        return
    try:
        app.call_from_thread(callback, value)
    except RuntimeError:
        pass  # the app closed while the work was running
