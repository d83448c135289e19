"""The CSV report: the action plans, one row per action, for tracking in a spreadsheet.

Written by the one CSV writer (``csv_writer``): UTF-8 with a BOM, CRLF, text that
a spreadsheet would run as a formula made harmless. Dates are YYYY-MM-DD and
budgets plain numbers.
"""

from __future__ import annotations

from secsc_tui.core.model import Session
from secsc_tui.core.reports import content as c
from secsc_tui.core.reports.csv_writer import csv_bytes, csv_text
from secsc_tui.core.workshop import Workshop
from secsc_tui.i18n import _

HEADER = (
    "Session id", "Session title", "Perspective", "Action id", "Action", "Owner",
    "Due", "Status", "Budget", "KPI id", "KPI",
)


def _rows(sessions: list[Session]):
    for session in sessions:
        for a in c.action_rows(session):
            yield [
                a.session_id,
                a.session_title,
                a.perspective_name,
                a.id,
                a.text,
                a.owner,
                a.due,
                a.status_name,
                a.budget,
                "; ".join(kpi_id for kpi_id, _label, _text in a.kpis),
                "\n".join(text for _id, _label, text in a.kpis),
            ]


def render_text(sessions: list[Session], workshop: Workshop | None = None) -> str:
    return csv_text([_(h) for h in HEADER], _rows(sessions))


def render(sessions: list[Session], workshop: Workshop | None) -> bytes:
    return csv_bytes([_(h) for h in HEADER], _rows(sessions))
