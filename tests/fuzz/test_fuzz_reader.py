"""A short fuzz run of the session reader, in every test run: no traceback, no hang, safe messages.

The long run is `make fuzz` (tests/fuzz/fuzz_reader.py), by hand.
"""

from __future__ import annotations

import pytest
from fuzz_strategies import check, inputs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secsc_tui.core.reports import REPORT_FORMATS
from secsc_tui.core.store import Store


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
