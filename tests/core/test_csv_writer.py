"""The one CSV writer behind every CSV secsc writes."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from secsc_tui.core.reports.csv_writer import csv_bytes, csv_text


def read(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil","x")'])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text: str):
    assert read(csv_bytes(["h"], [[text]]))[1] == ["'" + text]


def test_numbers_dates_and_nothing_are_written_as_such():
    data = csv_bytes(["a", "b", "c", "d", "e"], [[-5, 4.5, dt.date(2025, 8, 26), None, "plain, with comma"]])
    assert read(data)[1] == ["-5", "4.5", "2025-08-26", "", "plain, with comma"]


def test_crlf_and_line_breaks_inside_fields():
    text = csv_text(["h"], [["one\ntwo"], ["x"]])
    assert text == 'h\r\n"one\ntwo"\r\nx\r\n'


def test_booleans_are_refused():
    with pytest.raises(TypeError):
        csv_text(["h"], [[True]])
