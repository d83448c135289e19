"""Reading secsc's own layout line by line (core/yaml_layout.py) gives what libyaml gives, or steps aside."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from factories import bulk_session, minimal_session, rich_session
from helpers import read_carefully
from hypothesis import given, settings
from hypothesis import strategies as st
from test_yaml_roundtrip import EDGE_STRINGS, edge_session
from test_yaml_write import TRICKY, random_text, text_session

from secsc_tui.core.yaml_io import dump_session, dump_sessions
from secsc_tui.core.yaml_layout import layout_documents
from secsc_tui.core.yaml_quick import _composed, quick_sessions

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sample_sessions").glob("*.yaml"))]


def read_in_layout(text: str) -> list:
    """The layout's reading, checked against libyaml's: the two must agree whenever the layout reads."""
    documents = layout_documents(text)
    assert documents is not None, "stepped aside from a text secsc wrote"
    assert documents == _composed(text)
    return documents


def test_every_sample_is_read_in_the_layout():
    for text in SAMPLES:
        read_in_layout(text)
    assert len(read_in_layout("---\n".join(SAMPLES))) == len(SAMPLES)


def test_what_the_writer_writes_is_read_in_the_layout():
    read_in_layout(dump_session(minimal_session()))
    read_in_layout(dump_session(rich_session()))
    read_in_layout(dump_sessions([bulk_session(i) for i in range(3)]))


def test_the_values_come_back_with_their_types():
    [data] = read_in_layout(dump_session(rich_session()))
    assert type(data["schema_version"]) is int
    assert data["created"].tzinfo is not None
    assert type(data["organisation"]["critical_infrastructure"]) is bool
    assert data["title"] == "セキュリティ・スコアカード 2025 🛡️"


@pytest.mark.parametrize("value", EDGE_STRINGS + TRICKY, ids=range(len(EDGE_STRINGS + TRICKY)))
def test_awkward_text_reads_as_libyaml_reads_it_or_is_left_to_it(value):
    text = dump_session(edge_session(texts=[value, "x"]))
    documents = layout_documents(text)
    assert documents is None or documents == _composed(text)


# Text the layout holds (no double quotes needed): each must be read without libyaml.
IN_THE_LAYOUT = [
    "plain",
    "yes",
    "123",
    "2024-01-01",
    "null",
    "~",
    "'",
    "quotes ' and \" and \\ backslash",
    "key: value",
    "- looks like a list",
    "# looks like a comment",
    "  leading spaces",
    "line one\nline two",
    "ends with newline\n",
    "two trailing newlines\n\n",
    "\nstarts with a newline",
    "  indented first line\nsecond",
    "\n",
    "\n\n",
    " \n",
    "a\n\n\nb\n\n\n",
    "a\n  deeper\n\nb",
    "日本語\n改行",
    "---\nx",
    "mid  dle",
    "a \nb",  # double-quoted from here on: a block cannot hold them
    "windows\r\nline endings\r\n",
    "tab\tinside",
    "LS\u2028 PS\u2029",
    "delete \x7f char",
    "BOM inside \ufeff here",
    "quotes ' and \" and \\ backslash\r",
]


@pytest.mark.parametrize("value", IN_THE_LAYOUT)
def test_text_the_writer_lays_out_is_read_without_libyaml(value):
    read_in_layout(dump_session(edge_session(texts=[value, "x"])))


def test_random_text_in_every_text_field_reads_as_libyaml_reads_it():
    rng = random.Random(20261201)
    laid_out = 0
    for _ in range(300):
        text = dump_session(text_session(rng))
        documents = layout_documents(text)
        if documents is not None:
            laid_out += 1
            assert documents == _composed(text)
    assert laid_out > 150  # most random text needs no double quotes
    texts = [random_text(rng) for _ in range(12)]
    read_in_layout(dump_session(edge_session(texts=[t for t in texts if "\t" not in t and "\r" not in t] or ["x"])))


# Edits a hand may make: each is valid YAML outside the layout, read by libyaml instead.
OUTSIDE_THE_LAYOUT = {
    "a comment": lambda text: text.replace("\ntitle: ", "\n# a comment\ntitle: ", 1),
    "a comment after a value": lambda text: text.replace("revision: 0\n", "revision: 0  # none yet\n", 1),
    "a blank line": lambda text: text.replace("\ntitle: ", "\n\ntitle: ", 1),
    "double quotes over two lines": lambda text: text.replace("title: Minimal", 'title: "Mini\n  mal"', 1),
    "a tag": lambda text: text.replace("title: ", "title: !!str ", 1),
    "an anchor": lambda text: text.replace("title: ", "title: &t ", 1),
    "a flow list": lambda text: text.replace("done: []", "done: [context]", 1),
    "a list not indented under its key": lambda text: text.replace("done: []", "done:\n- context", 1),
    "a wider indentation": lambda text: text.replace("\n  ", "\n    "),
    "a key in quotes": lambda text: text.replace("\ntitle:", "\n'title':", 1),
    "a key with no value": lambda text: text.replace("revision: 0\n", "revision:\n", 1),
    "two spaces after a colon": lambda text: text.replace("title: ", "title:  ", 1),
    "a space at the end of a line": lambda text: text.replace("title: Minimal", "title: Minimal ", 1),
    "a tab": lambda text: text.replace("title: Minimal", "title: Mini\tmal", 1),
    "a leading document marker": lambda text: "---\n" + text,
    "a trailing document marker": lambda text: text + "---\n",
    "a document end marker": lambda text: text + "...\n",
    "a key twice": lambda text: text + "title: again\n",
    "no final line break": lambda text: text.removesuffix("\n"),
    "a folded block": lambda text: text.replace("title: Minimal", "title: >\n  Minimal", 1),
    "an indentation indicator the writer does not use": lambda text: text.replace(
        "title: Minimal", "title: |1\n  Minimal", 1
    ),
    "a block indented more": lambda text: text.replace("title: Minimal", "title: |\n     Minimal", 1),
    "a multi-line plain scalar": lambda text: text.replace("title: Minimal", "title: Mini\n  mal", 1),
    "a YAML error": lambda text: text + "  : [\n",
}


@pytest.mark.parametrize("change", OUTSIDE_THE_LAYOUT.values(), ids=OUTSIDE_THE_LAYOUT.keys())
def test_anything_outside_the_layout_is_left_to_libyaml(change):
    text = dump_session(minimal_session())
    read_in_layout(text)
    changed = change(text)
    assert changed != text
    assert layout_documents(changed) is None
    # and what is read of it is what the careful reading makes of it
    quick = quick_sessions(changed)
    assert quick is None or quick == read_carefully(changed)[0]


def test_a_block_s_trailing_lines_and_a_line_of_spaces_in_it_read_as_libyaml_reads_them():
    head = "schema_version: 2\nnotes: |{chomp}\n  first\n\n  {spaces}\n    deeper\n{trailing}next: x\n"
    for chomp in ("", "-", "+"):
        for spaces in ("", " ", "   "):
            for trailing in ("", "\n", "\n\n"):
                text = head.format(chomp=chomp, spaces=spaces, trailing=trailing)
                documents = layout_documents(text)
                assert documents == [yaml.load(text, Loader=yaml.CSafeLoader)], repr(text)


# Literal blocks as a hand or a tool may leave them: whatever the layout reads is what libyaml reads.
_block_lines = st.lists(
    st.sampled_from(["", " ", "  ", "  a", "  b c", "   d", "    e:", "  # f", "  - g", " h", "i", "---", "  '"]),
    max_size=8,
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    chomp=st.sampled_from(["", "-", "+", "2", "2-", "2+", "1", "3-"]),
    lines=_block_lines,
    after=st.sampled_from(["", "k: v\n", "---\nk: v\n"]),
    under=st.sampled_from([("notes:", ""), ("list:\n  -", "  "), ("list:\n  - id: x\n    notes:", "    ")]),
)
def test_any_literal_block_reads_as_libyaml_reads_it_or_is_left_to_it(
    chomp: str, lines: list[str], after: str, under: tuple[str, str]
):
    head, indent = under  # the block's lines are written as if under a key at column 0, then moved in
    text = f"a: 1\n{head} |{chomp}\n" + "".join(indent + line + "\n" if line else "\n" for line in lines) + after
    documents = layout_documents(text)
    if documents is not None:
        assert documents == list(yaml.load_all(text, Loader=yaml.CSafeLoader))


def test_blocks_in_list_items_are_read_in_the_layout():
    for text in ("a: 1\nlist:\n  - |-\n    x\n\n    y\n", "a: 1\nlist:\n  - id: x\n    notes: |2+\n\n       z\n\n"):
        assert layout_documents(text) == [yaml.load(text, Loader=yaml.CSafeLoader)]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(value=st.text(st.characters(codec="utf-8"), max_size=12))
def test_any_text_written_double_quoted_reads_as_libyaml_reads_it(value: str):
    written = yaml.dump(value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=2**30)
    text = "a: 1\nb: " + written.removesuffix("\n") + "\n"
    documents = layout_documents(text)
    if documents is not None:
        assert documents == [{"a": 1, "b": value}]


_escapes = st.lists(
    st.sampled_from(
        ["a", " ", "\\", '"', "x", "u", "U", "0", "e", "N", "_", "L", "P", "q", "D8", "00", "41", "FFFF", "日"]
    )
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(inner=_escapes.map("".join))
def test_any_double_quoted_text_reads_as_libyaml_reads_it_or_is_left_to_it(inner: str):
    text = f'a: 1\nb: "{inner}"\n'
    documents = layout_documents(text)
    if documents is not None:
        assert documents == [yaml.load(text, Loader=yaml.CSafeLoader)]
