"""Reading numbers and dates the way people type them into a form.

Japanese input methods often produce full-width digits ("６０") and separators;
NFKC folds them to ASCII first, so "６０", "60" and "60.0" all mean 60.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from secsc_tui.core.currency import SYMBOLS, is_currency
from secsc_tui.i18n import _


class ParseError(ValueError):
    """The text is not what the field needs; the message says what is."""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_number(text: str) -> int | float | None:
    """'' -> None; '60' -> 60; '4.5' -> 4.5; '1,000' -> 1000; '６０' -> 60."""
    folded = _fold(text).replace(",", "").replace("_", "").replace(" ", "")
    if not folded:
        return None
    value: int | float
    try:
        value = int(folded)
    except ValueError:
        try:
            value = float(folded)
        except ValueError:
            raise ParseError(_("“{value}” is not a number (e.g. 60 or 4.5)", value=text.strip())) from None
        if not math.isfinite(value):
            raise ParseError(_("“{value}” is not a number (e.g. 60 or 4.5)", value=text.strip())) from None
        if value.is_integer():
            value = int(value)
    return value


# A currency code at either end of an amount: "JPY 1,000", "1000JPY".
_CODE_FIRST = re.compile(r"([A-Za-z]{3})(?![A-Za-z])\s*(.*)", re.DOTALL)
_CODE_LAST = re.compile(r"(.*?)\s*(?<![A-Za-z])([A-Za-z]{3})", re.DOTALL)
_SYMBOLS_LONGEST_FIRST = sorted(SYMBOLS, key=len, reverse=True)


def _split_currency(folded: str) -> tuple[str, str, frozenset[str]]:
    """(the number's text, the currency as written, the codes it can stand for); '' and {} if none."""
    for symbol in _SYMBOLS_LONGEST_FIRST:
        if folded.startswith(symbol):
            return folded[len(symbol) :].strip(), symbol, SYMBOLS[symbol]
        if folded.endswith(symbol):
            return folded[: -len(symbol)].strip(), symbol, SYMBOLS[symbol]
    found = _CODE_FIRST.fullmatch(folded)
    if found:
        written, rest = found.groups()
    elif found := _CODE_LAST.fullmatch(folded):
        rest, written = found.groups()
    else:
        return folded, "", frozenset()
    if not any(char.isdigit() for char in rest):
        return folded, "", frozenset()  # three letters and no amount: not a currency, just not a number
    code = written.upper()
    if not is_currency(code):
        raise ParseError(_("“{written}” is not a currency code; write one such as JPY, USD or EUR", written=written))
    return rest, written, frozenset({code})


def parse_amount(text: str, currency: str) -> int | float | None:
    """An amount of money in ``currency`` (the session's ISO 4217 code; '' when it has none).

    '' -> None; '1,000,000', '1,000,000 JPY', '¥1,000,000', '１，０００，０００円' -> 1000000
    for a JPY session. An amount that names another currency is refused, never converted.
    """
    folded = _fold(text)
    if not folded:
        return None
    number, written, codes = _split_currency(folded)
    if written:
        if not currency:
            raise ParseError(
                _(
                    "“{text}” names a currency, but this session has none yet: choose it in "
                    "step 1 (Context), or write the amount alone",
                    text=text.strip(),
                )
            )
        if currency not in codes:
            if len(codes) == 1:
                raise ParseError(
                    _(
                        "“{text}” is in {other}, but this session's amounts are in {currency}",
                        text=text.strip(),
                        other=next(iter(codes)),
                        currency=currency,
                    )
                )
            raise ParseError(
                _("“{text}” is not in {currency}, this session's currency", text=text.strip(), currency=currency)
            )
        if not number:
            raise ParseError(_("“{text}” has a currency but no amount", text=text.strip()))
    try:
        return parse_number(number)
    except ParseError:
        example = f"1,000,000 {currency}" if currency else "1,000,000"
        raise ParseError(_("“{text}” is not an amount (e.g. {example})", text=text.strip(), example=example)) from None


def parse_date(text: str) -> dt.date | None:
    """'' -> None; '2026-03-31' (also '2026/3/31') -> a date."""
    folded = _fold(text).replace("/", "-")
    if not folded:
        return None
    try:
        year, month, day = (int(part) for part in folded.split("-"))
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(
            _("“{value}” is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31", value=text.strip())
        ) from None
