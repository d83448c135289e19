"""Import the code of a session's screens while the home screen waits for a key.

Opening a session, its step, the scorecard and an item form each import their
modules the first time they are shown: about a third of each of those waits on a
laptop, more on a busy one. Imported in a thread once the home list is on screen
and the database is open, they are ready by the time a person presses Enter.
"""

from __future__ import annotations

import importlib


def preload_session_code() -> None:
    from secsc_tui.app.screens.session import STEP_MODULES

    for name in STEP_MODULES.values():
        importlib.import_module(f"secsc_tui.app.steps.{name}")
    importlib.import_module("secsc_tui.app.screens.item_forms")
