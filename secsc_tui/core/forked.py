"""Work shared with forked children, to use a second core where threads cannot (the GIL).

- ``ForkedBatches``: ``secsc export`` reads sessions from the database (and notes that
  they were published) and writes each as a YAML file; reading and writing each take
  about half of the time. A forked child starts with the batch just read in its memory
  (a worker process would have to be sent every session, and pickling one costs about
  as much as writing it), writes it while the parent reads the next, and exits. One
  child at a time, each waited for before the next, so whatever the children print
  comes in the order of the batches.
- ``MapInTwo``: ``secsc import`` reads every file before writing any; a
  forked child starts on the files from the back while the parent opens the database,
  then reads from the front until they meet; the child sends its results back pickled
  (sessions made ready to write, as plain data: ``core/store/prepared.py``).

Only where ``fork`` is safe: not on Windows (none), nor macOS (whose system libraries
may not survive it), nor in a process running other threads (the app: a lock one of
them holds would never be released in the child). Elsewhere the work runs here, as it
would without this module.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from functools import partial
from types import TracebackType
from typing import Any, Generic, TypeVar

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


class MapInTwo(Generic[Item, Result]):
    """``[function(item) for item in items]``, begun by a forked child as soon as this is made.

    The child takes items from the back; ``results()`` joins in from the front, until they
    meet: whichever is faster (the parent also receives, the child also sends, the machine
    may favour either, the parent may have had other work first) does more, and both
    finish together. The child sends each result as soon as it has it (pickled: results
    must pickle), and the parent takes in what has come after each of its own items.
    Whatever the child could not give (a result that does not pickle, the child killed)
    is computed here after all. ``function`` should have no effect beyond its result: in
    the child, any other is lost; and near the meeting point an item may be done twice.

    Leaving the ``with`` block before ``results()`` (an error, Ctrl+C) ends the child.
    """

    def __init__(self, function: Callable[[Item], Result], items: Sequence[Item], *, fork: bool | None = None):
        self.function, self.items = function, items
        self._pid: int | None = None
        self._received: _Received | None = None
        if len(items) < MAP_AT_LEAST or not (can_fork() if fork is None else fork):
            return
        self._meeting = _Meeting(len(items))
        read_end, write_end = os.pipe()
        _widen(write_end)
        try:
            self._pid = _fork(
                partial(_send_from_the_back, function, items, self._meeting, write_end), close_in_child=read_end
            )
        except OSError:  # no process to be had (a limit reached, no memory): all here
            os.close(read_end)
            return
        finally:
            os.close(write_end)
        self._received = _Received(read_end)

    def __enter__(self) -> MapInTwo[Item, Result]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._end_child()

    def results(self, in_order: Callable[[Result], None] | None = None) -> list[Result]:
        """Every result, in the items' order; ``in_order`` is given each one in that order as
        soon as it and all before it are known (those of the parent's share as they come)."""
        function, items, received = self.function, self.items, self._received
        told = 0

        def tell(results: list[Any]) -> None:
            nonlocal told
            while in_order is not None and told < len(results) and results[told] is not _NOT_YET:
                in_order(results[told])
                told += 1

        results: list[Any] = [_NOT_YET] * len(items)
        if received is None:
            for index, item in enumerate(items):
                results[index] = function(item)
                tell(results)
            return results
        try:
            while (i := self._meeting.take_front()) is not None:
                results[i] = function(items[i])
                tell(results)
                received.take_in(results, wait=False)
            received.take_in(results, wait=True)  # up to the child's end
        finally:
            self._end_child()
        for index, result in enumerate(results):
            if result is _NOT_YET:  # the child could not give it: here after all
                results[index] = function(items[index])
        tell(results)
        return results

    def _end_child(self) -> None:
        received, pid = self._received, self._pid
        if received is None or pid is None:
            return
        self._received = self._pid = None
        received.close()  # a child blocked writing ends on a broken pipe
        if received.open:
            os.kill(pid, signal.SIGTERM)
        _exit_status(pid)


_NOT_YET: Any = object()


class _Meeting:
    """Where the parent (from the front) and the child (from the back) have got to, in memory both share.

    Each writes only its own counter and stops on reaching the other's. Reading a counter
    as the other writes it can at worst make both do one item, or stop one too early:
    ``MapInTwo.results`` does whatever is left undone itself.
    """

    def __init__(self, count: int):
        self._memory = mmap.mmap(-1, 16)  # anonymous and shared: the child sees the same pages
        struct.pack_into("<qq", self._memory, 0, 0, count)

    def take_front(self) -> int | None:
        front, back = struct.unpack_from("<qq", self._memory)
        if front >= back:
            return None
        struct.pack_into("<q", self._memory, 0, front + 1)
        return int(front)

    def take_back(self) -> int | None:
        front, back = struct.unpack_from("<qq", self._memory)
        if back - 1 < front:
            return None
        struct.pack_into("<q", self._memory, 8, back - 1)
        return int(back - 1)


def _widen(pipe: int) -> None:
    """A pipe that holds a few results, so that the child seldom waits for the parent to take one in."""
    import fcntl  # only where there is fork, hence fcntl

    # Not Linux, or more than this user may have: the pipe stays as it is.
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)


_LENGTH = struct.Struct("<Q")


def _send_from_the_back(  # pragma: no cover - runs in a forked child
    function: Callable[[Item], Result], items: Sequence[Item], meeting: _Meeting, pipe: int
) -> int:
    with os.fdopen(pipe, "wb") as out:
        while (j := meeting.take_back()) is not None:
            record = pickle.dumps((j, function(items[j])), protocol=pickle.HIGHEST_PROTOCOL)
            out.write(_LENGTH.pack(len(record)) + record)
            out.flush()
    return 0


class _Received:
    """The child's results as they come: length-prefixed pickles of (index, result)."""

    def __init__(self, pipe: int):
        self.pipe = pipe
        self.open = True  # until the child's end of the pipe is reached
        self._pending = bytearray()
        os.set_blocking(pipe, False)

    def take_in(self, results: list[Any], *, wait: bool) -> None:
        """Put each whole result received so far in its place (not over the parent's own)."""
        if wait:
            os.set_blocking(self.pipe, True)
        while self.open:
            try:
                chunk = os.read(self.pipe, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:
                self.open = False
            self._pending += chunk
        view, start = memoryview(self._pending), 0
        while len(view) - start >= _LENGTH.size:
            (length,) = _LENGTH.unpack_from(view, start)
            if len(view) - start - _LENGTH.size < length:
                break  # the rest of this one is still on its way (or never comes: the child died)
            index, result = pickle.loads(view[start + _LENGTH.size : start + _LENGTH.size + length])
            if results[index] is _NOT_YET:
                results[index] = result
            start += _LENGTH.size + length
        view.release()
        del self._pending[:start]

    def close(self) -> None:
        os.close(self.pipe)


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
