"""Present a team's scorecard on a projector: one page at a time, large and plain.

A terminal cannot enlarge its font, so the pages use room instead: one
perspective per page under a wide banner, its four columns in two rows with
space between the items, bold text, long lines wrapped. The first page is the
team's strategic goal and approach; the last, the strategy map as "A → B" lines.

Read-only: there is no key that edits anything here. While teams work on the same
database, the page follows them: every few seconds the team's revision is read
(one cheap query, off the UI thread) and the page is drawn again when it changed,
on the same page and at the same scroll position.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import getters
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static

from secsc_tui.app.app import SecscApp
from secsc_tui.app.notices import report_failure
from secsc_tui.app.screens.coverable import CoverableScreen
from secsc_tui.app.threads import in_thread, poll_in_thread
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.core.labels import STATUS_MARKS, column_name, perspective_name, status_name
from secsc_tui.core.model import ActionPlan, Column, Perspective, Session
from secsc_tui.core.strategy_map import find_cycles
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable, truncate, visible

MUTED = "dim"
POLL_SECONDS = 2.0

GOAL_PAGE = "goal"
MAP_PAGE = "map"
PAGES: list[str] = [GOAL_PAGE, *(p.value for p in Perspective), MAP_PAGE]


# -- renderables shared with the compare screen ---------------------------------


def literal(text: str) -> Text:
    """What a person typed, line breaks kept, control characters shown, never markup."""
    return Text(visible(text.strip()))


def muted(text: str) -> Text:
    return Text(text, style=MUTED)


def action_text(action: ActionPlan) -> Text:
    """The action, then "owner · due 2026-03-31 · ◔ in progress" on its own line."""
    line = literal(action.text)
    details = [
        printable(action.owner.strip()) or _("no owner"),
        _("due {date}", date=action.due.isoformat()) if action.due else _("no due date"),
        f"{STATUS_MARKS[action.status]} {status_name(action.status)}",
    ]
    line.append("\n")
    line.append(" · ".join(details), style="not bold")
    return line


def column_items(session: Session, perspective: Perspective, column: Column) -> list[Text]:
    card = session.scorecard[perspective]
    if column is Column.GOALS:
        return [literal(goal.text) for goal in card.goals]
    if column is Column.CSFS:
        return [literal(csf.text) for csf in card.csfs]
    if column is Column.KPIS:
        return [Text(visible(kpi.text)) for kpi in card.kpis]
    return [action_text(action) for action in card.actions]


def bullets(lines: list[Text], *, spaced: bool = False, bold: bool = False) -> RenderableType:
    """A list whose wrapped lines stay under their text; ``spaced`` leaves a blank line between items."""
    if not lines:
        return muted(_("— none yet"))
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=1, no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for i, line in enumerate(lines):
        if spaced and i:
            table.add_row("", "")
        if bold:
            line = line.copy()
            line.stylize("bold", 0, line.plain.find("\n") if "\n" in line.plain else len(line))
        table.add_row("•", line)
    return table


def approach_line(session: Session) -> Text:
    from secsc_tui.core.labels import approach_name

    choice = session.approach.choice
    if choice is None:
        return muted(_("— no approach chosen yet"))
    return Text(f"({choice.value}) {approach_name(choice)}")


def goal_title(session: Session) -> Text:
    title = session.strategic_goal.title.strip()
    return literal(title) if title else muted(_("— no strategic goal yet"))


def map_lines(session: Session) -> list[Text]:
    """Each cause→effect link as "cause → effect" with the goals' own words."""
    names: dict[str, tuple[str, Perspective]] = {}
    for perspective in Perspective:
        for goal in session.scorecard[perspective].goals:
            names[goal.id] = (goal.text, perspective)
    lines = []
    for link in session.strategy_map:
        cause = names.get(link.cause, (link.cause, None))[0]
        effect = names.get(link.effect, (link.effect, None))[0]
        line = Text(printable(cause.strip()))
        line.append("\n→ ", style="bold")
        line.append(printable(effect.strip()))
        lines.append(line)
    return lines


def banner(text: str) -> Text:
    """A heading spelled out wide: "F I N A N C I A L" reads from the back of a room."""
    spread = " ".join(text.upper()) if text.isascii() else "\u3000".join(text) if len(text) < 20 else text
    return Text(spread, style="bold", justify="center")


# -- the screen -----------------------------------------------------------------


class PresentScreen(CoverableScreen[None]):
    """One team's scorecard, page by page: goal and approach, the four perspectives, the map."""

    app = getters.app(SecscApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,pagedown,space", "page(1)", N_("Next"), id="present.next", key_display="→", priority=True),
        Binding("left,pageup", "page(-1)", N_("Previous"), id="present.prev", key_display="←", priority=True),
        Binding("0,g", "show('goal')", N_("Goal"), id="present.goal", show=False),
        *(
            Binding(str(i), f"show('{p.value}')", perspective_name(p), id=f"present.perspective_{i}", show=False)
            for i, p in enumerate(Perspective, start=1)
        ),
        Binding("5,m", "show('map')", N_("Map"), id="present.map", show=False),
        Binding(
            "tab,right_square_bracket",
            "team(1)",
            N_("Next team"),
            id="present.next_team",
            key_display="Tab",
            priority=True,
        ),
        Binding(
            "shift+tab,left_square_bracket",
            "team(-1)",
            N_("Previous team"),
            id="present.prev_team",
            show=False,
            priority=True,
        ),
        Binding("escape,q", "back", N_("Back"), id="present.back", key_display="Esc"),
    ]

    DEFAULT_CSS = """
    PresentScreen #pr-header { height: 1; padding: 0 2; background: $panel; }
    PresentScreen #pr-team { width: 1fr; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    PresentScreen #pr-where { width: auto; margin-left: 2; text-style: bold; color: $primary; }
    PresentScreen #pr-page { height: 1fr; padding: 0 2; scrollbar-size-vertical: 1; }
    PresentScreen #pr-page:focus { background-tint: $foreground 0%; }
    PresentScreen #pr-banner {
        height: 3; margin: 1 0; content-align: center middle;
        background: $primary; color: auto; text-style: bold;
    }
    PresentScreen .pr-row { height: auto; }
    PresentScreen .pr-cell { width: 1fr; height: auto; padding: 0 1 1 1; }
    PresentScreen .pr-heading { color: $accent; text-style: bold underline; margin-bottom: 1; }
    PresentScreen .pr-items { height: auto; }
    PresentScreen #pr-text { height: auto; padding: 0 1; }
    """

    def __init__(self, session_ids: list[str] | str, index: int = 0, *, page: str = GOAL_PAGE):
        """``session_ids``: the teams that can be shown (Tab goes to the next); ``index``: the first."""
        super().__init__()
        self.session_ids = [session_ids] if isinstance(session_ids, str) else list(session_ids)
        self.index = index
        self.page = page
        self.session: Session | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="pr-header"):
            yield Label(_("Opening…"), id="pr-team", markup=False)
            yield Label("", id="pr-where", markup=False)
        with VerticalScroll(id="pr-page"):
            yield Static("", id="pr-banner")
            yield Static("", id="pr-text")
            columns = list(Column)
            for row in (columns[:2], columns[2:]):
                with Horizontal(classes="pr-row"):
                    for column in row:
                        with Vertical(classes="pr-cell"):
                            yield Label("", id=f"pr-head-{column.value}", classes="pr-heading", markup=False)
                            yield Static("", id=f"pr-items-{column.value}", classes="pr-items")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pr-page").focus()
        self.set_interval(POLL_SECONDS, self._poll)
        self.app.when_store_ready(self._load)

    async def relabel(self) -> None:
        """The language changed: drawn again at the same page."""
        await self.recompose()
        self.query_one("#pr-page").focus()
        self.app.when_store_ready(lambda: self._load(keep_place=True))

    def _poll(self) -> None:
        """Read the shown team's revision; load the team again if someone saved it meanwhile."""
        store, session = self.app.store, self.session
        if store is None or session is None or not self.is_current:
            return
        session_id, shown = session.id, session.revision

        def changed(revision: int | None) -> None:
            if (
                revision is not None
                and self.session is not None
                and self.session.id == session_id
                and revision != shown
            ):
                self._load(keep_place=True)

        poll_in_thread(self, lambda: store.revision_of(session_id), done=changed, group="present-poll")

    # -- loading ------------------------------------------------------------

    def _load(self, keep_place: bool = False) -> None:
        store = self.app.store
        if store is None:
            return
        session_id = self.session_ids[self.index]
        in_thread(
            self,
            lambda: store.get(session_id),
            done=lambda s: self._loaded(s, keep_place),
            failed=self._failed,
            group="present-load",
            exclusive=True,
        )

    def _loaded(self, session: Session, keep_place: bool = False) -> None:
        self.session = session
        self._show(keep_place=keep_place)

    def _failed(self, error: Exception) -> None:
        report_failure(self, error, _("Cannot show the session"))
        if self.session is None:
            self.app.pop_screen()

    # -- showing ------------------------------------------------------------

    def _show(self, keep_place: bool = False) -> None:
        session = self.session
        if session is None:
            return
        # The title alone on the left: a team called "Team 2" must not read "Team 1/8: Team 2".
        self.query_one("#pr-team", Label).update(printable(session.title))
        number = PAGES.index(self.page) + 1
        where = f"‹ {self._page_name(self.page)} · {number}/{len(PAGES)} ›"
        if len(self.session_ids) > 1:
            where += "  " + _("team {i} of {n}", i=self.index + 1, n=len(self.session_ids))
        self.query_one("#pr-where", Label).update(where)
        text = self.query_one("#pr-text", Static)
        rows = self.query(".pr-row")
        if self.page in (GOAL_PAGE, MAP_PAGE):
            rows.set(display=False)
            text.display = True
            if self.page == GOAL_PAGE:
                self._banner(_("Strategic goal"))
                text.update(self._goal_page(session))
            else:
                self._banner(_("Strategy map"))
                text.update(self._map_page(session))
        else:
            perspective = Perspective(self.page)
            self._banner(perspective_name(perspective))
            text.display = False
            rows.set(display=True)
            for column in Column:
                items = column_items(session, perspective, column)
                heading = column_name(column)
                self.query_one(f"#pr-head-{column.value}", Label).update(
                    f"{heading} · {len(items)}" if items else heading
                )
                self.query_one(f"#pr-items-{column.value}", Static).update(bullets(items, spaced=True, bold=True))
        if not keep_place:
            self.query_one("#pr-page", VerticalScroll).scroll_home(animate=False)

    def _banner(self, text: str) -> None:
        self.query_one("#pr-banner", Static).update(banner(text))

    @staticmethod
    def _page_name(page: str) -> str:
        if page == GOAL_PAGE:
            return _("Goal")
        if page == MAP_PAGE:
            return _("Map")
        return perspective_name(Perspective(page))

    def _goal_page(self, session: Session) -> RenderableType:
        title = goal_title(session)
        title.stylize("bold")
        parts: list[RenderableType] = [title]
        if session.strategic_goal.description.strip():
            parts += [Text(""), literal(session.strategic_goal.description)]
        heading = Text("\n" + _("Bridging approach"), style="bold underline")
        approach = approach_line(session)
        approach.stylize("bold")
        parts += [heading, Text(""), approach]
        if session.approach.rationale.strip():
            parts += [Text(""), literal(session.approach.rationale)]
        return Group(*parts)

    def _map_page(self, session: Session) -> RenderableType:
        lines = map_lines(session)
        if not lines:
            return muted(_("— no cause→effect links yet"))
        for line in lines:
            line.stylize("bold")
        parts: list[RenderableType] = [
            Text(ngettext("Cause → effect, {n} link", "Cause → effect, {n} links", len(lines)), style="bold underline"),
            Text(""),
            bullets(lines, spaced=True),
        ]
        cycles = find_cycles(session.strategy_map)
        if cycles:
            parts += [
                Text(""),
                Text(
                    "⚠ "
                    + ngettext(
                        "The map has {n} cycle: a link may point the wrong way.",
                        "The map has {n} cycles: a link may point the wrong way.",
                        len(cycles),
                    ),
                    style="bold",
                ),
            ]
        return Group(*parts)

    # -- keys ---------------------------------------------------------------

    def action_page(self, step: int) -> None:
        index = PAGES.index(self.page) + step
        if 0 <= index < len(PAGES):
            self.page = PAGES[index]
            self._show()

    def action_show(self, page: str) -> None:
        if page in PAGES and page != self.page:
            self.page = page
            self._show()

    def action_team(self, step: int) -> None:
        if len(self.session_ids) < 2:
            return
        self.index = (self.index + step) % len(self.session_ids)
        self._load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "team":
            return len(self.session_ids) > 1
        return True

    def palette_commands(self) -> Iterator[SystemCommand]:
        for page in PAGES:
            yield SystemCommand(
                _("Show: {page}", page=self._page_name(page)),
                _("Present this page"),
                lambda page=page: self.action_show(page),
            )
        yield SystemCommand(_("Stop presenting"), _("Back to the dashboard"), self.action_back)


def short_title(session: Session, width: int) -> str:
    return truncate(printable(session.title), width)
