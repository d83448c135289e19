"""The timebox of the step on screen: counting, pausing, extending, and keeping it.

Each step has its own timer while the session is open: leaving a step pauses
its timer and coming back resumes it, so a step visited twice (or an accidental
F8) is not charged twice. The timer of the current step is kept in the
database, so a restart carries on where the clock was.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from secsc_tui.app.threads import in_thread
from secsc_tui.core import timebox
from secsc_tui.core.model import Step
from secsc_tui.core.timebox import StepTimer

if TYPE_CHECKING:
    from secsc_tui.core.store import Store

# Below this many seconds the display says time is running short.
LOW_SECONDS = 120


class Level(Enum):
    RUNNING = "running"
    LOW = "low"
    OVER = "over"
    PAUSED = "paused"


class Timekeeper:
    def __init__(self, node: DOMNode, store: Store, session_id: str, minutes_for: Callable[[Step], int],
                 *, clock: Callable[[], dt.datetime]):
        self._node = node
        self._store = store
        self.session_id = session_id
        self.minutes_for = minutes_for
        self._clock = clock
        self._timers: dict[Step, StepTimer] = {}
        self.step: Step | None = None
        self._warned: set[Step] = set()
        self._held: set[Step] = set()  # paused by the trainer: stays paused when the team comes back
        self._latest: StepTimer | None = None
        self._write_lock = threading.Lock()

    # -- moving between steps ---------------------------------------------------

    def enter(self, step: Step, stored: StepTimer | None = None) -> None:
        """The team is now on ``step``; ``stored`` is the timer kept in the database, if any."""
        now = self._clock()
        if self.step is not None and self.step is not step:
            self._timers[self.step] = timebox.pause(self._timers[self.step], now)
        self.step = step
        timer = self._timers.get(step)
        if timer is None and stored is not None and stored.step is step:
            timer = stored  # carry on after a restart, paused or not as it was
            if timer.paused:
                self._held.add(step)
        elif timer is None:
            timer = timebox.start(self.session_id, step, now)
        elif timer.paused and step not in self._held:
            timer = timebox.resume(timer, now)
        self._timers[step] = timer
        self._keep()

    # -- the trainer's controls ---------------------------------------------------

    @property
    def timer(self) -> StepTimer | None:
        return self._timers.get(self.step) if self.step is not None else None

    def toggle_pause(self) -> bool:
        """Pause or resume the current step's clock; returns True if it is now paused."""
        timer = self.timer
        if timer is None:
            return False
        now = self._clock()
        timer = timebox.resume(timer, now) if timer.paused else timebox.pause(timer, now)
        self._timers[self.step] = timer
        if timer.paused:
            self._held.add(self.step)
        else:
            self._held.discard(self.step)
        self._keep()
        return timer.paused

    def extend(self, minutes: int) -> None:
        if self.timer is not None:
            self._timers[self.step] = timebox.extend(self.timer, minutes * 60)
            self._warned.discard(self.step)
            self._keep()

    def reset(self) -> None:
        if self.timer is not None:
            self._timers[self.step] = timebox.reset(self.timer, self._clock())
            self._warned.discard(self.step)
            self._held.discard(self.step)
            self._keep()

    # -- reading ------------------------------------------------------------------

    def remaining(self) -> float | None:
        timer = self.timer
        return None if timer is None else timer.remaining(self._clock(), self.minutes_for(self.step))

    def level(self) -> Level | None:
        remaining = self.remaining()
        if remaining is None:
            return None
        if self.timer.paused:
            return Level.PAUSED
        if remaining < 0:
            return Level.OVER
        return Level.LOW if remaining <= LOW_SECONDS else Level.RUNNING

    def just_ran_out(self) -> bool:
        """True once per step, the first time its time is found to be up."""
        if self.level() is Level.OVER and self.step not in self._warned:
            self._warned.add(self.step)
            return True
        return False

    def _keep(self) -> None:
        """Write the current timer in a thread; the latest state always wins.

        Two quick changes start two threads: whichever runs second writes the
        newest timer again, so the database never ends on an older one.
        """
        if self.timer is None:
            return
        self._latest = self.timer

        def write() -> None:
            with self._write_lock:
                self._store.save_timer(self._latest)

        in_thread(self._node, write, done=lambda _r: None, failed=lambda _e: None,
                  group="timer")  # a lost timer write costs nothing worth an error

