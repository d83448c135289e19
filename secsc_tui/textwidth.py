"""Terminal cell widths, so that Japanese (wide) text keeps columns aligned.

Also the one place that makes user text safe to print on a terminal: control
characters (an ESC in a title could rewrite the screen) become visible escapes.
"""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len

ELLIPSIS = "…"

_CONTROL_REPLACEMENTS = {"\n": " ", "\r": " ", "\t": " "}


def printable(text: str) -> str:
    """One line of text with control characters shown, never obeyed."""
    out = []
    for char in text:
        if char in _CONTROL_REPLACEMENTS:
            out.append(_CONTROL_REPLACEMENTS[char])
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)


def visible(text: str) -> str:
    """Multi-line text with line breaks kept and every other control character shown.

    Whatever a person typed or imported is displayed, never executed by the
    terminal: an ESC in a title must not start an escape sequence.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\n":
            out.append(char)
        elif char in "\r\t":
            out.append(" ")
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` cells, ending in an ellipsis if cut."""
    if cell_len(text) <= width:
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
    fill = " " * (width - cell_len(text))
    return fill + text if right else text + fill


def format_table(headers: list[str], rows: list[list[str]], *, max_widths: dict[int, int] | None = None,
                 right_align: frozenset[int] = frozenset()) -> list[str]:
    """Plain text table lines with columns sized to their content in cells."""
    max_widths = max_widths or {}
    widths = [cell_len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], cell_len(cell))
    for i, limit in max_widths.items():
        widths[i] = max(min(widths[i], limit), cell_len(headers[i]))
    last = len(headers) - 1

    def line(cells: list[str]) -> str:
        parts = [pad(c, widths[i], right=i in right_align) for i, c in enumerate(cells)]
        parts[last] = truncate(cells[last], widths[last]) if last not in right_align else parts[last]
        return "  ".join(parts).rstrip()

    return [line(headers), *(line(row) for row in rows)]
