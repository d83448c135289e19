"""Home: the sessions in the database, and what can be done with them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from secsc_tui.app.app import SecscApp
from secsc_tui.app.key_order import STORE_WAIT_GROUP
from secsc_tui.app.notices import report_failure
from secsc_tui.app.screens.row_list import RowListScreen
from secsc_tui.app.threads import in_thread
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.app.widgets.session_list import SessionList
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from secsc_tui.core.exchange import ImportReport
    from secsc_tui.core.model import Session
    from secsc_tui.core.store import SessionSummary


class HomeScreen(RowListScreen):
    """The list of sessions: new, open, copy, rename, delete, import, export."""

    app = getters.app(SecscApp)

    LIST_ID = "sessions"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New"), id="home.new"),
        Binding("enter,o", "open", N_("Open"), id="home.open", key_display="⏎"),
        Binding("c", "copy", N_("Copy"), id="home.copy", show=False),
        Binding("r", "rename", N_("Rename"), id="home.rename", show=False),
        Binding("d,delete", "delete", N_("Delete"), id="home.delete", show=False),
        Binding("i", "import", N_("Import"), id="home.import"),
        Binding("e", "export", N_("Export"), id="home.export"),
        Binding("slash", "filter", N_("Filter"), id="home.filter", key_display="/"),
        Binding("s", "samples", N_("Load samples"), id="home.samples"),
        Binding("w", "workshops", N_("Workshops"), id="home.workshops"),
        Binding("m", "move", N_("Move to workshop…"), id="home.move", show=False),
        Binding("escape", "clear_filter", N_("Clear filter"), id="home.clear_filter", show=False),
        Binding("q", "app.quit", N_("Quit"), id="home.quit", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[SessionSummary] = []
        self._shown: list[SessionSummary] = []
        self._filter = ""
        self._casefolded: tuple[list[SessionSummary], list[tuple[str, str]]] | None = None  # see _haystacks
        self._loaded = False
        self._partial = False  # what is shown is the first screenful of a long list
        self._select_after_load: str | None = None
        self._listed_path: Path | None = None  # the file the first list was read from, before the store opened

    def compose(self) -> ComposeResult:
        # Only what the first paint needs. The list arrives with the sessions
        # (it has nothing to show before the database is read); the filter box
        # and the empty-database panel are added when they are first wanted.
        with Horizontal(id="home-header"):
            yield Static(Text("secsc · Security Scorecard"), id="home-title")
        yield Label(_("Opening the database…"), id="home-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.app.when_first_list(self._first_list)
        self.app.when_store_ready(self._store_ready)
        # Called at once too: the note may have come before this screen was mounted.
        self.watch(self.app, "opening_note", self._opening_note)

    def _opening_note(self, note: str) -> None:
        if note and self.app.store is None and not self._loaded:
            self._status(note)

    def _first_list(self, path: Path, summaries: list[SessionSummary], whole: bool) -> None:
        # Read with sqlite3 before the store has opened: shown at once (a long list's
        # first screenful, then all of it).
        self._listed_path = path
        if not self._loaded or self._partial:
            self._partial = not whole
            self._loaded_summaries(summaries)

    def _store_ready(self) -> None:
        # The list already shown came from the same, up-to-date file a moment ago.
        if self.app.store_error or not self._loaded or self._partial:
            self._partial = False
            self.reload()

    async def relabel(self) -> None:
        """The language changed: drawn again, and the list read again (the filter is cleared)."""
        await self.recompose()
        self.app.when_store_ready(self.reload)

    def _list(self) -> SessionList:
        lists = self.query("#sessions")
        if lists:
            return lists.first(SessionList)
        session_list = SessionList(id="sessions")
        self.mount(session_list, before="#home-status")
        session_list.focus()
        return session_list

    def _empty_panel(self) -> Vertical:
        panels = self.query("#home-empty")
        if panels:
            return panels.first(Vertical)
        panel = Vertical(
            Static(Text(_("No sessions yet.")), classes="empty-title"),
            Static(
                Text(
                    _(
                        "Press s to load the four sample sessions (the paper's worked example in English and "
                        "Japanese, an SME manufacturer and a critical-infrastructure operator), or n to start "
                        "a new session. i imports YAML files."
                    )
                )
            ),
            id="home-empty",
        )
        self.mount(panel, before="#home-status")
        return panel

    def _filter_field(self) -> Input:
        fields = self.query("#home-filter")
        if fields:
            return fields.first(Input)
        field = TextField(
            placeholder=_("filter by title or organisation"), id="home-filter", classes="hidden", compact=True
        )
        # Watched, not heard through Input.Changed: the message comes after the field has
        # drawn its new text, and the list then waited a frame more for the next refresh.
        self.watch(field, "value", self._filter_typed, init=False)
        self.query_one("#home-header").mount(field)
        return field

    def on_screen_resume(self) -> None:
        if self._loaded:
            self.reload()

    # Keys that need a session to act on are hidden while there is none; the
    # samples key is offered only then (the command palette has it always).
    _NEEDS_A_SESSION: ClassVar[set[str]] = {"open", "copy", "rename", "delete", "export", "filter", "move"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        empty = self._loaded and not self.summaries
        if action in self._NEEDS_A_SESSION:
            return not empty
        if action == "samples":
            return empty
        return True

    # -- loading ------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        if self.app.store_error:
            self._status(_("Cannot open the database: {error}", error=self.app.store_error))
            self.app.push_screen(DatabaseErrorScreen(self.app.store_error))
            return
        if select:
            self._select_after_load = select
        store = self.app.store
        if store is None:  # the list came before the store: read it again once the store is open
            self.app.when_store_ready(self.reload)
            return
        in_thread(
            self,
            store.list_sessions,
            done=self._loaded_summaries,
            failed=self._failed,
            group="home-load",
            exclusive=True,
        )

    def _loaded_summaries(self, summaries: list[SessionSummary]) -> None:
        self._loaded = True
        self.summaries = summaries
        self._show()
        self.refresh_bindings()

    def _show(self) -> None:
        session_list = self._list()
        wanted = self._select_after_load or self.current_id()
        self._select_after_load = None
        self._shown = self._matching(self._filter.casefold()) if self._filter else self.summaries
        empty = not self.summaries
        if empty:
            self._empty_panel().remove_class("hidden")
        elif self.query("#home-empty"):
            self._empty_panel().add_class("hidden")
        session_list.set_class(empty, "hidden")
        # The list draws only the rows on screen: no work here for the other thousands.
        session_list.set_rows(self._shown, select=wanted)
        self._status_summary()

    def _matching(self, needle: str) -> list[SessionSummary]:
        """The sessions whose title or organisation holds ``needle`` (casefolded)."""
        return [
            s
            for s, (title, organisation) in zip(self.summaries, self._haystacks(), strict=True)
            if needle in title or needle in organisation
        ]

    def _haystacks(self) -> list[tuple[str, str]]:
        """Each session's title and organisation casefolded: once per list read, not once per key."""
        if self._casefolded is None or self._casefolded[0] is not self.summaries:
            folded = [(s.title.casefold(), s.organisation.casefold()) for s in self.summaries]
            self._casefolded = (self.summaries, folded)
        return self._casefolded[1]

    def _status(self, message: str) -> None:
        # One line, as wide as the screen, whatever it says: no layout needed (one would redraw every widget).
        self.query_one("#home-status", Label).update(message, layout=False)

    def _status_summary(self) -> None:
        from secsc_tui.app.screens.dialogs import display_path
        from secsc_tui.core.store.location import mask_password

        store = self.app.store
        if store is None:
            where = display_path(self._listed_path) if self._listed_path else ""
        else:
            where = display_path(store.path) if store.path else mask_password(store.url)
        count = len(self.summaries)
        shown = len(self._shown)
        if self._partial:
            text = _("Reading the sessions… · {where}", where=where)
        elif self._filter:
            text = ngettext(
                "{shown} of {n} session match “{filter}” · {where}",
                "{shown} of {n} sessions match “{filter}” · {where}",
                count,
                shown=shown,
                filter=self._filter,
                where=where,
            )
        elif count == 0:
            text = _("No sessions · {where}", where=where)
        else:
            text = ngettext("{n} session · {where}", "{n} sessions · {where}", count, where=where)
        self._status(text)

    def _failed(self, error: Exception) -> None:
        report_failure(self, error, _("Something went wrong"))
        if self._loaded:
            self._status_summary()

    # -- actions ------------------------------------------------------------

    def _ready(self, retry: Callable[[], object] | None = None) -> bool:
        """Whether the store is open. If it is still opening (the list came first), ``retry`` runs once it is.

        The wait is a worker started by the key, so the keys typed after it wait too
        (``key_order``): a burst such as "r", a new title, Enter lands in the dialog.
        """
        if self.app.store is not None:
            return True
        if retry is not None and not self.app.store_error:
            self.run_worker(self._when_store_open(retry), group=STORE_WAIT_GROUP)
        else:
            self.notify(_("The database is still opening…"), timeout=2)
        return False

    async def _when_store_open(self, retry: Callable[[], object]) -> None:
        opened = asyncio.Event()
        self.app.when_store_ready(opened.set)
        await opened.wait()
        if self.is_attached:
            retry()

    def rows_loaded(self) -> bool:
        return self._loaded

    def nothing_selected(self) -> str:
        return _("No session selected.")

    def _selected(self, retry: Callable[[], object] | None = None) -> SessionSummary | None:
        """The session under the cursor; with ``retry``, only once the store is open (see ``_ready``)."""
        session_id = self.selected_id()
        if session_id is None:
            return None
        if retry is not None and not self._ready(retry):
            return None
        return next((s for s in self.summaries if s.id == session_id), None)

    def action_new(self) -> None:
        store = self.app.store
        if not self._ready(retry=self.action_new) or store is None:
            return

        from secsc_tui.app.screens.new_session import NewSessionDialog, NewSessionRequest

        def create(request: NewSessionRequest | None) -> None:
            if request is None:
                return
            from secsc_tui.core.factory import new_session

            session = new_session(request.title, request.language)
            in_thread(self, lambda: store.create(session), done=lambda s: self.open_row(s.id), failed=self._failed)

        self.app.push_screen(NewSessionDialog(), create)

    def open_row(self, session_id: str) -> None:
        from secsc_tui.app.screens.session import SessionScreen

        self._select_after_load = session_id
        self.app.push_screen(SessionScreen(session_id))

    def action_copy(self) -> None:
        selected, store = self._selected(retry=self.action_copy), self.app.store
        if selected is None or store is None:
            return

        def copy() -> Session:
            from secsc_tui.core.factory import copy_session

            return store.create(copy_session(store.get(selected.id)))

        def copied(session: Session) -> None:
            self.notify(_("Copied to “{title}”", title=session.title), markup=False, timeout=3)
            self.reload(select=session.id)

        in_thread(self, copy, done=copied, failed=self._failed)

    def action_rename(self) -> None:
        selected, store = self._selected(retry=self.action_rename), self.app.store
        if selected is None or store is None:
            return

        def rename(title: str | None) -> None:
            if not title or title == selected.title:
                return

            def save() -> Session:
                session = store.get(selected.id)
                session.title = title
                return store.save(session)

            in_thread(self, save, done=lambda s: self.reload(select=s.id), failed=self._failed)

        from secsc_tui.app.screens.dialogs import TextPrompt

        self.app.push_screen(TextPrompt(_("Rename session"), selected.title), rename)

    def action_delete(self) -> None:
        selected, store = self._selected(retry=self.action_delete), self.app.store
        if selected is None or store is None:
            return

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return
            in_thread(
                self,
                lambda: store.delete(selected.id, expected_revision=selected.revision),
                done=lambda _result: self._deleted(selected),
                failed=self._failed,
            )

        from secsc_tui.app.screens.dialogs import ConfirmDialog

        question = _("Delete “{title}”?", title=printable(selected.title))
        detail = _(
            "Its scorecard, map and ratings are removed from this database. Export it first if you may need it again."
        )
        self.app.push_screen(ConfirmDialog(question, detail, yes=_("Delete"), no=_("Keep"), danger=True), delete)

    def _deleted(self, summary: SessionSummary) -> None:
        self.notify(_("Deleted “{title}”", title=summary.title), markup=False, timeout=3)
        self.reload()

    def action_import(self) -> None:
        if not self._ready(retry=self.action_import):
            return

        def chosen(path: str | None) -> None:
            if path:
                self._import([path])

        from secsc_tui.app.screens.dialogs import path_prompt

        self.app.push_screen(path_prompt(_("Import YAML: a file or a folder of files"), "./"), chosen)

    def action_samples(self) -> None:
        if not self._ready(retry=self.action_samples):
            return
        from secsc_tui.resources import sample_session_files

        self._import([str(p) for p in sample_session_files()])

    def _import(self, paths: list[str], force: bool = False) -> None:
        from secsc_tui.core.exchange import import_paths

        store = self.app.store
        assert store is not None  # the import actions wait for the database (_ready)

        self._status(_("Importing…"))
        in_thread(
            self,
            lambda: import_paths(store, paths, force=force),
            done=lambda report: self._imported(report, paths),
            failed=self._failed,
        )

    def _imported(self, report: ImportReport, paths: list[str]) -> None:
        lines = [*report.missing]
        for result in report.files:
            name = result.path.name
            if result.problems:
                lines.append(_("{file}: refused", file=name))
                lines.extend(f"  {p}" for p in result.problems[:5])
                if len(result.problems) > 5:
                    lines.append(_("  … and {n} more (secsc validate shows all)", n=len(result.problems) - 5))
            elif result.error:
                lines.append(f"{name}: {result.error}")
            elif result.conflicts:
                lines.append(_("{file}: changed here since it was exported — not imported", file=name))
        summary = report.summary()
        severity: SeverityLevel = "information" if report.ok else "warning"
        self.notify(
            "\n".join([summary, *lines]),
            title=_("Import"),
            severity=severity,
            markup=False,
            timeout=6 if report.ok else 15,
        )
        added = [o.session_id for r in report.files for o in r.outcomes if o.status in ("added", "updated")]
        self.reload(select=added[0] if added else None)
        conflicted = [r for r in report.files if r.conflicts and not r.problems]
        if conflicted:
            from secsc_tui.app.screens.dialogs import ConfirmDialog

            names = ", ".join(r.path.name for r in conflicted)

            def overwrite(confirmed: bool | None) -> None:
                if confirmed:
                    self._import([str(r.path) for r in conflicted], force=True)

            self.app.push_screen(
                ConfirmDialog(
                    _("Overwrite with the file's version?"),
                    _(
                        "{files}: these sessions were changed in this database after the file was exported. "
                        "Overwriting replaces the database's version with the file's.",
                        files=names,
                    ),
                    yes=_("Overwrite"),
                    no=_("Keep database version"),
                    danger=True,
                ),
                overwrite,
            )

    def action_export(self) -> None:
        selected, store = self._selected(retry=self.action_export), self.app.store
        if selected is not None and store is not None:
            from secsc_tui.app.exporting import ask_and_export

            ask_and_export(self, selected.id, selected.title, lambda: store.get(selected.id))

    # -- workshops ----------------------------------------------------------

    def action_workshops(self) -> None:
        from secsc_tui.app.screens.workshops import WorkshopsScreen

        self.app.push_screen(WorkshopsScreen())

    def action_move(self) -> None:
        selected = self._selected(retry=self.action_move)
        if selected is None:
            return
        from secsc_tui.app.screens.workshops import move_to_workshop

        move_to_workshop(self, selected.id, selected.title, done=lambda: self.reload(select=selected.id))

    # -- filter -------------------------------------------------------------

    def action_filter(self) -> None:
        field = self._filter_field()
        field.remove_class("hidden")
        field.focus()
        # Ready before the first key (10,000 sessions: ~5 ms), once the field is shown.
        self.call_after_refresh(self._haystacks)

    def _filter_typed(self, value: str) -> None:
        self._filter = value.strip()
        self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "home-filter":
            self._list().focus()

    def action_clear_filter(self) -> None:
        if not self.query("#home-filter"):
            return
        field = self._filter_field()
        if self._filter or not field.has_class("hidden"):
            field.value = ""  # the whole list again (_filter_typed), if a filter was typed
            field.add_class("hidden")
            self._list().focus()

    # -- palette ------------------------------------------------------------

    def palette_commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand(_("New session"), _("Start a new session"), self.action_new)
        yield SystemCommand(_("Open session"), _("Open the selected session"), self.action_open)
        yield SystemCommand(_("Import YAML"), _("Import session files"), self.action_import)
        yield SystemCommand(_("Export YAML"), _("Export the selected session"), self.action_export)
        yield SystemCommand(
            _("Load sample sessions"), _("Import the sessions that ship with secsc"), self.action_samples
        )
        yield SystemCommand(
            _("Workshops"), _("The trainer's console: workshops, dashboards, results"), self.action_workshops
        )
        yield SystemCommand(
            _("Move to workshop…"), _("Put the selected session in a workshop, or in none"), self.action_move
        )
        for summary in self.summaries[:200]:
            yield SystemCommand(
                _("Open: {title}", title=printable(summary.title)),
                summary.organisation or summary.id,
                lambda sid=summary.id: self.open_row(sid),
                discover=False,
            )


class DatabaseErrorScreen(Screen[None]):
    """The database cannot be used: say why and what to do, then let the user quit."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", N_("Quit"), id="dberror.quit")]

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("The database cannot be opened"), classes="dialog-title")
            yield Static(Text(self.message))
            yield Static(
                Text(_("Nothing was changed. Start secsc with another database: secsc --db PATH (or set SECSC_DB).")),
                classes="dialog-detail",
            )
        yield Footer()
