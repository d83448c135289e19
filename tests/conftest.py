"""Set-up shared by every test."""

from __future__ import annotations

import pytest
from postgres_server import postgres_url  # noqa: F401 - a fixture: a PostgreSQL database per test


@pytest.fixture(autouse=True)
def private_log_folder(tmp_path_factory, monkeypatch):
    """Programs started by the tests log into a temporary folder, never the user's own."""
    monkeypatch.setenv("SECSC_LOG_DIR", str(tmp_path_factory.mktemp("log")))
