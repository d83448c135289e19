"""The one line breaker, as the strategy map uses it on screen (cells) and in the reports' SVG (em)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from secsc_tui.core.reports.strategy_svg import text_width
from secsc_tui.linebreak import NO_LINE_END, NO_LINE_START, wrap

MEASURES = {"cells": cell_len, "em": text_width}


@pytest.mark.parametrize("measure", MEASURES.values(), ids=MEASURES.keys())
def test_latin_breaks_at_spaces_and_cuts_only_a_word_longer_than_the_line(measure):
    words = ["Early", "detection", "by", "the", "SOC"]
    for width in (9, 12, 16):
        lines = wrap("Early  detection by the SOC", width, measure)
        assert " ".join(lines).split() == words  # words are never cut when they fit
        assert all(measure(line) <= width for line in lines)
        assert all(line == line.strip() and "  " not in line for line in lines)
    assert wrap("Early detection by the SOC", 100, measure) == ["Early detection by the SOC"]
    long = wrap("Supercalifragilistic", 5, measure)
    assert "".join(long) == "Supercalifragilistic" and all(measure(x) <= 5 for x in long)
    assert wrap("one\ntwo\n\n", 50, measure) == ["one", "two"]  # line breaks kept, none added at the end
    assert wrap("", 10, measure) == [""]


def test_japanese_breaks_between_characters_in_cells():
    text = "攻撃を受けた際の迅速な対応（株価への影響を最小化）"
    lines = wrap(text, 16)
    assert "".join(lines) == text
    assert all(cell_len(line) <= 16 for line in lines)
    assert lines == ["攻撃を受けた際の", "迅速な対応（株価", "への影響を最小", "化）"]


def test_kinsoku_closing_marks_never_start_a_line_and_opening_ones_never_end_one():
    # Width 14 cells would put "、" first on the second line, and "（" last on the third.
    lines = wrap("あいうえおかき、くけこさ（すせ）", 14)
    assert lines == ["あいうえおか", "き、くけこさ", "（すせ）"]
    # After narrow text too: "SOC。" stays together.
    assert wrap("監視はSOC。対応", 8) == ["監視は", "SOC。対", "応"]


@pytest.mark.parametrize("measure", MEASURES.values(), ids=MEASURES.keys())
def test_a_character_wider_than_the_line_still_gets_a_line(measure):
    assert wrap("日本", 1, measure) == ["日", "本"]


@given(
    st.text(
        alphabet=st.sampled_from(list("ab 日本語カナ") + sorted(NO_LINE_START)[:12] + sorted(NO_LINE_END)[:6]),
        max_size=60,
    ),
    st.integers(min_value=2, max_value=20),
)
def test_wrapped_lines_fit_and_keep_every_character_but_spaces(text, width):
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(line == line.strip() for line in lines)  # spaces are where lines break, never in front or behind
