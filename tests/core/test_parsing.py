import datetime as dt

import pytest

from secsc_tui.core.parsing import ParseError, parse_date, parse_number


@pytest.mark.parametrize(("text", "value"), [
    ("", None), ("  ", None), ("60", 60), ("4.5", 4.5), ("60.0", 60), ("1,000", 1000),
    ("６０", 60), ("－5", -5), (" 0.1 ", 0.1), ("2_000_000", 2000000),
])
def test_numbers_as_people_type_them(text, value):
    result = parse_number(text)
    assert result == value and type(result) is type(value)


@pytest.mark.parametrize("text", ["sixty", "1.2.3", "nan", "inf", "60分"])
def test_not_numbers(text):
    with pytest.raises(ParseError, match="is not a number"):
        parse_number(text)


@pytest.mark.parametrize(("text", "value"), [
    ("", None), ("2026-03-31", dt.date(2026, 3, 31)), ("2026/3/1", dt.date(2026, 3, 1)),
    ("２０２６－０３－３１", dt.date(2026, 3, 31)),
])
def test_dates(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize("text", ["31/03/2026", "2026-02-30", "tomorrow", "2026-03"])
def test_not_dates(text):
    with pytest.raises(ParseError, match="YYYY-MM-DD"):
        parse_date(text)
