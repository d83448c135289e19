"""A short fuzz run of the session reader, in every test run: no traceback, no hang, safe messages.

The long run is `make fuzz` (tests/fuzz/fuzz_reader.py), by hand.
"""

from __future__ import annotations

import pytest
from fuzz_strategies import check, inputs
from helpers import read_carefully
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secsc_tui.core.problems import InvalidInput
from secsc_tui.core.reports import REPORT_FORMATS
from secsc_tui.core.store import Store
from secsc_tui.core.yaml_layout import layout_documents
from secsc_tui.core.yaml_quick import _composed, quick_sessions
from secsc_tui.core.yaml_read import _checked_text


@pytest.fixture(scope="module")
def store():
    with Store.open("sqlite://") as store:
        yield store


@settings(
    max_examples=60,
    deadline=5000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=inputs, report_format=st.sampled_from([None, *REPORT_FORMATS]))
def test_the_reader_refuses_or_accepts_and_nothing_else(store, text: str, report_format: str | None):
    check(text, store, report_format)


# The quick reading of a clean file (core/yaml_quick.py) must give what the careful one gives.
@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=inputs)
def test_the_quick_reading_gives_what_the_careful_one_gives_or_steps_aside(text: str):
    checked = checked_or_none(text)
    quick = quick_sessions(checked) if checked is not None else None
    if checked is None or quick is None:
        return
    sessions, warnings = read_carefully(checked)
    assert sessions == quick
    assert warnings == []


# Reading secsc's own layout line by line (core/yaml_layout.py) must give what libyaml gives.
@settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=inputs)
def test_the_layout_reading_gives_what_libyaml_gives_or_steps_aside(text: str):
    checked = checked_or_none(text)
    documents = layout_documents(checked) if checked is not None else None
    if checked is None or documents is None:
        return
    assert documents == _composed(checked)


def checked_or_none(text: str) -> str | None:
    """The text as both readings are given it (``yaml_read`` stage 1), or None if that stage refuses it."""
    try:
        return _checked_text(text, "f.yaml", "session files")
    except InvalidInput:
        return None
