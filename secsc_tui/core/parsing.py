"""Reading numbers and dates the way people type them into a form.

Japanese input methods often produce full-width digits ("６０") and separators;
NFKC folds them to ASCII first, so "６０", "60" and "60.0" all mean 60.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata


class ParseError(ValueError):
    """The text is not what the field needs; the message says what is."""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_number(text: str) -> int | float | None:
    """'' -> None; '60' -> 60; '4.5' -> 4.5; '1,000' -> 1000; '６０' -> 60."""
    folded = _fold(text).replace(",", "").replace("_", "").replace(" ", "")
    if not folded:
        return None
    try:
        value = int(folded)
    except ValueError:
        try:
            value = float(folded)
        except ValueError:
            raise ParseError(f"“{text.strip()}” is not a number (e.g. 60 or 4.5)") from None
        if not math.isfinite(value):
            raise ParseError(f"“{text.strip()}” is not a number (e.g. 60 or 4.5)")
        if value.is_integer():
            value = int(value)
    return value


def parse_date(text: str) -> dt.date | None:
    """'' -> None; '2026-03-31' (also '2026/3/31') -> a date."""
    folded = _fold(text).replace("/", "-")
    if not folded:
        return None
    try:
        year, month, day = (int(part) for part in folded.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"“{text.strip()}” is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31") from None
