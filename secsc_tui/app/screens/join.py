"""The join screen of a served workshop: type your name, pick your team or create one.

The teams are the workshop's sessions, re-read every few seconds so a team
another table just created appears. A person who already joined (the browser
remembers it) never sees this screen unless they leave their team with Escape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from secsc_tui.app.participant import ParticipantApp
from secsc_tui.app.screens.coverable import CoverableScreen
from secsc_tui.app.threads import in_thread
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.core.labels import step_name
from secsc_tui.i18n import N_, _
from secsc_tui.textwidth import printable

if TYPE_CHECKING:
    from secsc_tui.app.participant import Participant
    from secsc_tui.core.store import SessionSummary
    from secsc_tui.core.workshop import Workshop

NEW_TEAM = "+new"  # the option id of "create a new team"
REFRESH_SECONDS = 5.0


class JoinScreen(CoverableScreen[None]):
    app = getters.app(ParticipantApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a priority binding: Enter reaches the name field or the list in order, after
        # the letters typed before it (the field submits, the list selects).
        Binding("enter", "join", N_("Join"), id="join.join", key_display="⏎"),
        Binding("n", "new_team", N_("New team"), id="join.new_team"),
    ]

    DEFAULT_CSS = """
    JoinScreen { align: center top; }
    JoinScreen #join-box { width: 72; max-width: 100%; height: 1fr; padding: 1 2; }
    JoinScreen #join-title { text-style: bold; color: $primary; }
    JoinScreen .join-label { margin-top: 1; }
    JoinScreen #join-name { width: 100%; }
    JoinScreen #join-teams { height: 1fr; min-height: 4; }
    JoinScreen #join-error { color: $error; height: auto; }
    """

    def __init__(self, workshop_id: str, participant: Participant):
        super().__init__()
        self.workshop_id = workshop_id
        self.participant = participant
        self.teams: list[SessionSummary] = []
        self._loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(id="join-box"):
            yield Static(Text(_("Join the workshop")), id="join-title")
            yield Label(_("Your name"), classes="join-label")
            yield TextField(
                self.participant.name, placeholder=_("as your team knows you"), id="join-name", max_length=60
            )
            yield Label(_("Your team"), classes="join-label")
            yield OptionList(id="join-teams")
            yield Label("", id="join-error", markup=False)
            yield Static(
                Text(
                    _(
                        "Type your name, Tab to the teams, ↑↓ to pick yours, Enter to join. "
                        "A new team: pick “New team” or press n in the list."
                    )
                ),
                classes="dialog-detail",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#join-name", Input).focus()
        self.app.when_store_ready(self.reload)
        self.set_interval(REFRESH_SECONDS, self.reload)

    async def relabel(self) -> None:
        """The language changed: drawn again (keeping the name typed so far), the teams read again."""
        name = self.query_one("#join-name", Input).value
        await self.recompose()
        self.query_one("#join-name", Input).value = name
        self.query_one("#join-name", Input).focus()
        self.app.when_store_ready(self.reload)

    def on_screen_resume(self) -> None:
        if self._loaded:
            self.reload()

    # -- the teams ----------------------------------------------------------

    def reload(self) -> None:
        if not self.is_active:
            return  # under the team's session or a dialog: no need to read the teams every few seconds
        store = self.app.store
        if store is None:
            if self.app.store_error:
                self._error(self.app.store_error)
            return

        def load() -> tuple[Workshop | None, list[SessionSummary]]:
            if not self.workshop_id:
                return None, []
            return store.get_workshop(self.workshop_id), store.list_sessions(self.workshop_id)

        in_thread(self, load, done=self._show, failed=lambda e: self._error(str(e)), group="join-teams", exclusive=True)

    def _show(self, loaded: tuple[Workshop | None, list[SessionSummary]]) -> None:
        workshop, teams = loaded
        if workshop is not None:
            self.query_one("#join-title", Static).update(
                Text(_("Join the workshop “{name}”", name=printable(workshop.name)))
            )
        teams = sorted(teams, key=lambda t: (t.title.casefold(), t.id))
        if self._loaded and [t.id for t in teams] == [t.id for t in self.teams]:
            return  # nothing new: keep the highlight where the person left it
        options = self.query_one("#join-teams", OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option is not None else None
        first_load = not self._loaded
        if first_load:
            highlighted = self.participant.team_id or None
        self.teams = teams
        self._loaded = True
        options.clear_options()
        for team in teams:
            line = Text(printable(team.title))
            line.append(f"  · {team.current_step.number}/8 {step_name(team.current_step)}", style="dim")
            options.add_option(Option(line, id=team.id))
        options.add_option(Option(Text(_("+ New team…")), id=NEW_TEAM))
        ids = [team.id for team in teams] + [NEW_TEAM]
        options.highlighted = ids.index(highlighted) if highlighted in ids else 0
        if first_load and self.participant.name and self.participant.team_id in ids:
            self.app.open_team()  # the browser remembered them: straight back to their team

    def _error(self, text: str) -> None:
        self.query_one("#join-error", Label).update(text)

    # -- joining ------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._typed_name():
            self.query_one("#join-teams", OptionList).focus()  # the name is typed: now the team

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_join()

    def _typed_name(self) -> str | None:
        from secsc_tui.app.participant import clean_name

        name = clean_name(self.query_one("#join-name", Input).value)
        if not name:
            self._error(_("Please type your name first."))
            self.query_one("#join-name", Input).focus()
            return None
        return name

    def action_join(self) -> None:
        options = self.query_one("#join-teams", OptionList)
        option = options.highlighted_option
        if option is None or option.id is None or not self._loaded:
            return
        if option.id == NEW_TEAM:
            self.action_new_team()
            return
        name = self._typed_name()
        if name:
            self._error("")
            self.app.join(option.id, name)

    def action_new_team(self) -> None:
        name, store, workshop_id = self._typed_name(), self.app.store, self.workshop_id
        if not name or store is None or not workshop_id:
            return
        from secsc_tui.app.screens.new_session import NewSessionDialog, NewSessionRequest

        def create(request: NewSessionRequest | None) -> None:
            if request is None:
                return
            from secsc_tui.core.factory import new_session

            session = new_session(request.title, request.language)
            in_thread(
                self,
                lambda: store.create(session, workshop_id=workshop_id),
                done=lambda created: self.app.join(created.id, name),
                failed=lambda e: self._error(_("Cannot create the team: {error}", error=str(e))),
            )

        self.app.push_screen(NewSessionDialog(), create)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "n" is a letter of a name while the name field has the focus.
        if action == "new_team":
            return self.focused is not self.query_one("#join-name", Input)
        return True
