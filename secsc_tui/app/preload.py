"""Get ready for a session while the home screen waits for a key.

Opening a session, its step, the scorecard and an item form each import their
modules the first time they are shown: about a third of each of those waits on a
laptop, more on a busy one. Imported in a thread once the home list is on screen
and the database is open, they are ready by the time a person presses Enter.

Then what start-up made is set aside from garbage collection: see
``set_aside_what_start_up_made``.
"""

from __future__ import annotations

import gc
import importlib


def preload_session_code() -> None:
    from secsc_tui.app.screens.session import STEP_MODULES

    for name in STEP_MODULES.values():
        importlib.import_module(f"secsc_tui.app.steps.{name}")
    importlib.import_module("secsc_tui.app.screens.item_forms")


def set_aside_what_start_up_made() -> None:
    """Keep the objects alive now out of every later garbage collection (``gc.freeze``).

    They are the app's for good: modules, classes, the libraries' tables, the home
    screen (about 100,000 objects). Each automatic full collection walked all of them
    again, ~90 ms of CPU that landed, on a laptop, inside whatever a person had just
    asked for: it was two thirds of opening a KPI form. A collection now walks only
    what was made since. Nothing is collected first (~70 ms on the UI thread, for
    about 130 objects of garbage). Done once per process: a served app's warm parent
    has frozen its own objects already, and tests run many apps in one process.
    """
    if not gc.get_freeze_count():
        gc.freeze()
