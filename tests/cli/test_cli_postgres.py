"""The `secsc` command line against PostgreSQL, in a subprocess: `--db URL`, `SECSC_DB`, `db copy`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import run_secsc

from secsc_tui.resources import sample_session_files

SAMPLES = [str(path) for path in sample_session_files()]
MINE = """\
catalogue_version: 1
actions:
  - id: mine.tabletop-with-plant
    text:
      en: Run the ransomware tabletop at the Kariya plant with the plant manager
      ja: 刈谷工場で工場長とランサムウェアの机上演習を行う
    perspective: learning_growth
    approaches: [iii]
    meti: [7, 8]
    owner: {en: Plant manager, ja: 工場長}
"""


@pytest.fixture(autouse=True)
def private_data_home(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("SECSC_DB", raising=False)


secsc = run_secsc


def with_password(url: str, password: str) -> str:
    """The same database with a password in the URL (trust authentication ignores it)."""
    scheme, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    return f"{scheme}://{user}:{password}@{host}"


def test_import_list_and_export_through_a_url_and_through_secsc_db(postgres_url: str, tmp_path: Path):
    imported = secsc("import", "--db", postgres_url, *SAMPLES)
    assert imported.returncode == 0, imported.stderr
    listed = secsc("list", env={"SECSC_DB": postgres_url})
    assert listed.returncode == 0, listed.stderr
    assert "paper-example-ja" in listed.stdout and "セキュリティスコアカード" in listed.stdout
    exported = secsc("export", "--db", postgres_url, "--all", "-o", f"{tmp_path}/out/")
    assert exported.returncode == 0, exported.stderr
    assert len(list((tmp_path / "out").glob("*.yaml"))) == len(SAMPLES)


def test_db_copy_moves_a_laptops_workshops_into_postgresql_and_never_shows_the_password(
    postgres_url: str, tmp_path: Path
):
    laptop = tmp_path / "laptop.sqlite3"
    assert secsc("import", "--db", str(laptop), *SAMPLES).returncode == 0
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINE, encoding="utf-8")
    assert secsc("catalog", "import", "--db", str(laptop), str(mine)).returncode == 0
    secret = with_password(postgres_url, "s3cret-pw")

    copied = secsc("db", "copy", str(laptop), secret)
    assert copied.returncode == 0, copied.stderr
    assert re.search(r"^catalogue_entry +1$", copied.stdout, re.MULTILINE), copied.stdout
    assert "copied" in copied.stdout and "both hold the same content" in copied.stdout
    assert "s3cret-pw" not in copied.stdout + copied.stderr
    assert ":***@" in copied.stdout

    again = secsc("db", "copy", str(laptop), secret)
    assert again.returncode == 1
    assert "is not empty (4 sessions, 1 catalogue entry)" in again.stderr and "--replace" in again.stderr
    assert "s3cret-pw" not in again.stderr and "Traceback" not in again.stderr

    listed = secsc("list", "--db", postgres_url)
    assert listed.stdout.count("\n") == 1 + len(SAMPLES)
    catalogue = secsc("catalog", "export", "--db", postgres_url)
    assert "id: mine.tabletop-with-plant" in catalogue.stdout and "工場長" in catalogue.stdout


def test_a_server_that_is_down_is_a_clear_message_not_a_traceback(tmp_path: Path):
    down = "postgresql+psycopg://postgres:pw@127.0.0.1:1/secsc"  # nothing listens on port 1
    listed = secsc("list", "--db", down)
    assert listed.returncode == 1
    assert listed.stderr.startswith("secsc: error: ")
    assert "127.0.0.1" in listed.stderr and "Traceback" not in listed.stderr
    assert ":pw@" not in listed.stderr
