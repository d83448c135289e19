"""The import routine behind `secsc import` and the app: files, folders, duplicates, workshops."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import T0, minimal_session

from secsc_tui.core.exchange import import_paths
from secsc_tui.core.store import Store
from secsc_tui.core.workshop import Workshop
from secsc_tui.core.yaml_io import dump_session


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "secsc.sqlite3") as s:
        yield s


def write(path: Path, *sessions) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n".join(dump_session(s) for s in sessions), encoding="utf-8")
    return path


def test_a_session_in_two_files_is_imported_from_the_first_only(store: Store, tmp_path: Path):
    first = write(tmp_path / "teams" / "1.yaml", minimal_session("s-a", "First"))
    second = write(tmp_path / "teams" / "2.yaml", minimal_session("s-a", "Second"), minimal_session("s-b"))
    third = write(tmp_path / "teams" / "3.yaml", minimal_session("s-b", "B alone"))
    report = import_paths(store, [tmp_path / "teams"])
    assert [r.imported for r in report.files] == [True, False, True]
    refused = report.files[1]
    assert refused.reason == (f"session 's-a' is also in {first}, which comes first in this import "
                              f"(a session is imported from one file only)")
    assert refused.problems[0].file == str(second)
    # s-b was not claimed by the refused file, so 3.yaml brings it in.
    assert {s.id: s.title for s in store.list_sessions()} == {"s-a": "First", "s-b": "B alone"}
    assert report.counts() == {"added": 2, "updated": 0, "unchanged": 0, "conflict": 0, "refused": 1}
    assert not report.ok
    assert third in [r.path for r in report.files]


def test_a_file_named_twice_is_read_once(store: Store, tmp_path: Path):
    file = write(tmp_path / "teams" / "a.yaml", minimal_session("s-a"))
    report = import_paths(store, [file, tmp_path / "teams", str(file)])
    assert [r.path for r in report.files] == [file]
    assert report.ok


def test_a_file_refused_for_a_conflict_still_claims_its_sessions(store: Store, tmp_path: Path):
    store.create(minimal_session("s-a", revision=2))
    stale = write(tmp_path / "1.yaml", minimal_session("s-a", "Stale", revision=1))
    newer = write(tmp_path / "2.yaml", minimal_session("s-a", "Other", revision=2))
    report = import_paths(store, [stale, newer])
    assert report.files[0].conflicts and "conflict: session 's-a' changed in the database" in report.files[0].reason
    assert "is also in" in report.files[1].reason
    assert store.get("s-a").title == "Minimal"


def test_import_paths_into_a_workshop(store: Store, tmp_path: Path):
    store.create_workshop(Workshop(id="w-1", name="Nagoya", created=T0, updated=T0))
    store.create(minimal_session("s-old"))
    files = [write(tmp_path / "a.yaml", minimal_session("s-new")), write(tmp_path / "b.yaml", minimal_session("s-old"))]
    report = import_paths(store, files, workshop_id="w-1")
    assert report.ok
    assert [o.status for r in report.files for o in r.outcomes] == ["added", "unchanged"]
    assert sorted(s.id for s in store.sessions_in("w-1")) == ["s-new", "s-old"]


def test_a_session_twice_in_one_file_refuses_the_file(store: Store, tmp_path: Path):
    text = dump_session(minimal_session("s-a")) + "---\n" + dump_session(minimal_session("s-a"))
    file = tmp_path / "twice.yaml"
    file.write_text(text, encoding="utf-8")
    report = import_paths(store, [file])
    [result] = report.files
    assert not result.imported and "used by two documents of this file" in result.reason
    assert result.problems[0].file == str(file)
