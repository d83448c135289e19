"""Set-up shared by every test: private log and config folders, databases made from one template."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_server import (  # noqa: F401 - fixtures: a database per test
    database_target,
    empty_postgres_url,
    postgres_template,
    postgres_url,
)

# Where a test file's tests usually fall in the run's duration, longest first: a
# worker that runs out of tests takes half of what another still has queued, from
# the end of its queue, so with the long ones first the run ends on quick ones, not
# on a 20 s test that one worker started last.
_LONGEST_FIRST = (
    "tests/app/test_whole_exercise.py",
    "tests/core/test_coedit_soak.py",
    "tests/core/test_store_soak.py",
    "tests/pty/",
    "tests/serve/",
    "tests/cli/",
    "tests/app/",
    "tests/snapshots/",
    "tests/packaging/",
    "tests/fuzz/",
)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: absent under -p no:xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Workers for ``-n auto`` (make test): two per core, at most eight.

    A Pilot, pty or CLI test spends about a third of its time waiting (for a timer, a
    subprocess, a save's retry), so one worker per core left the cores idle a third of
    the run; two per core keep them busy (on two cores: 4 min 56 s -> 3 min 45 s).
    Each worker holds the whole app (~250 MB), hence the cap.
    """
    return min(2 * (os.cpu_count() or 1), 8)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        where = item.nodeid
        return next((i for i, prefix in enumerate(_LONGEST_FIRST) if where.startswith(prefix)), len(_LONGEST_FIRST))

    items.sort(key=rank)  # stable: the order within a file is kept


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


@pytest.fixture(autouse=True)
def quick_idle_checks(monkeypatch):
    """Pilot looks for an idle app in 5 ms slices instead of Textual's 20 ms.

    ``Pilot.press`` waits for idleness twice per key, at least one slice each, so
    typing a goal, a CSF and a KPI cost ~7 s of sleeping. What the tests check after
    a key they wait for by state (``apphelpers.until``), never by this heuristic.
    """
    import textual._wait as wait

    monkeypatch.setattr(wait, "SLEEP_GRANULARITY", 0.005)
    monkeypatch.setattr(wait, "SLEEP_IDLE", 0.005 / 20)  # the same share of a slice as Textual's


@pytest.fixture(scope="session")
def empty_db_template() -> Path:
    """An empty database at the current schema, made once per test process (helpers.empty_template)."""
    from helpers import empty_template

    return empty_template()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database goes (no file yet)."""
    return tmp_path / "secsc.sqlite3"


@pytest.fixture
def make_db(db_path: Path, empty_db_template: Path):
    """make_db(*sessions) -> the path of a database holding those sessions (added to it if it exists)."""
    from secsc_tui.core.store import Store

    def make(*sessions) -> Path:
        if not db_path.exists():
            shutil.copy2(empty_db_template, db_path)  # keeps its private mode (0600)
        store = Store.open(db_path)
        try:
            for session in sessions:
                store.create(session)
        finally:
            store.close()
        return db_path

    return make


@pytest.fixture
def store(make_db) -> Iterator:
    """An open Store on the test's own database file, empty."""
    from secsc_tui.core.store import Store

    with Store.open(make_db()) as opened:
        yield opened
