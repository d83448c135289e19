"""Set-up shared by every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_log_folder(tmp_path_factory, monkeypatch):
    """Programs started by the tests log into a temporary folder, never the user's own."""
    monkeypatch.setenv("SECSC_LOG_DIR", str(tmp_path_factory.mktemp("log")))


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch):
    """Tests read English unless they choose a language: a developer's Japanese locale
    (or one test's switch) must not change what the others see."""
    from secsc_tui.i18n import set_language

    monkeypatch.setenv("SECSC_LANG", "en")
    set_language("en")
    yield
    set_language("en")
