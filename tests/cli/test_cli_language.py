"""The command line speaks --lang, else SECSC_LANG, else the locale's language (installed or not)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import run_secsc


@pytest.fixture(autouse=True)
def private_data_home(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("SECSC_DB", raising=False)


def secsc(*args: str, **env: str) -> subprocess.CompletedProcess:
    """With a C.UTF-8 locale and no language chosen, unless ``env`` chooses one."""
    return run_secsc(*args, env={"LANG": "C.UTF-8", **env}, unset=("SECSC_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"))


def test_lang_is_a_global_option_and_the_help_follows_it():
    result = secsc("--lang", "ja", "--help")
    assert result.returncode == 0
    assert "セキュリティ・スコアカード演習ツール" in result.stdout
    assert "データベースのセッションを一覧表示する" in result.stdout  # a command's summary
    assert "--lang {en,ja}" in result.stdout
    english = secsc("--help")
    assert "Security Scorecard workshop tool" in english.stdout


def test_a_japanese_locale_selects_japanese_even_when_it_is_not_installed(tmp_path: Path):
    db = str(tmp_path / "empty.sqlite3")
    result = secsc("list", "--db", db, LANG="ja_JP.UTF-8")
    assert result.returncode == 0
    assert result.stderr.strip() == "セッションはまだありません。取り込むには: secsc import --samples"
    assert "No sessions yet" in secsc("list", "--db", db).stderr


def test_lang_comes_before_secsc_lang_which_comes_before_the_locale(tmp_path: Path):
    db = str(tmp_path / "empty.sqlite3")
    assert "No sessions yet" in secsc("list", "--db", db, "--lang", "en", SECSC_LANG="ja").stderr
    assert "セッションはまだありません" in secsc("list", "--db", db, SECSC_LANG="ja", LANG="en_US.UTF-8").stderr
    assert "No sessions yet" in secsc("list", "--db", db, SECSC_LANG="en", LANG="ja_JP.UTF-8").stderr


def test_a_command_s_help_and_its_usage_errors_follow_the_language(tmp_path: Path):
    result = secsc("--lang=ja", "report", "--db", str(tmp_path / "x.sqlite3"))
    assert result.returncode == 2
    assert "secsc report: エラー:" in result.stderr
    assert "演習全体のレポート" in secsc("report", "--help", LANG="ja_JP.UTF-8").stdout
