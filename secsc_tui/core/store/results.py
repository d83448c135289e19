"""Plain results the store hands out: no ORM object ever leaves the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from secsc_tui.core.model import Language, Step

ImportStatus = Literal["added", "updated", "unchanged", "conflict"]


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One line of the session list, read without loading the whole session."""

    id: str
    title: str
    organisation: str  # the organisation's name ("" if not given yet)
    language: Language
    current_step: Step
    steps_done: int  # how many different steps are marked done
    updated: dt.datetime  # aware, UTC
    revision: int


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What importing one session did (or, if any session conflicted, would have done)."""

    session_id: str
    title: str
    status: ImportStatus
    detail: str = ""
