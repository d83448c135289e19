"""A team's session as a served participant sees it: the session screen, plus who else has it open.

Several people of a team may have the same session open in their browsers. The
revision check already stops one from silently overwriting another; this line
says who they are, so they can talk before they both type in the same field.

The server keeps a presence folder: one folder per team session, one file per
open browser tab, holding the participant's name. This screen reads it, and
writes beside its own file the step it shows (``<tab>.step``), so that each
sees where the others are; the server removes both when the tab's process ends.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Label

from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.app.threads import in_thread
from secsc_tui.app.widgets.footer import Footer
from secsc_tui.core.model import Step
from secsc_tui.i18n import _
from secsc_tui.textwidth import printable, truncate

PRESENCE_SECONDS = 1.0  # others' steps change as often as they press F8
STEP_SUFFIX = ".step"


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
        if entry.name == connection or entry.suffix in (STEP_SUFFIX, ".part"):
            continue
        try:
            name = entry.read_text(encoding="utf-8").strip() or _("someone")
        except OSError:
            continue  # the tab closed while we looked
        try:
            step = int(entry.with_name(entry.name + STEP_SUFFIX).read_text(encoding="ascii"))
        except (OSError, ValueError):
            step = 0  # not written yet (or being written)
        names.append(_("{name} (step {n})", name=name, n=step) if 1 <= step <= len(Step) else name)
    return names


def write_own_step(presence_dir: Path, session_id: str, connection: str, step: Step) -> None:
    """Where this tab is, for the others; replaced whole, so that nobody reads half a file."""
    folder = presence_dir / session_id
    target = folder / (connection + STEP_SUFFIX)
    partial = folder / (connection + STEP_SUFFIX + ".part")
    partial.write_text(str(step.number), encoding="ascii")
    partial.replace(target)


def presence_line(names: list[str]) -> str:
    if not names:
        return ""
    counts = Counter(names)
    people = ", ".join(
        printable(name) if n == 1 else _("{name} ({n} tabs)", name=printable(name), n=n)
        for name, n in sorted(counts.items(), key=lambda item: item[0].casefold())
    )
    return _("Also open by: {people} — edits merge; only the same field is asked about", people=people)


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

    def _show_step(self, step: Step) -> None:
        super()._show_step(step)
        if self.presence_dir is None or not self.connection:
            return
        folder, session_id, me = self.presence_dir, self.session_id, self.connection
        in_thread(
            self,
            lambda: write_own_step(folder, session_id, me, step),
            done=lambda _result: None,
            failed=lambda error: None,  # the tab is closing, or the folder is gone: nobody to tell
            # Not the poll's group: a poll starting (exclusive) cancelled a write not yet
            # begun, and the others saw the step this tab had left until the next change.
            group="presence-write",
        )

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
