"""One translation function for every user-facing string, and one for counts.

English is the source language. The other languages are standard gettext
catalogues: ``locale/<lang>/LC_MESSAGES/secsc.po`` in the repository, compiled to
``secsc.mo`` beside it (``make messages`` extracts, ``make translations`` compiles).
Anything missing falls back to English, so a partial catalogue never hides a message.
Placeholders use ``str.format`` names so a translation can reorder them:
``_("Step {n}: {name}", n=3, name="Goal")``.

A text that holds a count has one form per grammatical number, and languages
differ in how many they have (English two, Japanese one), so it goes through
``ngettext`` with both English forms: ``ngettext("{n} goal", "{n} goals", n)``.

A text defined before any language is chosen (a class's key bindings, a table of
names) is marked with ``N_()``, which only marks it for extraction; the code that
shows it passes it through ``_()`` then, so switching the language relabels it.

The interface has one language (``set_language``); a report is written in its
session's language whatever the interface speaks (``with language("ja"): ...``),
which holds only in the current thread or task.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

DOMAIN = "secsc"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "ja")
# The name of each language in itself, for the language choice.
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}

_loaded: dict[str, gettext.NullTranslations] = {}
_interface: tuple[str, gettext.NullTranslations] = ("en", gettext.NullTranslations())
# Set inside ``language()``: a report's language, apart from the interface's.
_override: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar("secsc_language", default=None)


def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English: none), loaded once."""
    if language not in _loaded:
        if language == "en":
            _loaded[language] = gettext.NullTranslations()
        else:
            _loaded[language] = gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)
    return _loaded[language]


def _active() -> tuple[str, gettext.NullTranslations]:
    return _override.get() or _interface


def _(text: str, /, **values: object) -> str:
    translated = _active()[1].gettext(text)
    return translated.format(**values) if values else translated


def N_(text: str, /) -> str:  # noqa: N802 - the name gettext's tools look for
    """Mark ``text`` for translation where it is defined; ``_()`` translates it where it is shown."""
    return text


def pgettext(context: str, text: str, /, **values: object) -> str:
    """``_()`` for a text whose translation depends on where it stands: the same English
    word may need a shorter or a different translation there (``msgctxt`` in the .po)."""
    translated = _active()[1].pgettext(context, text)
    return translated.format(**values) if values else translated


def NP_(context: str, text: str, /) -> str:  # noqa: N802 - as N_
    """Mark ``text`` for translation in ``context``; ``pgettext(context, text)`` translates it where it is shown."""
    return text


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of a counted text for ``n``, translated, with ``{n}`` and ``values`` filled in."""
    return _active()[1].ngettext(singular, plural, n).format(n=n, **values)


def set_language(language: str) -> str:
    """Speak ``language`` in the interface from now on (an unknown one: English); returns the one in use."""
    language = normalize(language) or "en"
    global _interface
    _interface = (language, translations(language))
    return language


def current_language() -> str:
    return _active()[0]


@contextmanager
def language(language: str) -> Iterator[None]:
    """Translate into ``language`` inside the block, in this thread or task only (a report)."""
    code = normalize(language) or "en"
    token = _override.set((code, translations(code)))
    try:
        yield
    finally:
        _override.reset(token)


def normalize(name: str | None) -> str | None:
    """``ja``, ``ja_JP.UTF-8``, ``ja-JP`` → ``ja``; None for a language secsc does not have."""
    if not name:
        return None
    code = name.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def language_from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the locale variables ask for, read as gettext reads them: the first
    of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set, whether or not that locale is
    installed; LANGUAGE may list several. None when none names a language secsc has."""
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            for name in value.split(":"):
                if name in ("C", "POSIX") or name.startswith("C."):
                    return None
                if code := normalize(name):
                    return code
            if variable != "LANGUAGE":
                return None
    return None


def choose_language(
    requested: str | None = None, remembered: str | None = None, environ: Mapping[str, str] | None = None
) -> str:
    """``--lang``, else ``SECSC_LANG``, else the language chosen last in the app, else the locale, else English."""
    environ = os.environ if environ is None else environ
    for candidate in (requested, environ.get("SECSC_LANG"), remembered):
        if code := normalize(candidate):
            return code
    return language_from_locale(environ) or "en"


def language_was_chosen(
    requested: str | None = None, remembered: str | None = None, environ: Mapping[str, str] | None = None
) -> bool:
    """Whether the person chose the interface's language (``--lang``, ``SECSC_LANG``, the palette),
    rather than it coming from the locale: a chosen language holds in every session."""
    environ = os.environ if environ is None else environ
    return any(normalize(candidate) for candidate in (requested, environ.get("SECSC_LANG"), remembered))
