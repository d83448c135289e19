"""Batches of work done by a forked child while the parent prepares the next batch.

``secsc export --all`` reads sessions from the database (and notes that they were
published) and writes each as a YAML file. Reading and writing each take about half
of the time, and a laptop has at least two cores, but a thread cannot use the second
one (the GIL) and a worker process would have to be sent every session (pickling a
session costs about as much as writing it). A forked child needs nothing sent: it
starts with the parent's memory, the batch of sessions just read included, writes
them while the parent reads the next batch, and exits.

One child at a time, and each is waited for before the next starts, so whatever the
children print comes in the order of the batches. Where ``fork`` is missing or unsafe
(Windows; macOS, whose system libraries may not survive it) the work runs in the
parent, as it would without this module.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from types import TracebackType

# Exit status of a child whose work raised instead of returning a status: a bug, logged.
CRASHED = 70  # EX_SOFTWARE


class BatchFailed(Exception):
    """A batch's work returned (or its child exited with) a status other than 0."""

    def __init__(self, status: int):
        super().__init__(f"a batch ended with status {status}")
        self.status = status


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "darwin"


class ForkedBatches:
    """``submit(work)`` runs ``work()`` (which returns an exit status) in a forked child and returns at once.

    Before starting a child, and on leaving the ``with`` block, the previous child is
    waited for; a status other than 0 raises ``BatchFailed`` there (the work is expected
    to have told the user why), and no further batch is started. Leaving the block
    because of an exception still waits for the child: it finishes the batch it has.
    """

    def __init__(self, *, fork: bool | None = None):
        self.fork = can_fork() if fork is None else fork
        self._child: int | None = None

    def __enter__(self) -> ForkedBatches:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        status = self._wait()
        if kind is None and status:
            raise BatchFailed(status)

    def submit(self, work: Callable[[], int]) -> None:
        if status := self._wait():
            raise BatchFailed(status)
        if not self.fork:
            if status := work():
                raise BatchFailed(status)
            return
        # Anything buffered would otherwise be written twice: by the parent and by the child.
        sys.stdout.flush()
        sys.stderr.flush()
        # Ctrl+C is held back until the child is inside _run_child, which always ends in
        # os._exit: an interrupt any earlier would let the child run on as a second parent.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, which never returns
                _run_child(work, mask)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        self._child = pid

    def _wait(self) -> int:
        if self._child is None:
            return 0
        pid, self._child = self._child, None
        interrupted = False
        while True:
            try:
                _, wait_status = os.waitpid(pid, 0)
                break
            except KeyboardInterrupt:
                # Ctrl+C reaches the child too: let it remove its temporary file first.
                interrupted = True
        if interrupted:
            raise KeyboardInterrupt
        code = os.waitstatus_to_exitcode(wait_status)
        return code if code >= 0 else 128 - code  # killed by a signal: as a shell reports it


def _run_child(work: Callable[[], int], mask: set[int | signal.Signals]) -> None:  # pragma: no cover - in a child
    status = CRASHED
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        try:
            status = work()
        except KeyboardInterrupt:
            status = 130
        except BaseException:  # noqa: BLE001 - a bug; the parent is told by the status
            logging.getLogger("secsc_tui").exception("a forked batch failed unexpectedly")
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        # Whatever happened above, and never sys.exit: the parent's atexit handlers, database
        # connections and temporary files are the parent's.
        os._exit(status)
