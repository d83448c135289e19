"""The CSV report: the action plans (or the KPIs), one row each, for tracking in a spreadsheet.

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

# Items are named by the app's labels ("F:A1"), as in every other report format.
HEADER = (
    "Session id", "Session title", "Perspective", "Label", "Action", "Owner",
    "Due", "Status", "Budget", "Currency", "KPI labels", "KPI",
)
KPI_HEADER = (
    "Session id", "Session title", "Perspective", "Label", "KPI", "Direction", "Target", "Baseline",
    "Current", "Unit", "Frequency", "Owner",
)
WHAT = ("actions", "kpis")
_FORMULA_START = ("=", "+", "-", "@", "\t")


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _number(value: int | float | None) -> str:
    return "" if value is None else str(value)


def render_text(sessions: list[Session], workshop: Workshop | None = None, what: str = "actions") -> str:
    if what not in WHAT:
        raise ValueError(f"a CSV report lists {' or '.join(WHAT)}, not '{what}'")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    if what == "kpis":
        writer.writerow([_(h) for h in KPI_HEADER])
        for session in sessions:
            for k in c.kpi_rows(session):
                writer.writerow([
                    k.session_id, _safe(k.session_title), k.perspective_name, k.label, _safe(k.measure),
                    k.direction if k.target is not None else "", _number(k.target), _number(k.baseline),
                    _number(k.current), _safe(k.unit), k.frequency, _safe(k.owner),
                ])
        return buffer.getvalue()
    writer.writerow([_(h) for h in HEADER])
    for session in sessions:
        for a in c.action_rows(session):
            writer.writerow([
                a.session_id,
                _safe(a.session_title),
                a.perspective_name,
                a.label,
                _safe(a.text),
                _safe(a.owner),
                a.due.isoformat() if a.due else "",
                a.status_name,
                _number(a.budget),
                a.currency,
                "; ".join(label for _id, label, _text in a.kpis),
                _safe("\n".join(text for _id, _label, text in a.kpis)),
            ])
    return buffer.getvalue()


def render(sessions: list[Session], workshop: Workshop | None, what: str = "actions") -> bytes:
    return render_text(sessions, workshop, what).encode("utf-8-sig")
