"""A browser's resize message is untrusted: odd numbers fall back, never raise."""

from __future__ import annotations

import json

import pytest

from secsc_tui.serve.server import _int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("100", 100),
        (80.7, 80),
        ("wide", 120),
        (None, 120),
        ([1], 120),
        (10**9, 500),
        (-5, 10),
        (json.loads("Infinity"), 120),
        (json.loads("-Infinity"), 120),
        (json.loads("NaN"), 120),
    ],
)
def test_a_size_from_the_browser_is_a_bounded_whole_number(raw, expected):
    assert _int(raw, 120, 10, 500) == expected
