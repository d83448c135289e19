"""Every mark the interface draws beside text is one cell wide in every terminal."""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len

from secsc_tui import marks
from secsc_tui.core.labels import STATUS_MARKS

ALL_MARKS = {name: value for name, value in vars(marks).items() if name.isupper() and isinstance(value, str)}


def test_every_mark_is_one_cell_wide_and_never_ambiguous():
    assert len(ALL_MARKS) > 15
    for name, mark in ALL_MARKS.items():
        assert len(mark) == 1 and cell_len(mark) == 1, name
        # "A" (ambiguous) is drawn two cells wide by many Japanese terminals; "W"/"F" always are.
        assert unicodedata.east_asian_width(mark) in ("N", "Na"), (name, mark)


def test_status_marks_and_bars_are_built_from_them():
    assert set(STATUS_MARKS.values()) <= set(ALL_MARKS.values())
    assert marks.bar(3, 5) == "◼◼◼◻◻" and marks.bar(9, 5) == "◼◼◼◼◼" and marks.bar(-1, 2) == "◻◻"
    assert marks.done_mark(True) == "✓" and marks.done_mark(False) == "◌"
