"""The trainer's list of workshops: create, edit, delete, and open one's dashboard.

A workshop groups the team sessions of one exercise day. Enter opens its
dashboard (every team's progress, live); r shows its results; x writes a report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from secsc_tui import marks
from secsc_tui.app.app import SecscApp, secsc_app
from secsc_tui.app.notices import report_failure
from secsc_tui.app.screens.row_list import RowListScreen
from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.app.threads import in_thread
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable, truncate

if TYPE_CHECKING:
    from textual.widgets import OptionList

    from secsc_tui.core.store import WorkshopSummary
    from secsc_tui.core.workshop import Workshop


def workshop_line(workshop: Any) -> str:
    """ "Nagoya exercise · 2025-08-26 · Nagoya · trainer K. Sato" (a Workshop or a summary)."""
    parts = [printable(workshop.name)]
    if workshop.date is not None:
        parts.append(workshop.date.isoformat())
    if workshop.venue.strip():
        parts.append(printable(workshop.venue))
    if workshop.trainer.strip():
        parts.append(_("trainer {name}", name=printable(workshop.trainer)))
    return " · ".join(parts)


class WorkshopsScreen(RowListScreen):
    """Every workshop in the database, newest first."""

    app = getters.app(SecscApp)

    LIST_ID = "workshops"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,o", "open", N_("Dashboard"), id="workshops.open", key_display="⏎"),
        Binding("n", "new", N_("New"), id="workshops.new"),
        Binding("e", "edit", N_("Edit"), id="workshops.edit"),
        Binding("d,delete", "delete", N_("Delete"), id="workshops.delete"),
        Binding("r", "results", N_("Results"), id="workshops.results"),
        Binding("x", "report", N_("Report"), id="workshops.report", show=False),
        Binding("escape", "back", N_("Back"), id="workshops.back", key_display="Esc"),
    ]

    DEFAULT_CSS = """
    WorkshopsScreen #ws-header { height: 1; padding: 0 1; background: $panel; }
    WorkshopsScreen #ws-title { width: 1fr; text-style: bold; color: $primary; }
    WorkshopsScreen #workshops { height: 1fr; }
    WorkshopsScreen #ws-empty { height: 1fr; padding: 1 2; }
    WorkshopsScreen #ws-empty Static { margin-bottom: 1; }
    WorkshopsScreen #ws-status { height: 1; width: 1fr; padding: 0 1; background: $panel; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[WorkshopSummary] = []
        self._loaded = False
        self._select: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="ws-header"):
            yield Static(Text(_("Workshops · the trainer's console")), id="ws-title")
        table: DataTable[Text] = DataTable(id="workshops", cursor_type="row", zebra_stripes=True)
        yield table
        yield Vertical(
            Static(Text(_("No workshops yet.")), classes="empty-title"),
            Static(
                Text(
                    _(
                        "A workshop groups the team sessions of one exercise: each team works in its own "
                        "session, on its own laptop or on this shared database, and the dashboard shows "
                        "them all as they work. Press n to create a workshop: its name, date, venue, "
                        "trainer and the agenda (minutes per step)."
                    )
                )
            ),
            Static(
                Text(
                    _(
                        "Then open it (Enter) and add teams with n, import their files with i, or move "
                        "existing sessions into it from the session list with m."
                    )
                )
            ),
            id="ws-empty",
            classes="hidden",
        )
        yield Label(_("Reading the workshops…"), id="ws-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.app.when_store_ready(self.reload)

    async def relabel(self) -> None:
        """The language changed: drawn again, and the workshops read again."""
        await self.recompose()
        self.app.when_store_ready(self.reload)

    def on_screen_resume(self) -> None:
        if self._loaded:
            self.reload()

    _NEEDS_ONE: ClassVar[set[str]] = {"open", "edit", "delete", "results", "report"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self._NEEDS_ONE:
            return not (self._loaded and not self.summaries)
        return True

    # -- loading ------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        store = self.app.store
        if store is None:
            self._status(_("Cannot open the database: {error}", error=self.app.store_error or "?"))
            return
        if select:
            self._select = select
        in_thread(
            self,
            store.list_workshops,
            done=self._loaded_list,
            failed=lambda e: report_failure(self, e, _("Cannot read the workshops")),
            group="workshops-load",
            exclusive=True,
        )

    def _loaded_list(self, summaries: list[WorkshopSummary]) -> None:
        self._loaded = True
        self.summaries = summaries
        table = self.query_one("#workshops", DataTable)
        wanted = self._select or self.current_id()
        self._select = None
        table.clear(columns=True)
        name_width, venue_width, trainer_width = self._widths()
        table.add_column(_("Workshop"), key="name", width=name_width)
        table.add_column(_("Date"), key="date", width=10)
        table.add_column(_("Venue"), key="venue", width=venue_width)
        table.add_column(_("Trainer"), key="trainer", width=trainer_width)
        table.add_column(Text(_("Teams"), justify="right"), key="teams", width=5)
        for s in summaries:
            table.add_row(
                Text(truncate(printable(s.name), name_width)),
                Text(s.date.isoformat() if s.date else "–"),
                Text(truncate(printable(s.venue), venue_width)),
                Text(truncate(printable(s.trainer), trainer_width)),
                Text(str(s.sessions), justify="right"),
                key=s.id,
            )
        if wanted and any(s.id == wanted for s in summaries):
            table.move_cursor(row=table.get_row_index(wanted), scroll=True)
        empty = not summaries
        table.set_class(empty, "hidden")
        self.query_one("#ws-empty").set_class(not empty, "hidden")
        if not empty:
            table.focus()
        self._status_summary()
        self.refresh_bindings()

    def _widths(self) -> tuple[int, int, int]:
        # Date (10) and teams (5) are fixed; cell padding is 2 per column; 2 for the scrollbar.
        room = max(30, self.size.width - 10 - 5 - 5 * 2 - 2)
        return room * 2 // 5, room * 3 // 10, room - room * 2 // 5 - room * 3 // 10

    def on_resize(self) -> None:
        if self._loaded:
            self._loaded_list(self.summaries)

    def _status(self, text: str) -> None:
        self.query_one("#ws-status", Label).update(text)

    def _status_summary(self) -> None:
        count = len(self.summaries)
        if count == 0:
            self._status(_("No workshops · n creates one · Esc back to the sessions"))
        else:
            self._status(
                ngettext(
                    "{n} workshop · Enter opens its dashboard · e edits · r results",
                    "{n} workshops · Enter opens a dashboard · e edits · r results",
                    count,
                )
            )

    def nothing_selected(self) -> str:
        return _("No workshop selected.")

    def _selected(self) -> WorkshopSummary | None:
        workshop_id = self.selected_id()
        return next((s for s in self.summaries if s.id == workshop_id), None) if workshop_id else None

    # -- actions ------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_new(self) -> None:
        store = self.app.store
        if store is None:
            return
        from secsc_tui.app.screens.workshop_form import WorkshopForm

        def created(workshop: Workshop | None) -> None:
            if workshop is not None:
                self.notify(
                    _("Workshop “{name}” created. Enter opens its dashboard.", name=workshop.name),
                    markup=False,
                    timeout=4,
                )
                self.reload(select=workshop.id)

        self.app.push_screen(WorkshopForm(None, store.create_workshop), created)

    def action_edit(self) -> None:
        selected, store = self._selected(), self.app.store
        if selected is None or store is None:
            return

        def edit(workshop: Workshop) -> None:
            from secsc_tui.app.screens.workshop_form import WorkshopForm

            def saved(result: Workshop | None) -> None:
                if result is not None:
                    self.reload(select=result.id)

            self.app.push_screen(WorkshopForm(workshop, store.save_workshop), saved)

        in_thread(
            self,
            lambda: store.get_workshop(selected.id),
            done=edit,
            failed=lambda e: report_failure(self, e, _("Cannot open the workshop")),
        )

    def action_delete(self) -> None:
        selected, store = self._selected(), self.app.store
        if selected is None or store is None:
            return
        from secsc_tui.app.screens.dialogs import ConfirmDialog

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return

            def deleted(_result: None) -> None:
                self.notify(
                    _("Deleted the workshop “{name}”; its sessions are still in the session list.", name=selected.name),
                    markup=False,
                    timeout=4,
                )
                self.reload()

            in_thread(
                self,
                lambda: store.delete_workshop(selected.id),
                done=deleted,
                failed=lambda e: report_failure(self, e, _("Cannot delete the workshop")),
            )

        teams = selected.sessions
        detail = ngettext(
            "Its team session stays in the database, no longer in a workshop.",
            "Its {n} team sessions stay in the database, no longer in a workshop.",
            teams,
        )
        if not teams:
            detail = _("It has no team sessions.")
        self.app.push_screen(
            ConfirmDialog(
                _("Delete the workshop “{name}”?", name=printable(selected.name)),
                detail,
                yes=_("Delete"),
                no=_("Keep"),
                danger=True,
            ),
            delete,
        )

    def open_row(self, workshop_id: str) -> None:
        from secsc_tui.app.screens.dashboard import DashboardScreen

        self._select = workshop_id
        self.app.push_screen(DashboardScreen(workshop_id))

    def action_results(self) -> None:
        selected = self._selected()
        if selected is not None:
            from secsc_tui.app.screens.results import ResultsScreen

            self._select = selected.id
            self.app.push_screen(ResultsScreen(selected.id))

    def action_report(self) -> None:
        selected = self._selected()
        if selected is not None:
            from secsc_tui.app.screens.report_export import ask_workshop_report

            ask_workshop_report(self, selected.id)

    # -- palette ------------------------------------------------------------

    def palette_commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand(_("New workshop"), _("Create a workshop with its agenda"), self.action_new)
        if self.summaries:
            yield SystemCommand(_("Edit workshop"), _("Change the selected workshop"), self.action_edit)
            yield SystemCommand(
                _("Workshop results"), _("Ratings and comments of the selected workshop"), self.action_results
            )
            yield SystemCommand(_("Workshop report"), _("Write a report of the selected workshop"), self.action_report)
        for summary in self.summaries[:200]:
            yield SystemCommand(
                _("Dashboard: {name}", name=printable(summary.name)),
                summary.date.isoformat() if summary.date else summary.id,
                lambda wid=summary.id: self.open_row(wid),
                discover=False,
            )


# -- moving a session into a workshop (the session list's m) -------------------

NO_WORKSHOP = ""


class WorkshopPicker(ModalScreen[str | None], StyledOnce[str | None]):
    """Choose a workshop for a session, or none. Answers the workshop id, "" for none, None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"), id="move.cancel")]

    DEFAULT_CSS = """
    WorkshopPicker OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, title: str, summaries: list[WorkshopSummary], current: str | None):
        super().__init__()
        self.title_text = title
        self.summaries = summaries
        self.current = current

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        def prompt(label: str, is_current: bool) -> Text:
            text = Text((marks.CHOSEN if is_current else marks.NOT_CHOSEN) + " " + label)
            if is_current:
                text.append("  " + _("(now)"), style="dim")
            return text

        options = [Option(prompt(_("— no workshop"), self.current is None), id="-")]
        for s in self.summaries:
            label = printable(s.name) + (f" · {s.date.isoformat()}" if s.date else "")
            options.append(Option(prompt(label, s.id == self.current), id=s.id))
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield OptionList(*options, id="move-choices")
            yield Static(_("↑↓ choose · Enter moves it there · Escape cancels"), classes="dialog-detail")

    def on_mount(self) -> None:
        from textual.widgets import OptionList

        choices = self.query_one(OptionList)
        choices.focus()
        ids = ["-", *(s.id for s in self.summaries)]
        choices.highlighted = ids.index(self.current) if self.current in ids else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        self.dismiss(NO_WORKSHOP if option_id == "-" else option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def move_to_workshop(node: DOMNode, session_id: str, title: str, *, done: Callable[[], object]) -> None:
    """Ask which workshop the session belongs in (or none), then move it there."""
    store = secsc_app(node).store
    if store is None:
        return

    def load() -> tuple[list[WorkshopSummary], str | None]:
        current = store.workshop_of(session_id)
        return store.list_workshops(), current.id if current is not None else None

    def loaded(result: tuple[list[WorkshopSummary], str | None]) -> None:
        summaries, current = result
        if not summaries:
            node.app.notify(_("There are no workshops yet: w opens the workshops, where n creates one."), timeout=5)
            return

        def chosen(workshop_id: str | None) -> None:
            if workshop_id is None or (workshop_id or None) == current:
                return
            target = workshop_id or None
            name = next((s.name for s in summaries if s.id == workshop_id), "")

            def moved(_result: None) -> None:
                if target is None:
                    message = _("“{title}” is no longer in a workshop.", title=title)
                else:
                    message = _("“{title}” moved to the workshop “{name}”.", title=title, name=name)
                node.app.notify(message, markup=False, timeout=4)
                done()

            in_thread(
                node,
                lambda: store.assign_sessions([session_id], target),
                done=moved,
                failed=lambda e: report_failure(node, e, _("Cannot move the session")),
            )

        node.app.push_screen(
            WorkshopPicker(_("Move “{title}” to the workshop", title=printable(title)), summaries, current), chosen
        )

    in_thread(node, load, done=loaded, failed=lambda e: report_failure(node, e, _("Cannot read the workshops")))
