"""Write a report of a workshop (or of one of its teams): choose the format and the file.

The report is rendered and written off the UI thread, through a temporary file
and a rename, so a full disk never leaves half a report. A refusal (no such
folder, no permission, disk full) is shown in the dialog, which stays open so
the path can be corrected.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from secsc_tui.app.app import secsc_app
from secsc_tui.app.notices import report_failure, tell
from secsc_tui.app.screens.dialogs import PathSuggester, display_path
from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.app.threads import in_thread
from secsc_tui.app.widgets.text_field import TextField
from secsc_tui.app.widgets.toggles import ChoiceSet, TickRadio
from secsc_tui.i18n import N_, _, ngettext
from secsc_tui.textwidth import printable, truncate

if TYPE_CHECKING:
    from textual.app import App

    from secsc_tui.core.model import Session
    from secsc_tui.core.workshop import Workshop

FORMATS = {
    "md": N_("Markdown (.md): text with a Mermaid strategy map"),
    "html": N_("HTML (.html): one page that prints on A4"),
    "xlsx": N_("Excel (.xlsx): the scorecards as in the paper, results"),
    "csv": N_("CSV (.csv): the action plans, for tracking"),
}

# The format last written, per running app: the next report offers it first.
_LAST_FORMAT: WeakKeyDictionary[App[Any], str] = WeakKeyDictionary()


class ReportDialog(ModalScreen[Path | None], StyledOnce[Path | None]):
    """Format (a choice), scope (the workshop or one team) and path; Enter writes the report."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,f2", "write", N_("Write"), id="report.write", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="report.cancel"),
    ]

    DEFAULT_CSS = """
    ReportDialog .dialog { width: 76; }
    ReportDialog .report-label { margin-top: 1; text-style: bold; }
    ReportDialog .report-label.first { margin-top: 0; }
    ReportDialog ChoiceSet, ReportDialog ChoiceSet:focus { width: 1fr; border: none; padding: 0; }
    ReportDialog #report-error { height: auto; }
    """

    def __init__(
        self,
        sessions: list[Session],
        *,
        workshop: Workshop | None = None,
        selected: Session | None = None,
        fmt: str | None = None,
    ):
        """``sessions``: the workshop's teams; ``selected``: a team that may be reported alone."""
        super().__init__()
        self.sessions = list(sessions)
        self.workshop = workshop
        self.selected = selected
        self.fmt = fmt or ""
        self.only_selected = False
        self._suggested = ""
        self._writing = False

    # -- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from secsc_tui.core.reports import REPORT_FORMATS

        if self.fmt not in REPORT_FORMATS:
            self.fmt = _LAST_FORMAT.get(self.app, "html")

        if self.workshop is not None:
            title = _("Report of the workshop “{name}”", name=printable(self.workshop.name))
        else:
            title = _("Report")
        with Vertical(classes="dialog"):
            yield Static(Text(truncate(title, 70)), classes="dialog-title")
            if self.selected is not None and self.workshop is not None:
                yield Label(_("What to report"), classes="report-label first")
                with ChoiceSet(id="report-scope"):
                    n = len(self.sessions)
                    yield TickRadio(
                        ngettext(
                            "The whole workshop: {n} team and the results",
                            "The whole workshop: {n} teams and the results",
                            n,
                        ),
                        value=True,
                        id="scope-all",
                    )
                    yield TickRadio(
                        Text(_("Only the team “{title}”", title=truncate(printable(self.selected.title), 40))),
                        id="scope-one",
                    )
            yield Label(_("Format"), classes="report-label" + ("" if self.selected else " first"))
            with ChoiceSet(id="report-format"):
                for fmt in REPORT_FORMATS:
                    yield TickRadio(_(FORMATS.get(fmt, fmt)), value=fmt == self.fmt, id=f"fmt-{fmt}")
            yield Label(_("Write to"), classes="report-label")
            yield TextField(
                "",
                id="report-path",
                compact=True,
                select_on_focus=False,
                suggester=PathSuggester(suffixes=tuple(f".{f}" for f in REPORT_FORMATS)),
            )
            yield Label("", id="report-error", classes="dialog-error", markup=False)
            yield Static(_("↑↓ choose · Tab next · Enter writes · Escape cancels"), classes="dialog-detail")

    def on_mount(self) -> None:
        for choices in self.query(ChoiceSet):
            choices._selected = max(choices.pressed_index, 0)  # highlight the chosen one, not the first
        self._suggest()
        first = self.query("#report-scope") or self.query("#report-format")
        first.first().focus()

    # -- choices ------------------------------------------------------------

    def _chosen_sessions(self) -> tuple[list[Session], Workshop | None]:
        if self.only_selected and self.selected is not None:
            return [self.selected], None
        return self.sessions, self.workshop

    def _suggest(self) -> None:
        """Put the suggested file name in the path, unless the person typed their own."""
        from secsc_tui.core.reports import suggested_filename

        sessions, workshop = self._chosen_sessions()
        suggestion = "./" + suggested_filename(self.fmt, sessions, workshop)
        field = self.query_one("#report-path", Input)
        current = field.value
        if not current or current == self._suggested:
            field.value = suggestion
        else:  # their own name: only the extension follows the format
            stem, dot, ext = current.rpartition(".")
            if dot and ext.lower() in FORMATS and "/" not in ext:
                field.value = f"{stem}.{self.fmt}"
        field.cursor_position = len(field.value)
        self._suggested = suggestion

    def on_radio_set_changed(self, event: ChoiceSet.Changed) -> None:
        event.stop()
        pressed = event.pressed.id or ""
        if pressed.startswith("fmt-"):
            self.fmt = pressed[4:]
        elif pressed.startswith("scope-"):
            self.only_selected = pressed == "scope-one"
        self._suggest()
        self.query_one("#report-error", Label).update("")

    # -- writing ------------------------------------------------------------

    def _target(self) -> Path | None:
        raw = self.query_one("#report-path", Input).value.strip()
        if not raw:
            return None
        target = Path(raw).expanduser()
        if target.is_dir():
            from secsc_tui.core.reports import suggested_filename

            sessions, workshop = self._chosen_sessions()
            target = target / suggested_filename(self.fmt, sessions, workshop)
        return target

    def action_write(self) -> None:
        if self._writing:
            return
        target = self._target()
        if target is None:
            self._error(_("Write a file name, e.g. ./report.{ext}", ext=self.fmt))
            return
        if not target.parent.is_dir():
            self._error(
                _(
                    "There is no folder {folder}: create it first, or choose another place.",
                    folder=display_path(target.parent),
                )
            )
            return
        if target.exists():
            from secsc_tui.app.screens.dialogs import ConfirmDialog

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._write(target)

            self.app.push_screen(
                ConfirmDialog(
                    _("Replace {path}?", path=display_path(target)),
                    _("A file with this name is already there."),
                    yes=_("Replace"),
                    no=_("Keep it"),
                ),
                confirmed,
            )
            return
        self._write(target)

    def _write(self, target: Path) -> None:
        from secsc_tui.core.reports import render_report

        fmt = self.fmt
        sessions, workshop = self._chosen_sessions()
        self._writing = True
        self._error(_("Writing…"))

        def work() -> Path:
            from secsc_tui.core.files import write_bytes_atomically

            write_bytes_atomically(target, render_report(fmt, sessions, workshop=workshop))
            return target

        in_thread(self, work, done=self._written, failed=lambda error: self._failed(error, target), group="report")

    def _written(self, path: Path) -> None:
        self._writing = False
        _LAST_FORMAT[self.app] = self.fmt
        self.dismiss(path)
        tell(self, _("Report written to {path}", path=display_path(path)), title=_("Report"), timeout=6)

    def _failed(self, error: Exception, target: Path) -> None:
        from secsc_tui.core.files import describe_os_error

        self._writing = False
        message = describe_os_error(error, target) if isinstance(error, OSError) else (str(error) or repr(error))
        self._error(_("Not written: {problem}", problem=message))

    def _error(self, message: str) -> None:
        self.query_one("#report-error", Label).update(message)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_workshop_report(node: DOMNode, workshop_id: str, selected_id: str | None = None) -> None:
    """Read the workshop and its teams (in a thread), then ask how to write the report."""
    store = secsc_app(node).store
    if store is None:
        return

    def load() -> tuple[Workshop, list[Session]]:
        return store.get_workshop(workshop_id), store.sessions_in(workshop_id)

    def loaded(result: tuple[Workshop, list[Session]]) -> None:
        workshop, sessions = result
        selected = next((s for s in sessions if s.id == selected_id), None) if selected_id else None
        node.app.push_screen(ReportDialog(sessions, workshop=workshop, selected=selected))

    in_thread(
        node,
        load,
        done=loaded,
        failed=lambda e: report_failure(node, e, _("Cannot write a report")),
        group="report-load",
    )
