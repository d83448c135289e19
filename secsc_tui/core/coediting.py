"""One editor's side of co-editing: the stored version it last saw, and the conflicts it has not decided.

Several people edit one session, each in their own process. Each holds the
session in memory (``local``), and ``base``: the stored version it last saw.
Saves merge (``Store.save_merging``); others' saves arrive by polling. Either
way the editor takes others' changes in with a three-way merge that keeps its
own unsaved edits (``prefer="mine"``).

A true conflict (a field both changed differently) is stored with the other
side's value until this person decides. Meanwhile their own value stays on
their screen (and they may keep typing there), but what they save carries the
stored value for that field (``outgoing``), so that nobody's value is
overwritten silently. Deciding "mine" lets the next save write theirs over it;
deciding "theirs" is an ordinary, undoable edit back to the other's value.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from secsc_tui.core.merge import Conflict, choose, merge, value_at
from secsc_tui.core.scorecard_ops import iter_items

if TYPE_CHECKING:
    from secsc_tui.core.model import Session
    from secsc_tui.core.store.results import SaveOutcome


class CoEditing:
    def __init__(self, base: Session):
        self.base = base.model_copy(deep=True)  # the stored version last seen; replaced, never changed in place
        self.pending: list[Conflict] = []  # oldest first; one per field
        self.came_back: list[str] = []  # texts of items this editor deleted that others' edits kept (to tell it)
        self._deleted_here: set[str] = set()

    def rebase(self, session: Session) -> None:
        """Start again from ``session`` as stored (reloaded, overwritten, copied): nothing left to decide."""
        self.base = session.model_copy(deep=True)
        self.pending = []

    def outgoing(self, local: Session) -> Session:
        """What to save of ``local`` (a copy the caller no longer changes): a field to decide keeps the stored value."""
        if not self.pending:
            return local
        out = local.model_copy(deep=True)
        for conflict in self.pending:
            choose(out, conflict, value_at(self.base, conflict))
        return out

    def saved(self, outcome: SaveOutcome, snapshot: Session, local: Session) -> Session:
        """A save of ``snapshot`` (local when the save began) returned ``outcome``; the new local.

        ``local`` may hold edits made during the save: they stay.
        """
        stored = outcome.session
        self._deleted_here |= _item_ids(self.base) - _item_ids(snapshot)
        for conflict in outcome.conflicts:
            self._forget(conflict)
            self.pending.append(replace(conflict, by=outcome.theirs_by))
        self.base = stored  # never changed in place: each version is a new object
        self._refresh(stored, local)
        self._notice_kept(stored)
        if not outcome.merged:
            local.revision, local.updated = stored.revision, stored.updated
            return local
        theirs = stored.model_copy(deep=True) if self.pending else stored
        for conflict in self.pending:  # this editor's own value stays on its screen
            choose(theirs, conflict, value_at(snapshot, conflict))
        return self._merge_in(snapshot, local, theirs, outcome.theirs_by)

    def arrived(self, stored: Session, local: Session, by: str = "") -> Session:
        """Someone else (``by``, if known) saved ``stored``: the new local, with this editor's unsaved edits kept."""
        base, self.base = self.base, stored
        merged = self._merge_in(base, local, stored, by)
        self._refresh(stored, merged)
        self._notice_kept(stored)
        return merged

    def decided(self, conflict: Conflict) -> None:
        """The person chose a value for the field (theirs: the caller edits the field back to it)."""
        self._forget(conflict)

    # -- inside -----------------------------------------------------------------------

    def _merge_in(self, base: Session, local: Session, theirs: Session, by: str) -> Session:
        """``local`` with others' changes; a field this editor has not saved yet and they changed is to decide."""
        result = merge(base, local, theirs, prefer="mine")
        for conflict in result.conflicts:
            self._forget(conflict)
            self.pending.append(replace(conflict, by=by))
        return result.session

    def _notice_kept(self, stored: Session) -> None:
        """Items this editor deleted that are back: someone edited them meanwhile, so the merge kept them."""
        back = _item_ids(stored) & self._deleted_here
        if back:
            self._deleted_here -= back
            for _place, item in iter_items(stored.scorecard):
                found: Any = item  # a goal, CSF, KPI or action plan
                if found.id in back:
                    self.came_back.append(getattr(found, "text", "") or found.id)

    def _forget(self, conflict: Conflict) -> None:
        self.pending = [c for c in self.pending if c.where != conflict.where]

    def _refresh(self, stored: Session, local: Session) -> None:
        """Both values as they are now; a conflict someone settled (same value, item gone) is dropped."""
        still = []
        for conflict in self.pending:
            theirs, mine = value_at(stored, conflict), value_at(local, conflict)
            if theirs is None or theirs == mine:
                continue
            still.append(replace(conflict, mine=mine, theirs=theirs))
        self.pending = still


def _item_ids(session: Session) -> set[str]:
    return {cast(Any, item).id for _place, item in iter_items(session.scorecard)}
