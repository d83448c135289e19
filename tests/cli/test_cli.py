"""The `secsc` command line, run as a user runs it: in a subprocess, on real files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import empty_database, run_secsc

from secsc_tui.core.filenames import title_stem
from secsc_tui.core.yaml_io import read_sessions_file
from secsc_tui.resources import sample_session_files

SAMPLES = sample_session_files()


@pytest.fixture(autouse=True)
def private_data_home(tmp_path: Path, monkeypatch):
    """Never touch the user's real default database."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("SECSC_DB", raising=False)


secsc = run_secsc


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An empty database at the current schema (creating one is tested in test_store_open)."""
    return empty_database(tmp_path / "cli.sqlite3")


def test_samples_import_list_export_round_trip(db: Path, tmp_path: Path):
    imported = secsc("import", *map(str, SAMPLES), db=db)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.count("added:") == len(SAMPLES)
    assert f"{len(SAMPLES)} added" in imported.stderr

    listed = secsc("list", db=db)
    assert listed.returncode == 0
    assert "paper-example-ja" in listed.stdout
    assert "8/8" in listed.stdout or "7/8" in listed.stdout
    header = listed.stdout.splitlines()[0]
    assert header.split() == ["ID", "TITLE", "ORGANISATION", "STEPS", "UPDATED"]

    out_dir = tmp_path / "out"
    exported = secsc("export", "--all", "-o", f"{out_dir}/", db=db)
    assert exported.returncode == 0, exported.stderr
    files = sorted(out_dir.glob("*.yaml"))
    # Named after the titles, Japanese kept.
    assert "セキュリティスコアカード-論文の事例-ブランドイメージの向上.yaml" in [f.name for f in files]
    assert [f.name for f in files] == sorted(
        f"{title_stem(s.title, s.id)}.yaml" for p in SAMPLES for s in read_sessions_file(p)
    )

    # Import the exports into a fresh database and export again: byte-identical.
    db2 = tmp_path / "second.sqlite3"
    assert secsc("import", str(out_dir), db=db2).returncode == 0
    out2 = tmp_path / "out2"
    assert secsc("export", "--all", "-o", f"{out2}/", db=db2).returncode == 0
    for first in files:
        assert (out2 / first.name).read_bytes() == first.read_bytes()

    # Japanese is written as-is, not escaped.
    ja = (out_dir / "セキュリティスコアカード-論文の事例-ブランドイメージの向上.yaml").read_text(encoding="utf-8")
    assert "ブランドイメージ" in ja
    assert "\\u" not in ja


def test_reimport_updates_instead_of_duplicating(db: Path, tmp_path: Path):
    sample = next(p for p in SAMPLES if p.stem == "paper-example-en")
    assert secsc("import", str(sample), db=db).returncode == 0
    again = secsc("import", str(sample), db=db)
    assert again.returncode == 0
    assert "unchanged: paper-example-en" in again.stdout

    exported = secsc("export", "paper-example-en", db=db)
    edited = exported.stdout.replace("title: ", "title: Edited — ", 1)
    file = tmp_path / "edited.yaml"
    file.write_text(edited, encoding="utf-8")
    updated = secsc("import", str(file), db=db)
    assert updated.returncode == 0, updated.stderr
    assert "updated: paper-example-en" in updated.stdout
    listed = secsc("list", "--format", "json", db=db)
    rows = json.loads(listed.stdout)
    assert len(rows) == 1 and rows[0]["title"].startswith("Edited — ")

    # The sample is now out of date: importing it again changes nothing (the edited
    # version descends from it), and neither does the edited file (the same content).
    stale = secsc("import", str(file), db=db)
    assert stale.returncode == 0 and "unchanged: paper-example-en" in stale.stdout
    old = secsc("import", str(sample), db=db)
    assert old.returncode == 0  # the database's version descends from it: nothing to do
    assert "unchanged: paper-example-en" in old.stdout and "the database already has a newer version" in old.stdout
    assert json.loads(secsc("list", "--format", "json", db=db).stdout)[0]["title"].startswith("Edited — ")


def test_validate_reports_file_line_and_field(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    text = next(p for p in SAMPLES if p.stem == "paper-example-en").read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("usefulness:"))
    lines[index] = lines[index].split(":")[0] + ": 7"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = secsc("validate", str(bad), str(SAMPLES[0]))
    assert result.returncode == 1
    assert f"{bad}:{index + 1}:" in result.stderr
    assert "evaluation.responses[0].usefulness" in result.stderr
    assert "Traceback" not in result.stderr
    assert f"ok: {SAMPLES[0]}" in result.stdout


def test_validate_tells_of_every_file_of_a_big_folder_in_order(tmp_path: Path):
    # From 20 files a forked child reads from the back (core/forked.py): the verdicts
    # still come in the files' order, each once, the refused ones with their lines.
    text = SAMPLES[0].read_text(encoding="utf-8")
    names = [f"team-{i:02d}.yaml" for i in range(40)]
    refused = {names[3], names[36]}
    for name in names:
        (tmp_path / name).write_text(
            text.replace("schema_version: 2", "schema_version: x") if name in refused else text
        )
    result = secsc("validate", str(tmp_path))
    assert result.returncode == 1
    assert [line.split()[1] for line in result.stdout.splitlines()] == [
        str(tmp_path / name) for name in names if name not in refused
    ]
    told = [line.split()[1] for line in result.stderr.splitlines() if line.startswith("invalid: ")]
    assert told == [str(tmp_path / name) for name in names if name in refused]
    assert f"{tmp_path / names[3]}:1:" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe not utf-8", "UTF-8"),
        (b"- a\n- b\n", "found a list"),
        (b"schema_version: 1\nid: [unclosed\n", "line"),
        (b"", "empty"),
    ],
)
def test_bad_files_get_a_message_not_a_traceback(tmp_path: Path, db: Path, content: bytes, expected: str):
    file = tmp_path / "broken.yaml"
    file.write_bytes(content)
    for command in ("validate", "import"):
        result = secsc(command, str(file), db=db)
        assert result.returncode == 1
        assert expected in result.stderr
        assert "Traceback" not in result.stderr


def test_import_is_all_or_nothing_per_file(db: Path, tmp_path: Path):
    good = next(p for p in SAMPLES if p.stem == "sme-manufacturer-supply-chain").read_text(encoding="utf-8")
    broken = good.replace("id: sme-manufacturer-supply-chain", "id: another-session", 1).replace(
        "schema_version: 2", "schema_version: 2\nunknown_key: 1", 1
    )
    combined = tmp_path / "two.yaml"
    combined.write_text(good + "---\n" + broken, encoding="utf-8")
    result = secsc("import", str(combined), db=db)
    assert result.returncode == 1
    assert "unknown_key" in result.stderr
    assert json.loads(secsc("list", "--format", "json", db=db).stdout) == []


def test_missing_file_and_usage_errors(db: Path):
    missing = secsc("import", "nope.yaml", db=db)
    assert missing.returncode == 1
    assert "nope.yaml: no such file" in missing.stderr
    assert secsc("export", db=db).returncode == 2
    assert secsc("frobnicate").returncode == 2
    assert secsc("validate").returncode == 2


def test_export_unknown_and_prefix_ids(db: Path):
    assert secsc("import", *map(str, SAMPLES), db=db).returncode == 0
    unknown = secsc("export", "zzz", db=db)
    assert unknown.returncode == 1
    assert "zzz" in unknown.stderr
    ambiguous = secsc("export", "paper", db=db)
    assert ambiguous.returncode == 1
    assert "ambiguous" in ambiguous.stderr.lower()
    prefix = secsc("export", "ci-op", db=db)
    assert prefix.returncode == 0
    assert "id: ci-operator-regulated" in prefix.stdout


def test_db_from_environment_and_bad_database(tmp_path: Path):
    env_db = tmp_path / "env.sqlite3"
    result = secsc("import", str(SAMPLES[0]), env={"SECSC_DB": str(env_db)})
    assert result.returncode == 0, result.stderr
    assert env_db.exists()
    not_db = tmp_path / "notes.txt"
    not_db.write_text("just some notes\n", encoding="utf-8")
    refused = secsc("list", db=not_db)
    assert refused.returncode == 1
    assert "not a secsc database" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not_db.read_text(encoding="utf-8") == "just some notes\n"


def test_a_command_that_upgrades_the_database_says_so_once(tmp_path: Path):
    db = tmp_path / "secsc.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "db" / "schema-0008.sqlite3", db)
    first = run_secsc("list", db=db)
    [backup] = tmp_path.glob("secsc.sqlite3.backup-0008-*.sqlite3")
    assert first.returncode == 0 and "s-fixture-ja" in first.stdout
    assert first.stderr == f"database: written by an older secsc, now upgraded; a copy of it as it was: {backup}\n"
    again = run_secsc("list", db=db)
    assert again.returncode == 0 and again.stdout == first.stdout and again.stderr == ""


def test_export_to_unwritable_place_is_a_clear_error(db: Path, tmp_path: Path):
    assert secsc("import", str(SAMPLES[0]), db=db).returncode == 0
    result = secsc("export", "--all", "-o", str(tmp_path / "no" / "such" / "dir" / "x.yaml"), db=db)
    assert result.returncode == 1
    assert "does not exist" in result.stderr


def test_schema_is_json_and_describes_the_format():
    result = secsc("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert "scorecard" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_help_for_every_command():
    for command in ("list", "import", "export", "validate", "schema"):
        result = secsc(command, "--help")
        assert result.returncode == 0
        assert f"secsc {command}" in result.stdout


def test_list_aligns_japanese_titles(db: Path):
    assert secsc("import", *map(str, SAMPLES), db=db).returncode == 0
    from rich.cells import cell_len

    lines = secsc("list", db=db).stdout.splitlines()
    # The STEPS column ends at the same cell in every row, Japanese or not.
    ends = {cell_len(line[: line.index("/8") + 2]) for line in lines[1:]}
    assert len(ends) == 1


def test_export_to_a_folder_names_files_after_titles_numbered_on_collision(db: Path, tmp_path: Path):
    import datetime as dt

    from secsc_tui.core.model import Session
    from secsc_tui.core.store import Store
    from secsc_tui.core.yaml_io import dump_session

    t0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)
    with Store.open(db) as store:
        for sid, title in (("s-1", "Team 5"), ("s-2", "Team 5"), ("s-3", "電力 チーム"), ("s-4", "???")):
            store.create(Session.model_validate({"id": sid, "title": title, "created": t0, "updated": t0}))
    out = tmp_path / "out"
    out.mkdir()
    (out / "電力-チーム.yaml").write_text(
        dump_session(Session.model_validate({"id": "s-other", "title": "x", "created": t0, "updated": t0})),
        encoding="utf-8",
    )
    assert secsc("export", "--all", "-o", f"{out}/", db=db).returncode == 0
    names = {f.name: read_sessions_file(f)[0].id for f in out.glob("*.yaml")}
    assert names == {
        "team-5.yaml": "s-1",
        "team-5-2.yaml": "s-2",
        "電力-チーム.yaml": "s-other",
        "電力-チーム-2.yaml": "s-3",
        "s-4.yaml": "s-4",
    }
    # Exporting again writes over its own files, not beside them.
    assert secsc("export", "--all", "-o", f"{out}/", db=db).returncode == 0
    assert len(list(out.glob("*.yaml"))) == 5


def test_list_of_an_up_to_date_file_reads_it_without_sqlalchemy(tmp_path: Path):
    # The list is read with sqlite3 alone; a new (or older) database still goes through the store.
    db = tmp_path / "new.sqlite3"
    code = (
        "import sys; from secsc_tui.cli import main; main(sys.argv[1:]); "
        "print('sqlalchemy loaded:', 'sqlalchemy' in sys.modules, file=sys.stderr)"
    )
    run = [sys.executable, "-c", code, "--db", str(db), "list", "--format", "json"]
    first = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == []
    assert "sqlalchemy loaded: True" in first.stderr  # created by the store
    assert secsc("import", *map(str, SAMPLES), db=db).returncode == 0
    second = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert second.returncode == 0, second.stderr
    assert "sqlalchemy loaded: False" in second.stderr
    assert len(json.loads(second.stdout)) == len(SAMPLES)


@pytest.mark.parametrize("frozen_before", [False, True])
@pytest.mark.parametrize("command", ["export", "import"])
def test_export_and_import_give_garbage_collection_back_as_they_found_it(
    db: Path, tmp_path: Path, frozen_before: bool, command: str
):
    # Both collect garbage by hand (automatic collection paused, start-up's objects frozen:
    # core/gc_by_hand.py); afterwards collection is automatic again, and a caller's frozen
    # objects stay frozen.
    assert secsc("import", *map(str, SAMPLES), db=db).returncode == 0
    code = (
        "import gc, sys; from secsc_tui.cli import main\n"
        + ("gc.freeze()\n" if frozen_before else "")
        + "status = main(sys.argv[1:])\n"
        "print(status, gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    out = tmp_path / "out"
    arguments = ["export", "--all", "-o", f"{out}/"] if command == "export" else ["import", *map(str, SAMPLES)]
    run = subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), *arguments],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1].split() == ["0", "True", str(frozen_before)]
    if command == "export":
        assert len(list(out.glob("*.yaml"))) == len(SAMPLES)
    else:
        assert f"summary: {len(SAMPLES)} unchanged" in run.stderr


# Notes on standard error each full collection of the garbage collector, even during the
# exit, and the moment the command itself is done.
COUNT_FULL_COLLECTIONS = """
import gc, os, sys
from secsc_tui import cli
def noted(phase, info):
    if phase == "start" and info["generation"] == 2:
        os.write(2, f"full collection of {len(gc.get_objects(2))}\\n".encode())
command = cli.main
def main():
    status = command()
    os.write(2, b"command done\\n")
    return status
cli.main = main
sys.argv[0] = "secsc"
gc.callbacks.append(noted)
"""


@pytest.mark.parametrize(("ending", "walked"), [("cli.run()", False), ("sys.exit(cli.main())", True)])
def test_secsc_exits_without_walking_every_object_once_more(db: Path, ending: str, walked: bool):
    """The exit's last collection finds next to nothing to walk: what was alive was set aside."""
    # The second case is Python's own exit, kept to show that the first one differs.
    run = subprocess.run(
        [sys.executable, "-c", COUNT_FULL_COLLECTIONS + ending, "--db", str(db), "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    _command, after_it = run.stderr.split("command done\n")
    walked_at_exit = [int(line.rsplit(" ", 1)[1]) for line in after_it.splitlines() if "full collection" in line]
    assert walked_at_exit  # Python's own last collection
    assert (max(walked_at_exit) > 10_000) is walked


# Run as `python -c` so that a test can make batches small or a write fail.
EXPORT_WITH = """
import sys
from secsc_tui import cli
import secsc_tui.core.files as files
import secsc_tui.core.forked as forked
cli.EXPORT_BATCH = 1
if "--in-parent" in sys.argv:
    sys.argv.remove("--in-parent")
    forked.can_fork = lambda: False
if "--fail-at" in sys.argv:  # the disk is full when that file's turn comes
    at = sys.argv.index("--fail-at")
    full_at = sys.argv[at + 1]
    del sys.argv[at : at + 2]
    made = files.tempfile.mkstemp
    def mkstemp(dir, prefix, suffix):
        if prefix == f".{full_at}.":
            raise OSError(28, "No space left on device", f"{dir}/{full_at}")
        return made(dir=dir, prefix=prefix, suffix=suffix)
    files.tempfile.mkstemp = mkstemp
sys.exit(cli.main(sys.argv[1:]))
"""


def export_with(db: Path, out: Path, *flags: str) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-c", EXPORT_WITH, *flags, "--db", str(db), "export", "--all", "-o", f"{out}/"]
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_export_in_batches_written_by_children_gives_the_same_files_in_the_same_order(db: Path, tmp_path: Path):
    # One session per batch: every file is written by a forked child while the next is read.
    assert secsc("import", *map(str, SAMPLES), db=db).returncode == 0
    forked, here = export_with(db, tmp_path / "forked"), export_with(db, tmp_path / "here", "--in-parent")
    assert forked.returncode == here.returncode == 0, forked.stderr + here.stderr
    assert forked.stderr.replace("/forked/", "/here/") == here.stderr
    assert forked.stderr.count("exported:") == len(SAMPLES)
    files = sorted(p.name for p in (tmp_path / "here").iterdir())
    assert sorted(p.name for p in (tmp_path / "forked").iterdir()) == files
    for name in files:
        assert (tmp_path / "forked" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


@pytest.mark.parametrize("where", [(), ("--in-parent",)], ids=["forked", "in-parent"])
def test_a_full_disk_in_a_batch_stops_the_export_with_a_message(db: Path, tmp_path: Path, where: tuple[str, ...]):
    assert secsc("import", *map(str, SAMPLES), db=db).returncode == 0
    order = [line.split(" -> ")[1] for line in export_with(db, tmp_path / "first", *where).stderr.splitlines()]
    out = tmp_path / "out"
    run = export_with(db, out, "--fail-at", Path(order[2]).name, *where)  # the third file
    assert run.returncode == 1
    assert run.stderr.count("exported:") == 2
    assert "No space left on device" in run.stderr and "Traceback" not in run.stderr
    assert len(list(out.iterdir())) == 2  # no third file, no fourth, no temporary file left


def test_ctrl_c_during_a_forked_export_leaves_whole_files_only(db: Path, tmp_path: Path):
    # Ctrl+C in a terminal reaches the whole foreground group: the parent reading and the
    # child writing. Batches of one session, so that the export is still going when it comes.
    text = next(p for p in SAMPLES if p.name == "paper-example-en.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    total = 60
    for i in range(total):
        (folder / f"team-{i:04d}.yaml").write_text(
            text.replace("id: paper-example-en\n", f"id: team-{i:04d}\n", 1), encoding="utf-8"
        )
    assert secsc("import", str(folder), db=db).returncode == 0
    out = tmp_path / "out"
    program = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n" + EXPORT_WITH
    command = [sys.executable, "-c", program, "--db", str(db), "export", "--all", "-o", f"{out}/"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(command, stderr=subprocess.PIPE, bufsize=0, env=env, start_new_session=True)
    shown = [process.stderr.readline().decode("utf-8") for _ in range(5)]
    assert all(line.startswith("exported: team-") for line in shown), shown
    os.killpg(process.pid, signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    stderr = err.decode("utf-8")
    assert process.returncode == 130, stderr
    assert "secsc: interrupted" in stderr and "Traceback" not in stderr
    written = sorted(out.iterdir())
    assert 5 <= len(written) < total
    assert all(f.suffix == ".yaml" and not f.name.startswith(".") for f in written)  # no temporary file left
    for f in written:
        assert read_sessions_file(f)[0].title  # each file whole
