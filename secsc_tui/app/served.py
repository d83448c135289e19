"""The entry point of the app processes that ``secsc serve`` starts.

The server (``secsc_tui.serve``) imports nothing else from the app: it starts
one process per browser tab and tells it everything through the environment,
with the names below. Two kinds of process:

- a participant's (one per browser tab): the join screen, then the team's session;
- the trainer's console (in the trainer's terminal): the workshop's dashboard,
  with the join URL in its header.

``preload()`` imports what every app process needs, so that a process forked
from a warm parent starts with it all in memory already.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secsc_tui.app.app import SecscApp

# Set by the server for every app process.
ENV_DB = "SECSC_DB"  # the database (the same name the command line reads)
ENV_ROLE = "SECSC_SERVE_ROLE"  # "participant" or "console"
ENV_WORKSHOP = "SECSC_WORKSHOP"  # the workshop's id
# A participant's identity, from their browser's cookie (empty until they join).
ENV_TEAM = "SECSC_TEAM"  # the team's session id
ENV_NAME = "SECSC_PARTICIPANT"  # the name they typed
ENV_JOIN_KEY = "SECSC_JOIN_KEY"  # one-time key for the /join address that remembers a choice
ENV_CONNECTION = "SECSC_CONNECTION"  # this tab's id, as the presence folder knows it
ENV_PRESENCE = "SECSC_PRESENCE_DIR"  # who has which team open, kept by the server
# The trainer's console.
ENV_JOIN_URL = "SECSC_JOIN_URL"  # shown in the dashboard's header

ROLE_PARTICIPANT = "participant"
ROLE_CONSOLE = "console"

# What a participant's process uses in its first seconds, in the order it needs it.
_WARM_MODULES = (
    "textual.app",
    "textual.drivers.web_driver",
    "textual.widgets",
    "secsc_tui.app.app",
    "secsc_tui.app.participant",
    "secsc_tui.app.screens.join",
    "secsc_tui.app.screens.session",
    "secsc_tui.app.steps.context",
    "secsc_tui.app.steps.gap_analysis",
    "secsc_tui.app.steps.strategic_goal",
    "secsc_tui.app.steps.approach",
    "secsc_tui.app.steps.scorecard",
    "secsc_tui.app.steps.strategy_map",
    "secsc_tui.app.steps.evaluation",
    "secsc_tui.app.steps.review",
    "secsc_tui.app.screens.help",
    "secsc_tui.app.screens.new_session",
    "secsc_tui.core.store",
    "secsc_tui.core.store.api",  # the package loads its names lazily
    "secsc_tui.core.store.repository",
    "secsc_tui.core.merge",
    "secsc_tui.core.yaml_io",
    "secsc_tui.app.screens.catalogue_picker",
    "secsc_tui.core.catalogue",
    "secsc_tui.core.suggestions",
)


def preload() -> None:
    """Import every module an app process needs (in a parent that forks app processes)."""
    for name in _WARM_MODULES:
        importlib.import_module(name)
    # The built-in catalogue, read and checked once here rather than in every tab that opens the picker.
    from secsc_tui.core.catalogue import builtin_catalogue

    builtin_catalogue()
    # The textual widgets package loads its widgets lazily, by attribute.
    import textual.widgets as widgets

    for name in (
        "Footer",
        "Input",
        "Label",
        "OptionList",
        "Static",
        "TextArea",
        "ContentSwitcher",
        "DataTable",
    ):
        getattr(widgets, name)


def warm_up() -> None:
    """Run a participant's app once, headless, to its join screen, on a throwaway database.

    What a first run does once per process (lazy imports inside Textual, caches
    of styles, colours and character widths, the database layer's first
    connection) is then done in the warm parent, before it forks, and never again
    in a tab's process. Leaves no thread, loop or open file behind: the caller forks next.
    """
    import asyncio
    import tempfile
    from pathlib import Path

    from secsc_tui.app.participant import ParticipantApp
    from secsc_tui.core.store import Store

    async def run_once(folder: Path) -> None:
        db = str(folder / "warm-up.sqlite3")
        Store.open(db).close()
        app = ParticipantApp(db=db, workshop_id="", config_dir=folder)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(200):
                await pilot.pause(0.01)
                if app.store is not None and getattr(app.screen, "_loaded", True):
                    break
            await app.workers.wait_for_complete()

    with tempfile.TemporaryDirectory(prefix="secsc-warm-up-") as folder:
        asyncio.run(run_once(Path(folder)))


def main(environ: Mapping[str, str] | None = None) -> int:
    """Run the app this process was started for; its exit code."""
    env = os.environ if environ is None else environ
    role = env.get(ENV_ROLE, ROLE_PARTICIPANT)
    db = env.get(ENV_DB) or None
    workshop_id = env.get(ENV_WORKSHOP, "")
    if role == ROLE_CONSOLE:
        from secsc_tui.app.trainer_console import TrainerConsoleApp

        app: SecscApp = TrainerConsoleApp(db=db, workshop_id=workshop_id, join_url=env.get(ENV_JOIN_URL, ""))
    else:
        from secsc_tui.app.participant import Participant, ParticipantApp

        app = ParticipantApp(
            db=db,
            workshop_id=workshop_id,
            participant=Participant(team_id=env.get(ENV_TEAM, ""), name=env.get(ENV_NAME, "")),
            join_key=env.get(ENV_JOIN_KEY, ""),
            connection=env.get(ENV_CONNECTION, ""),
            presence_dir=env.get(ENV_PRESENCE, ""),
        )
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
