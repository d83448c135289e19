"""Autosave: every committed edit reaches the database soon after, off the UI thread.

Edits arrive on the UI thread at typing speed. The saver waits for a short pause
(so a word is one save, not ten), copies the session and hands the copy to a
thread. Only one save runs at a time; edits made meanwhile are saved right
after it. A failed save keeps the session in memory and is retried by itself
(a dropped database connection, a disk with room again), sooner on the next edit
or on request.

Others may save the same session meanwhile: a save merges with what they saved
(``Store.save_merging``, from the base ``CoEditing`` keeps) and comes back with
their changes and any field both changed, for the screen to take in. A
``ConflictError`` (a merge that could not be written) stops saving until the
user decides what to do.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from textual.dom import DOMNode
from textual.timer import Timer

from secsc_tui.app.threads import in_thread

if TYPE_CHECKING:
    from secsc_tui.core.coediting import CoEditing
    from secsc_tui.core.model import Session
    from secsc_tui.core.store import SaveOutcome, Store

# Long enough to group the letters of a word, short enough that a killed
# process loses only what was being typed.
QUIET_SECONDS = 0.3
# Waits before retrying a failed save by itself, one per failure in a row; then the last, again and again.
RETRY_SECONDS = (2.0, 5.0, 10.0, 30.0)


class SaveState(Enum):
    SAVED = "saved"
    PENDING = "pending"  # edited, save not started yet
    SAVING = "saving"
    FAILED = "failed"
    CONFLICT = "conflict"


class AutoSaver:
    def __init__(
        self,
        node: DOMNode,
        store: Store,
        current: Callable[[], Session],
        on_state: Callable[[SaveState, str], None],
        on_conflict: Callable[[Exception], None],
        on_saved: Callable[[SaveOutcome, Session], None],
        coediting: CoEditing,
        author: str = "",
    ):
        self._node = node
        self._store = store
        self._current = current
        self._on_state = on_state
        self._on_conflict = on_conflict
        self._on_saved = on_saved
        self.coediting = coediting
        self.author = author  # how this editor names itself to others (their conflicts show it)
        self._timer: Timer | None = None
        self._retry_timer: Timer | None = None
        self.failures = 0  # failed saves in a row
        self._dirty = False
        self._busy = False
        self._idle = asyncio.Event()
        self._idle.set()
        self.state = SaveState.SAVED
        self.last_error = ""
        self._conflict: Exception | None = None

    # -- requests -----------------------------------------------------------

    def changed(self) -> None:
        """The session was edited: save it after a short pause."""
        if self.state is SaveState.CONFLICT:
            return  # waiting for the user's decision; the edit stays in memory
        self._dirty = True
        self._idle.clear()
        self._set(SaveState.PENDING if not self._busy else SaveState.SAVING)
        if self._timer is not None:
            self._timer.stop()
        # An app may wait longer (a served participant's: many writers share the database).
        quiet = getattr(self._node.app, "autosave_quiet_seconds", QUIET_SECONDS)
        self._timer = self._node.set_timer(quiet, self._start)

    def save_now(self) -> None:
        """Save at once (the user asked, or retrying after a failure)."""
        if self.state is SaveState.CONFLICT and self._conflict is not None:
            self._on_conflict(self._conflict)  # ask again how to resolve it
            return
        if self._timer is not None:
            self._timer.stop()
        if self.state is SaveState.FAILED:
            self.state = SaveState.PENDING
        self._dirty = True
        self._idle.clear()
        self._start()

    def resolved_conflict(self) -> None:
        """The user chose how to resolve a conflict; the session is ready to save again."""
        self._conflict = None
        self.state = SaveState.SAVED
        self.save_now()

    async def flush(self, timeout: float = 10.0) -> None:
        """Wait until everything edited so far is saved (or failed)."""
        if self._dirty and not self._busy and self.state not in (SaveState.FAILED, SaveState.CONFLICT):
            self.save_now()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout)

    @property
    def has_unsaved(self) -> bool:
        return self._dirty or self._busy

    @property
    def settled(self) -> bool:
        """Nothing in flight or waiting: saved, or stopped on a failure or a conflict."""
        if self.state is SaveState.SAVED:
            return not self.has_unsaved
        return self.state in (SaveState.FAILED, SaveState.CONFLICT) and not self._busy

    # -- the save itself ----------------------------------------------------

    def _start(self) -> None:
        self._timer = None
        if self._busy or not self._dirty or self.state is SaveState.CONFLICT:
            return
        self._dirty = False
        self._busy = True
        self._set(SaveState.SAVING)
        snapshot = self._current().model_copy(deep=True)
        outgoing = self.coediting.outgoing(snapshot)
        base = self.coediting.base  # only read by the save (CoEditing replaces it, never changes it)
        in_thread(
            self._node,
            lambda: self._store.save_merging(outgoing, base, author=self.author),
            done=lambda outcome: self._saved(outcome, snapshot),
            failed=self._failed,
            group="autosave",
        )

    @property
    def busy(self) -> bool:
        """A save is running."""
        return self._busy

    def _saved(self, outcome: SaveOutcome, snapshot: Session) -> None:
        self._busy = False
        self.last_error = ""
        self.failures = 0
        self._stop_retrying()
        self._on_saved(outcome, snapshot)
        if self._dirty:
            self._start()
        else:
            self._set(SaveState.SAVED)
            self._idle.set()

    def _failed(self, error: Exception) -> None:
        from secsc_tui.core.problems import ConflictError

        self._busy = False
        self._dirty = True  # what failed to save still needs saving
        self._idle.set()
        if isinstance(error, ConflictError):
            if self._timer is not None:
                self._timer.stop()  # no more saves until the user has decided
                self._timer = None
            self.last_error = str(error)
            self._conflict = error
            self._set(SaveState.CONFLICT)
            self._on_conflict(error)
        else:
            self.last_error = str(error) or error.__class__.__name__
            self.failures += 1
            self._set(SaveState.FAILED)
            self._stop_retrying()
            wait = RETRY_SECONDS[min(self.failures, len(RETRY_SECONDS)) - 1]
            self._retry_timer = self._node.set_timer(wait, self._retry)

    def _retry(self) -> None:
        self._retry_timer = None
        if self.state is SaveState.FAILED and not self._busy:
            self.save_now()

    def _stop_retrying(self) -> None:
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None

    def _set(self, state: SaveState) -> None:
        self.state = state
        self._on_state(state, self.last_error)
