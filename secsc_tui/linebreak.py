"""Where a line of text may break: Latin words at spaces, Japanese between any two characters.

The one line breaker for text in boxes: the strategy map on screen (measured in
terminal cells) and in the reports' SVG picture (measured in em). Both follow
the same rules, from one pair of lists, a light form of Japanese kinsoku:
closing brackets and punctuation, small kana and the long-vowel mark never start
a line; opening brackets never end one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from rich.cells import cell_len

# Characters that must not start a line (they close something or trail), and those that must not end one.
NO_LINE_START = frozenset(
    "、。，．・：；？！ー―‐〜～…‥）〕］｝〉》」』】〙〗’”ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:!?)]}%"
)
NO_LINE_END = frozenset("（〔［｛〈《「『【〘〖‘“([{")


def _wide(char: str) -> bool:
    """A character a line may break before or after, as between Japanese characters."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _tokens(paragraph: str) -> list[str]:
    """What a line is made of: words of narrow text, single wide characters, and spaces.

    A character that must not start a line is glued to the token before it, and one
    that must not end a line to the token after it, so that no break falls between them.
    """
    raw: list[str] = []
    word = ""
    for char in paragraph:
        if char.isspace():
            if word:
                raw.append(word)
                word = ""
            raw.append(" ")
        elif _wide(char):
            if word:
                raw.append(word)
                word = ""
            raw.append(char)
        else:
            word += char
    if word:
        raw.append(word)
    tokens: list[str] = []
    glue_next = False
    for token in raw:
        if tokens and token != " " and tokens[-1] != " " and (glue_next or token[0] in NO_LINE_START):
            tokens[-1] += token
        else:
            tokens.append(token)
        glue_next = token != " " and token[-1] in NO_LINE_END
    return tokens


def wrap(text: str, width: float, measure: Callable[[str], float] = cell_len) -> list[str]:
    """``text`` as lines of at most ``width``, as ``measure`` counts (terminal cells unless told).

    Line breaks in ``text`` are kept and runs of spaces become one. A word longer
    than a line is cut where it must (at least one character per line, so a
    character wider than the line still gets one).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if token == " ":
                if line and not line.endswith(" "):
                    line += " "
                continue
            if measure(line + token) <= width:
                line += token
                continue
            if line.strip():
                lines.append(line.rstrip())
                line = ""
            while measure(token) > width:  # a word longer than the line: cut it
                cut = 1
                while cut < len(token) and measure(token[: cut + 1]) <= width:
                    cut += 1
                lines.append(token[:cut])
                token = token[cut:]
            line = token
        lines.append(line.rstrip())
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines
