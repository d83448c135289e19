"""The timebox of the step on screen: counting, pausing, extending, and keeping it.

Each step has its own timer: leaving a step pauses its timer and coming back
resumes it, so a step visited twice (or an accidental F8) is not charged twice.
Every step's timer is kept in the database, so after a restart each step
carries on where its clock was, not only the current one.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
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
    def __init__(
        self,
        node: DOMNode,
        store: Store,
        session_id: str,
        minutes_for: Callable[[Step], int],
        *,
        clock: Callable[[], dt.datetime],
    ):
        self._node = node
        self._store = store
        self.session_id = session_id
        self.minutes_for = minutes_for
        self._clock = clock
        self._timers: dict[Step, StepTimer] = {}
        self.step: Step | None = None
        self._warned: set[Step] = set()
        self._unsaved: dict[Step, StepTimer] = {}  # changed timers not yet handed to a writer
        self._unsaved_lock = threading.Lock()
        self._write_lock = threading.Lock()

    # -- moving between steps ---------------------------------------------------

    def restore(self, stored: Iterable[StepTimer]) -> None:
        """Take the timers kept in the database (after a restart), before the first ``enter``."""
        for timer in stored:
            if timer.session_id == self.session_id:
                self._timers[timer.step] = timer

    def enter(self, step: Step) -> None:
        """The team is now on ``step``."""
        now = self._clock()
        changed = [step]
        if self.step is not None and self.step is not step:
            self._timers[self.step] = timebox.pause(self._timers[self.step], now)
            changed.append(self.step)
        self.step = step
        timer = self._timers.get(step)
        if timer is None:
            timer = timebox.start(self.session_id, step, now)
        elif timer.paused and not timer.held:
            # Paused because the team left it (in this run or before a restart): go on.
            # A clock that was running when the app closed ran on meanwhile, as a wall clock does.
            timer = timebox.resume(timer, now)
        self._timers[step] = timer
        self._keep(*changed)

    # -- the trainer's controls ---------------------------------------------------

    @property
    def timer(self) -> StepTimer | None:
        current = self._current()
        return None if current is None else current[1]

    def _current(self) -> tuple[Step, StepTimer] | None:
        """The step shown and its timer, if it has one."""
        if self.step is None or self.step not in self._timers:
            return None
        return self.step, self._timers[self.step]

    def toggle_pause(self) -> bool:
        """Pause or resume the current step's clock; returns True if it is now paused."""
        current = self._current()
        if current is None:
            return False
        step, timer = current
        now = self._clock()
        timer = timebox.release(timer, now) if timer.paused else timebox.hold(timer, now)
        self._timers[step] = timer
        self._keep(step)
        return timer.paused

    def extend(self, minutes: int) -> None:
        current = self._current()
        if current is not None:
            step, timer = current
            self._timers[step] = timebox.extend(timer, minutes * 60)
            self._warned.discard(step)
            self._keep(step)

    def reset(self) -> None:
        current = self._current()
        if current is not None:
            step, timer = current
            self._timers[step] = timebox.reset(timer, self._clock())
            self._warned.discard(step)
            self._keep(step)

    # -- reading ------------------------------------------------------------------

    def remaining(self) -> float | None:
        current = self._current()
        if current is None:
            return None
        step, timer = current
        return timer.remaining(self._clock(), self.minutes_for(step))

    def level(self) -> Level | None:
        current = self._current()
        remaining = self.remaining()
        if current is None or remaining is None:
            return None
        if current[1].paused:
            return Level.PAUSED
        if remaining < 0:
            return Level.OVER
        return Level.LOW if remaining <= LOW_SECONDS else Level.RUNNING

    def just_ran_out(self) -> bool:
        """True once per step, the first time its time is found to be up."""
        step = self.step
        if self.level() is Level.OVER and step is not None and step not in self._warned:
            self._warned.add(step)
            return True
        return False

    def _keep(self, *steps: Step) -> None:
        """Write these steps' timers in a thread; the latest state always wins.

        Changes wait in ``_unsaved`` until a writer takes them all. Writers run one
        at a time, each taking what is unsaved when its turn comes, so the database
        never ends on an older timer than the one in memory.
        """
        with self._unsaved_lock:
            for step in steps:
                self._unsaved[step] = self._timers[step]

        def write() -> None:
            with self._write_lock:
                with self._unsaved_lock:
                    batch, self._unsaved = list(self._unsaved.values()), {}
                if batch:
                    self._store.save_timers(batch)

        in_thread(
            self._node, write, done=lambda _r: None, failed=lambda _e: None, group="timer"
        )  # a lost timer write costs nothing worth an error
