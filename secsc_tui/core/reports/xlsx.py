"""The XLSX report: the scorecard in the paper's table shape, for Excel.

- one sheet per session: a header row (Perspective | Strategy goals | Critical
  success factors | KPIs | Action plans), a row per perspective, the items of a
  cell one per line; wrapped text, top-aligned, header bold and frozen;
- "Action plans": one row per action across all sessions, with a real date in
  the Due column and a number in the Budget column, ready to filter and sort;
- "Results" (workshop reports): the paper's Table 1, the distribution of the
  ratings and every comment.

Typed text is always stored as text: a title starting with "=" does not become a
formula. openpyxl is imported here only, so the rest of the package stays cheap.
"""

from __future__ import annotations

import math
import re
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from secsc_tui.core import labels
from secsc_tui.core.model import Column, Perspective, Session
from secsc_tui.core.reports import content as c
from secsc_tui.core.reports.strategy_svg import text_width
from secsc_tui.core.results import RATING_VALUES, round_half_up
from secsc_tui.core.rules import averages
from secsc_tui.core.workshop import Workshop
from secsc_tui.i18n import N_, _, current_language

ACTIONS_SHEET = N_("Action plans")
KPIS_SHEET = N_("KPIs")
RESULTS_SHEET = N_("Results")
MAX_SHEET_NAME = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED_SHEET_NAMES = {"history"}  # Excel keeps this one for itself

DATE_FORMATS = {"en": "yyyy-mm-dd", "ja": 'yyyy"年"m"月"d"日"'}  # by the report's language
# Excel has no single format that shows 1,500 and 2.5 both without a stray "." or a
# padded "2.50": whole numbers get one format, fractions the other.
WHOLE_FORMAT = "#,##0"
FRACTION_FORMAT = "#,##0.0###"
AVERAGE_FORMAT = "0.0"

WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

SCORECARD_WIDTHS = (18, 40, 40, 44, 48)
RESULTS_WIDTHS = (34, 16, 14, 18, 30)
ACTION_COLUMNS = (  # header, width
    (N_("Session"), 30),
    (N_("Perspective"), 18),
    (N_("Label"), 8),
    (N_("Action"), 50),
    (N_("Owner"), 24),
    (N_("Due"), 12),
    (N_("Status"), 12),
    (N_("Budget"), 14),
    (N_("Currency"), 10),
    ("KPI", 44),
    (N_("METI directives"), 12),
    ("NIST CSF", 18),
)
KPI_COLUMNS = (  # header, width
    (N_("Session"), 30),
    (N_("Perspective"), 18),
    (N_("Label"), 8),
    ("KPI", 50),
    (N_("Direction"), 10),
    (N_("Target"), 12),
    (N_("Baseline"), 12),
    (N_("Current"), 12),
    (N_("Unit"), 10),
    (N_("Frequency"), 14),
    (N_("Owner"), 24),
    (N_("METI directives"), 12),
    ("NIST CSF", 18),
)
LINE_POINTS = 15.0  # row height per line of 11 pt text


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name: ≤ 31 characters, none of []:*?/\\, not blank."""
    name = _BAD_SHEET_CHARS.sub("_", c.clean(wanted)).strip().strip("'")[:MAX_SHEET_NAME].strip() or "Sheet"
    if name.lower() in _RESERVED_SHEET_NAMES:
        name = f"{name}_"
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = name[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
    taken.add(candidate.lower())
    return candidate


def _text(ws: Worksheet, row: int, column: int, value: str, **style: object) -> None:
    """Typed text into a cell, always as a string (never a formula)."""
    cell = ws.cell(row=row, column=column)
    cell.value = c.clean(value)
    if cell.data_type != "s":  # openpyxl takes "=..." for a formula
        cell.data_type = "s"
    for key, val in style.items():
        setattr(cell, key, val)


def _lines_needed(text: str, width_chars: float) -> int:
    """How many lines the text takes in a column ``width_chars`` wide (an estimate)."""
    usable = max(width_chars - 1.5, 4)
    # text_width is in em; an Excel width unit is about half an em of a CJK glyph.
    return sum(max(1, math.ceil(text_width(line) * 1.75 / usable)) for line in text.split("\n"))


def _fit_row(ws: Worksheet, row: int, widths: dict[int, float], *, minimum: int = 1) -> None:
    lines = minimum
    for column, width in widths.items():
        value = ws.cell(row=row, column=column).value
        if isinstance(value, str) and value:
            lines = max(lines, _lines_needed(value, width))
    ws.row_dimensions[row].height = min(409, lines * LINE_POINTS + 4)


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        _text(ws, row, column, label, font=HEADER_FONT, fill=HEADER_FILL, border=BOX, alignment=WRAP_TOP)


def _page_setup(ws: Worksheet, *, landscape: bool, title_rows: str | None = None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def _item_lines(items: list[c.Item], *, details: bool = False) -> str:
    """One line per item; with ``details``, each item's facts in brackets after it (KPIs)."""
    return "\n".join(f"{item.line()} ({item.detail})" if details and item.detail else item.line() for item in items)


def _scorecard_sheet(ws: Worksheet, session: Session) -> None:
    _text(ws, 1, 1, session.title, font=TITLE_FONT)
    goal = session.strategic_goal.title.strip()
    approach = c.approach_summary(session)
    subtitle = " · ".join(
        part
        for part in (
            c.clean(session.organisation.name),
            f"{_('Strategic goal')}: {c.clean(goal)}" if goal else "",
            f"{_('Approach')}: {approach.chosen}" if approach.chosen else "",
        )
        if part
    )
    _text(ws, 2, 1, subtitle)
    header_row = 3
    _header(ws, header_row, [_("Perspective"), *(labels.column_name(col) for col in Column)])
    widths: dict[int, float] = {}
    for index, width in enumerate(SCORECARD_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        widths[index] = width
    for offset, row in enumerate(c.scorecard_rows(session), start=1):
        r = header_row + offset
        _text(ws, r, 1, row.name, font=HEADER_FONT, fill=HEADER_FILL, border=BOX, alignment=WRAP_TOP)
        for col_index, column in enumerate(Column, start=2):
            _text(
                ws,
                r,
                col_index,
                _item_lines(row.cells[column], details=column is Column.KPIS),
                border=BOX,
                alignment=WRAP_TOP,
            )
        _fit_row(ws, r, widths)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)

    # Below the table: the strategy map's links and the evaluation, in plain rows.
    r = header_row + len(Perspective) + 2
    smap = c.strategy_map(session)
    _text(ws, r, 1, _("Strategy map (cause → effect)"), font=HEADER_FONT)
    r += 1
    if not smap.links:
        _text(ws, r, 1, _("No cause→effect links have been drawn yet."))
        r += 1
    for link in smap.links:
        cause, effect = smap.goal(link.cause), smap.goal(link.effect)
        _text(ws, r, 1, f"{cause.label} → {effect.label}", alignment=WRAP_TOP)
        note = f"  ({_('part of a cycle')})" if link.in_cycle else ""
        _text(ws, r, 2, f"{cause.text} → {effect.text}{note}", alignment=Alignment(vertical="top"))
        r += 1
    r += 1
    ev = c.evaluation_summary(session)
    _text(ws, r, 1, _("Evaluation"), font=HEADER_FONT)
    r += 1
    usefulness, availability = averages(session)
    for label, value in (
        (_("Date"), session.evaluation.date),
        (_("Participants"), session.evaluation.participants),
        (_("Ratings"), ev.ratings),
        (_("Usefulness avg."), usefulness),
        (_("Availability avg."), availability),
    ):
        _text(ws, r, 1, label)
        if isinstance(value, float):
            value = round_half_up(value)  # the cell holds what every other format shows
        cell = ws.cell(row=r, column=2, value=value)
        cell.alignment = Alignment(horizontal="left")
        if label in (_("Usefulness avg."), _("Availability avg.")) and value is not None:
            cell.number_format = AVERAGE_FORMAT
        elif label == _("Date") and value is not None:
            cell.number_format = _date_format()
        r += 1
    _coverage_rows(ws, session, r + 1)
    _page_setup(ws, landscape=True, title_rows=f"{header_row}:{header_row}")


def _coverage_rows(ws: Worksheet, session: Session, r: int) -> int:
    """Below the evaluation: what the scorecard serves of METI's directives and NIST CSF 2.0; the next free row."""
    summary = c.coverage_summary(session)
    _text(ws, r, 1, _("Framework coverage"), font=HEADER_FONT)
    r += 1
    _text(ws, r, 1, c.coverage_headline(summary))
    r += 1
    if summary.tagged:
        widths: dict[int, float] = {1: SCORECARD_WIDTHS[0], 2: SCORECARD_WIDTHS[1], 3: SCORECARD_WIDTHS[2]}
        for heading, rows in ((_("METI directive"), summary.meti), (_("NIST CSF 2.0"), summary.nist)):
            r += 1
            _header(ws, r, [heading, _("Name"), _("Items")])
            for row in rows:
                r += 1
                font = HEADER_FONT if row.function else Font()
                _text(ws, r, 1, row.id, font=font, border=BOX, alignment=WRAP_TOP)
                _text(ws, r, 2, row.name, font=font, border=BOX, alignment=WRAP_TOP)
                _text(ws, r, 3, ", ".join(row.items) or f"{c.NONE} ({_('gap')})", border=BOX, alignment=WRAP_TOP)
                _fit_row(ws, r, widths)
            r += 1
        gaps = c.coverage_gaps(summary)
        if gaps:
            _text(ws, r, 1, _("Served by no item"), font=HEADER_FONT)
            for what, ids in gaps:
                r += 1
                _text(ws, r, 1, what, alignment=WRAP_TOP)
                _text(ws, r, 2, ids, alignment=WRAP_TOP)
                _fit_row(ws, r, {2: float(SCORECARD_WIDTHS[1])})
            r += 1
    for message in summary.warnings:
        _text(ws, r, 1, f"⚠ {message}")
        r += 1
    return r


def _date_format() -> str:
    return DATE_FORMATS.get(current_language(), DATE_FORMATS["en"])


def number_format(value: int | float | None) -> str:
    return FRACTION_FORMAT if isinstance(value, float) and not value.is_integer() else WHOLE_FORMAT


def _number(ws: Worksheet, row: int, column: int, value: int | float | None) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    cell.number_format = number_format(value)
    cell.alignment = WRAP_TOP


def _actions_sheet(ws: Worksheet, sessions: list[Session]) -> None:
    _header(ws, 1, [_(h) for h, _w in ACTION_COLUMNS])
    widths: dict[int, float] = {}
    for index, (_h, width) in enumerate(ACTION_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        widths[index] = width
    r = 1
    for session in sessions:
        for a in c.action_rows(session):
            r += 1
            _text(ws, r, 1, a.session_title, alignment=WRAP_TOP)
            _text(ws, r, 2, a.perspective_name, alignment=WRAP_TOP)
            _text(ws, r, 3, a.label, alignment=WRAP_TOP)
            _text(ws, r, 4, a.text, alignment=WRAP_TOP)
            _text(ws, r, 5, a.owner, alignment=WRAP_TOP)
            due = ws.cell(row=r, column=6, value=a.due)
            due.number_format = _date_format()
            due.alignment = WRAP_TOP
            _text(ws, r, 7, a.status_name, alignment=WRAP_TOP)
            _number(ws, r, 8, a.budget)
            _text(ws, r, 9, a.currency, alignment=WRAP_TOP)
            _text(ws, r, 10, "\n".join(f"{label} {text}" for _id, label, text in a.kpis), alignment=WRAP_TOP)
            _text(ws, r, 11, a.meti, alignment=WRAP_TOP)
            _text(ws, r, 12, a.nist_csf, alignment=WRAP_TOP)
            _fit_row(ws, r, widths)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(ACTION_COLUMNS))}{max(r, 1)}"
    _page_setup(ws, landscape=True, title_rows="1:1")


def _kpis_sheet(ws: Worksheet, sessions: list[Session]) -> None:
    """One row per KPI: target, baseline and current as numbers, the unit in its own column."""
    _header(ws, 1, [_(h) for h, _w in KPI_COLUMNS])
    widths: dict[int, float] = {}
    for index, (_h, width) in enumerate(KPI_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        widths[index] = width
    r = 1
    for session in sessions:
        for k in c.kpi_rows(session):
            r += 1
            _text(ws, r, 1, k.session_title, alignment=WRAP_TOP)
            _text(ws, r, 2, k.perspective_name, alignment=WRAP_TOP)
            _text(ws, r, 3, k.label, alignment=WRAP_TOP)
            _text(ws, r, 4, k.measure, alignment=WRAP_TOP)
            _text(ws, r, 5, k.direction if k.target is not None else "", alignment=WRAP_TOP)
            for column, value in ((6, k.target), (7, k.baseline), (8, k.current)):
                _number(ws, r, column, value)
            _text(ws, r, 9, k.unit, alignment=WRAP_TOP)
            _text(ws, r, 10, k.frequency, alignment=WRAP_TOP)
            _text(ws, r, 11, k.owner, alignment=WRAP_TOP)
            _text(ws, r, 12, k.meti, alignment=WRAP_TOP)
            _text(ws, r, 13, k.nist_csf, alignment=WRAP_TOP)
            _fit_row(ws, r, widths)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(KPI_COLUMNS))}{max(r, 1)}"
    _page_setup(ws, landscape=True, title_rows="1:1")


def _results_sheet(ws: Worksheet, report: c.Report) -> None:
    workshop, results = report.workshop_and_results()
    # Table 1 takes columns A–E; a comment spans C–E, so the widths suit both.
    for letter, width in zip("ABCDE", RESULTS_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    _text(ws, 1, 1, workshop.name, font=TITLE_FONT)
    r = 2
    for label, value in c.workshop_facts(workshop, results)[1:]:
        _text(ws, r, 1, label, font=HEADER_FONT)
        if label == _("Date") and results.date is not None:
            cell = ws.cell(row=r, column=2, value=results.date)
            cell.number_format = _date_format()
            cell.alignment = Alignment(horizontal="left")
        elif label == _("Teams"):
            ws.cell(row=r, column=2, value=results.teams).alignment = Alignment(horizontal="left")
        else:
            _text(ws, r, 2, value)
        r += 1

    # The paper's Table 1
    r += 1
    table1 = r
    _header(ws, table1, c.results_header())
    values = [
        results.date,
        results.participants,
        results.ratings,
        *(None if v is None else round_half_up(v) for v in (results.usefulness_avg, results.availability_avg)),
    ]
    formats = [_date_format(), "0", "0", AVERAGE_FORMAT, AVERAGE_FORMAT]
    for column, (figure, fmt) in enumerate(zip(values, formats, strict=True), start=1):
        cell = ws.cell(row=table1 + 1, column=column, value=figure if figure is not None else c.NONE)
        cell.number_format = fmt
        cell.border = BOX
    r = table1 + 3

    _text(ws, r, 1, _("Distribution of ratings"), font=HEADER_FONT)
    r += 1
    _header(ws, r, [_("Rating"), _("Usefulness"), _("Availability")])
    header_row = r
    for rating in reversed(RATING_VALUES):
        r += 1
        ws.cell(row=r, column=1, value=rating).border = BOX
        ws.cell(row=r, column=2, value=results.usefulness.get(rating, 0)).border = BOX
        ws.cell(row=r, column=3, value=results.availability.get(rating, 0)).border = BOX
    _distribution_chart(ws, header_row, r)
    r += 2

    _text(ws, r, 1, _("Comments"), font=HEADER_FONT)
    r += 1
    _header(ws, r, [_("Team"), _("Respondent"), _("Comment"), "", ""])
    ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
    widths: dict[int, float] = {1: RESULTS_WIDTHS[0], 2: RESULTS_WIDTHS[1], 3: sum(RESULTS_WIDTHS[2:])}
    for comment in results.comments:
        r += 1
        _text(ws, r, 1, comment.team, alignment=WRAP_TOP)
        _text(ws, r, 2, comment.respondent, alignment=WRAP_TOP)
        _text(ws, r, 3, comment.text, alignment=WRAP_TOP)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
        _fit_row(ws, r, widths)
    _page_setup(ws, landscape=False)


def _distribution_chart(ws: Worksheet, header_row: int, last_row: int) -> None:
    """A bar chart of how many gave each rating, beside the table it is drawn from."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.title = _("Distribution of ratings")
    chart.y_axis.title = _("Responses")
    chart.x_axis.title = _("Rating")
    chart.y_axis.majorGridlines = None
    data = Reference(ws, min_col=2, max_col=3, min_row=header_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    chart.height, chart.width = 7, 12
    ws.add_chart(chart, f"E{header_row}")


def render(sessions: list[Session], workshop: Workshop | None) -> bytes:
    report = c.build(sessions, workshop)
    wb = Workbook()
    taken = {_(ACTIONS_SHEET).lower(), _(KPIS_SHEET).lower(), _(RESULTS_SHEET).lower()}
    first = wb.active
    if report.results is not None:
        first.title = _(RESULTS_SHEET)
        _results_sheet(first, report)
        first = None
    for session in report.sessions:
        name = sheet_name(session.title, taken)  # the tab says which team; numbered if two share a title
        if first is not None:
            ws, first = first, None
            ws.title = name
        else:
            ws = wb.create_sheet(name)
        _scorecard_sheet(ws, session)
    actions = first if first is not None else wb.create_sheet(_(ACTIONS_SHEET))
    actions.title = _(ACTIONS_SHEET)
    _actions_sheet(actions, report.sessions)
    _kpis_sheet(wb.create_sheet(_(KPIS_SHEET)), report.sessions)
    wb.active = 0
    wb.properties.title = c.clean(report.title)[:255]
    wb.properties.creator = "secsc"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
