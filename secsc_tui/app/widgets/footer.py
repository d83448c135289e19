"""The footer, with each key's label in the language spoken now.

Key bindings are declared on classes, before any language is chosen, so their
descriptions stay in English (marked with ``N_``) and are translated here, each
time the footer is drawn: switching the language relabels the keys.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey, FooterLabel

from secsc_tui.i18n import _


class Footer(TextualFooter):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else ""
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = _(widget.tooltip)
            elif isinstance(widget, FooterLabel):
                widget.update(_(str(widget.render())))
            yield widget
