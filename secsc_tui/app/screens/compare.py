"""Compare teams: their scorecards side by side, one perspective at a time.

Columns are teams; at the top of each, the team's strategic goal and approach;
below, the four scorecard columns of the current perspective as bullet lists.
As many teams are shown as fit at about 36 cells each (two at 80 columns);
Tab and ] show the next ones, Shift+Tab and [ the previous ones.
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
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from secsc_tui.app.app import SecscApp
from secsc_tui.app.notices import report_failure
from secsc_tui.app.screens.coverable import CoverableScreen
from secsc_tui.app.screens.present import (
    approach_line,
    bullets,
    column_items,
    goal_title,
)
from secsc_tui.app.threads import in_thread
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.core.labels import column_name, perspective_name
from secsc_tui.core.model import Column, Perspective, Session
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable

TEAM_WIDTH = 36  # cells a team's column needs to stay readable


class CompareScreen(CoverableScreen[None]):
    app = getters.app(SecscApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right,pagedown",
            "perspective(1)",
            N_("Next perspective"),
            id="compare.next",
            key_display="→",
            priority=True,
        ),
        Binding("left,pageup", "perspective(-1)", N_("Previous"), id="compare.prev", key_display="←", priority=True),
        *(
            Binding(str(i), f"go({i - 1})", perspective_name(p), id=f"compare.perspective_{i}", show=False)
            for i, p in enumerate(Perspective, start=1)
        ),
        Binding(
            "tab,right_square_bracket",
            "teams(1)",
            N_("More teams"),
            id="compare.next_teams",
            key_display="Tab",
            priority=True,
        ),
        Binding(
            "shift+tab,left_square_bracket",
            "teams(-1)",
            N_("Previous teams"),
            id="compare.prev_teams",
            show=False,
            priority=True,
        ),
        Binding("escape,q", "back", N_("Back"), id="compare.back", key_display="Esc"),
    ]

    DEFAULT_CSS = """
    CompareScreen #cmp-header { height: 1; padding: 0 1; background: $panel; }
    CompareScreen #cmp-title { width: 1fr; text-style: bold; color: $primary; text-wrap: nowrap;
                               text-overflow: ellipsis; }
    CompareScreen #cmp-where { width: auto; margin-left: 2; }
    CompareScreen #cmp-page { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    CompareScreen #cmp-body { height: auto; }
    """

    def __init__(self, session_ids: list[str], *, title: str = ""):
        super().__init__()
        self.session_ids = list(session_ids)
        self.title_text = title
        self.sessions: list[Session] = []
        self.perspective = 0
        self.first = 0  # the first team shown

    def compose(self) -> ComposeResult:
        with Horizontal(id="cmp-header"):
            yield Label(_("Comparing…"), id="cmp-title", markup=False)
            yield Label("", id="cmp-where", markup=False)
        with VerticalScroll(id="cmp-page"):
            yield Static("", id="cmp-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cmp-page").focus()
        self.app.when_store_ready(self._load)

    async def relabel(self) -> None:
        """The language changed: drawn again, and the teams read again."""
        await self.recompose()
        self.query_one("#cmp-page").focus()
        self.app.when_store_ready(self._load)

    def _load(self) -> None:
        store = self.app.store
        if store is None:
            return
        ids = list(self.session_ids)
        in_thread(
            self, lambda: [store.get(i) for i in ids], done=self._loaded, failed=self._failed, group="compare-load"
        )

    def _loaded(self, sessions: list[Session]) -> None:
        self.sessions = sessions
        self._show()

    def _failed(self, error: Exception) -> None:
        report_failure(self, error, _("Cannot compare"))
        self.app.pop_screen()

    def on_resize(self) -> None:
        if self.sessions:
            self._show()

    # -- showing ------------------------------------------------------------

    @property
    def per_view(self) -> int:
        room = max(TEAM_WIDTH, self.size.width - 4)
        return max(1, min(len(self.sessions) or 1, room // TEAM_WIDTH))

    def _shown(self) -> list[Session]:
        return self.sessions[self.first : self.first + self.per_view]

    def _show(self) -> None:
        if not self.sessions:
            return
        self.first = min(self.first, max(0, len(self.sessions) - self.per_view))
        perspective = list(Perspective)[self.perspective]
        shown = self._shown()
        title = self.title_text or _("Compare")
        self.query_one("#cmp-title", Label).update(
            f"{printable(title)} · {perspective_name(perspective)} ({self.perspective + 1}/4)"
        )
        if len(shown) < len(self.sessions):
            where = _(
                "teams {a}–{b} of {n} · Tab more", a=self.first + 1, b=self.first + len(shown), n=len(self.sessions)
            )
        else:
            where = ngettext("{n} team", "{n} teams", len(self.sessions))
        self.query_one("#cmp-where", Label).update(where)
        self.query_one("#cmp-body", Static).update(self._body(shown, perspective))
        self.refresh_bindings()

    def _grid(self, count: int) -> Table:
        grid = Table.grid(padding=(0, 2), expand=True)
        for _i in range(count):
            grid.add_column(ratio=1, overflow="fold")
        return grid

    def _body(self, shown: list[Session], perspective: Perspective) -> RenderableType:
        parts: list[RenderableType] = []
        teams = self._grid(len(shown))
        teams.add_row(*(Text(printable(s.title), style="bold reverse") for s in shown))
        parts.append(teams)
        top = self._grid(len(shown))
        cells = []
        for s in shown:
            cell = Text()
            cell.append(_("Goal: "), style="bold")
            cell.append_text(goal_title(s))
            cell.append("\n")
            cell.append(_("Approach: "), style="bold")
            cell.append_text(approach_line(s))
            cells.append(cell)
        top.add_row(*cells)
        parts.append(top)
        for column in Column:
            heading = Text("\n" + column_name(column) + " — " + perspective_name(perspective), style="bold underline")
            parts.append(heading)
            row = self._grid(len(shown))
            row.add_row(*(self._cell(s, perspective, column) for s in shown))
            parts.append(row)
        return Group(*parts)

    @staticmethod
    def _cell(session: Session, perspective: Perspective, column: Column) -> RenderableType:
        items = column_items(session, perspective, column)
        count = Text(ngettext("{n} item", "{n} items", len(items)), style="dim")
        return Group(count, bullets(items)) if items else bullets(items)

    # -- keys ---------------------------------------------------------------

    def action_perspective(self, step: int) -> None:
        index = self.perspective + step
        if 0 <= index < len(Perspective):
            self.perspective = index
            self._show()
            self.query_one("#cmp-page", VerticalScroll).scroll_home(animate=False)

    def action_go(self, index: int) -> None:
        self.perspective = index
        self._show()

    def action_teams(self, step: int) -> None:
        per = self.per_view
        if len(self.sessions) <= per:
            return
        first = self.first + step * per
        if first >= len(self.sessions):
            first = 0
        elif first < 0:
            first = max(0, len(self.sessions) - per) if self.first == 0 else 0
        self.first = first
        self._show()

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "teams":
            return len(self.sessions) > self.per_view  # the footer offers Tab only when there are more
        return True

    def palette_commands(self) -> Iterator[SystemCommand]:
        for i, perspective in enumerate(Perspective):
            yield SystemCommand(
                _("Compare: {perspective}", perspective=perspective_name(perspective)),
                _("Show this perspective for every team"),
                lambda i=i: self.action_go(i),
            )
        yield SystemCommand(_("Stop comparing"), _("Back to the dashboard"), self.action_back)
