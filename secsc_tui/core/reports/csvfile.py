"""The CSV report: the action plans (or the KPIs), one row each, for tracking in a spreadsheet.

Written by the one CSV writer (``csv_writer``): UTF-8 with a BOM, CRLF, text that
a spreadsheet would run as a formula made harmless. Dates are YYYY-MM-DD, budgets
plain numbers with the session's currency code in the next column.
"""

from __future__ import annotations

from collections.abc import Iterator

from secsc_tui.core.model import Session
from secsc_tui.core.reports import content as c
from secsc_tui.core.reports.csv_writer import Cell, csv_bytes, csv_text
from secsc_tui.core.workshop import Workshop
from secsc_tui.i18n import N_, _

# Items are named by the app's labels ("F:A1"), as in every other report format.
HEADER = (
    N_("Session id"),
    N_("Session title"),
    N_("Perspective"),
    N_("Label"),
    N_("Action"),
    N_("Owner"),
    N_("Due"),
    N_("Status"),
    N_("Budget"),
    N_("Currency"),
    N_("KPI labels"),
    "KPI",
    N_("METI directives"),
    "NIST CSF",
)
KPI_HEADER = (
    N_("Session id"),
    N_("Session title"),
    N_("Perspective"),
    N_("Label"),
    "KPI",
    N_("Direction"),
    N_("Target"),
    N_("Baseline"),
    N_("Current"),
    N_("Unit"),
    N_("Frequency"),
    N_("Owner"),
    N_("METI directives"),
    "NIST CSF",
)
WHAT = ("actions", "kpis")


def _action_rows(sessions: list[Session]) -> Iterator[list[Cell]]:
    for session in sessions:
        for a in c.action_rows(session):
            yield [
                a.session_id,
                a.session_title,
                a.perspective_name,
                a.label,
                a.text,
                a.owner,
                a.due,
                a.status_name,
                a.budget,
                a.currency,
                "; ".join(label for _id, label, _text in a.kpis),
                "\n".join(text for _id, _label, text in a.kpis),
                a.meti,
                a.nist_csf,
            ]


def _kpi_rows(sessions: list[Session]) -> Iterator[list[Cell]]:
    for session in sessions:
        for k in c.kpi_rows(session):
            yield [
                k.session_id,
                k.session_title,
                k.perspective_name,
                k.label,
                k.measure,
                k.direction if k.target is not None else "",
                k.target,
                k.baseline,
                k.current,
                k.unit,
                k.frequency,
                k.owner,
                k.meti,
                k.nist_csf,
            ]


def _table(sessions: list[Session], what: str) -> tuple[list[str], Iterator[list[Cell]]]:
    if what not in WHAT:
        raise ValueError(f"a CSV report lists {' or '.join(WHAT)}, not '{what}'")
    if what == "kpis":
        return [_(h) for h in KPI_HEADER], _kpi_rows(sessions)
    return [_(h) for h in HEADER], _action_rows(sessions)


def render_text(sessions: list[Session], workshop: Workshop | None = None, what: str = "actions") -> str:
    return csv_text(*_table(sessions, what))


def render(sessions: list[Session], workshop: Workshop | None, what: str = "actions") -> bytes:
    return csv_bytes(*_table(sessions, what))
