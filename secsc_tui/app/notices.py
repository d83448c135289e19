"""Short notices ("Exported to …") that never cover anyone's work.

The session screen has a line for them under its header; on any other screen a
notice is a toast, as usual.
"""

from __future__ import annotations

from textual.dom import DOMNode


def tell(node: DOMNode, message: str, *, title: str = "", timeout: float = 5) -> None:
    """Show ``message`` (literally) in the active screen's notice line if it has one, else as a toast."""
    say = getattr(node.app.screen, "say", None)
    if say is not None:
        say(message, timeout=timeout)
    else:
        node.app.notify(message, title=title, markup=False, timeout=timeout)
