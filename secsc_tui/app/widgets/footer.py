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
                # A key is made compact and then bound to the footer's setting, so each
                # key of every rebuild restyled itself twice on mounting; made as the
                # footer is, both changes are none (8 % of the app tests' CPU in py-spy).
                # The command palette's key stays compact: Textual binds it to nothing.
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
                widget.description = _(widget.description) if widget.description else ""
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = _(widget.tooltip)
            elif isinstance(widget, FooterLabel):
                widget.update(_(str(widget.render())))
            yield widget
