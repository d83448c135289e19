"""Text from outside shown on a terminal: controls, bidi overrides and invisible characters are
escapes; text that merely looks unusual (emoji sequences, Indic and Persian joiners) is kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secsc_tui.textwidth import escaped, printable, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text, 日本語", "plain text, 日本語"),
        ("a\x1b[31mb\x07", "a\\x1b[31mb\\x07"),
        ("c1 \x9b2J and DEL \x7f", "c1 \\x9b2J and DEL \\x7f"),
        ("Invoice \u202eexe.pdf", "Invoice \\u202eexe.pdf"),  # right-to-left override
        ("\u2066isolate\u2069 \u200fmark", "\\u2066isolate\\u2069 \\u200fmark"),
        ("ad\u200bmin \ufeffx \u00adsoft", "ad\\u200bmin \\ufeffx \\xadsoft"),
        ("zero\u200dwidth joiner between Latin letters", "zero\\u200dwidth joiner between Latin letters"),
        ("名前\u200d名", "名前\\u200d名"),  # a joiner does nothing between kanji: only hides
        ("line\u2028separator", "line\\u2028separator"),
        ("\U000e0041 a lone tag", "\\U000e0041 a lone tag"),
    ],
)
def test_what_a_terminal_would_obey_or_hide_is_shown_as_an_escape(text: str, shown: str):
    assert printable(text) == shown
    assert visible(text) == shown
    assert escaped(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "👩\u200d💻 coder",  # woman technologist: a ZWJ sequence
        "👩\u200d❤\ufe0f\u200d💋\u200d👨",  # a joiner after a variation selector
        "👁\ufe0f\u200d🗨\ufe0f",
        "🧑🏽\u200d🚒",  # after a skin tone
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",  # a tag sequence flag
        "क्\u200dष",  # Devanagari: the joiner selects a half form
        "می\u200cخواهم",  # Persian: the non-joiner is spelling
    ],
)
def test_joiners_and_tags_that_do_their_job_are_text(text: str):
    assert printable(text) == text
    assert escaped(text) == text


def test_line_breaks_and_tabs_depend_on_the_use():
    text = "one\ntwo\tthree\r"
    assert printable(text) == "one two three "  # a table cell
    assert visible(text) == "one\ntwo three "  # multi-line text
    assert escaped(text) == "one\\ntwo\\tthree\\r"  # a message: a name cannot forge a line


def _table_as_padded_cells(headers, rows, max_widths, right_align):
    """format_table as first written (every cell through pad and truncate): the reference."""
    from rich.cells import cell_len

    from secsc_tui.textwidth import pad, truncate

    widths = [cell_len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], cell_len(cell))
    for i, limit in max_widths.items():
        widths[i] = max(min(widths[i], limit), cell_len(headers[i]))
    last = len(headers) - 1

    def line(cells):
        parts = [pad(c, widths[i], right=i in right_align) for i, c in enumerate(cells)]
        parts[last] = truncate(cells[last], widths[last]) if last not in right_align else parts[last]
        return "  ".join(parts).rstrip()

    return [line(headers), *(line(row) for row in rows)]


_CELL = st.text(alphabet=st.sampled_from([*"ab Z-…\x07", "チ", "ー", "ム", "蘭", "é", "👩", "\u0301"]), max_size=12)


@given(
    rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=6),
    max_widths=st.dictionaries(st.integers(0, 2), st.integers(0, 14), max_size=3),
    right_align=st.frozensets(st.integers(0, 2), max_size=2),
)
def test_a_table_is_laid_out_as_padding_every_cell_would(rows, max_widths, right_align):
    from secsc_tui.textwidth import format_table

    headers = ["ID", "タイトル", "N"]
    assert format_table(headers, rows, max_widths=max_widths, right_align=right_align) == (
        _table_as_padded_cells(headers, rows, max_widths, right_align)
    )


def test_a_table_of_wide_and_narrow_text_keeps_its_columns():
    from secsc_tui.textwidth import format_table

    lines = format_table(
        ["ID", "TITLE", "STEPS"],
        [["t-1", "チーム 293 — 蘭製薬株式会社", "6/8"], ["t-22", "Team 42", "10/8"]],
        max_widths={1: 12},
        right_align=frozenset({2}),
    )
    assert lines == [
        "ID    TITLE         STEPS",
        "t-1   チーム 293 …    6/8",
        "t-22  Team 42        10/8",
    ]


@given(text=_CELL)
def test_cells_are_rich_cell_len(text: str):
    from rich.cells import cell_len

    from secsc_tui.textwidth import cells

    assert cells(text) == cell_len(text)


def test_what_is_replaced_is_never_printable():
    # _shown returns printable text as it is, without looking for what it would replace.
    from secsc_tui.textwidth import _ESCAPED, _LINES, _ONE_LINE

    assert not any(char.isprintable() for table in (_ONE_LINE, _LINES, _ESCAPED) for char in table)
