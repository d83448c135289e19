"""Text from outside shown on a terminal: controls, bidi overrides and invisible characters are
escapes; text that merely looks unusual (emoji sequences, Indic and Persian joiners) is kept."""

from __future__ import annotations

import pytest

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
