"""The session screen: the step bar, the current step, autosave, undo.

Step views are created the first time their step is visited and then kept in a
ContentSwitcher, so going back and forth never loses what a view holds.

Several people may edit the session at once (co-editing, ``core/coediting.py``):
saves merge, and the screen polls for others' saves, taking them in without
moving the cursor. Only a field both changed differently is asked about (F5).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, Label, TextArea

from secsc_tui import marks
from secsc_tui.app.app import SecscApp
from secsc_tui.app.autosave import AutoSaver, SaveState
from secsc_tui.app.notices import report_failure
from secsc_tui.app.screens.conflict import ConflictChoice, ConflictDialog
from secsc_tui.app.screens.coverable import CoverableScreen
from secsc_tui.app.screens.field_conflicts import Choice, FieldConflictsDialog
from secsc_tui.app.screens.timer_menu import TimerMenu
from secsc_tui.app.threads import in_thread, poll_in_thread
from secsc_tui.app.timekeeper import Level, Timekeeper
from secsc_tui.app.widgets.choice_field import ChoiceField
from secsc_tui.app.widgets.label_text import show_text
from secsc_tui.app.widgets.step_bar import StepBar
from secsc_tui.app.widgets.step_footer import StepFooter
from secsc_tui.core.coediting import CoEditing
from secsc_tui.core.editing import SessionEditor
from secsc_tui.core.labels import step_name
from secsc_tui.core.merge import Conflict, choose
from secsc_tui.core.model import Session, Step
from secsc_tui.core.rules import missing_for_step
from secsc_tui.core.timebox import StepTimer, format_remaining
from secsc_tui.core.workshop import DEFAULT_MINUTES, Workshop
from secsc_tui.i18n import N_, _, current_language, ngettext
from secsc_tui.textwidth import printable

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from secsc_tui.app.steps.base import StepView
    from secsc_tui.core.store import SaveOutcome

# Others' saves show up within this (one cheap read of the revision per poll).
POLL_SECONDS = 1.0

STEP_MODULES = {
    Step.CONTEXT: "context",
    Step.GAP_ANALYSIS: "gap_analysis",
    Step.STRATEGIC_GOAL: "strategic_goal",
    Step.APPROACH: "approach",
    Step.SCORECARD: "scorecard",
    Step.STRATEGY_MAP: "strategy_map",
    Step.EVALUATION: "evaluation",
    Step.REVIEW: "review",
}

SAVE_LABELS = {
    SaveState.SAVED: N_("✓ saved"),
    SaveState.PENDING: N_("• editing"),
    SaveState.SAVING: N_("… saving"),
    SaveState.FAILED: N_("✗ not saved (F5 retries)"),
    SaveState.CONFLICT: N_("⚠ changed elsewhere (F5)"),
}

# Widgets where a person types: Escape leaves them instead of leaving the screen.
TYPING_WIDGETS = (Input, TextArea, ChoiceField)


def view_class(step: Step) -> type[StepView]:
    module = importlib.import_module(f"secsc_tui.app.steps.{STEP_MODULES[step]}")
    view: type[StepView] = module.View
    return view


class SessionScreen(CoverableScreen[None]):
    app = getters.app(SecscApp)

    # F-keys are priority bindings: a focused text box (TextArea binds F6/F7 to
    # selections) must not swallow the session's own keys.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f7", "prev_step", N_("Back"), id="session.prev_step", priority=True),
        Binding("f8", "next_step", N_("Next"), id="session.next_step", priority=True),
        Binding("f2", "steps", N_("Steps"), id="session.steps", show=False, priority=True),
        Binding("ctrl+z,f3", "undo", N_("Undo"), id="session.undo", key_display="F3"),
        Binding("f3", "undo", N_("Undo"), id="session.undo_f3", show=False, priority=True),
        Binding("ctrl+y,f4", "redo", N_("Redo"), id="session.redo", show=False),
        Binding("f4", "redo", N_("Redo"), id="session.redo_f4", show=False, priority=True),
        Binding("ctrl+s,f5", "save_now", N_("Save now"), id="session.save", show=False, priority=True),
        Binding("f6", "export", N_("Export"), id="session.export", show=False, priority=True),
        Binding("ctrl+t,f12", "timer", N_("Timebox"), id="session.timer", show=False, priority=True),
        Binding(
            "escape", "escape", N_("Leave field / back to sessions"), id="session.leave", key_display="Esc", show=False
        ),
        *(
            Binding(str(step.number), f"go('{step.value}')", step_name(step), id=f"session.go_{step.value}", show=False)
            for step in Step
        ),
    ]

    def __init__(self, session_id: str):
        super().__init__()
        self.session_id = session_id
        self.editor: SessionEditor | None = None
        self.saver: AutoSaver | None = None
        self.coediting: CoEditing | None = None
        self.timekeeper: Timekeeper | None = None
        self._views: dict[Step, StepView] = {}
        self._last_move: Step | None = None  # where an F8/F7 came from, until the next edit
        self._hint = Text()  # what the current step still needs, or what it is for
        self._notice: Text | None = None  # a short message shown in the hint's place for a moment
        self._notice_timer: Timer | None = None
        self._notice_severity = "information"
        self.workshop_id: str | None = None  # the workshop the session is in: a kept copy goes there too
        self._language_before: str | None = None  # the interface's, while it speaks the session's

    def compose(self) -> ComposeResult:
        yield StepBar(id="step-bar")
        with Horizontal(id="session-header"):
            yield Label("", id="step-title", markup=False)
            yield Label("", id="timebox", markup=False)
            yield Label(_("opening…"), id="save-status", markup=False)
        yield Label("", id="step-hint", markup=False)
        yield ContentSwitcher(id="steps")
        yield StepFooter()

    # -- loading ------------------------------------------------------------

    def on_mount(self) -> None:
        self.app.when_store_ready(self._load)

    async def relabel(self) -> None:
        """The language changed: the step's view is built again from the editor, which keeps
        the session and its undo history; the other steps' views when they are next shown."""
        if self.editor is None or self.saver is None:
            return  # still opening: it is drawn in the new language
        self._views = {}
        await self.query_one(ContentSwitcher).remove_children()
        self.query_one(StepFooter).refresh(recompose=True)
        self._save_state(self.saver.state, "")
        self._show_step(self.session.progress.current_step)

    def _load(self) -> None:
        store = self.app.store
        if store is None:
            self._status_text(_("✗ no database"))
            return

        def load() -> tuple[Session, Workshop | None, list[StepTimer]]:
            return store.get(self.session_id), store.workshop_of(self.session_id), store.get_timers(self.session_id)

        in_thread(self, load, done=self._loaded, failed=self._load_failed)

    def _loaded(self, loaded: tuple[Session, Workshop | None, list[StepTimer]]) -> None:
        session, workshop, stored_timers = loaded
        self.workshop_id = workshop.id if workshop is not None else None
        store = self.app.store
        assert store is not None  # the session was just read from it
        self.editor = editor = SessionEditor(session, on_change=self._edited)
        self.coediting = CoEditing(session)
        self.saver = saver = AutoSaver(
            self,
            store,
            current=lambda: self.session,
            on_state=self._save_state,
            on_conflict=self._conflict,
            on_saved=self._saved,
            coediting=self.coediting,
            author=self.author(),
        )
        self.set_interval(POLL_SECONDS, self._poll)
        minutes_for = workshop.minutes_for if workshop is not None else DEFAULT_MINUTES.__getitem__
        self.timekeeper = keeper = Timekeeper(self, store, session.id, minutes_for, clock=self.app.clock)
        keeper.restore(stored_timers)
        keeper.enter(session.progress.current_step)
        self.set_interval(1.0, self._tick_timebox)
        self._save_state(SaveState.SAVED, "")
        self._show_step(session.progress.current_step)
        if editor.done_was_stale:
            saver.changed()  # store the recomputed progress, so the home list agrees
        self._speak_the_sessions_language()

    # -- language -------------------------------------------------------------

    def _speak_the_sessions_language(self) -> None:
        """A Japanese team's session opens in Japanese: the interface follows the session's
        language unless the person chose one (--lang, SECSC_LANG, the palette)."""
        wanted = self.session.language.value
        if self.app.language_chosen or wanted == current_language():
            return
        self._language_before = current_language()
        self.app.run_worker(self.app.switch_language(wanted, chosen=False), group="language")

    def _speak_as_before(self) -> None:
        before, self._language_before = self._language_before, None
        if before is not None and not self.app.language_chosen and before != current_language():
            self.app.run_worker(self.app.switch_language(before, chosen=False), group="language")

    def _load_failed(self, error: Exception) -> None:
        report_failure(self, error, _("Cannot open the session"))
        self.app.pop_screen()

    @property
    def session(self) -> Session:
        assert self.editor is not None
        return self.editor.session

    # -- steps --------------------------------------------------------------

    def _show_step(self, step: Step) -> None:
        # Steps are shown once the session is loaded (_loaded).
        assert self.editor is not None and self.timekeeper is not None
        switcher = self.query_one(ContentSwitcher)
        view = self._views.get(step)
        footer = self.query_one(StepFooter)
        footer.step_changing()
        if view is None:
            view = view_class(step)(self.editor)
            self._views[step] = view
            mounted = switcher.mount(view)
            switcher.current = view.id
            self.call_later(self._focus_when_mounted, view, mounted)
        else:
            switcher.current = view.id
            view.focus_first()
            footer.focus_settled()
        self.editor.go_to(step)
        self.timekeeper.enter(step)
        self._tick_timebox()
        self._refresh_chrome()

    async def _focus_when_mounted(self, view: StepView, mounted: AwaitMount) -> None:
        await mounted  # the view's own widgets exist only once it is mounted
        self._focus_if_current(view)

    def _focus_if_current(self, view: StepView) -> None:
        # The team may already have moved on (F8 F8 in quick succession).
        if self.editor is not None and self._views.get(self.session.progress.current_step) is view:
            view.focus_first()
            self.query_one(StepFooter).focus_settled()

    def go_to(self, step: Step) -> None:
        if self.editor is not None and step is not self.session.progress.current_step:
            previous = self.session.progress.current_step
            self._show_step(step)
            self._last_move = previous

    def action_go(self, step: str) -> None:
        self.go_to(Step(step))

    def action_next_step(self) -> None:
        if self.editor is None:
            return
        steps = list(Step)
        index = steps.index(self.session.progress.current_step)
        if index + 1 < len(steps):
            self.go_to(steps[index + 1])
            # Next is the key most often pressed by accident: say how to go back.
            self.say(
                _(
                    "Step {n}: {name} · F3 or F7 goes back to {previous}",
                    n=index + 2,
                    name=step_name(steps[index + 1]),
                    previous=step_name(steps[index]),
                )
            )

    def action_prev_step(self) -> None:
        if self.editor is None:
            return
        steps = list(Step)
        index = steps.index(self.session.progress.current_step)
        if index > 0:
            self.go_to(steps[index - 1])

    def on_step_bar_chosen(self, message: StepBar.Chosen) -> None:
        self.go_to(message.step)

    def action_steps(self) -> None:
        if self.editor is None:
            return
        from secsc_tui.app.screens.step_menu import StepMenu

        def chosen(step: Step | None) -> None:
            if step is not None:
                self.go_to(step)

        self.app.push_screen(StepMenu(self.session), chosen)

    # -- edits, undo, saving ------------------------------------------------

    def _edited(self, session: Session) -> None:
        if self.saver is not None:
            self.saver.changed()
        self._last_move = None  # an edit since the last move: undo means the edit now
        self._refresh_chrome()

    def action_undo(self) -> None:
        if self._last_move is not None and self.editor is not None:
            # The last thing done was changing step: undo that, not an edit made before.
            previous, self._last_move = self._last_move, None
            self._show_step(previous)
            self.say(_("Back to step {n}: {name}", n=previous.number, name=step_name(previous)))
            return
        self._history(self.editor.undo() if self.editor else None, _("Undone"), _("Nothing to undo"))

    def action_redo(self) -> None:
        self._history(self.editor.redo() if self.editor else None, _("Redone"), _("Nothing to redo"))

    def _history(self, result: tuple[str, str] | None, done: str, nothing: str) -> None:
        if result is None:
            self.say(nothing, timeout=2)
            return
        key, label = result
        for view in self._views.values():
            view.show_session()
        # Show where the change happened: keys start with the step's value.
        step_value = key.split(":", 1)[0]
        if step_value in {s.value for s in Step} and step_value != self.session.progress.current_step.value:
            self._show_step(Step(step_value))
        self.say(f"{done}: {label}")

    def action_save_now(self) -> None:
        if self.saver is None:
            return
        if self.coediting is not None and self.coediting.pending:
            self._ask_about_fields()
        elif self.saver.state is SaveState.CONFLICT:
            self._ask_about_conflict()
        else:
            self.saver.save_now()

    async def flush_saves(self) -> bool:
        """Wait for pending saves; False if something is still unsaved (a conflict to decide)."""
        if self.saver is None:
            return True
        await self.saver.flush()
        if self.saver.state is SaveState.CONFLICT:
            self._ask_about_conflict()
            return False
        return True

    def _saved(self, outcome: SaveOutcome, snapshot: Session) -> None:
        assert self.editor is not None and self.saver is not None and self.coediting is not None  # loaded
        # Edits made during the save stay; others' changes merged by the save come in.
        pending = len(self.coediting.pending)
        local = self.coediting.saved(outcome, snapshot, self.session)
        if outcome.merged:
            self._take_in(local)
        for kept in outcome.kept:
            who = _("you") if kept.deleted_by == "mine" else _("someone else")
            self.say(
                _("Kept “{item}”: {who} deleted it while it was being edited", item=printable(kept.item), who=who),
                severity="warning",
                timeout=8,
            )
        if len(self.coediting.pending) > pending:
            self._tell_to_decide()
        self._tell_what_came_back()

    def _tell_what_came_back(self) -> None:
        assert self.editor is not None and self.saver is not None and self.coediting is not None  # loaded
        for text in self.coediting.came_back:
            self.say(
                _("Kept “{item}”: you deleted it while someone else was editing it", item=printable(text)),
                severity="warning",
                timeout=8,
            )
        self.coediting.came_back.clear()

    def _tell_to_decide(self) -> None:
        assert self.editor is not None and self.saver is not None and self.coediting is not None  # loaded
        self.say(
            ngettext(
                "Changed by someone else too: {n} field to decide · F5",
                "Changed by someone else too: {n} fields to decide · F5",
                len(self.coediting.pending),
            ),
            severity="warning",
            timeout=8,
        )

    # -- others' saves ------------------------------------------------------

    def author(self) -> str:
        """How this editor is named to others: a participant's name, else the computer's login name."""
        participant = getattr(self.app, "participant", None)
        if participant is not None and participant.name:
            return str(participant.name)
        import getpass

        try:
            return getpass.getuser()
        except (OSError, KeyError):  # no login name (a container without a passwd entry)
            return ""

    def _poll(self) -> None:
        """Take in what others saved, if anything: one cheap read when nothing changed."""
        if self.editor is None or self.saver is None or self.coediting is None:
            return
        if self.saver.busy or self.app.store is None:
            return
        store, session_id, seen = self.app.store, self.session_id, self.coediting.base.revision

        def look() -> tuple[Session, str] | None:
            revision = store.revision_of(session_id)
            if revision is None or revision <= seen:
                return None
            return store.get(session_id), store.last_saved_by(session_id)

        poll_in_thread(self, look, done=self._arrived, group="store-poll")

    def _arrived(self, found: tuple[Session, str] | None) -> None:
        assert self.editor is not None and self.saver is not None and self.coediting is not None  # loaded
        # A save of ours may have come back meanwhile with a newer version: then this one is old.
        if found is None or self.saver.busy or found[0].revision <= self.coediting.base.revision:
            return
        stored, by = found
        pending = len(self.coediting.pending)
        self._take_in(self.coediting.arrived(stored, self.session, by))
        if len(self.coediting.pending) > pending:
            self._tell_to_decide()
        self._tell_what_came_back()
        if len(self.coediting.pending) != pending:
            self._save_state(self.saver.state, "")

    def _take_in(self, session: Session) -> None:
        assert self.editor is not None and self.saver is not None and self.coediting is not None  # loaded
        """Show others' changes: the cursor stays, and the field being typed into keeps its text."""
        self.editor.adopt(session)
        for view in self._views.values():
            view.show_others_changes()
        self._refresh_chrome()

    def _ask_about_fields(self) -> None:
        editor, saver, coediting = self.editor, self.saver, self.coediting
        assert editor is not None and saver is not None and coediting is not None  # loaded
        if isinstance(self.app.screen, FieldConflictsDialog) or not coediting.pending:
            return

        def decided(decision: tuple[Conflict, Choice] | None) -> None:
            if decision is None:
                return
            conflict, choice = decision
            coediting.decided(conflict)
            if choice == "theirs":
                editor.change(
                    f"conflict:{conflict.path}", lambda s: choose(s, conflict, conflict.theirs), label=conflict.path
                )
                for view in self._views.values():
                    view.show_others_changes()
            else:
                saver.save_now()  # yours, now written over theirs
            self._save_state(saver.state, "")
            self._ask_about_fields()

        self.app.push_screen(FieldConflictsDialog(coediting.pending), decided)

    def _save_state(self, state: SaveState, error: str) -> None:
        pending = len(self.coediting.pending) if self.coediting is not None else 0
        if pending and state is not SaveState.FAILED:
            self._status_text(_("⚠ {n} to decide (F5)", n=pending))
        else:
            self._status_text(_(SAVE_LABELS[state]))
        status = self.query_one("#save-status", Label)
        status.set_class(state in (SaveState.FAILED, SaveState.CONFLICT) or bool(pending), "save-problem")
        # Said once per run of failures: the saver retries by itself, and each retry
        # that fails again only keeps the header's mark.
        if state is SaveState.FAILED and self.saver is not None and self.saver.failures == 1:
            self.notify(
                _(
                    "Your changes are kept here and saving is retried by itself, or at once with F5.\n{error}",
                    error=error,
                ),
                title=_("Could not save"),
                severity="error",
                markup=False,
                timeout=10,
            )

    def _status_text(self, text: str) -> None:
        show_text(self.query_one("#save-status", Label), text)

    def _conflict(self, error: Exception) -> None:
        # Not a dialog at once: it would pop up under someone's typing and take
        # their keys. Saving stops, typing goes on in memory, and the question is
        # asked when they press F5 or try to leave.
        self.say(
            _("Changed elsewhere: your changes are kept here, not saved yet · F5 decides"),
            severity="warning",
            timeout=12,
        )

    def _ask_about_conflict(self) -> None:
        if isinstance(self.app.screen, ConflictDialog):
            return

        def decided(choice: ConflictChoice | None) -> None:
            if choice is not None:
                self._resolve_conflict(choice)

        if self.saver is not None:
            self.app.push_screen(ConflictDialog(self.saver.last_error), decided)

    def _resolve_conflict(self, choice: ConflictChoice) -> None:
        store, saver, editor, coediting = self.app.store, self.saver, self.editor, self.coediting
        # A conflict is the saver's, which exists once the session is loaded.
        assert store is not None and saver is not None and editor is not None and coediting is not None
        mine = self.session.model_copy(deep=True)

        if choice is ConflictChoice.OVERWRITE:

            def work() -> Session:
                mine.revision = store.get(mine.id).revision
                return store.save(mine)

            # (Positional-only: each variant of done names the session it gets after its own kind.)
            def done(stored: Session, /) -> None:
                self.session.revision, self.session.updated = stored.revision, stored.updated
                coediting.rebase(stored)
                saver.resolved_conflict()
                self.say(_("Your version was saved over the other one."), timeout=4)

        elif choice is ConflictChoice.RELOAD:

            def work() -> Session:
                return store.get(mine.id)

            def done(theirs: Session, /) -> None:
                editor.replace(theirs)
                coediting.rebase(theirs)
                for view in self._views.values():
                    view.show_session()
                saver.resolved_conflict()
                self._refresh_chrome()
                self.say(_("Loaded the other version; your changes were discarded."), timeout=4)

        else:  # keep mine as a new session, and carry on editing that copy
            from secsc_tui.core.factory import copy_session

            copy = copy_session(mine, title=f"{mine.title[:480]} ({_('my version')})")

            def work() -> Session:
                return store.create(copy, workshop_id=self.workshop_id)

            def done(created: Session, /) -> None:
                self.session_id = created.id
                editor.replace(created)
                coediting.rebase(created)
                for view in self._views.values():
                    view.show_session()
                saver.resolved_conflict()
                self._refresh_chrome()
                self.say(
                    _("Your version continues as a new session: “{title}”", title=printable(created.title)), timeout=6
                )

        in_thread(self, work, done=done, failed=lambda e: saver._failed(e))

    # -- timebox ------------------------------------------------------------

    def _tick_timebox(self) -> None:
        keeper = self.timekeeper
        label = self.query_one("#timebox", Label)
        remaining = keeper.remaining() if keeper else None
        level = keeper.level() if keeper else None
        if keeper is None or remaining is None or level is None:
            label.update("")
            return
        text = format_remaining(remaining)
        marks = {
            Level.RUNNING: "◷ {t}",
            Level.LOW: N_("◷ {t} left"),
            Level.OVER: N_("⚠ {t} over time"),
            Level.PAUSED: N_("⏸ {t} paused"),
        }
        label.update(_(marks[level], t=text.lstrip("-")), layout=False)
        for name in ("running", "low", "over", "paused"):
            label.set_class(level.value == name, f"-{name}")
        if keeper.just_ran_out() and (step := keeper.step) is not None:
            self.say(
                _(
                    "Time is up for step {n} ({minutes} min) · Ctrl+T or F12: extend, pause or reset",
                    n=step.number,
                    minutes=keeper.minutes_for(step),
                ),
                severity="warning",
                timeout=8,
            )

    def action_timer(self) -> None:
        keeper = self.timekeeper
        if keeper is None or keeper.timer is None or keeper.step is None:
            return
        step = keeper.step
        remaining = keeper.remaining()
        if remaining is None:
            return
        summary = _(
            "Step {n} {name}: {minutes} min in the agenda; {left}.",
            n=step.number,
            name=step_name(step),
            minutes=keeper.minutes_for(step),
            left=_("{t} left", t=format_remaining(remaining))
            if remaining >= 0
            else _("{t} over time", t=format_remaining(remaining).lstrip("-")),
        )

        def chosen(choice: str | None) -> None:
            if choice == "pause":
                paused = keeper.toggle_pause()
                self.say(_("Clock paused") if paused else _("Clock running again"), timeout=2)
            elif choice and choice.startswith("extend:"):
                keeper.extend(int(choice.split(":", 1)[1]))
            elif choice == "reset":
                keeper.reset()
            self._tick_timebox()

        self.app.push_screen(TimerMenu(summary, keeper.timer.paused), chosen)

    # -- chrome -------------------------------------------------------------

    def _refresh_chrome(self) -> None:
        if self.editor is None:
            return
        session = self.session
        step = session.progress.current_step
        self.query_one(StepBar).show(step, set(session.progress.done))
        title = f"{step.number}/8 {step_name(step)} · {printable(session.title)}"
        show_text(self.query_one("#step-title", Label), title)
        missing = missing_for_step(session, step)
        view = self._views.get(step)
        purpose = _(view.PURPOSE) if view is not None and view.PURPOSE else ""
        if missing:
            hint = marks.NOT_DONE + " " + _("Still needs: {missing}", missing="; ".join(missing))
        elif step is Step.REVIEW:
            hint = purpose
        else:
            hint = _("✓ Complete. {purpose}", purpose=purpose) if purpose else _("✓ Complete.")
        self._hint = Text(hint)
        self._show_hint()

    # -- notices ------------------------------------------------------------

    def say(self, message: str, *, severity: str = "information", timeout: float = 3) -> None:
        """Tell the team something for a moment: a step change, an undo, a deletion, the time.

        It takes the place of the step's hint, under the header, for ``timeout`` seconds: a
        toast would cover rows of their work. ``message`` is shown literally.
        """
        self._notice = Text(message, style="bold")
        self._notice_severity = severity
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(timeout, self._end_notice)
        self._show_hint()

    def _end_notice(self) -> None:
        self._notice = self._notice_timer = None
        self._show_hint()

    def _show_hint(self) -> None:
        line = self.query_one("#step-hint", Label)
        shown = self._notice if self._notice is not None else self._hint
        show_text(line, shown)
        line.set_class(self._notice is not None, "-notice")
        line.set_class(self._notice is not None and self._notice_severity == "warning", "-warning")

    # -- leaving ------------------------------------------------------------

    async def action_escape(self) -> None:
        focused = self.focused
        if isinstance(focused, TYPING_WIDGETS) or (focused is not None and focused.has_class("leave-with-escape")):
            # Leave the field; the next Escape leaves the screen.
            self.set_focus(None)
            return
        if await self.flush_saves():
            self.app.pop_screen()
            self._speak_as_before()

    def action_export(self) -> None:
        if self.editor is None:
            return
        from secsc_tui.app.exporting import ask_and_export

        snapshot = self.session.model_copy(deep=True)
        ask_and_export(self, snapshot.id, snapshot.title, lambda: snapshot)

    def palette_commands(self) -> Iterator[SystemCommand]:
        if self.editor is None:
            return
        for step in Step:
            yield SystemCommand(
                _("Go to step {n}: {name}", n=step.number, name=step_name(step)),
                _("Show this step of the exercise"),
                lambda step=step: self.go_to(step),
            )
        yield SystemCommand(_("Export this session"), _("Write the session to a YAML file"), self.action_export)
        yield SystemCommand(_("Undo"), _("Undo the last change"), self.action_undo)
        yield SystemCommand(_("Redo"), _("Apply again what was undone"), self.action_redo)
        yield SystemCommand(_("Save now"), _("Save (or retry a failed save) at once"), self.action_save_now)
        yield SystemCommand(_("Back to sessions"), _("The list of sessions"), self.action_escape)
