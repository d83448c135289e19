"""Terminal cell widths, so that Japanese (wide) text keeps columns aligned.

Also the one place that makes text from outside (a title, a file name, a value
quoted in an error) safe to print on a terminal. What a terminal would obey or
hide is shown as a visible escape instead, the data itself staying as written:

- control characters: an ESC in a title could rewrite the screen, a newline in a
  file name could forge a line of output;
- bidirectional overrides and isolates, which reorder what is shown (a title could
  display as something other than what it holds);
- zero-width and other invisible format characters, which make two different
  names look the same. A zero-width joiner that joins (inside an emoji sequence
  such as 👩‍💻, or between letters of a script that uses it) and the tags of a
  flag emoji are text, and kept.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len

ELLIPSIS = "…"

_ZWNJ, _ZWJ = "\u200c", "\u200d"
_VARIATION_SELECTOR_16, _KEYCAP = "\ufe0f", "\u20e3"
_BLACK_FLAG = "\U0001f3f4"  # the base of subdivision flags (🏴 + tag characters)
_TAGS = range(0xE0020, 0xE0080)
# Blocks where emoji live: pictographs, symbols, dingbats, arrows and the like.
_EMOJI_BLOCKS = (
    (0x1F000, 0x1FAFF),
    (0x2190, 0x21FF),
    (0x2300, 0x23FF),
    (0x2460, 0x27BF),
    (0x2900, 0x297F),
    (0x2B00, 0x2BFF),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
)


def _emoji(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _EMOJI_BLOCKS)


# Scripts whose words use ZWJ and ZWNJ: Arabic and Persian, Syriac, the Indic scripts and
# Sinhala, Myanmar, Khmer, Mongolian (and Arabic presentation forms).
_JOINING_SCRIPTS = (
    (0x0600, 0x0DFF),
    (0x1000, 0x109F),
    (0x1780, 0x18AF),
    (0xA8E0, 0xA8FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def _joinable_letter(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _JOINING_SCRIPTS) and unicodedata.category(char)[0] in "LM"


def _joins(before: str, char: str, after: str) -> bool:
    """Whether a zero-width (non-)joiner sits where it does its job."""
    if not before or not after:
        return False
    if char == _ZWJ and (_emoji(before) or before in (_VARIATION_SELECTOR_16, _KEYCAP)) and _emoji(after):
        return True
    return _joinable_letter(before) and _joinable_letter(after)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _shown(text: str, replacements: dict[str, str]) -> str:
    """``text`` with every character a terminal would obey or hide shown as an escape.

    ``replacements`` says what becomes of some characters instead (a newline kept,
    or turned into a space).
    """
    if text.isprintable():  # the common case, fast (what ``replacements`` replaces is never printable)
        return text
    out = []
    flag = False  # inside the tags of a flag emoji
    for i, char in enumerate(text):
        if char in replacements:
            out.append(replacements[char])
            flag = False
            continue
        category = unicodedata.category(char)
        if category == "Cc" or category in ("Zl", "Zp"):
            out.append(_escape(char))
        elif category == "Cf":
            if ord(char) in _TAGS and flag:
                out.append(char)
                continue
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            out.append(char if char in (_ZWJ, _ZWNJ) and _joins(before, char, after) else _escape(char))
        else:
            out.append(char)
        flag = char == _BLACK_FLAG or (flag and ord(char) in _TAGS)
    return "".join(out)


_ONE_LINE = {"\n": " ", "\r": " ", "\t": " "}
_LINES = {"\n": "\n", "\r": " ", "\t": " "}
_ESCAPED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """One line of text with control characters shown, never obeyed (line breaks and tabs: spaces)."""
    return _shown(text, _ONE_LINE)


def visible(text: str) -> str:
    """Multi-line text with line breaks kept and every other control character shown.

    Whatever a person typed or imported is displayed, never executed by the
    terminal: an ESC in a title must not start an escape sequence.
    """
    return _shown(text, _LINES)


def escaped(text: str) -> str:
    """One line in which everything that is not plain text is shown as an escape (``\\n``, ``\\x1b``).

    For messages that quote what came from outside (a file name, a key, a value):
    nothing in them can break the line, forge another one, or drive the terminal.
    """
    return _shown(text, _ESCAPED)


def cells(text: str) -> int:
    """The cells ``text`` takes on a terminal (printable ASCII: one per character, counted at once)."""
    if text.isascii() and text.isprintable():  # a list of 10,000 sessions is mostly this
        return len(text)
    return cell_len(text)


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` cells, ending in an ellipsis if cut."""
    if cells(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for char in text:
        w = cell_len(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + ELLIPSIS


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad ``text`` with spaces to exactly ``width`` cells (truncating if longer)."""
    text = truncate(text, width)
    fill = " " * (width - cells(text))
    return fill + text if right else text + fill


def format_table(
    headers: list[str],
    rows: list[list[str]],
    *,
    max_widths: dict[int, int] | None = None,
    right_align: frozenset[int] = frozenset(),
) -> list[str]:
    """Plain text table lines with columns sized to their content in cells."""
    max_widths = max_widths or {}
    measured = [[(cell, cells(cell)) for cell in row] for row in [headers, *rows]]  # each cell measured once
    widths = [0] * len(headers)
    for row in measured:
        for i, (_cell, width) in enumerate(row):
            widths[i] = max(widths[i], width)
    for i, limit in max_widths.items():
        widths[i] = max(min(widths[i], limit), cells(headers[i]))
    last = len(headers) - 1

    def line(row: list[tuple[str, int]]) -> str:
        parts = []
        for i, (cell, width) in enumerate(row):
            if width > widths[i]:
                cell = truncate(cell, widths[i])
                width = cells(cell)
            if i == last and last not in right_align:  # the last column is not padded
                parts.append(cell)
            elif i in right_align:
                parts.append(" " * (widths[i] - width) + cell)
            else:
                parts.append(cell + " " * (widths[i] - width))
        return "  ".join(parts).rstrip()

    return [line(row) for row in measured]
