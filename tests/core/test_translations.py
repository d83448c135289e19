"""The Japanese catalogue: complete, consistent with the source, compiled, and chosen as gettext would."""

from __future__ import annotations

import io
import string
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import secsc_tui
from secsc_tui.i18n import _, choose_language, current_language, language, language_from_locale, ngettext, set_language

PACKAGE = Path(secsc_tui.__file__).parent
sys.path.insert(0, str(PACKAGE.parent / "tools"))
from extract_messages import messages  # noqa: E402 - a script beside the package, not in it

PO = PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "secsc.po"
MO = PO.with_suffix(".mo")


def _catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_of_the_source_has_a_japanese_translation():
    by_id = {(m.context, m.id): m for m in _catalogue() if m.id}
    missing = sorted(f"{where}: {m}" for m, where in messages(PACKAGE).items() if m not in by_id)
    assert not missing, f"not in the .po (run make messages, then translate): {missing[:10]}"
    untranslated = sorted(
        str(m.id) for m in by_id.values() if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    )
    assert not untranslated, f"no translation: {untranslated[:10]}"
    fuzzy = sorted(str(m.id) for m in by_id.values() if m.fuzzy)
    assert not fuzzy, f"fuzzy (check, then drop the flag): {fuzzy[:10]}"


def test_every_translation_has_the_placeholders_of_its_english():
    wrong = []
    for m in _catalogue():
        if not m.id:
            continue
        english = set().union(*map(_placeholders, m.id)) if isinstance(m.id, tuple) else _placeholders(m.id)
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        wrong += [(m.id, form) for form in forms if _placeholders(form) != english]
    assert not wrong


def test_the_compiled_catalogue_is_up_to_date_with_the_po():
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue())
    assert MO.read_bytes() == compiled.getvalue(), "run make translations"


@pytest.fixture
def japanese():
    set_language("ja")
    yield
    set_language("en")


def test_the_interface_speaks_the_chosen_language(japanese):
    assert current_language() == "ja"
    assert _("Quit") == "終了"
    step = _("Step {n}: {name} · F3 or F7 goes back to {previous}", n=5, name="スコアカード", previous="アプローチ")
    assert step == "ステップ5: スコアカード · F3 または F7 で「アプローチ」に戻る"
    assert ngettext("{n} goal", "{n} goals", 1) == ngettext("{n} goal", "{n} goals", 2).replace("2", "1")
    set_language("en")
    assert _("Quit") == "Quit"


def test_a_report_language_holds_inside_its_block_only():
    with language("ja"):
        assert _("Action plans") == "アクションプラン"
        assert current_language() == "ja"
    assert _("Action plans") == "Action plans"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "ja_JP"}, "ja"),
        ({"LC_ALL": "ja_JP.eucJP", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),  # LC_ALL comes first, as in gettext
        ({"LANGUAGE": "fr:ja", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_locale_is_read_as_gettext_reads_it(environ, expected):
    assert language_from_locale(environ) == expected


def test_lang_then_secsc_lang_then_the_remembered_choice_then_the_locale():
    locale_ja = {"LANG": "ja_JP.UTF-8"}
    assert choose_language(None, None, locale_ja) == "ja"
    assert choose_language(None, "en", locale_ja) == "en"
    assert choose_language(None, "en", {**locale_ja, "SECSC_LANG": "ja"}) == "ja"
    assert choose_language("en", "ja", {**locale_ja, "SECSC_LANG": "ja"}) == "en"
    assert choose_language(None, None, {"SECSC_LANG": "klingon", "LANG": "C"}) == "en"
