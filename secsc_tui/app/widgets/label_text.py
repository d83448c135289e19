"""Setting a label's text as a person types, without laying the screen out on every key."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def show_text(label: Static, text: str | Text) -> None:
    """Show ``text`` in ``label``; the screen is laid out again only if the label's size changes.

    ``update`` lays out the whole screen by default: in a form of ~55 widgets that was
    most of each typed key when a preview line followed the typing. A new text needs
    a layout only when the label is sized by its text and that size changes (a wider
    word, one more wrapped line).
    """
    if label.content == text:
        return
    before = label.content_size
    label.update(text, layout=False)
    styles = label.styles
    width = before.width
    if styles.width is not None and styles.width.is_auto:
        width = label.get_content_width(before, before)
        if width != before.width:
            label.refresh(layout=True)
            return
    if (styles.height is None or styles.height.is_auto) and label.get_content_height(
        before, before, width
    ) != before.height:
        label.refresh(layout=True)
