"""One translation function for every user-facing string.

English is the source language. A catalogue for another language maps the English
text to its translation; anything missing falls back to English, so a partial
catalogue never hides a message. Placeholders use ``str.format`` names so a
translation can reorder them: ``_("{n} goals", n=3)``.
"""

from __future__ import annotations

_catalogue: dict[str, str] = {}
_language = "en"


def _(text: str, /, **values: object) -> str:
    translated = _catalogue.get(text, text)
    return translated.format(**values) if values else translated


def set_language(language: str, catalogue: dict[str, str] | None = None) -> None:
    global _catalogue, _language
    _language = language
    _catalogue = dict(catalogue or {})


def current_language() -> str:
    return _language
