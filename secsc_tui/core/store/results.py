"""Plain results the store hands out: no ORM object ever leaves the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from secsc_tui.core.enums import Language, Step

if TYPE_CHECKING:  # the model (pydantic) stays unloaded for the session list
    from secsc_tui.core.merge import Conflict, Kept
    from secsc_tui.core.model import Session
    from secsc_tui.core.session_diff import Difference

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
    workshop_id: str | None = None  # the workshop the session is in, if any


@dataclass(frozen=True, slots=True)
class WorkshopSummary:
    """One line of the workshop list, with how many sessions the workshop holds."""

    id: str
    name: str
    date: dt.date | None
    venue: str
    trainer: str
    participants: int | None
    sessions: int
    updated: dt.datetime  # aware, UTC
    evaluation_date: dt.date | None = None  # the earliest evaluation date of its sessions

    @property
    def shown_date(self) -> dt.date | None:
        """The workshop's date, else the one its results use (the teams' earliest evaluation date)."""
        return self.date if self.date is not None else self.evaluation_date


@dataclass(frozen=True, slots=True)
class TeamRow:
    """One team on the trainer's dashboard: where it is and how much it has filled in.

    Read with one query over the session table and counts of its scorecard items,
    cheap enough to poll every few seconds.
    """

    id: str
    title: str
    current_step: Step
    steps_done: int  # how many different steps are marked done
    goals: int  # scorecard items over the four perspectives
    csfs: int
    kpis: int
    actions: int
    revision: int
    updated: dt.datetime  # aware, UTC


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What importing one session did (or, if any session conflicted, would have done)."""

    session_id: str
    title: str
    status: ImportStatus
    detail: str = ""
    differences: tuple[Difference, ...] = ()  # a conflict's ``session_diff.Difference``s: database value, file value


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What a save that merges (``Store.save_merging``) wrote.

    ``session`` is the version now stored, with its new revision. When others had
    saved meanwhile (``merged``), it holds their changes too; a field both changed
    differently keeps their value and is listed in ``conflicts`` for the editor to
    decide; ``kept`` lists items one side deleted and the other edited.
    """

    session: Session
    merged: bool = False
    conflicts: tuple[Conflict, ...] = ()
    kept: tuple[Kept, ...] = ()
    theirs_by: str = ""  # who saved the version merged with, as they named themselves ("" if unknown)
