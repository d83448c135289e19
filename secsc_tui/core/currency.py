"""Currencies: which codes exist, what a session defaults to, how an amount is shown.

A session names one currency (an ISO 4217 code such as JPY) for all its budgets;
an empty code means the session does not say (files from before currencies
existed, in a language that does not settle it).
"""

from __future__ import annotations

import os

# ISO 4217 codes of the currencies in use (funds, metals and test codes left out).
# The codes read best as a table, hence a split string.
_ISO_4217_TABLE = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR
NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP
STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG
XOF XPF YER ZAR ZMW ZWG
"""
ISO_4217 = frozenset(_ISO_4217_TABLE.split())

# The currencies offered first when choosing one (the rest can still be typed in a file).
COMMON = (
    "JPY",
    "USD",
    "EUR",
    "GBP",
    "CNY",
    "KRW",
    "TWD",
    "HKD",
    "SGD",
    "AUD",
    "CAD",
    "CHF",
    "INR",
    "THB",
    "VND",
    "IDR",
    "MYR",
    "PHP",
    "NZD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "BRL",
    "MXN",
)

# What people write in an amount instead of the code. A symbol shared by several
# currencies (¥ is yen and yuan, $ many dollars) stands for any of them.
SYMBOLS: dict[str, frozenset[str]] = {
    "¥": frozenset({"JPY", "CNY"}),
    "円": frozenset({"JPY"}),
    "$": frozenset({"USD", "AUD", "CAD", "HKD", "NZD", "SGD", "TWD", "MXN"}),
    "US$": frozenset({"USD"}),
    "€": frozenset({"EUR"}),
    "£": frozenset({"GBP"}),
    "₩": frozenset({"KRW"}),
    "元": frozenset({"CNY"}),
}

# A territory's currency, for the default of a new session (its locale's country).
_EURO = "AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK"
_BY_TERRITORY: dict[str, str] = {
    **{territory: "EUR" for territory in _EURO.split()},
    "JP": "JPY",
    "US": "USD",
    "GB": "GBP",
    "CN": "CNY",
    "KR": "KRW",
    "TW": "TWD",
    "HK": "HKD",
    "SG": "SGD",
    "AU": "AUD",
    "NZ": "NZD",
    "CA": "CAD",
    "CH": "CHF",
    "IN": "INR",
    "TH": "THB",
    "VN": "VND",
    "ID": "IDR",
    "MY": "MYR",
    "PH": "PHP",
    "SE": "SEK",
    "NO": "NOK",
    "DK": "DKK",
    "PL": "PLN",
    "CZ": "CZK",
    "BR": "BRL",
    "MX": "MXN",
}


def is_currency(code: str) -> bool:
    return code in ISO_4217


def currency_of_locale(locale_name: str) -> str:
    """'en_GB.UTF-8' -> 'GBP'; '' when the locale names no territory we know."""
    territory = locale_name.split(".", 1)[0].split("@", 1)[0].partition("_")[2]
    return _BY_TERRITORY.get(territory.upper(), "")


def system_locale() -> str:
    """The locale that decides money formats here (as the C library reads it)."""
    for name in ("LC_ALL", "LC_MONETARY", "LANG"):
        if value := os.environ.get(name):
            return value
    return ""


def default_currency(language: str, locale_name: str | None = None) -> str:
    """A new session's currency: yen for a Japanese session, else the locale's country's, else none."""
    if language == "ja":
        return "JPY"
    return currency_of_locale(system_locale() if locale_name is None else locale_name)
