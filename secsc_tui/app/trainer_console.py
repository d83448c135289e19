"""The trainer's console while ``secsc serve`` runs: the workshop's dashboard, with the join URL on top.

It runs in the trainer's terminal, beside the server; quitting it (Ctrl+Q, or
Ctrl+C and yes) stops serving: the server saves every team's last edit and ends
every browser's app.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Label

from secsc_tui.app.app import SecscApp
from secsc_tui.app.screens.dashboard import DashboardScreen
from secsc_tui.i18n import N_, _


class ServedDashboard(DashboardScreen):
    """The workshop's dashboard with the address participants open, for the projector."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("j", "show_join", N_("Join code"), id="serve.join_code")]

    DEFAULT_CSS = """
    ServedDashboard #serve-url { height: 1; padding: 0 1; background: $primary; color: $text;
                                 text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, workshop_id: str, join_url: str):
        super().__init__(workshop_id)
        self.join_url = join_url

    def compose(self) -> ComposeResult:
        yield Label(_("Join: {url}", url=self.join_url), id="serve-url", markup=False)
        yield from super().compose()

    def action_show_join(self) -> None:
        from secsc_tui.app.screens.join_code import JoinCodeScreen

        self.app.push_screen(JoinCodeScreen(self.join_url))


class TrainerConsoleApp(SecscApp):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "stop_serving", N_("Stop serving"), id="serve.stop", show=False, priority=True),
    ]

    def __init__(
        self,
        db: str | None = None,
        *,
        workshop_id: str,
        join_url: str,
        config_dir: str | Path | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ):
        super().__init__(db, config_dir=config_dir, clock=clock)
        self.workshop_id = workshop_id
        self.join_url = join_url
        self.sub_title = _("serving {url}", url=join_url)

    def on_mount(self) -> None:
        # Home stays underneath: Escape on the dashboard reaches every workshop and session.
        self.push_screen(ServedDashboard(self.workshop_id, self.join_url))
        # The server ends the console with SIGTERM when it is stopped from elsewhere:
        # quit properly, so the terminal is given back as it was.
        import signal

        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self.exit)

    def action_stop_serving(self) -> None:
        from secsc_tui.app.screens.dialogs import ConfirmDialog

        def answered(stop: bool | None) -> None:
            if stop:
                self.run_worker(self.action_quit())

        self.push_screen(
            ConfirmDialog(
                _("Stop serving the workshop?"),
                _("Every team's work is saved; the browsers say the connection is lost."),
            ),
            answered,
        )
