"""Work shared with forked children, to use a second core where threads cannot (the GIL).

- ``ForkedBatches``: ``secsc export`` reads sessions from the database (and notes that
  they were published) and writes each as a YAML file; reading and writing each take
  about half of the time. A forked child starts with the batch just read in its memory
  (a worker process would have to be sent every session, and pickling one costs about
  as much as writing it), writes it while the parent reads the next, and exits. One
  child at a time, each waited for before the next, so whatever the children print
  comes in the order of the batches.
- ``map_in_two``: ``secsc import`` reads every file before writing any; a forked child
  reads the second half while the parent reads the first, and sends its results back
  pickled (sessions made ready to write, as plain data: ``core/store/prepared.py``).

Only where ``fork`` is safe: not on Windows (none), nor macOS (whose system libraries
may not survive it), nor in a process running other threads (the app: a lock one of
them holds would never be released in the child). Elsewhere the work runs here, as it
would without this module.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from functools import partial
from types import TracebackType
from typing import TypeVar

from secsc_tui.core.ctrl_c import SignalMask, held_back

Item = TypeVar("Item")
Result = TypeVar("Result")

# Exit status of a child whose work raised instead of returning a status: a bug, logged.
CRASHED = 70  # EX_SOFTWARE


class BatchFailed(Exception):
    """A batch's work returned (or its child exited with) a status other than 0."""

    def __init__(self, status: int):
        super().__init__(f"a batch ended with status {status}")
        self.status = status


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


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
        if self.fork:
            try:
                self._child = _fork(work)
                return
            except OSError:  # no process to be had (a limit reached, no memory): this batch here
                pass
        if status := work():
            raise BatchFailed(status)

    def _wait(self) -> int:
        if self._child is None:
            return 0
        pid, self._child = self._child, None
        return _exit_status(pid)


# Fewer items than this are not worth a child: forking and pickling cost more than they save.
MAP_AT_LEAST = 20


def map_in_two(function: Callable[[Item], Result], items: Sequence[Item], *, fork: bool | None = None) -> list[Result]:
    """``[function(item) for item in items]``, the second half computed meanwhile by a forked child.

    The results must pickle. If the child cannot give its half (a result that does not
    pickle, the child killed), the half is computed here after all. ``function`` should
    have no effect beyond its result: in the child, any other is lost.
    """
    if len(items) < MAP_AT_LEAST or not (can_fork() if fork is None else fork):
        return [function(item) for item in items]
    half = len(items) // 2
    mine, theirs = items[:half], items[half:]
    read_end, write_end = os.pipe()
    try:
        pid = _fork(partial(_send_results, function, theirs, write_end), close_in_child=read_end)
    except OSError:  # no process to be had (a limit reached, no memory): all here
        os.close(read_end)
        return [function(item) for item in items]
    finally:
        os.close(write_end)
    received = b""
    try:
        results = [function(item) for item in mine]
        with os.fdopen(read_end, "rb") as pipe:
            read_end = -1
            received = pipe.read()
    finally:
        if read_end != -1:  # left before reading (Ctrl+C): the child may be blocked writing
            os.close(read_end)
            os.kill(pid, signal.SIGTERM)
        status = _exit_status(pid)
    if status == 0:
        sent: list[Result] = pickle.loads(received)
        return results + sent
    return results + [function(item) for item in theirs]  # the child could not: here after all


def _send_results(  # pragma: no cover - runs in a forked child
    function: Callable[[Item], Result], items: Sequence[Item], pipe: int
) -> int:
    results = [function(item) for item in items]
    with os.fdopen(pipe, "wb") as out:
        pickle.dump(results, out, protocol=pickle.HIGHEST_PROTOCOL)
    return 0


def _fork(work: Callable[[], int], close_in_child: int = -1) -> int:
    """Start a child that runs ``work`` and exits with its status: the child's pid."""
    # Anything buffered would otherwise be written twice: by the parent and by the child.
    sys.stdout.flush()
    sys.stderr.flush()
    # Ctrl+C is held back until the child is inside _run_child, which always ends in
    # os._exit: an interrupt any earlier would let the child run on as a second parent.
    with held_back() as mask:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            _run_child(work, mask, close_in_child)
    return pid


def _exit_status(pid: int) -> int:
    """Wait for the child ``pid``: its exit status (128 + N if signal N ended it, as a shell says).

    Ctrl+C reaches the child too, which then ends (removing its temporary file): it is
    held back while waiting, and raised once the child is reaped. Interrupting the wait
    itself could lose the status of a child reaped at that very moment.
    """
    with held_back():
        _, wait_status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(wait_status)
    return code if code >= 0 else 128 - code


def _run_child(work: Callable[[], int], mask: SignalMask | None, close: int) -> None:  # pragma: no cover
    status = CRASHED
    try:
        if close != -1:
            os.close(close)
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        try:
            status = work()
        except KeyboardInterrupt:
            status = 130
        except BaseException:  # noqa: BLE001 - a bug; the parent is told by the status
            logging.getLogger("secsc_tui").exception("work in a forked child failed unexpectedly")
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        # Whatever happened above, and never sys.exit: the parent's atexit handlers, database
        # connections and temporary files are the parent's.
        os._exit(status)
