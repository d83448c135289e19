"""Where the app keeps what it remembers: platformdirs' config folder, $SECSC_CONFIG_DIR, or the folder an
earlier secsc used while it is the only one there is."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from secsc_tui.app.settings import config_dir, load_settings, remember_theme

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the folders are set through HOME and XDG here")


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("SECSC_CONFIG_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path


def test_the_override_wins(home: Path, monkeypatch):
    monkeypatch.setenv("SECSC_CONFIG_DIR", str(home / "mine"))
    assert config_dir() == home / "mine"


def test_the_platforms_config_folder(home: Path):
    assert config_dir() == home / "xdg" / "secsc"


def test_an_earlier_folder_is_kept_while_the_new_one_does_not_exist(home: Path, monkeypatch):
    # secsc on macOS used ~/Library/Application Support/secsc; platformdirs there may follow $XDG_CONFIG_HOME.
    monkeypatch.setattr(sys, "platform", "darwin")
    earlier = home / "Library" / "Application Support" / "secsc"
    earlier.mkdir(parents=True)
    (earlier / "keys.toml").write_text('[keys]\n"session.next_step" = "f10"\n', encoding="utf-8")
    assert config_dir() == earlier
    assert load_settings().keymap == {"session.next_step": "f10"}
    (home / "xdg" / "secsc").mkdir(parents=True)
    assert config_dir() == home / "xdg" / "secsc"


def test_the_theme_is_written_whole_with_nothing_left_beside_it(tmp_path: Path):
    assert remember_theme("dark", {"name": "dark", "colors": {"primary": "#123456"}}, tmp_path / "new") is None
    assert json.loads((tmp_path / "new" / "state.json").read_text(encoding="utf-8"))["theme"] == "dark"
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["state.json"]
    assert load_settings(tmp_path / "new").theme_definition == {"name": "dark", "colors": {"primary": "#123456"}}
