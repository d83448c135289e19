"""Short notices ("Exported to …") that never cover anyone's work, and failures.

The session screen has a line for notices under its header; on any other screen a
notice is a toast, as usual. A failure is always an error toast.
"""

from __future__ import annotations

from pathlib import Path

from textual.dom import DOMNode


def tell(node: DOMNode, message: str, *, title: str = "", timeout: float = 5) -> None:
    """Show ``message`` (literally) in the active screen's notice line if it has one, else as a toast."""
    say = getattr(node.app.screen, "say", None)
    if say is not None:
        say(message, timeout=timeout)
    else:
        node.app.notify(message, title=title, markup=False, timeout=timeout)


def report_failure(node: DOMNode, error: Exception, title: str, *, path: Path | None = None) -> None:
    """Show work that failed as an error toast: ``title`` says what, the message why (literally).

    The error comes from ``in_thread``: a user's mistake says what to do, anything
    else was logged and says where the log is. With ``path``, an OSError names the
    file it could not write.
    """
    if path is not None and isinstance(error, OSError):
        from secsc_tui.core.files import describe_os_error

        message = describe_os_error(error, path)
    else:
        message = str(error) or error.__class__.__name__
    node.app.notify(message, title=title, severity="error", markup=False, timeout=10)
