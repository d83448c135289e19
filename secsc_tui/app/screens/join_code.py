"""The join address as a QR code, large enough to scan from the projector."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from secsc_tui.app.screens.styled_once import StyledOnce
from secsc_tui.i18n import N_, _


def qr_lines(url: str) -> list[str]:
    """The QR code of ``url`` in half blocks: two rows of modules per line of text, dark on light."""
    import segno

    rows = [list(row) for row in segno.make(url, error="m").matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    # Printed light-on-dark would invert the code: draw the light modules, so a dark screen shows dark ones.
    glyphs = {(0, 0): "█", (0, 1): "▀", (1, 0): "▄", (1, 1): " "}
    return [
        "".join(glyphs[bool(top), bool(bottom)] for top, bottom in zip(rows[i], rows[i + 1], strict=True))
        for i in range(0, len(rows), 2)
    ]


class JoinCodeScreen(ModalScreen[None], StyledOnce[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,j,enter", "close", N_("Close"), id="join_code.close")]

    DEFAULT_CSS = """
    JoinCodeScreen { align: center middle; }
    JoinCodeScreen #join-code { width: auto; height: auto; padding: 1 2; background: $surface; }
    JoinCodeScreen #join-qr { width: auto; color: white; background: black; }
    """

    def __init__(self, url: str):
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with Vertical(id="join-code"):
            yield Static(Text("\n".join(qr_lines(self.url))), id="join-qr")
            yield Static(Text(self.url))
            yield Static(Text(_("Scan or type this address · Escape closes")), classes="dialog-detail")

    def action_close(self) -> None:
        self.dismiss(None)
