"""The timebox of the step a team is on: how long is left, paused, extended.

A timer is plain data (when the step started, whether it is paused, how much
extra time the trainer gave) so it can be kept in the database and survive a
restart; each step of a session has its own. The arithmetic here never looks at
a clock itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from secsc_tui.core.model import Step


@dataclass(frozen=True, slots=True)
class StepTimer:
    session_id: str
    step: Step
    started: dt.datetime  # aware UTC
    paused_at: dt.datetime | None = None
    paused_seconds: float = 0.0  # paused time already over
    extra_seconds: int = 0  # time the trainer added
    held: bool = False  # paused by the trainer: stays paused when the team comes back to the step

    def elapsed(self, now: dt.datetime) -> float:
        until = self.paused_at or now
        return max(0.0, (until - self.started).total_seconds() - self.paused_seconds)

    def remaining(self, now: dt.datetime, minutes: int) -> float:
        """Seconds left; negative once the timebox has run out."""
        return minutes * 60 + self.extra_seconds - self.elapsed(now)

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


def start(session_id: str, step: Step, now: dt.datetime) -> StepTimer:
    return StepTimer(session_id, step, now)


def pause(timer: StepTimer, now: dt.datetime) -> StepTimer:
    return timer if timer.paused else replace(timer, paused_at=now)


def resume(timer: StepTimer, now: dt.datetime) -> StepTimer:
    if timer.paused_at is None:  # not paused
        return timer
    paused_for = (now - timer.paused_at).total_seconds()
    return replace(timer, paused_at=None, paused_seconds=timer.paused_seconds + max(0.0, paused_for))


def hold(timer: StepTimer, now: dt.datetime) -> StepTimer:
    """The trainer pauses the clock: it stays paused until the trainer resumes it."""
    return replace(pause(timer, now), held=True)


def release(timer: StepTimer, now: dt.datetime) -> StepTimer:
    """The trainer resumes a clock they paused."""
    return replace(resume(timer, now), held=False)


def extend(timer: StepTimer, seconds: int) -> StepTimer:
    return replace(timer, extra_seconds=timer.extra_seconds + seconds)


def reset(timer: StepTimer, now: dt.datetime) -> StepTimer:
    return StepTimer(timer.session_id, timer.step, now)


def format_remaining(seconds: float) -> str:
    """'12:05' left, or '-3:10' over time."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + (0 if seconds < 0 else 0.999))
    return f"{sign}{whole // 60}:{whole % 60:02d}"
