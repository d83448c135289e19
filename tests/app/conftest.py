"""Shared set-up for the app tests: a config folder, the app (databases: tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("SECSC_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def app_factory(config_dir: Path):
    """app_factory(db) -> a SecscApp on that database, with a private config folder."""
    from secsc_tui.app.app import SecscApp

    def make(db: Path):
        return SecscApp(db=str(db), config_dir=config_dir)

    return make


@pytest.fixture
def quick_polls(monkeypatch):
    """The trainer's screens poll five times a second instead of every two seconds, so tests wait less."""
    from secsc_tui.app.screens import dashboard, present, results

    for module in (dashboard, present, results):
        monkeypatch.setattr(module, "POLL_SECONDS", 0.2)
