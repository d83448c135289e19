"""Set-up shared by every test."""

from __future__ import annotations

import pytest
from postgres_server import (  # noqa: F401 - fixtures: a database per test
    database_target,
    empty_postgres_url,
    postgres_template,
    postgres_url,
)


@pytest.fixture(autouse=True)
def private_log_folder(tmp_path_factory, monkeypatch):
    """Programs started by the tests log into a temporary folder, never the user's own."""
    monkeypatch.setenv("SECSC_LOG_DIR", str(tmp_path_factory.mktemp("log")))
