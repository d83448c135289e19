"""A workshop's results: the paper's Table 1, the ratings as bars, each team, every comment.

Table 1 of the paper reports, per exercise: date, participants, the number of
ratings and the averages of usefulness and availability (one decimal). Below it,
how many gave each rating from 1 to 5 (bars with their counts), the same figures
per team, and the participants' comments as they wrote them.

While teams rate the exercise on the same database, the figures follow them: every
few seconds one cheap row per team is read (``store.team_rows``, off the UI thread),
and the results are read again when a team was added, removed or saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from secsc_tui import marks
from secsc_tui.app.app import SecscApp
from secsc_tui.app.notices import report_failure
from secsc_tui.app.screens.coverable import CoverableScreen
from secsc_tui.app.screens.workshops import workshop_line
from secsc_tui.app.threads import in_thread, poll_in_thread
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.core.natural_order import natural_key
from secsc_tui.core.results import (
    RATING_VALUES,
    Results,
    format_average,
    workshop_results,
)
from secsc_tui.core.rules import averages
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable, visible

if TYPE_CHECKING:
    from secsc_tui.core.model import Session
    from secsc_tui.core.results import Comment
    from secsc_tui.core.workshop import Workshop

POLL_SECONDS = 2.0
BAR = marks.CHART_BAR
MAX_BAR = 30


def table_one(results: Results) -> Table:
    """Date | Participants | Ratings | Usefulness avg | Availability avg, as in the paper."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column(_("Date"), no_wrap=True)
    for header in (_("Participants"), _("Ratings"), _("Usefulness avg"), _("Availability avg")):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_row(
        results.date.isoformat() if results.date else marks.NO_VALUE,
        str(results.participants) if results.participants is not None else marks.NO_VALUE,
        str(results.ratings),
        format_average(results.usefulness_avg),
        format_average(results.availability_avg),
    )
    return table


def distribution(title: str, counts: dict[int, int], scale: int, width: int) -> RenderableType:
    """Ratings 5 down to 1, each with a bar as long as its share and its count written out."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(no_wrap=True)
    total = sum(counts.values())
    for value in reversed(RATING_VALUES):
        n = counts.get(value, 0)
        length = 0 if not scale else max(1 if n else 0, round(n * width / scale))
        bar = Text(BAR * length, style="bold")
        bar.append((" " if n else "") + str(n))
        grid.add_row(Text(f"{value} {marks.AXIS}"), bar)
    heading = Text(title, style="bold")
    heading.append(" · " + ngettext("{n} rating", "{n} ratings", total), style="not bold")
    return Group(heading, grid)


def teams_table(sessions: list[Session]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, header_style="bold", expand=True)
    table.add_column(_("Team"), ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(_("People"), justify="right", no_wrap=True)
    table.add_column(_("Ratings"), justify="right", no_wrap=True)
    table.add_column(_("Usefulness"), justify="right", no_wrap=True)
    table.add_column(_("Availability"), justify="right", no_wrap=True)
    for session in sorted(sessions, key=lambda s: (natural_key(s.title), s.id)):
        usefulness, availability = averages(session)
        took_part = session.evaluation.participants
        table.add_row(
            Text(printable(session.title)),
            str(took_part) if took_part is not None else marks.NO_VALUE,
            str(len(session.evaluation.responses)),
            format_average(usefulness),
            format_average(availability),
        )
    return table


def comments_table(results: Results) -> RenderableType:
    """The comments team by team: the team once, then each respondent and what they wrote."""
    if not results.comments:
        return Text(_("— no comments"), style="dim")
    by_team: dict[str, list[Comment]] = {}
    for comment in results.comments:
        by_team.setdefault(comment.team, []).append(comment)
    parts: list[RenderableType] = []
    for team, comments in by_team.items():
        heading = Text(printable(team), style="bold")
        heading.append(f" · {len(comments)}", style="not bold")
        parts.append(heading)
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(no_wrap=True, overflow="ellipsis", max_width=20)
        grid.add_column(ratio=1, overflow="fold")
        for comment in comments:
            grid.add_row(
                Text(printable(comment.respondent) or "–", style="italic"), Text(visible(comment.text.strip()))
            )
        parts += [grid, Text("")]
    return Group(*parts[:-1])


class ResultsScreen(CoverableScreen[None]):
    app = getters.app(SecscApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x,R", "report", N_("Report"), id="results.report"),
        Binding("f5", "reload", N_("Refresh"), id="results.reload", show=False),
        Binding("escape,q", "back", N_("Back"), id="results.back", key_display="Esc"),
    ]

    DEFAULT_CSS = """
    ResultsScreen #rs-header { height: 1; padding: 0 1; background: $panel; }
    ResultsScreen #rs-title { width: 1fr; text-style: bold; color: $primary; text-wrap: nowrap;
                              text-overflow: ellipsis; }
    ResultsScreen #rs-page { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    ResultsScreen .rs-section { margin-top: 1; text-style: bold; color: $primary; }
    ResultsScreen .rs-section.first { margin-top: 0; }
    ResultsScreen .rs-block { height: auto; margin-left: 1; }
    ResultsScreen #rs-bars { height: auto; margin-left: 1; }
    ResultsScreen #rs-bars Static { width: 1fr; height: auto; }
    ResultsScreen #rs-bars.-stacked { layout: vertical; }
    ResultsScreen #rs-bars.-stacked Static { margin-bottom: 1; }
    """

    def __init__(self, workshop_id: str):
        super().__init__()
        self.workshop_id = workshop_id
        self.workshop: Workshop | None = None
        self.sessions: list[Session] = []
        self.results: Results | None = None
        # (session id, revision) of the teams the figures come from
        self._revisions: tuple[tuple[str, int], ...] = ()

    def compose(self) -> ComposeResult:
        with Horizontal(id="rs-header"):
            yield Label(_("Results"), id="rs-title", markup=False)
        with VerticalScroll(id="rs-page"):
            yield Label(_("The exercise (as in the paper's Table 1)"), classes="rs-section first")
            yield Static("", id="rs-table", classes="rs-block")
            yield Label(_("How many gave each rating (1 = not at all, 5 = very)"), classes="rs-section")
            with Horizontal(id="rs-bars"):
                yield Static("", id="rs-usefulness")
                yield Static("", id="rs-availability")
            yield Label(_("Teams"), classes="rs-section")
            yield Static("", id="rs-teams", classes="rs-block")
            yield Label(_("Comments"), id="rs-comments-title", classes="rs-section")
            yield Static("", id="rs-comments", classes="rs-block")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#rs-page").focus()
        self.set_interval(POLL_SECONDS, self._poll)
        self.app.when_store_ready(self.action_reload)

    async def relabel(self) -> None:
        """The language changed: drawn again, and the results read again."""
        await self.recompose()
        self.query_one("#rs-page").focus()
        self.app.when_store_ready(self.action_reload)

    def _poll(self) -> None:
        store = self.app.store
        if store is None or self.results is None or not self.is_current:
            return
        workshop_id, shown = self.workshop_id, self._revisions

        def read() -> tuple[tuple[str, int], ...]:
            return tuple((row.id, row.revision) for row in store.team_rows(workshop_id))

        def compare(revisions: tuple[tuple[str, int], ...]) -> None:
            if revisions != shown:
                self.action_reload()

        poll_in_thread(self, read, done=compare, group="results-poll")

    def action_reload(self) -> None:
        store = self.app.store
        if store is None:
            return
        workshop_id = self.workshop_id

        def load() -> tuple[Workshop, list[Session], Results]:
            workshop = store.get_workshop(workshop_id)
            sessions = store.sessions_in(workshop_id)
            return workshop, sessions, workshop_results(workshop, sessions)

        in_thread(self, load, done=self._loaded, failed=self._failed, group="results-load", exclusive=True)

    def _loaded(self, loaded: tuple[Workshop, list[Session], Results]) -> None:
        self.workshop, self.sessions, self.results = loaded
        self._revisions = tuple((s.id, s.revision) for s in self.sessions)
        self._show()

    def _failed(self, error: Exception) -> None:
        report_failure(self, error, _("Cannot read the results"))
        if self.results is None:
            self.app.pop_screen()

    def on_resize(self) -> None:
        if self.results is not None:
            self._show()

    def _show(self) -> None:
        results = self.results
        if results is None or self.workshop is None:
            return
        self.query_one("#rs-title", Label).update(_("Results · {workshop}", workshop=workshop_line(self.workshop)))
        teams = results.teams
        note = Text(ngettext("{n} team", "{n} teams", teams), style="dim")
        if self.workshop.participants is None and results.participants is not None:
            note.append(" · " + _("participants counted from the teams (the workshop form can set them)"))
        self.query_one("#rs-table", Static).update(Group(table_one(results), note))
        side_by_side = self.size.width >= 76
        bars = self.query_one("#rs-bars")
        bars.set_class(not side_by_side, "-stacked")
        room = (self.size.width - 6) // 2 if side_by_side else self.size.width - 6
        width = max(5, min(MAX_BAR, room - 8))
        scale = max([*results.usefulness.values(), *results.availability.values(), 0])
        self.query_one("#rs-usefulness", Static).update(distribution(_("Usefulness"), results.usefulness, scale, width))
        self.query_one("#rs-availability", Static).update(
            distribution(_("Availability"), results.availability, scale, width)
        )
        self.query_one("#rs-teams", Static).update(
            teams_table(self.sessions) if self.sessions else Text(_("— no teams yet"), style="dim")
        )
        count = len(results.comments)
        self.query_one("#rs-comments-title", Label).update(_("Comments ({n})", n=count) if count else _("Comments"))
        self.query_one("#rs-comments", Static).update(comments_table(results))

    def action_report(self) -> None:
        if self.workshop is None:
            return
        from secsc_tui.app.screens.report_export import ReportDialog

        self.app.push_screen(ReportDialog(self.sessions, workshop=self.workshop))

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand(_("Workshop report"), _("Write a report: Markdown, HTML, Excel or CSV"), self.action_report)
        yield SystemCommand(_("Refresh results"), _("Read the teams' ratings again"), self.action_reload)
