"""A participant's app, served to a browser tab by ``secsc serve``.

What a participant may reach: the join screen (pick or create a team in the
workshop, type a name) and their team's session. Not the list of every session,
not other teams' sessions, not the trainer's console, no deletes or imports.
Nothing here reads or writes the trainer's disk on a participant's behalf:
exports and reports are downloaded by the browser instead.

The chosen team and name are remembered by the browser in a cookie: the app
asks the browser to open ``/join?...``, the server sets the cookie and reloads
the page, and the next process starts straight in the team's session (a reload
or a dropped connection comes back the same way).

When the browser goes away, the server tells the app to quit: whatever was
typed is saved before the process ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload
from urllib.parse import urlencode

from textual.events import AppBlur, DescendantFocus
from textual.messages import ExitApp
from textual.screen import Screen, ScreenResultCallbackType
from textual.widget import AwaitMount

from secsc_tui.app.app import SecscApp
from secsc_tui.i18n import _

if TYPE_CHECKING:
    from secsc_tui.app.screens.session import SessionScreen
    from secsc_tui.core.model import Session

ResultT = TypeVar("ResultT")

# Saving after a pause of typing: longer than in the terminal app. Thirty tabs share one
# SQLite file and two cores; a save per word would have them queue for the lock and
# redraw the save status on every word. Closing the tab saves at once (below).
SERVED_QUIET_SECONDS = 1.5
# How long the quit path waits for typed keys to take effect, and for saves. A tab
# that thirty others slow down may be seconds behind the keys typed before the
# browser left; the server waits 25 s for a closed tab's app (6 s when the server
# itself stops: what is typed so far is saved first, see _save_then_exit).
SETTLE_SECONDS = 20.0
SAVE_SECONDS = 8.0
NAME_MAX = 60


@dataclass(frozen=True)
class Participant:
    team_id: str = ""  # the team's session id; empty until they join
    name: str = ""


def clean_name(name: str) -> str:
    """A typed name as it is kept: printable, single-spaced, at most NAME_MAX characters."""
    printable = "".join(ch if ch.isprintable() else " " for ch in name)
    return " ".join(printable.split())[:NAME_MAX]


class ParticipantApp(SecscApp):
    """The app as one participant sees it in a browser tab."""

    autosave_quiet_seconds = SERVED_QUIET_SECONDS

    def __init__(
        self,
        db: str | None = None,
        *,
        workshop_id: str,
        participant: Participant = Participant(),
        join_key: str = "",
        connection: str = "",
        presence_dir: str = "",
        config_dir: str | Path | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        super().__init__(db, config_dir=config_dir, clock=clock)
        self.workshop_id = workshop_id
        self.participant = Participant(participant.team_id, clean_name(participant.name))
        self.join_key = join_key
        self.connection = connection
        self.presence_dir = Path(presence_dir) if presence_dir else None
        self._leaving = False  # saving before the app ends
        self._saved_for_exit = False

    def get_default_screen(self) -> Screen[Any]:
        from secsc_tui.app.screens.join import JoinScreen

        return JoinScreen(self.workshop_id, self.participant)

    def _remember_theme(self, theme: str) -> None:
        # The settings folder is the trainer's: a participant's theme stays in their tab.
        pass

    async def _on_app_blur(self, event: AppBlur) -> None:
        # Textual's web driver starts every app "blurred", and textual.js reports the
        # page's focus only for a part of the terminal it rarely gets: the app would
        # stay blurred, and the footer would never show the keys of the screen opened
        # next. A tab shown in a browser has the participant's attention: stay focused.
        event.prevent_default()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # A blinking cursor redraws the field twice a second and sends it to the
        # browser: thirty tabs pay that all the time. A steady cursor shows the place as well.
        if hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # -- joining ----------------------------------------------------------------

    def join(self, team_id: str, name: str) -> None:
        """Open the team's session for this person, and have the browser remember the choice."""
        self.participant = Participant(team_id, clean_name(name))
        if self.is_web and self.join_key:
            # The server sets the cookie and reloads the page: the next process opens the team.
            query = urlencode({"team": team_id, "name": self.participant.name, "key": self.join_key})
            self.open_url(f"/join?{query}", new_tab=False)
            self.notify(_("Joining…"), timeout=5)
            return
        self.open_team()

    def open_team(self) -> None:
        from secsc_tui.app.screens.team_session import TeamSessionScreen

        self.push_screen(
            TeamSessionScreen(self.participant.team_id, presence_dir=self.presence_dir, connection=self.connection)
        )

    def team_session(self) -> Session | None:
        """The session of the team screen that is open, if any."""
        from secsc_tui.app.screens.session import SessionScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, SessionScreen) and screen.editor is not None:
                return screen.session
        return None

    # -- no file dialogs on the trainer's disk ----------------------------------

    @overload
    def push_screen(
        self,
        screen: Screen[ResultT] | str,
        callback: ScreenResultCallbackType[ResultT] | None = None,
        wait_for_dismiss: Literal[False] = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount: ...

    @overload
    def push_screen(
        self,
        screen: Screen[ResultT] | str,
        callback: ScreenResultCallbackType[ResultT] | None = None,
        wait_for_dismiss: Literal[True] = True,
        *,
        mode: str | None = None,
    ) -> asyncio.Future[ResultT]: ...

    def push_screen(
        self,
        screen: Screen[ResultT] | str,
        callback: ScreenResultCallbackType[ResultT] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount | asyncio.Future[ResultT]:
        if _reads_or_writes_server_files(screen):
            self.call_later(self._download_instead, screen)
            if wait_for_dismiss:
                future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
                future.set_result(None)  # the dialog never opens: nothing chosen
                return future
            return AwaitMount(self.screen, [])  # nothing to mount: awaiting it returns at once
        if wait_for_dismiss:
            return super().push_screen(screen, callback, wait_for_dismiss=True, mode=mode)
        return super().push_screen(screen, callback, wait_for_dismiss=False, mode=mode)

    def _download_instead(self, screen: Screen[Any] | str) -> None:
        """What a participant gets instead of a file dialog: the team's file, downloaded by the browser."""
        from secsc_tui.app.screens.report_export import ReportDialog

        session = self.team_session()
        if session is None:
            return
        snapshot = session.model_copy(deep=True)
        if isinstance(screen, ReportDialog):
            from secsc_tui.core.reports import render_report, suggested_filename

            data, filename = render_report("html", [snapshot]), suggested_filename("html", [snapshot], None)
        else:
            from secsc_tui.core.yaml_io import dump_session

            data, filename = dump_session(snapshot).encode("utf-8"), f"{snapshot.id}.yaml"
        import io

        self.deliver_binary(io.BytesIO(data), save_filename=filename)
        self.notify(_("Your browser downloads {file}.", file=filename), title=_("Download"), markup=False, timeout=5)

    # -- leaving: the browser closed, or the server is stopping ------------------

    # Textual passes the message to each class's handler that takes one; App's own takes none.
    async def _on_exit_app(self, message: ExitApp) -> None:  # type: ignore[override]
        # Textual runs this handler of every class in turn; the first time, App's
        # own (which stops at once) waits until the saves are done.
        if self._saved_for_exit:
            return  # saved: App's handler ends the app
        message.prevent_default()
        if self._leaving:
            return  # asked twice (the socket closed and Ctrl+C reached this process): still saving
        self._leaving = True
        # Not awaited here: the saves report back through this app's message queue.
        self.run_worker(self._save_then_exit(), group="leaving")

    async def _save_then_exit(self) -> None:
        from secsc_tui.app.screens.session import SessionScreen

        # What has reached the session so far first: a stopping server may not wait for the rest.
        for saver in [s.saver for s in self.screen_stack if isinstance(s, SessionScreen) and s.saver is not None]:
            if saver.has_unsaved:
                await saver.flush(timeout=SAVE_SECONDS)
        await self._settle()
        for screen in self.screen_stack:
            if isinstance(screen, SessionScreen) and screen.saver is not None:
                await screen.saver.flush(timeout=SAVE_SECONDS)
                if screen.saver.has_unsaved:
                    await self._keep_as_copy(screen)
        self._saved_for_exit = True
        self.post_message(ExitApp())  # the exit asked for, with its result (not exit(), which would replace it)

    async def _settle(self) -> None:
        """Let every key already received take effect (reach its field, save its form) before saving.

        The keys wait their turn in the key sequencer (``app/key_order.py``), not in
        a message queue: a form's text and its F2 still queued there when the
        browser closed were lost with every queue looking empty.
        """
        deadline = monotonic() + SETTLE_SECONDS
        quiet_rounds = 0
        while monotonic() < deadline and quiet_rounds < 3:
            await asyncio.sleep(0.02)
            # (Textual has no public "queue empty" test; a key event passes through a few widgets.)
            busy = self.typed_keys.pending > 0 or any(
                not node._message_queue.empty() for node in (self, *self.screen.walk_children(with_self=True))
            )
            quiet_rounds = 0 if busy else quiet_rounds + 1

    async def _keep_as_copy(self, screen: SessionScreen) -> None:
        """Edits the database refused (someone else saved the team's session meanwhile): keep them as a copy."""
        store = self.store
        if store is None or screen.editor is None:
            return
        from secsc_tui.core.factory import copy_session

        mine = screen.session.model_copy(deep=True)
        name = self.participant.name or _("a participant")
        copy = copy_session(mine, title=f"{mine.title[:440]} ({_('unsaved edits of {name}', name=name)})")
        # Any failure is swallowed: nobody is left to tell; the other version is in the database.
        with contextlib.suppress(Exception):
            await asyncio.to_thread(store.create, copy, workshop_id=self.workshop_id or None)


def _reads_or_writes_server_files(screen: Screen[Any] | str) -> bool:
    """A dialog that would read or write files where the app runs (the trainer's laptop)."""
    from secsc_tui.app.screens.dialogs import PathSuggester, TextPrompt
    from secsc_tui.app.screens.report_export import ReportDialog

    if isinstance(screen, ReportDialog):
        return True
    return isinstance(screen, TextPrompt) and isinstance(screen.suggester, PathSuggester)
