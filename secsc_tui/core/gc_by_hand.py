"""Garbage collection by hand, for the commands that move many sessions (export, import).

Such a command keeps hundreds of thousands of objects alive (models, rows, text), and
every automatic full collection walks all of them, and every object the imported
libraries made, again: a sixth of an export's CPU, and in an import, which holds every
session read until it is written, about a second per 1,000 sessions (two cores, 2026-12).
It is work for next to no garbage: models, rows and text make hardly any reference
cycles (about one per two sessions). So the automatic collection is paused, what
start-up made is set aside (``gc.freeze``), and the command collects at its own pauses.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def garbage_collected_by_hand() -> Iterator[None]:
    """Automatic garbage collection paused inside the block; the caller collects (``gc.collect``) when it suits.

    ``gc.collect()`` walks everything made since start-up that is still alive;
    ``gc.collect(1)`` only what was made since the last collection, which is what a
    command holding everything it has read wants. A forked child inherits the pause.
    """
    enabled = gc.isenabled()
    frozen_before = gc.get_freeze_count()  # whoever froze those will unfreeze them (or not)
    if not frozen_before:
        gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()
        if enabled:
            gc.enable()
