"""The one CSV writer: every CSV secsc writes (the action plans report, the results table).

UTF-8 with a byte-order mark (so that Excel on Windows reads Japanese correctly),
CRLF line ends, fields quoted by the csv module when needed; a line break inside a
field is kept, inside quotes.

Text that a spreadsheet would run as a formula (starting with "=", "+", "-", "@",
a tab or a carriage return) gets a leading apostrophe, the usual defence against
CSV injection: a workshop named ``=HYPERLINK(...)`` is shown, not run. Numbers are
written as numbers (a budget of -5 stays -5), dates as YYYY-MM-DD, nothing as an
empty cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

Cell = str | int | float | dt.date | None

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """Text a spreadsheet shows as it is, never runs."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, bool):  # before int: a bool is an int
        raise TypeError("CSV cells hold text, numbers and dates, not booleans")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not a CSV cell: {value!r}")


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The file's bytes: UTF-8 with a byte-order mark."""
    return csv_text(header, rows).encode("utf-8-sig")
