"""A workshop's dashboard: every team's progress, refreshed by itself while they work.

Teams may work on their own laptops (their files are imported here later) or all
on this database; then the dashboard follows them: every two seconds it reads
one cheap row per team (``store.team_rows``) in a thread and changes only the
cells that changed, so the cursor, the focus and the scroll position stay where
the trainer left them. Review warnings need the whole session; a team's session
is read again only when its revision changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static

from secsc_tui import marks
from secsc_tui.app.app import SecscApp
from secsc_tui.app.notices import report_failure
from secsc_tui.app.screens.row_list import RowListScreen
from secsc_tui.app.screens.workshops import workshop_line
from secsc_tui.app.threads import in_thread
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.core.labels import step_name
from secsc_tui.core.natural_order import natural_key
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable, truncate

if TYPE_CHECKING:
    from secsc_tui.core.exchange import ImportReport
    from secsc_tui.core.model import Session
    from secsc_tui.core.store import Store, TeamRow
    from secsc_tui.core.workshop import Workshop

STEP_COUNT = 8
POLL_SECONDS = 2.0
WIDE = 100  # from this width on: the progress bar, the CSF count, longer times
MARK = "✓"


def progress_bar(done: int, total: int = STEP_COUNT) -> str:
    done = max(0, min(done, total))
    return marks.bar(done, total)


def relative_time(when: dt.datetime, now: dt.datetime, *, wide: bool = False) -> str:
    """ "now", "3 min" (or "3 min ago"), "14:03" today, "08-25" before (with the time when wide)."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return _("now") if not wide else _("just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return _("{n} min", n=minutes) if not wide else _("{n} min ago", n=minutes)
    local, local_now = when.astimezone(), now.astimezone()
    if local.date() == local_now.date():
        return local.strftime("%H:%M")
    return local.strftime("%m-%d %H:%M" if wide else "%m-%d")


@dataclass(frozen=True)
class _Col:
    key: str
    label: str
    width: int
    right: bool = False


@dataclass
class _Polled:
    rows: list[TeamRow]
    warnings: dict[str, tuple[int, int]]  # session id -> (revision it was computed at, count)
    workshop: Workshop | None = None
    vanished: tuple[str, ...] = ()


class DashboardScreen(RowListScreen):
    """One row per team session of a workshop."""

    app = getters.app(SecscApp)

    LIST_ID = "teams"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,o", "open", N_("Open"), id="dashboard.open", key_display="⏎"),
        Binding("p", "present", N_("Present"), id="dashboard.present"),
        Binding("space", "mark", N_("Mark"), id="dashboard.mark", key_display="␣"),
        Binding("c", "compare", N_("Compare"), id="dashboard.compare"),
        Binding("r", "results", N_("Results"), id="dashboard.results"),
        Binding("x,R", "report", N_("Report"), id="dashboard.report"),
        Binding("n", "new", N_("New team"), id="dashboard.new", show=False),
        Binding("i", "import", N_("Import team files"), id="dashboard.import", show=False),
        Binding("e", "edit", N_("Edit workshop"), id="dashboard.edit", show=False),
        Binding("f5", "refresh", N_("Refresh now"), id="dashboard.refresh", show=False),
        Binding("escape", "back", N_("Back"), id="dashboard.back", key_display="Esc", show=False),
    ]

    DEFAULT_CSS = """
    DashboardScreen #db-header { height: 1; padding: 0 1; background: $panel; }
    DashboardScreen #db-title { width: 1fr; text-style: bold; color: $primary; text-wrap: nowrap;
                                text-overflow: ellipsis; }
    DashboardScreen #db-updated { width: auto; margin-left: 2; color: $text-muted; }
    DashboardScreen #db-updated.-stale { color: $warning; text-style: bold; }
    DashboardScreen #teams { height: 1fr; }
    DashboardScreen #db-empty { height: 1fr; padding: 1 2; }
    DashboardScreen #db-empty Static { margin-bottom: 1; }
    DashboardScreen #db-status { height: 1; width: 1fr; padding: 0 1; background: $panel; text-wrap: nowrap;
                                 text-overflow: ellipsis; }
    """

    def __init__(self, workshop_id: str):
        super().__init__()
        self.workshop_id = workshop_id
        self.workshop: Workshop | None = None
        self.rows: dict[str, TeamRow] = {}  # session id -> its row
        self.order: list[str] = []  # session ids as shown
        self.marked: set[str] = set()
        self.warnings: dict[str, tuple[int, int]] = {}
        self.loaded = False
        self.last_update: dt.datetime | None = None  # the last successful read
        self._polling = False
        self._cells: dict[str, dict[str, str]] = {}  # what each cell shows now: session -> column -> plain
        self._columns: list[_Col] = []
        self._select: str | None = None
        self._problem = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="db-header"):
            yield Label(_("Workshop"), id="db-title", markup=False)
            yield Label("", id="db-updated", markup=False)
        yield DataTable(id="teams", cursor_type="row", zebra_stripes=True)
        yield Vertical(
            Static(Text(_("No teams in this workshop yet.")), classes="empty-title"),
            Static(
                Text(
                    _(
                        "n starts a team session here (type its name: the team or its organisation). "
                        "i imports the YAML files teams exported on their own laptops. In the session list, "
                        "m moves an existing session into this workshop."
                    )
                )
            ),
            Static(
                Text(
                    _("Teams working on this database appear here as they work; the list refreshes every two seconds.")
                )
            ),
            id="db-empty",
            classes="hidden",
        )
        yield Label(_("Reading the teams…"), id="db-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#teams", DataTable).focus()
        self.set_interval(POLL_SECONDS, self._tick)
        self.app.when_store_ready(lambda: self.poll(with_workshop=True))

    async def relabel(self) -> None:
        """The language changed: drawn again, and the teams read again."""
        await self.recompose()
        self.query_one("#teams", DataTable).focus()
        self.app.when_store_ready(lambda: self.poll(with_workshop=True))

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.poll(with_workshop=True)

    # -- reading, in a thread -------------------------------------------------

    def _tick(self) -> None:
        if self.is_current and self.loaded:
            self.poll()

    def poll(self, *, with_workshop: bool = False) -> None:
        """Read the teams' rows (and the sessions that changed) off the UI thread."""
        store = self.app.store
        if store is None or self._polling:
            if store is None and self.app.store_error:
                self._status(_("Cannot open the database: {error}", error=self.app.store_error))
            return
        self._polling = True
        workshop_id = self.workshop_id
        known = dict(self.warnings)
        with_workshop = with_workshop or self.workshop is None

        def work() -> _Polled:
            from secsc_tui.core.coverage import points_to_check
            from secsc_tui.core.problems import SessionNotFound

            workshop = store.get_workshop(workshop_id) if with_workshop else None
            rows = store.team_rows(workshop_id)
            stale = [row for row in rows if known.get(row.id, (None,))[0] != row.revision]
            sessions: list[Session] = []
            vanished: list[str] = []
            if len(stale) > 3 and len(stale) * 2 > len(rows):
                sessions = store.sessions_in(workshop_id)  # the first read: all at once
            else:
                for row in stale:
                    try:
                        sessions.append(store.get(row.id))
                    except SessionNotFound:
                        vanished.append(row.id)
            counts = {s.id: (s.revision, len(points_to_check(s))) for s in sessions}
            return _Polled(rows=rows, warnings=counts, workshop=workshop, vanished=tuple(vanished))

        in_thread(self, work, done=self._polled, failed=self._poll_failed, group="dashboard-poll")

    def _polled(self, polled: _Polled) -> None:
        self._polling = False
        first = not self.loaded
        self.loaded = True
        self._problem = ""
        if polled.workshop is not None:
            self.workshop = polled.workshop
            self.query_one("#db-title", Label).update(workshop_line(polled.workshop))
        ids = {row.id for row in polled.rows} - set(polled.vanished)
        self.warnings = {sid: value for sid, value in {**self.warnings, **polled.warnings}.items() if sid in ids}
        self.marked &= ids
        rows = sorted((row for row in polled.rows if row.id in ids), key=lambda r: (natural_key(r.title), r.id))
        self.rows = {row.id: row for row in rows}
        self.last_update = self.app.clock()
        self._show([row.id for row in rows])
        if first:
            self.refresh_bindings()

    def _poll_failed(self, error: Exception) -> None:
        self._polling = False
        self._problem = str(error) or error.__class__.__name__
        if not self.loaded and self.workshop is None:
            report_failure(self, error, _("Cannot open the workshop"))
            self.app.pop_screen()
            return
        self._show_updated()
        self._status_line()

    # -- showing --------------------------------------------------------------

    def _wide(self) -> bool:
        return self.size.width >= WIDE

    def _layout(self) -> list[_Col]:
        wide = self._wide()
        columns = [
            _Col("mark", " ", 1),
            _Col("team", _("Team"), 0),
            _Col("step", _("Step"), 17 if wide else 11),
            _Col("done", _("Done"), 12 if wide else 4),
            _Col("goals", _("Goals"), 5, right=True),
        ]
        if wide:
            columns.append(_Col("csfs", _("CSFs"), 4, right=True))
        columns += [
            _Col("kpis", _("KPIs"), 4, right=True),
            _Col("actions", _("Actions") if wide else _("Acts"), 7 if wide else 4, right=True),
            _Col("checks", _("Check"), 5, right=True),
            _Col("changed", _("Changed"), 11 if wide else 7),
        ]
        fixed = sum(c.width for c in columns) + 2 * len(columns) + 2  # cell padding, scrollbar
        team = max(12, self.size.width - fixed)
        return [c if c.key != "team" else _Col("team", c.label, team) for c in columns]

    def _cell_texts(self, row: TeamRow, now: dt.datetime) -> dict[str, str]:
        wide = self._wide()
        team_width = next(c.width for c in self._columns if c.key == "team")
        step = row.current_step
        warnings = self.warnings.get(row.id)
        checks = "…"  # not checked yet
        if warnings is not None:
            checks = f"⚠ {warnings[1]}" if warnings[1] else "✓"
        done = f"{row.steps_done}/{STEP_COUNT}"
        texts = {
            "mark": MARK if row.id in self.marked else " ",
            "team": truncate(printable(row.title), team_width),
            "step": f"{step.number} {step_name(step, short=not wide)}",
            "done": f"{done} {progress_bar(row.steps_done)}" if wide else done,
            "goals": str(row.goals),
            "csfs": str(row.csfs),
            "kpis": str(row.kpis),
            "actions": str(row.actions),
            "checks": checks,
            "changed": relative_time(row.updated, now, wide=wide),
        }
        return {c.key: truncate(texts[c.key], c.width) for c in self._columns}

    def _cell(self, key: str, text: str) -> Text:
        column = next(c for c in self._columns if c.key == key)
        style = "bold" if key == "mark" else ""
        return Text(text, justify="right" if column.right else "left", style=style)

    def _show(self, order: list[str], *, rebuild: bool = False) -> None:
        table = self.query_one("#teams", DataTable)
        layout = self._layout()
        if layout != self._columns:
            self._columns = layout
            table.clear(columns=True)
            for column in layout:
                label = Text(column.label, justify="right" if column.right else "left")
                table.add_column(label, key=column.key, width=column.width)
            self.order = []
            rebuild = True
        now = self.app.clock()
        if rebuild or order != self.order:
            self._rebuild(table, order, now)
        else:
            for session_id in order:
                cells = self._cell_texts(self.rows[session_id], now)
                shown = self._cells.get(session_id, {})
                for key, text in cells.items():
                    if shown.get(key) != text:
                        table.update_cell(session_id, key, self._cell(key, text))
                self._cells[session_id] = cells
        empty = not order
        table.set_class(empty, "hidden")
        self.query_one("#db-empty").set_class(not empty, "hidden")
        self._show_updated()
        self._status_line()

    def _rebuild(self, table: DataTable[Text], order: list[str], now: dt.datetime) -> None:
        """New or removed teams: refill the rows, keeping the cursor on the same team."""
        wanted = self._select or self.current_id()
        self._select = None
        old_index = table.cursor_row
        scroll = table.scroll_y
        had_focus = table.has_focus
        table.clear()
        self._cells = {}
        for session_id in order:
            cells = self._cell_texts(self.rows[session_id], now)
            table.add_row(*(self._cell(key, text) for key, text in cells.items()), key=session_id)
            self._cells[session_id] = cells
        self.order = order
        if order:
            index = order.index(wanted) if wanted in order else min(old_index, len(order) - 1)
            table.scroll_to(y=scroll, animate=False, immediate=True)
            table.move_cursor(row=index, animate=False, scroll=True)
        if had_focus or self.focused is None:
            table.focus()

    def _show_updated(self) -> None:
        label = self.query_one("#db-updated", Label)
        when = self.last_update.astimezone().strftime("%H:%M:%S") if self.last_update else "–"
        if self._problem:
            label.update(_("⚠ not updated since {time}", time=when))
        else:
            label.update(_("updated {time}", time=when))
        label.set_class(bool(self._problem), "-stale")

    def _status_line(self) -> None:
        n = len(self.order)
        if self._problem:
            text = _("Cannot read the teams: {error}", error=printable(self._problem))
        elif n == 0:
            text = _("No teams yet · n new team · i import files · Esc back")
        else:
            parts = [ngettext("{n} team", "{n} teams", n)]
            if self.marked:
                parts.append(_("{n} marked · c compares them", n=len(self.marked)))
            else:
                parts.append(_("Space marks teams to compare"))
            parts.append(_("n new team · i import"))
            text = " · ".join(parts)
        self.query_one("#db-status", Label).update(text)

    def on_resize(self) -> None:
        if self.loaded:
            self._show(self.order)

    # -- the selected team ----------------------------------------------------

    def nothing_selected(self) -> str:
        return _("No team selected.")

    _NEEDS_A_TEAM: ClassVar[set[str]] = {"open", "present", "mark", "compare"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._NEEDS_A_TEAM:
            return not (self.loaded and not self.order)
        return True

    # -- actions --------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self.poll(with_workshop=True)

    def open_row(self, session_id: str) -> None:
        from secsc_tui.app.screens.session import SessionScreen

        self._select = session_id
        self.app.push_screen(SessionScreen(session_id))

    def action_present(self) -> None:
        session_id = self.selected_id()
        if session_id is None:
            return
        from secsc_tui.app.screens.present import PresentScreen

        self.app.push_screen(PresentScreen(self.order, self.order.index(session_id)))

    def action_mark(self) -> None:
        session_id = self.selected_id()
        if session_id is None:
            return
        if session_id in self.marked:
            self.marked.discard(session_id)
        else:
            self.marked.add(session_id)
        text = MARK if session_id in self.marked else " "
        self.query_one("#teams", DataTable).update_cell(session_id, "mark", self._cell("mark", text))
        self._cells.setdefault(session_id, {})["mark"] = text
        self._status_line()

    def action_compare(self) -> None:
        marked = [sid for sid in self.order if sid in self.marked]
        if len(marked) == 1:
            self.notify(_("Mark at least two teams with Space, or none to compare every team."), timeout=4)
            return
        ids = marked or list(self.order)
        if len(ids) < 2:
            self.notify(_("Comparing needs at least two teams."), timeout=3)
            return
        from secsc_tui.app.screens.compare import CompareScreen

        title = self.workshop.name if self.workshop is not None else ""
        self.app.push_screen(CompareScreen(ids, title=title))

    def action_results(self) -> None:
        from secsc_tui.app.screens.results import ResultsScreen

        self.app.push_screen(ResultsScreen(self.workshop_id))

    def action_report(self) -> None:
        from secsc_tui.app.screens.report_export import ask_workshop_report

        ask_workshop_report(self, self.workshop_id, self.current_id())

    def action_edit(self) -> None:
        store = self.app.store
        if self.workshop is None or store is None:
            return
        from secsc_tui.app.screens.workshop_form import WorkshopForm

        def saved(workshop: Workshop | None) -> None:
            if workshop is not None:
                self.workshop = workshop
                self.query_one("#db-title", Label).update(workshop_line(workshop))

        self.app.push_screen(WorkshopForm(self.workshop, store.save_workshop), saved)

    def action_new(self) -> None:
        store = self.app.store
        if store is None:
            return
        from secsc_tui.app.screens.new_session import (
            NewSessionDialog,
            NewSessionRequest,
        )

        workshop_id = self.workshop_id

        def create(request: NewSessionRequest | None) -> None:
            if request is None:
                return
            from secsc_tui.core.factory import new_session

            session = new_session(request.title, request.language)

            def created(stored: Session) -> None:
                self.notify(_("Team “{title}” added. Enter opens it.", title=stored.title), markup=False, timeout=4)
                self._select = stored.id
                self.poll()

            in_thread(
                self,
                lambda: store.create(session, workshop_id=workshop_id),
                done=created,
                failed=lambda e: report_failure(self, e, _("Cannot create the team session")),
            )

        self.app.push_screen(NewSessionDialog(), create)

    def action_import(self) -> None:
        if self.app.store is None:
            return
        from secsc_tui.app.screens.dialogs import path_prompt

        def chosen(path: str | None) -> None:
            if path:
                self._import([path])

        self.app.push_screen(
            path_prompt(_("Import team files into this workshop: a YAML file or a folder"), "./"), chosen
        )

    def _import(self, paths: list[str], force: bool = False) -> None:
        store, workshop_id = self.app.store, self.workshop_id
        assert store is not None  # the import action waits for the database
        self._status(_("Importing…"))
        in_thread(
            self,
            lambda: import_into_workshop(store, paths, workshop_id, force=force),
            done=lambda report: self._imported(report),
            failed=lambda e: report_failure(self, e, _("Import")),
        )

    def _imported(self, report: ImportReport) -> None:
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
            elif result.clashes:
                lines.append(
                    _("{file}: another file holds a different version of the same team — not imported", file=name)
                )
            elif result.conflicts:
                lines.append(_("{file}: changed both here and in the file — not imported", file=name))
                for outcome in result.conflicts:
                    lines.extend(f"  {d}" for d in outcome.differences[:3])
            elif result.skipped:
                lines.append(_("{file}: an older copy — skipped", file=name))
        self.notify(
            "\n".join([report.summary(), *lines]),
            title=_("Import into the workshop"),
            severity="information" if report.ok else "warning",
            markup=False,
            timeout=6 if report.ok else 15,
        )
        added = [o.session_id for r in report.files for o in r.outcomes if o.status in ("added", "updated")]
        if added:
            self._select = added[0]
        self.poll()
        conflicted = [r for r in report.files if r.conflicts and not r.problems]
        if conflicted:
            from secsc_tui.app.screens.dialogs import ConfirmDialog

            def overwrite(confirmed: bool | None) -> None:
                if confirmed:
                    self._import([str(r.path) for r in conflicted], force=True)

            self.app.push_screen(
                ConfirmDialog(
                    _("Overwrite with the file's version?"),
                    _(
                        "{files}: these sessions were changed both in this database and in the file since their "
                        "last common version. Overwriting replaces the database's version with the file's.",
                        files=", ".join(r.path.name for r in conflicted),
                    ),
                    yes=_("Overwrite"),
                    no=_("Keep database version"),
                    danger=True,
                ),
                overwrite,
            )

    def _status(self, text: str) -> None:
        self.query_one("#db-status", Label).update(text)

    def palette_commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand(_("New team session"), _("Start a team session in this workshop"), self.action_new)
        yield SystemCommand(_("Import team files"), _("Import YAML files into this workshop"), self.action_import)
        yield SystemCommand(_("Compare teams"), _("The marked teams (or all) side by side"), self.action_compare)
        yield SystemCommand(_("Present the selected team"), _("Read-only pages for a projector"), self.action_present)
        yield SystemCommand(
            _("Workshop results"), _("Ratings and comments, as in the paper's Table 1"), self.action_results
        )
        yield SystemCommand(_("Workshop report"), _("Write a report: Markdown, HTML, Excel or CSV"), self.action_report)
        yield SystemCommand(_("Edit workshop"), _("Name, date, venue, trainer, agenda"), self.action_edit)
        yield SystemCommand(_("Refresh now"), _("Read the teams again at once"), self.action_refresh)


def import_into_workshop(store: Store, paths: list[str], workshop_id: str, *, force: bool = False) -> ImportReport:
    """Import YAML files (each all or nothing) and put their sessions in the workshop."""
    from secsc_tui.core.exchange import import_paths

    return import_paths(store, paths, force=force, workshop_id=workshop_id)
