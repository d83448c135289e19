"""One translation function for every user-facing string, and one for counts.

English is the source language. A catalogue for another language maps the English
text to its translation; anything missing falls back to English, so a partial
catalogue never hides a message. Placeholders use ``str.format`` names so a
translation can reorder them: ``_("Step {n}: {name}", n=3, name="Goal")``.

A text that holds a count has one form per grammatical number, and languages
differ in how many they have (English two, Japanese one), so it goes through
``ngettext`` with both English forms: ``ngettext("{n} goal", "{n} goals", n)``.
A catalogue gives the forms of its language for that pair, in the order its
plural rule numbers them.
"""

from __future__ import annotations

from collections.abc import Callable

PluralRule = Callable[[int], int]

# Which form a count takes, by language: gettext's "plural" expressions.
PLURAL_RULES: dict[str, PluralRule] = {
    "en": lambda n: 0 if n == 1 else 1,
    "ja": lambda n: 0,  # one form for every count
}

_catalogue: dict[str, str] = {}
_plurals: dict[tuple[str, str], tuple[str, ...]] = {}
_language = "en"


def _(text: str, /, **values: object) -> str:
    translated = _catalogue.get(text, text)
    return translated.format(**values) if values else translated


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of a counted text for ``n``, translated, with ``{n}`` and ``values`` filled in."""
    rule = PLURAL_RULES.get(_language, PLURAL_RULES["en"])
    forms = _plurals.get((singular, plural))
    english = singular if PLURAL_RULES["en"](n) == 0 else plural
    text = forms[min(rule(n), len(forms) - 1)] if forms else english
    return text.format(n=n, **values)


def set_language(
    language: str,
    catalogue: dict[str, str] | None = None,
    plurals: dict[tuple[str, str], list[str] | tuple[str, ...]] | None = None,
) -> None:
    """Use ``language``: ``catalogue`` for plain texts, ``plurals`` for counted ones
    ((English singular, English plural) -> the language's forms)."""
    global _catalogue, _plurals, _language
    _language = language
    _catalogue = dict(catalogue or {})
    _plurals = {key: tuple(forms) for key, forms in (plurals or {}).items()}


def current_language() -> str:
    return _language
