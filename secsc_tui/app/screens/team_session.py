"""A team's session as a served participant sees it: the session screen, plus who else has it open.

Several people of a team may have the same session open in their browsers. The
revision check already stops one from silently overwriting another; this line
says who they are, so they can talk before they both type in the same field.

The server keeps a presence folder: one folder per team session, one file per
open browser tab, holding the participant's name. This screen reads it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Label

from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.app.threads import in_thread
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.i18n import _
from secsc_tui.textwidth import printable, truncate

PRESENCE_SECONDS = 3.0


def others_with_it_open(presence_dir: Path | None, session_id: str, connection: str) -> list[str]:
    """The names of the other tabs that have this session open (a name twice: two tabs)."""
    if presence_dir is None or not session_id:
        return []
    try:
        entries = sorted((presence_dir / session_id).iterdir())
    except OSError:
        return []
    names = []
    for entry in entries:
        if entry.name == connection:
            continue
        try:
            names.append(entry.read_text(encoding="utf-8").strip() or _("someone"))
        except OSError:
            continue  # the tab closed while we looked
    return names


def presence_line(names: list[str]) -> str:
    if not names:
        return ""
    counts = Counter(names)
    people = ", ".join(
        printable(name) if n == 1 else _("{name} ({n} tabs)", name=printable(name), n=n)
        for name, n in sorted(counts.items(), key=lambda item: item[0].casefold())
    )
    return _("Also open by: {people} — edits are checked, talk before typing in the same field", people=people)


class TeamSessionScreen(SessionScreen):
    DEFAULT_CSS = """
    TeamSessionScreen #presence { height: auto; padding: 0 1; color: $warning; }
    TeamSessionScreen #presence.-nobody { display: none; }
    """

    def __init__(self, session_id: str, *, presence_dir: Path | None = None, connection: str = ""):
        super().__init__(session_id)
        self.presence_dir = presence_dir
        self.connection = connection
        self.others: list[str] = []

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, Footer):
                yield Label("", id="presence", markup=False, classes="-nobody")
            yield widget

    def on_mount(self) -> None:
        # (Textual calls SessionScreen.on_mount as well: handlers run for each class.)
        self._look_for_others()
        self.set_interval(PRESENCE_SECONDS, self._look_for_others)

    def _look_for_others(self) -> None:
        if self.presence_dir is None:
            return
        folder, session_id, me = self.presence_dir, self.session_id, self.connection
        in_thread(
            self,
            lambda: others_with_it_open(folder, session_id, me),
            done=self._show_others,
            failed=lambda error: None,
            group="presence",
            exclusive=True,
        )

    def _show_others(self, names: list[str]) -> None:
        if names == self.others:
            return
        self.others = names
        label = self.query_one("#presence", Label)
        label.update(truncate(presence_line(names), max(20, self.size.width - 2)))
        label.set_class(not names, "-nobody")
