"""Shared set-up for the app tests: a real SQLite file, a config folder, the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from secsc_tui.core.store import Store


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("SECSC_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "secsc.sqlite3"


@pytest.fixture
def make_db(db_path: Path):
    """make_db(*sessions) -> path of a database holding those sessions."""

    def make(*sessions) -> Path:
        store = Store.open(str(db_path))
        try:
            for session in sessions:
                store.create(session)
        finally:
            store.close()
        return db_path

    return make


@pytest.fixture
def app_factory(config_dir: Path):
    """app_factory(db) -> a SecscApp on that database, with a private config folder."""
    from secsc_tui.app.app import SecscApp

    def make(db: Path):
        return SecscApp(db=str(db), config_dir=config_dir)

    return make
