"""The command line against hostile files and bad luck: a message and exit 1, never a traceback.

Run as a user runs it: `secsc` in a subprocess, on real files and real SQLite databases.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from secsc_tui.resources import sample_session_files

SAMPLE = next(p for p in sample_session_files() if p.stem == "paper-example-en")


@pytest.fixture(autouse=True)
def private_data_home(tmp_path: Path, monkeypatch):
    """Never touch the user's real default database."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("SECSC_DB", raising=False)


def secsc(*args: str, db: Path | str | None = None, env: dict | None = None, **kwargs):
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    command = [sys.executable, "-m", "secsc_tui", *args]
    if db is not None:
        command[3:3] = ["--db", str(db)]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          env=full_env, timeout=120, **kwargs)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.sqlite3"


def sample_with(old: str, new: str, *, session_id: str = "paper-example-en") -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    return text.replace("id: paper-example-en\n", f"id: {session_id}\n", 1)


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Error:" not in result.stderr.replace("error:", ""), result.stderr


# -- numbers and dates out of range (item 3) -----------------------------------------------------

OUT_OF_RANGE = {
    "revision": ("revision: 1\n", "revision: 9223372036854775808\n",
                 "revision: expected a whole number from 0 to 1,000,000,000, found 9223372036854775808"),
    "participants": ("  participants: 31\n", "  participants: 9223372036854775808\n",
                     "evaluation.participants: expected a whole number from 0 to 1,000,000,000"),
    "created late": ("created: 2025-08-26T00:30:00Z\n", "created: 9999-12-31T23:59:59-05:00\n",
                     "created: the date and time is out of range"),
    "created early": ("created: 2025-08-26T00:30:00Z\n", "created: 0001-01-01T00:00:00+05:00\n",
                      "created: the date and time is out of range"),
}


@pytest.mark.parametrize("case", list(OUT_OF_RANGE))
def test_validate_and_import_agree_on_values_out_of_range(case: str, tmp_path: Path, db: Path):
    old, new, message = OUT_OF_RANGE[case]
    folder = tmp_path / "teams"
    folder.mkdir()
    (folder / "a-bad.yaml").write_text(sample_with(old, new, session_id="bad-one"), encoding="utf-8")
    (folder / "b-good.yaml").write_text(sample_with("title: ", "title: ", session_id="good-one"), encoding="utf-8")

    validated = secsc("validate", str(folder / "a-bad.yaml"))
    assert validated.returncode == 1
    assert message in validated.stderr
    no_traceback(validated)

    # A folder import goes on past the refused file, to the summary.
    imported = secsc("import", "--workshop", "Nagoya", str(folder), db=db)
    assert imported.returncode == 1
    no_traceback(imported)
    assert message in imported.stderr
    assert "added: good-one" in imported.stdout
    assert "summary: 1 added, 1 refused" in imported.stderr
