"""Garbage collection around the app's start: paused while it starts, then what start-up made is set aside.

Starting, the app imports Textual, SQLAlchemy, pydantic and its own screens, and
draws the home screen: about 100,000 objects that live as long as the app, and next
to no garbage. The collector's passes over them while they were being made (~100
young collections) were ~12 ms of the ~190 ms to the first frame. Each of its later
full collections walked all of them again: ~90 ms of CPU that landed, on a laptop,
inside whatever a person had just asked for (two thirds of opening a KPI form).

So the collector is paused from the start until the session code has been
preloaded (or the database could not be opened, or ``LIMIT_SECONDS`` have passed),
and then what exists is frozen (``gc.freeze``): later collections walk only what
was made since (~12 ms). Nothing is collected first: ~70 ms on the UI thread, for
about 130 objects of garbage.
"""

from __future__ import annotations

import gc

# However the start goes (a database slow to answer), collection resumes by then.
LIMIT_SECONDS = 10.0

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
