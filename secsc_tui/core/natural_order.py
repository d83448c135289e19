"""Ordering names the way people read them: "Team 2" before "Team 10".

Digits compare as numbers (full-width ones too, as a Japanese input method types
them), letters without regard to case.
"""

from __future__ import annotations

import re
import unicodedata

_PARTS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key: "Team 10" -> ("team ", 10, ""); a number sorts before text at the same place."""
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _PARTS.split(folded) if part)
