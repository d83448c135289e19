"""Printable and shareable reports of sessions and workshops.

One entry point for the CLI and the app::

    from secsc_tui.core.reports import render_report, REPORT_FORMATS, suggested_filename

    data = render_report("html", [session])                      # one team's report
    data = render_report("xlsx", sessions, workshop=workshop)    # a workshop report

One session gives a report of that session; several sessions and/or a workshop give
a workshop report (a section per team, plus the workshop's results in the shape of
the paper's Table 1 when a workshop is given). A report is written in its session's
language, a workshop report in the language its teams work in, whatever the
interface speaks: headings, labels and dates.

Formats: ``md`` (GitHub-flavoured Markdown with a Mermaid strategy map), ``html``
(one self-contained file that prints on A4), ``xlsx`` (the scorecard in the paper's
table shape, one sheet per session, plus the action plans and the results) and
``csv`` (the action plans, or the KPIs, for tracking).

Importing this package is cheap: each renderer (and openpyxl) is imported only
when its format is asked for.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from secsc_tui.core.reports.naming import suggested_filename
from secsc_tui.i18n import language

if TYPE_CHECKING:
    from secsc_tui.core.model import Session
    from secsc_tui.core.workshop import Workshop

__all__ = ["REPORT_FORMATS", "render_report", "suggested_filename"]

REPORT_FORMATS = ("md", "html", "xlsx", "csv")

_RENDERERS = {
    "md": "secsc_tui.core.reports.markdown",
    "html": "secsc_tui.core.reports.htmldoc",
    "xlsx": "secsc_tui.core.reports.xlsx",
    "csv": "secsc_tui.core.reports.csvfile",
}


def render_report(
    fmt: str, sessions: list[Session], *, workshop: Workshop | None = None, what: str = "actions"
) -> bytes:
    """The report in ``fmt`` (one of ``REPORT_FORMATS``) as the bytes of a file.

    ``what`` chooses what a CSV report lists: "actions" (the action plans) or "kpis".
    Raises ValueError for an unknown format, or when there is nothing to report
    (no session and no workshop).
    """
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown report format '{fmt}' (choose from {', '.join(REPORT_FORMATS)})")
    sessions = list(sessions)
    if not sessions and workshop is None:
        raise ValueError("nothing to report: no session and no workshop")
    renderer = import_module(_RENDERERS[fmt])
    from secsc_tui.core.reports.content import report_language

    # In the session's language (a workshop's: its teams'), whatever the interface speaks.
    with language(report_language(sessions)):
        # Every renderer's ``render`` returns bytes (each module is checked on its own).
        data: bytes = renderer.render(sessions, workshop, what) if fmt == "csv" else renderer.render(sessions, workshop)
    return data
