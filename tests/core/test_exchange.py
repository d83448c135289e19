"""The import routine behind `secsc import` and the app: files, folders, duplicates, workshops."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import T0, minimal_session
from helpers import empty_database

from secsc_tui.core import exchange
from secsc_tui.core.exchange import collect, import_paths
from secsc_tui.core.store import Store
from secsc_tui.core.workshop import Workshop
from secsc_tui.core.yaml_io import dump_session


@pytest.fixture
def store(database_target: str):
    """A store on SQLite, then the same test on PostgreSQL."""
    with Store.open(database_target) as s:
        yield s


def write(path: Path, *sessions) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n".join(dump_session(s) for s in sessions), encoding="utf-8")
    return path


def exported(store: Store, session_id: str):
    return store.export([session_id])[0]


def test_of_two_copies_the_newer_wins_whatever_the_names(store: Store, tmp_path: Path):
    team = Store.open(empty_database(tmp_path / "team.sqlite3"))
    try:
        team.create(minimal_session("t5", "Team 5"))
        old = exported(team, "t5")
        team.save(team.get("t5").model_copy(update={"title": "Team 5, corrected"}))
        new = exported(team, "t5")
    finally:
        team.close()
    folder = tmp_path / "teams"
    write(folder / "t5 (1).yaml", old)  # sorts first
    write(folder / "t5 - コピー.yaml", old)
    write(folder / "t5.yaml", new, minimal_session("t6", "Team 6"))
    report = import_paths(store, [folder])
    assert report.ok and report.summary() == "2 added, 2 skipped"
    by_name = {r.path.name: r for r in report.files}
    assert by_name["t5.yaml"].imported
    for name in ("t5 (1).yaml", "t5 - コピー.yaml"):
        assert by_name[name].skipped
        assert by_name[name].reason == f"skipped: session 't5' is newer in {folder / 't5.yaml'}"
    assert store.get("t5").title == "Team 5, corrected"


def test_an_identical_copy_is_skipped_and_a_file_with_more_sessions_still_imports_its_own(store: Store, tmp_path: Path):
    one = write(tmp_path / "a.yaml", minimal_session("s-a", "A"))
    both = write(tmp_path / "b.yaml", minimal_session("s-a", "A"), minimal_session("s-b", "B"))
    report = import_paths(store, [one, both])
    assert report.ok
    assert report.files[0].imported and report.files[1].imported
    assert report.files[1].superseded == [f"session 's-a' is the same in {one}"]
    assert [o.session_id for o in report.files[1].outcomes] == ["s-b"]


def test_two_copies_that_diverged_are_both_refused_naming_each_other(store: Store, tmp_path: Path):
    base = minimal_session("s-a", "Base").model_copy(update={"history": []})
    from secsc_tui.core.lineage import published_history, version_of

    published = base.model_copy(update={"history": published_history(version_of(base))})
    first = write(tmp_path / "1.yaml", published.model_copy(update={"title": "First correction"}))
    second = write(tmp_path / "2.yaml", published.model_copy(update={"title": "Second correction"}))
    older = write(tmp_path / "3.yaml", published)
    report = import_paths(store, [first, second, older])
    assert not report.ok and store.count_sessions() == 0
    assert report.files[0].reason.startswith(f"conflict: session 's-a' was also changed in {second}: both changed")
    assert f"was also changed in {first}" in report.files[1].reason
    assert report.files[2].skipped
    assert report.counts()["conflict"] == 2


def test_the_reason_keeps_the_line_and_the_field(store: Store, tmp_path: Path):
    text = dump_session(minimal_session("s-a")).replace("participants: null", "participants: -1")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    [result] = import_paths(store, [bad]).files
    line = text.splitlines().index("  participants: -1") + 1
    assert result.reason.startswith(f"line {line}, evaluation.participants: ")


def test_a_collect_where_every_file_is_refused_leaves_no_workshop(store: Store, tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: [unclosed\n", encoding="utf-8")
    collected = collect(store, [bad], "Nagoya")
    assert (collected.workshop, collected.created) == (None, False)
    assert store.list_workshops() == []
    # A conflict is refused after the workshop was needed: it is taken away again.
    store.create(minimal_session("s-a", revision=3))
    stale = write(tmp_path / "stale.yaml", minimal_session("s-a", "Stale", revision=1))
    collected = collect(store, [stale], "Nagoya")
    assert collected.workshop is None and store.list_workshops() == []
    good = write(tmp_path / "good.yaml", minimal_session("s-b"))
    collected = collect(store, [good, stale], "Nagoya")
    assert collected.created and [w.name for w in store.list_workshops()] == ["Nagoya"]


def test_a_file_named_twice_is_read_once(store: Store, tmp_path: Path):
    file = write(tmp_path / "teams" / "a.yaml", minimal_session("s-a"))
    report = import_paths(store, [file, tmp_path / "teams", str(file)])
    assert [r.path for r in report.files] == [file]
    assert report.ok


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


# -- lineage choice and per-file progress together -----------------------------------------


def test_every_file_is_reported_in_order_once_the_newest_copy_is_chosen(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(exchange, "BATCH_SESSIONS", 1)  # a transaction per file: each file's doing is seen
    old = minimal_session("t5", "Team 5")
    from secsc_tui.core.lineage import published_history, version_of

    old = old.model_copy(update={"history": published_history(version_of(old))})
    new = old.model_copy(update={"title": "Team 5, corrected"})
    stale = write(tmp_path / "a-stale.yaml", old)  # read first, but an older copy
    fresh = write(tmp_path / "b.yaml", new)
    other = write(tmp_path / "c.yaml", minimal_session("t6", "Team 6"))
    told: list = []
    report = import_paths(
        store,
        [stale, fresh, other],
        on_file=lambda result: told.append(
            (result.path, result.skipped, [o.session_id for o in result.outcomes], store.count_sessions())
        ),
    )
    assert report.ok and not report.interrupted
    # Each file is told as soon as it is written: what the store holds by then is that file's doing.
    assert told == [(stale, True, [], 0), (fresh, False, ["t5"], 1), (other, False, ["t6"], 2)]
    assert store.get("t5").title == "Team 5, corrected"


def test_ctrl_c_after_a_file_stops_the_import_there(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(exchange, "BATCH_SESSIONS", 1)
    files = [write(tmp_path / f"{i}.yaml", minimal_session(f"s-{i}", f"S {i}")) for i in range(3)]

    def interrupt_after_the_first(result) -> None:
        raise KeyboardInterrupt

    report = import_paths(store, files, on_file=interrupt_after_the_first)
    assert report.interrupted and not report.ok
    assert [r.path for r in report.files] == files[:1] and report.total_files == 3
    assert [s.id for s in store.list_sessions()] == ["s-0"]


def test_files_are_written_in_batches_and_each_is_told_once_its_batch_is_in_the_store(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(exchange, "BATCH_SESSIONS", 2)
    files = [write(tmp_path / f"{i}.yaml", minimal_session(f"s-{i}", f"S {i}")) for i in range(5)]
    told: list = []
    report = import_paths(store, files, on_file=lambda result: told.append((result.path, store.count_sessions())))
    assert report.ok and report.summary() == "5 added"
    # Two files per transaction: told after both are written, never before.
    assert told == [(files[0], 2), (files[1], 2), (files[2], 4), (files[3], 4), (files[4], 5)]


def test_ctrl_c_during_a_batch_stops_after_it_and_reports_every_file_it_wrote(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(exchange, "BATCH_SESSIONS", 2)
    files = [write(tmp_path / f"{i}.yaml", minimal_session(f"s-{i}", f"S {i}")) for i in range(5)]

    def interrupt_at_the_first(result) -> None:
        if result.path == files[0]:
            raise KeyboardInterrupt

    report = import_paths(store, files, on_file=interrupt_at_the_first)
    assert report.interrupted and not report.ok
    assert [r.path for r in report.files] == files[:2]
    assert [s.id for s in store.list_sessions()] == ["s-0", "s-1"]


def test_in_a_batch_a_conflicting_file_is_refused_and_the_others_are_written(store: Store, tmp_path: Path):
    store.create(minimal_session("s-1", "First"))
    theirs = exported(store, "s-1").model_copy(update={"title": "Theirs"})
    store.save(store.get("s-1").model_copy(update={"title": "Ours"}))  # both changed since the export
    files = [
        write(tmp_path / "0.yaml", minimal_session("s-0", "S 0")),
        write(tmp_path / "1.yaml", theirs, minimal_session("s-9", "S 9")),
        write(tmp_path / "2.yaml", minimal_session("s-2", "S 2")),
    ]
    report = import_paths(store, files)
    assert [r.imported for r in report.files] == [True, False, True]
    assert report.files[1].conflicts and "conflict" in report.files[1].reason
    assert report.summary() == "2 added, 1 conflict"
    assert sorted(s.id for s in store.list_sessions()) == ["s-0", "s-1", "s-2"]  # nothing of 1.yaml: not s-9
    assert store.get("s-1").title == "Ours"


def test_after_a_database_error_the_batch_is_written_file_by_file_and_only_the_failing_file_fails(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from secsc_tui.core.problems import DatabaseError

    files = [write(tmp_path / f"{i}.yaml", minimal_session(f"s-{i}", f"S {i}")) for i in range(3)]
    import_files = store.import_files

    def batch_and_second_fail(files, **kwargs):
        if len(files) > 1:
            raise DatabaseError("database is locked")
        if files[0][0].id == "s-1":
            raise DatabaseError("disk I/O error")
        return import_files(files, **kwargs)

    monkeypatch.setattr(store, "import_files", batch_and_second_fail)
    report = import_paths(store, files)
    assert [r.imported for r in report.files] == [True, False, True]
    assert report.files[1].error == "disk I/O error" and report.files[1].reason == "disk I/O error"
    assert report.summary() == "2 added, 1 refused"
    assert sorted(s.id for s in store.list_sessions()) == ["s-0", "s-2"]


def test_a_batch_that_names_a_session_twice_reads_it_as_the_first_file_wrote_it(store: Store):
    from secsc_tui.core.lineage import published_history, version_of
    from secsc_tui.core.store.prepared import prepare

    old = minimal_session("t5", "Team 5")
    old = old.model_copy(update={"history": published_history(version_of(old))})
    new = old.model_copy(update={"title": "Team 5, corrected"})
    [first, second] = store.import_files([prepare([old]), prepare([new])])
    assert [o.status for o in first] == ["added"]
    assert [o.status for o in second] == ["updated"]
    assert store.get("t5").title == "Team 5, corrected" and store.get("t5").revision == old.revision + 1


def test_a_collect_reports_each_file_and_the_workshop_made_for_it(store: Store, tmp_path: Path):
    good = write(tmp_path / "good.yaml", minimal_session("s-b"))
    told: list = []
    collected = collect(store, [good], "Nagoya", on_file=lambda result: told.append(result.path))
    assert told == [good] and collected.created
    assert [s.id for s in store.sessions_in(collected.workshop.id)] == ["s-b"]
