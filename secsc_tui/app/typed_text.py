"""Keeping the invisible characters that people type as part of their text.

Textual (8.2.8) inserts a key's character into an Input or a TextArea only when
``Key.is_printable``, which is ``str.isprintable()``: false for format characters
(Unicode category Cf). So the zero-width joiner that glues an emoji sequence
(👩‍💻 is 👩 U+200D 💻) was dropped as it was typed, and 👩‍💻 became 👩💻; the same
for the zero-width non-joiner of Persian and Indic scripts and the tag characters
of subdivision flags. The terminal sends them like any other character, and a
file or a paste keeps them, so typing must too.

The app hands such a key to the focused text field as a one-character paste, in
the same queue as the keys around it, so the order of what was typed is kept.
"""

from __future__ import annotations

import unicodedata
from typing import TypeGuard

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


def is_format_character(character: str | None) -> TypeGuard[str]:
    """A single format character (Cf): part of the text, though it draws nothing by itself."""
    return character is not None and len(character) == 1 and unicodedata.category(character) == "Cf"


def as_typed_text(event: events.Key, focused: Widget | None) -> events.Paste | None:
    """The paste that puts ``event``'s format character into the focused text field, or None.

    None for every other key, and when no editable text field has focus (the key
    then goes its usual way, to the bindings).
    """
    if not is_format_character(event.character):
        return None
    if isinstance(focused, Input) or (isinstance(focused, TextArea) and not focused.read_only):
        return events.Paste(event.character)
    return None
