"""Ctrl+C held back over a few lines that must finish once begun.

The command line turns Ctrl+C into a KeyboardInterrupt at whatever line is running.
Where stopping halfway would leave something behind (a file imported but not reported,
a temporary file made but not yet in the ``try`` that removes it, a forked child not
yet in the code that always ends it, a child's exit status being collected), SIGINT
is blocked in this thread for the block, and one that came meanwhile is raised as the
block ends. Only the main thread receives Ctrl+C (in the command line, the only
thread), so elsewhere (the app's workers) nothing is done.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SignalMask = set[int | signal.Signals]


@contextmanager
def held_back() -> Iterator[SignalMask | None]:
    """Gives the signal mask from before (for a forked child to restore), or None where nothing is blocked."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield None
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield previous
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a Ctrl+C held back arrives now
