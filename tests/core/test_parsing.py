import datetime as dt

import pytest

from secsc_tui.core.currency import default_currency
from secsc_tui.core.parsing import ParseError, parse_amount, parse_date, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("  ", None),
        ("60", 60),
        ("4.5", 4.5),
        ("60.0", 60),
        ("1,000", 1000),
        ("６０", 60),
        ("－5", -5),
        (" 0.1 ", 0.1),
        ("2_000_000", 2000000),
    ],
)
def test_numbers_as_people_type_them(text, value):
    result = parse_number(text)
    assert result == value and type(result) is type(value)


@pytest.mark.parametrize("text", ["sixty", "1.2.3", "nan", "inf", "60分"])
def test_not_numbers(text):
    with pytest.raises(ParseError, match="is not a number"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("2026/3/1", dt.date(2026, 3, 1)),
        ("２０２６－０３－３１", dt.date(2026, 3, 31)),
    ],
)
def test_dates(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize("text", ["31/03/2026", "2026-02-30", "tomorrow", "2026-03"])
def test_not_dates(text):
    with pytest.raises(ParseError, match="YYYY-MM-DD"):
        parse_date(text)


# -- amounts of money ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1000000",
        "1,000,000",
        "1,000,000 JPY",
        "JPY 1,000,000",
        "1000000jpy",
        "¥1,000,000",
        "￥1,000,000",
        "1,000,000円",
        "１，０００，０００円",
        "１００００００ ＪＰＹ",
        "1 000 000 JPY",
    ],
)
def test_amounts_as_people_write_them(text):
    assert parse_amount(text, "JPY") == 1_000_000


@pytest.mark.parametrize(
    ("text", "currency", "value"),
    [
        ("$1,500.50", "USD", 1500.5),
        ("US$ 20", "USD", 20),
        ("€2.5", "EUR", 2.5),
        ("£12", "GBP", 12),
        ("$300", "AUD", 300),
        ("¥80", "CNY", 80),
        ("", "JPY", None),
        ("  ", "", None),
        ("2,500", "", 2500),
    ],
)
def test_amounts_in_other_currencies(text, currency, value):
    assert parse_amount(text, currency) == value


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("100 USD", "JPY", "“100 USD” is in USD, but this session's amounts are in JPY"),
        ("€100", "JPY", "“€100” is in EUR, but this session's amounts are in JPY"),
        ("$100", "JPY", "“$100” is not in JPY, this session's currency"),
        ("100円", "USD", "“100円” is in JPY, but this session's amounts are in USD"),
        (
            "100 JPY",
            "",
            "“100 JPY” names a currency, but this session has none yet: choose it in step 1 (Context), "
            "or write the amount alone",
        ),
        ("100 YEN", "JPY", "“YEN” is not a currency code; write one such as JPY, USD or EUR"),
        ("JPY", "JPY", "“JPY” is not an amount (e.g. 1,000,000 JPY)"),
        ("one million", "JPY", "“one million” is not an amount (e.g. 1,000,000 JPY)"),
        ("¥", "JPY", "“¥” has a currency but no amount"),
    ],
)
def test_amounts_refused_with_the_reason(text, currency, message):
    with pytest.raises(ParseError) as info:
        parse_amount(text, currency)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("language", "locale_name", "currency"),
    [
        ("ja", "en_US.UTF-8", "JPY"),
        ("en", "ja_JP.UTF-8", "JPY"),
        ("en", "en_GB.UTF-8", "GBP"),
        ("en", "de_DE@euro", "EUR"),
        ("en", "en_US", "USD"),
        ("en", "C.UTF-8", ""),
        ("en", "", ""),
    ],
)
def test_a_new_sessions_currency_comes_from_its_language_then_the_locale(language, locale_name, currency):
    assert default_currency(language, locale_name) == currency
