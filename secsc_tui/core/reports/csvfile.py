"""The CSV report: the action plans, one row per action, for tracking in a spreadsheet.

UTF-8 with a byte-order mark (so that Excel on Windows reads Japanese correctly),
CRLF line ends, fields quoted by the csv module when needed; a line break inside a
field is kept, inside quotes. Dates are YYYY-MM-DD, budgets plain numbers with the session's currency code in
the next column.

Typed text that a spreadsheet would run as a formula (starting with "=", "+",
"-" or "@") gets a leading apostrophe, the usual defence against CSV injection.
"""

from __future__ import annotations

import csv
import io

from secsc_tui.core.model import Session
from secsc_tui.core.reports import content as c
from secsc_tui.core.workshop import Workshop
from secsc_tui.i18n import _

HEADER = (
    "Session id", "Session title", "Perspective", "Action id", "Action", "Owner",
    "Due", "Status", "Budget", "Currency", "KPI id", "KPI",
)
_FORMULA_START = ("=", "+", "-", "@", "\t")


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def render_text(sessions: list[Session], workshop: Workshop | None = None) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_(h) for h in HEADER])
    for session in sessions:
        for a in c.action_rows(session):
            writer.writerow([
                a.session_id,
                _safe(a.session_title),
                a.perspective_name,
                a.id,
                _safe(a.text),
                _safe(a.owner),
                a.due.isoformat() if a.due else "",
                a.status_name,
                "" if a.budget is None else str(a.budget),
                a.currency,
                "; ".join(kpi_id for kpi_id, _label, _text in a.kpis),
                _safe("\n".join(text for _id, _label, text in a.kpis)),
            ])
    return buffer.getvalue()


def render(sessions: list[Session], workshop: Workshop | None) -> bytes:
    return render_text(sessions, workshop).encode("utf-8-sig")
