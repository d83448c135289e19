"""Editing a session in memory: committed changes, undo and redo.

The app never mutates a session directly; it asks the editor to ``change`` it.
The editor keeps a snapshot before each change so any change can be undone,
and tells its listener so the change can be saved at once. Successive changes
to the same field (typing in one box) merge into one undo step.

Others may change the session meanwhile (co-editing: ``adopt``). An undo then
takes back this editor's own change only: it is a three-way merge of the state
before the change, the state after it, and the session as it is now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from secsc_tui.core.model import Session, Step
from secsc_tui.core.rules import missing_for_step

MAX_UNDO = 200


@dataclass(slots=True)
class _Snapshot:
    session: Session  # before the change
    key: str
    label: str
    after: Session | None = None  # after it; None while it is the change going on (then: now)


class SessionEditor:
    """Holds the session being edited and its undo history."""

    def __init__(self, session: Session, on_change: Callable[[Session], None] | None = None):
        self.session = session
        self._on_change = on_change
        # A file may say otherwise; what the content shows is what counts.
        self.done_was_stale = session.progress.done != steps_done(session)
        session.progress.done = steps_done(session)
        self._undo: list[_Snapshot] = []
        self._redo: list[_Snapshot] = []
        self._last_key: str | None = None

    # -- changing -----------------------------------------------------------

    def change(self, key: str, mutate: Callable[[Session], object], *, label: str = "") -> None:
        """Apply ``mutate`` to the session as one committed edit.

        ``key`` names what was edited ("organisation.name", "scorecard:add:k-1");
        consecutive changes with the same key are one undo step, so typing a
        word is undone as a whole, not letter by letter.
        """
        if key != self._last_key or not self._undo:
            self._close_last()
            self._undo.append(_Snapshot(self.session.model_copy(deep=True), key, label or key))
            del self._undo[:-MAX_UNDO]
        self._last_key = key
        self._redo.clear()
        mutate(self.session)
        self._changed()

    def seal(self) -> None:
        """End the current undo step: the next change starts a new one, even with the same key."""
        self._last_key = None

    def adopt(self, session: Session) -> None:
        """Take in a session that holds others' changes merged with this editor's (co-editing).

        Undo history stays: it undoes this editor's own changes, and leaves theirs.
        Not an edit of this editor's: nothing is saved because of it.
        """
        self._close_last()
        session.progress.done = steps_done(session)
        self.session = session
        self._last_key = None

    def _close_last(self) -> None:
        if self._undo and self._undo[-1].after is None:
            self._undo[-1].after = self.session.model_copy(deep=True)

    def replace(self, session: Session) -> None:
        """Take a session from outside (reloaded after a conflict); history no longer applies."""
        session.progress.done = steps_done(session)
        self.session = session
        self._undo.clear()
        self._redo.clear()
        self._last_key = None

    # -- undo / redo --------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> tuple[str, str] | None:
        """Go back one step; returns (key, label) of what was undone, or None."""
        if not self._undo:
            return None
        snapshot = self._undo.pop()
        self._redo.append(self._restore(snapshot))
        return snapshot.key, snapshot.label

    def redo(self) -> tuple[str, str] | None:
        """Apply again what was undone; returns (key, label), or None."""
        if not self._redo:
            return None
        snapshot = self._redo.pop()
        self._undo.append(self._restore(snapshot))
        return snapshot.key, snapshot.label

    def _restore(self, snapshot: _Snapshot) -> _Snapshot:
        """Take back the change from ``snapshot.session`` to ``snapshot.after``; returns the way back again."""
        from secsc_tui.core.merge import merge

        now = self.session
        before_this = now.model_copy(deep=True)
        after = snapshot.after if snapshot.after is not None else before_this
        # Only this change is taken back: what others changed since stays (bookkeeping is now's).
        restored = merge(after, snapshot.session, now, prefer="mine").session
        restored.progress.current_step = now.progress.current_step
        restored.progress.reviewed = now.progress.reviewed  # like the step: where the team has been
        self.session = restored
        self._last_key = None
        self._changed()
        # The way back is exactly what this took back: from here to the session as it was just now.
        return _Snapshot(before_this, snapshot.key, snapshot.label, restored.model_copy(deep=True))

    # -- progress -----------------------------------------------------------

    def go_to(self, step: Step) -> None:
        """Move to another step. Not an undoable edit, but it is saved."""
        if self.session.progress.current_step is not step:
            self.session.progress.current_step = step
            self._last_key = None
            self._changed()
        self.visit(step)

    def visit(self, step: Step) -> None:
        """The team sees ``step`` on screen; seeing the review is what completes it (saved, not undoable)."""
        if step is Step.REVIEW and not self.session.progress.reviewed:
            self.session.progress.reviewed = True
            self._last_key = None
            self._changed()

    def _changed(self) -> None:
        self.session.progress.done = steps_done(self.session)
        if self._on_change is not None:
            self._on_change(self.session)


def steps_done(session: Session) -> list[Step]:
    """The steps whose content is complete; review counts once all the others are and the team opened it."""
    done: list[Step] = [step for step in Step if step is not Step.REVIEW and not missing_for_step(session, step)]
    if len(done) == len(Step) - 1 and session.progress.reviewed:
        done.append(Step.REVIEW)
    return done
