"""The marks drawn beside text (done, chosen, bars, arrows): one cell wide in every terminal.

Japanese terminals often draw the East Asian "ambiguous" characters (○ ● ■ □ ▶ ◀ ★ ▼ ▲
↕ –) two cells wide, while Textual counts them as one: a line holding them runs past its
end and columns slip. Every mark here has East Asian width "neutral", one cell wherever
it is drawn (tests/core/test_marks.py), and DejaVu Sans Mono, the usual fallback, has
them all. Textual's own frames are box-drawing characters, which are ambiguous too; the
README says to set such a terminal's ambiguous width to single.
"""

from __future__ import annotations

DONE = "✓"
NOT_DONE = "◌"
CHOSEN = "◉"
NOT_CHOSEN = "◌"
BAR_FULL = "◼"  # a rating or progress bar: ◼◼◼◻◻
BAR_EMPTY = "◻"
NO_VALUE = "-"  # a rating not given yet: -/5
PREVIOUS = "◄"  # tabs: ◄ … ►
NEXT = "►"
POINTER = "▸"  # the line or control the keys are on
RECOMMENDED = "✦"
PLANNED = "◌"  # an action plan's status
IN_PROGRESS = "◔"
FINISHED = "◉"
MAP_CURSOR = "►"
MAP_CURSOR_IDLE = "▻"  # the cursor while the map does not have the keys
MAP_LINK_FROM = "◊"
MAP_CAUSE = "▾"
MAP_EFFECT = "▴"
MAP_BOTH = "⇅"
MAP_LONE = "◌"
AXIS = "|"  # a chart's axis line
CHART_BAR = "▬"  # a bar of a chart: ▬▬▬▬ 4


def done_mark(done: bool) -> str:
    return DONE if done else NOT_DONE


def bar(filled: int, total: int) -> str:
    """◼◼◼◻◻: ``filled`` of ``total``."""
    filled = max(0, min(filled, total))
    return BAR_FULL * filled + BAR_EMPTY * (total - filled)
