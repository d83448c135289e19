"""Export a session to a YAML file from anywhere in the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from secsc_tui.app.app import secsc_app
from secsc_tui.app.notices import report_failure, tell
from secsc_tui.app.screens.dialogs import display_path, path_prompt
from secsc_tui.app.threads import in_thread
from secsc_tui.i18n import _

if TYPE_CHECKING:
    from secsc_tui.core.model import Session


def ask_and_export(node: DOMNode, session_id: str, title: str, load: Callable[[], Session]) -> None:
    """Ask for a path (default ./<title>.yaml), then write the session there off the UI thread.

    ``load`` runs in the worker thread: it returns the session to write (from the
    database, or a copy of the one being edited). The file carries the session's
    history, and the database notes the export when it holds that very content
    (``Store.publish``), so that the file is recognised as newer when it comes back.
    """
    from secsc_tui.core.filenames import ExportNames, title_stem

    store = secsc_app(node).store

    def chosen(path: str | None) -> None:
        if not path:
            return
        target = Path(path).expanduser()

        def export() -> Path:
            from secsc_tui.core.files import write_text_atomically
            from secsc_tui.core.yaml_io import dump_session

            nonlocal target
            if target.is_dir():
                target = ExportNames(target).path_for(session_id, title)
            session = load()
            if store is not None:
                session = store.publish(session)
            write_text_atomically(target, dump_session(session))
            return target

        in_thread(
            node,
            export,
            done=lambda written: _exported(node, written),
            failed=lambda error: report_failure(node, error, _("Export failed"), path=target),
        )

    default = f"./{title_stem(title, session_id)}.yaml"
    node.app.push_screen(path_prompt(_("Export “{title}” as YAML to", title=title), default), chosen)


def _exported(node: DOMNode, path: Path) -> None:
    tell(node, _("Exported to {path}", path=display_path(path)), title=_("Export"))
