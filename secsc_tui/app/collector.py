"""When the app's garbage collector runs: not while the app starts, never again over what
start-up made, and its full collections, when it can, while nobody waits.

Starting, the app imports Textual, SQLAlchemy, pydantic and its own screens, and
draws the home screen: about 100,000 objects that live as long as the app, and next
to no garbage. The collector's passes over them while they were being made (~100
young collections) were ~12 ms of the ~190 ms to the first frame. Each of its later
full collections walked all of them again: ~90 ms of CPU that landed, on a laptop,
inside whatever a person had just asked for (two thirds of opening a KPI form).

So the collector is paused from the start until the session code has been
preloaded (or the database could not be opened, or ``START_LIMIT_SECONDS`` have
passed), and then what exists is frozen (``gc.freeze``): later full collections walk
only what was made since (~12 ms). Nothing is collected first: ~70 ms on the UI
thread, for about 130 objects of garbage.

Python starts a full collection after ten young ones, whenever they come: often in
the middle of opening a form. ``IdleCollection`` starts it itself, half-way there,
once no key or click has come for ``IDLE_SECONDS``.
"""

from __future__ import annotations

import gc
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

# However the start goes (a database slow to answer), collection resumes by then.
START_LIMIT_SECONDS = 10.0

# A pause of the hands longer than this, and a full collection that is due is done now.
IDLE_SECONDS = 0.5
LOOK_EVERY_SECONDS = 0.25
# Young-generation collections since the last full one after which a full one is due
# (gc.get_count()[2]; Python's own waits for 10, gc.get_threshold()[2]).
DUE_AFTER = 5

_paused = False


def pause_while_starting() -> None:
    """Pause automatic collection; ``resume_after_start`` ends the pause."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_after_start() -> None:
    """Set aside what exists now (once per process) and end the pause, if this module paused it.

    Once: a served app's warm parent has frozen its own objects already, and tests
    run many apps in one process. Called more than once, the later calls do nothing.
    """
    global _paused
    if not gc.get_freeze_count():
        gc.freeze()
    if _paused:
        _paused = False
        gc.enable()


class IdleCollection:
    """Full collections done while the person at the keyboard is not waiting for anything."""

    def __init__(self) -> None:
        self._last_input = time.monotonic()

    def start(self, app: App[Any]) -> None:
        """Look every ``LOOK_EVERY_SECONDS`` from now on (the app must be running)."""
        app.set_interval(LOOK_EVERY_SECONDS, self.look, name="idle-collection")

    def input_arrived(self) -> None:
        """A key, a paste or a click: the person may be waiting for what it does."""
        self._last_input = time.monotonic()

    def look(self) -> bool:
        """Collect if a full collection is due and the hands have paused; say whether it did."""
        if not gc.isenabled():  # paused: while starting, or by whoever paused it
            return False
        if time.monotonic() - self._last_input < IDLE_SECONDS or gc.get_count()[2] < DUE_AFTER:
            return False
        gc.collect()
        return True
