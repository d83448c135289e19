"""One rounding rule everywhere: half up, as people round (4.25 -> 4.3), in every format."""

from __future__ import annotations

import io

import pytest
from factories import T0, minimal_session
from openpyxl import load_workbook

from secsc_tui.core.model import Response
from secsc_tui.core.reports import render_report
from secsc_tui.core.results import format_average, round_half_up
from secsc_tui.core.workshop import Workshop


@pytest.mark.parametrize(
    "value, shown",
    [
        (4.25, "4.3"),
        (4.35, "4.4"),
        (4.45, "4.5"),
        (3.95, "4.0"),
        (4.249, "4.2"),
        (4.5, "4.5"),
        (1.05, "1.1"),
        (2.675, "2.7"),
    ],
)
def test_half_up(value, shown):
    assert format_average(value) == shown
    assert round_half_up(value) == float(shown)


def test_every_format_shows_4_25_as_4_3():
    team = minimal_session("s-a", "Team A")
    team.evaluation.responses = [Response(id=f"r{i}", usefulness=u, availability=u) for i, u in enumerate([4, 4, 5, 4])]
    workshop = Workshop(id="w", name="Nagoya", created=T0, updated=T0)
    for fmt in ("md", "html"):
        text = render_report(fmt, [team], workshop=workshop).decode("utf-8")
        assert "4.3" in text and "4.2" not in text, fmt
    book = load_workbook(io.BytesIO(render_report("xlsx", [team], workshop=workshop)))
    numbers = [cell.value for ws in book for row in ws.iter_rows() for cell in row if isinstance(cell.value, float)]
    assert 4.3 in numbers and 4.25 not in numbers
