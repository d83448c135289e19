"""The trainer's command line: collecting team files into a workshop, workshops, results, reports.

Run as a trainer runs it: `secsc` in a subprocess, on real files and a real database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from helpers import empty_database, run_secsc

from secsc_tui.core.model import Participant, Response, Session, Step
from secsc_tui.core.store import Store
from secsc_tui.core.workshop import Workshop
from secsc_tui.core.yaml_io import dump_session

T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def private_data_home(tmp_path: Path, monkeypatch):
    """Never touch the user's real default database."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("SECSC_DB", raising=False)


secsc = run_secsc


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An empty database at the current schema (creating one is tested in test_store_open)."""
    return empty_database(tmp_path / "trainer.sqlite3")


def team(
    session_id: str,
    title: str,
    ratings=(),
    *,
    participants: int | None = None,
    date: dt.date | None = None,
    revision: int = 0,
) -> Session:
    s = Session(id=session_id, title=title, created=T0, updated=T0, revision=revision)
    s.people.participants = [Participant(id="p-1", name="Sato", layer="executive")]
    s.evaluation.participants = participants
    s.evaluation.date = date
    s.evaluation.responses = [
        Response(id=f"r-{i}", respondent=who, usefulness=u, availability=a, comment=comment)
        for i, (who, u, a, comment) in enumerate(ratings)
    ]
    return s


def write(path: Path, *sessions: Session) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n".join(dump_session(s) for s in sessions), encoding="utf-8")
    return path


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr


# -- collecting a folder of team files ------------------------------------------------


def test_collect_a_folder_with_good_bad_and_duplicate_files(db: Path, tmp_path: Path):
    folder = tmp_path / "teams"
    write(folder / "a-team-a.yaml", team("team-a", "Team A"))
    write(folder / "b-team-b.yaml", team("team-b", "Team B"))
    # Bad in several ways: not YAML, a rating out of range, an unknown key, empty.
    (folder / "c-broken.yaml").write_text("schema_version: 1\nid: [unclosed\n", encoding="utf-8")
    out_of_range = dump_session(team("team-c", "Team C", [("X", 3, 4, "")])).replace("usefulness: 3", "usefulness: 7")
    (folder / "d-rating.yaml").write_text(out_of_range, encoding="utf-8")
    unknown = dump_session(team("team-d", "Team D")).replace("title: Team D", "title: Team D\nscore: 3")
    (folder / "e-unknown-key.yaml").write_text(unknown, encoding="utf-8")
    (folder / "f-empty.yaml").write_text("", encoding="utf-8")
    # The same session handed in twice: a later copy of Team A (changed), and a file that has it too.
    write(folder / "g-team-a-again.yaml", team("team-a", "Team A (second copy)"))
    write(folder / "h-two-teams.yaml", team("team-e", "Team E"), team("team-b", "Team B"))
    (folder / "notes.txt").write_text("not a team file\n", encoding="utf-8")  # not .yaml: not read

    result = secsc("import", "--workshop", "Nagoya 2025", str(folder), db=db)
    no_traceback(result)
    assert result.returncode == 1  # not every file was imported
    err = result.stderr
    assert "workshop: 'Nagoya 2025' did not exist: created it" in err
    assert re.findall(r"^added: (\S+)", result.stdout, re.M) == ["team-b", "team-e"]
    assert f"refused: {folder / 'c-broken.yaml'}" in err and "line" in err
    assert f"refused: {folder / 'd-rating.yaml'}" in err and "evaluation.responses[0].usefulness" in err
    assert f"refused: {folder / 'e-unknown-key.yaml'}" in err and "score" in err
    assert f"refused: {folder / 'f-empty.yaml'}" in err and "empty" in err
    # Two copies of Team A that differ, with no history to tell which is newer: both refused.
    assert f"conflict: session 'team-a' was also changed in {folder / 'g-team-a-again.yaml'}: both changed" in err
    assert f"conflict: session 'team-a' was also changed in {folder / 'a-team-a.yaml'}" in err
    # Team B twice, the same: imported once, from the first file.
    assert f"note: {folder / 'h-two-teams.yaml'}: session 'team-b' is the same in {folder / 'b-team-b.yaml'}" in err
    assert "summary: 2 added, 2 conflicts, 4 refused" in err
    # The recap names every file that was not imported, with the reason (and its line), one line each.
    recap = err[err.index("not imported (6 files):") :]
    for name in ("a-team-a", "c-broken", "d-rating", "e-unknown-key", "f-empty", "g-team-a-again"):
        assert f"{folder / name}.yaml: " in recap
    assert re.search(
        re.escape(f"{folder / 'd-rating.yaml'}: line ") + r"\d+, evaluation\.responses\[0\]\.usefulness: ", recap
    )
    assert "workshop 'Nagoya 2025' now has 2 sessions" in err
    assert "notes.txt" not in err + result.stdout

    listed = json.loads(secsc("list", "--workshop", "nagoya 2025", "--format", "json", db=db).stdout)
    assert sorted(s["id"] for s in listed) == ["team-b", "team-e"]

    # Fixed files are collected on a second run into the same workshop (found by name, any case).
    (folder / "c-broken.yaml").unlink()
    write(folder / "d-rating.yaml", team("team-c", "Team C"))
    write(folder / "e-unknown-key.yaml", team("team-d", "Team D"))
    for name in ("f-empty", "g-team-a-again", "h-two-teams"):
        (folder / f"{name}.yaml").unlink()
    again = secsc("import", "--workshop", "NAGOYA 2025", str(folder), db=db)
    assert again.returncode == 0, again.stderr
    assert "workshop: importing into 'Nagoya 2025'" in again.stderr
    assert "summary: 3 added, 1 unchanged" in again.stderr
    assert "not imported" not in again.stderr
    assert "workshop 'Nagoya 2025' now has 5 sessions" in again.stderr


def test_a_collect_that_imports_nothing_creates_no_workshop(db: Path, tmp_path: Path):
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "broken.yaml").write_text("schema_version: 1\nid: [unclosed\n", encoding="utf-8")
    result = secsc("import", "--workshop", "Kyoto", str(tmp_path / "teams"), db=db)
    assert result.returncode == 1
    assert "nothing was imported, so no workshop 'Kyoto' was created" in result.stderr
    assert json.loads(secsc("workshops", "--format", "json", db=db).stdout) == []


def test_two_rounds_of_collecting(db: Path, tmp_path: Path):
    """A trainer's day: teams export, the trainer collects, teams go on, files get corrected and copied."""
    teams = {i: empty_database(tmp_path / f"team{i}.sqlite3") for i in (1, 2, 3, 4, 5)}
    for i, path in teams.items():
        with Store.open(path) as store:
            store.create(team(f"t{i}", f"Team {i}"))
    folder = tmp_path / "collected"
    folder.mkdir()

    def export(i: int, name: str) -> Path:
        assert secsc("export", f"t{i}", "-o", str(folder / name), db=teams[i]).returncode == 0
        return folder / name

    def team_edit(i: int, title: str) -> None:
        with Store.open(teams[i]) as store:
            store.save(store.get(f"t{i}").model_copy(update={"title": title}))

    for i in teams:
        export(i, f"t{i}.yaml")
    first = secsc("import", "--workshop", "Nagoya", str(folder), db=db)
    assert first.returncode == 0, first.stderr
    assert "summary: 5 added" in first.stderr

    # Round two. Team 1 worked on and exported again (a newer file).
    team_edit(1, "Team 1, afternoon")
    export(1, "t1.yaml")
    # Team 2's file corrected by hand in a text editor.
    t2 = folder / "t2.yaml"
    t2.write_text(t2.read_text("utf-8").replace("title: Team 2", "title: Team 2 (corrected)"), "utf-8")
    # Team 3: a stale copy of the morning's file left beside the newer one.
    (folder / "t3 - コピー.yaml").write_text((folder / "t3.yaml").read_text("utf-8"), "utf-8")
    team_edit(3, "Team 3, afternoon")
    export(3, "t3.yaml")
    # Team 4: the trainer fixed a typo in the database, and the team changed its copy too.
    with Store.open(db) as trainer:
        trainer.save(trainer.get("t4").model_copy(update={"title": "Team 4 (trainer's fix)"}))
    team_edit(4, "Team 4, afternoon")
    export(4, "t4.yaml")
    # Team 5: two copies of its file, each corrected differently by hand.
    t5 = (folder / "t5.yaml").read_text("utf-8")
    (folder / "t5.yaml").write_text(t5.replace("title: Team 5", "title: Team 5 (Sato's fix)"), "utf-8")
    (folder / "t5 (1).yaml").write_text(t5.replace("title: Team 5", "title: Team 5 (Ito's fix)"), "utf-8")

    second = secsc("import", "--workshop", "Nagoya", str(folder), db=db)
    no_traceback(second)
    print(second.stdout + second.stderr)  # the summary a trainer sees (pytest -s shows it)
    assert second.returncode == 1  # Team 4 is a conflict
    out, err = second.stdout, second.stderr
    assert re.search(
        r"^updated: t1  Team 1, afternoon .*the file \(descending from the database's version\) "
        r"is newer$",
        out,
        re.M,
    )
    assert re.search(r"^updated: t2  Team 2 \(corrected\) .*corrected by hand after export", out, re.M)
    assert re.search(r"^updated: t3  Team 3, afternoon", out, re.M)
    assert f"skipped: {folder / 't3 - コピー.yaml'}: session 't3' is newer in {folder / 't3.yaml'}" in err
    assert "conflict: t4: both changed the same fields since their last common version" in err  # only the title
    assert 'title: database "Team 4 (trainer\'s fix)", file "Team 4, afternoon"' in err
    assert f"conflict: session 't5' was also changed in {folder / 't5.yaml'}: both changed" in err
    assert f"conflict: session 't5' was also changed in {folder / 't5 (1).yaml'}: both changed" in err
    assert "summary: 3 updated, 1 skipped, 3 conflicts" in err
    listed = {s["id"]: s["title"] for s in json.loads(secsc("list", "--format", "json", db=db).stdout)}
    assert listed == {
        "t1": "Team 1, afternoon",
        "t2": "Team 2 (corrected)",
        "t3": "Team 3, afternoon",
        "t4": "Team 4 (trainer's fix)",
        "t5": "Team 5",
    }

    # With one of Team 5's copies taken away, collecting again changes nothing else; --force takes Team 4's file.
    (folder / "t5 (1).yaml").unlink()
    third = secsc("import", "--workshop", "Nagoya", "--force", str(folder), db=db)
    assert third.returncode == 0, third.stderr
    assert "summary: 2 updated, 3 unchanged, 1 skipped" in third.stderr
    assert re.search(r"^updated: t4 .*overwrote the database's version", third.stdout, re.M)


def test_a_collected_file_that_diverged_in_other_fields_merges(db: Path, tmp_path: Path):
    """The trainer fixed the title in the database, the team wrote its goal in the file: both are kept."""
    team_db = empty_database(tmp_path / "team.sqlite3")
    with Store.open(team_db) as store:
        store.create(team("t1", "Team 1"))
    file = tmp_path / "t1.yaml"
    assert secsc("export", "t1", "-o", str(file), db=team_db).returncode == 0
    assert secsc("import", "--workshop", "Nagoya", str(file), db=db).returncode == 0
    with Store.open(db) as trainer:
        trainer.save(trainer.get("t1").model_copy(update={"title": "Team 1 (trainer's fix)"}))
    with Store.open(team_db) as store:
        held = store.get("t1")
        held.strategic_goal.title = "Keep the line running"
        store.save(held)
    assert secsc("export", "t1", "-o", str(file), db=team_db).returncode == 0

    again = secsc("import", "--workshop", "Nagoya", str(file), db=db)
    no_traceback(again)
    assert again.returncode == 0, again.stderr
    assert re.search(r"^updated: t1 .*merged field by field with the database's changes", again.stdout, re.M)
    with Store.open(db) as trainer:
        merged = trainer.get("t1")
    assert (merged.title, merged.strategic_goal.title) == ("Team 1 (trainer's fix)", "Keep the line running")


def test_import_into_a_workshop_usage_and_bad_names(db: Path, tmp_path: Path):
    file = write(tmp_path / "a.yaml", team("team-a", "Team A"))
    blank = secsc("import", "--workshop", "  ", str(file), db=db)
    assert blank.returncode == 1 and "a workshop needs a name" in blank.stderr
    no_traceback(blank)
    long_name = secsc("import", "--workshop", "x" * 600, str(file), db=db)
    assert long_name.returncode == 1 and "not a usable workshop name" in long_name.stderr
    no_traceback(long_name)
    assert json.loads(secsc("workshops", "--format", "json", db=db).stdout) == []
    assert secsc("import", "--workshop", db=db).returncode == 2  # --workshop without a name


# -- workshops and list ---------------------------------------------------------------


def test_workshops_listing(db: Path, tmp_path: Path):
    empty = secsc("workshops", db=db)
    assert empty.returncode == 0 and empty.stdout == ""
    assert "No workshops yet" in empty.stderr
    assert (
        secsc(
            "import",
            "--workshop",
            "名古屋 2025",
            str(write(tmp_path / "a.yaml", team("t-a", "A"))),
            str(write(tmp_path / "b.yaml", team("t-b", "B"))),
            db=db,
        ).returncode
        == 0
    )
    assert (
        secsc("import", "--workshop", "Tokyo", str(write(tmp_path / "c.yaml", team("t-c", "C"))), db=db).returncode == 0
    )
    table = secsc("workshops", db=db)
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["NAME", "DATE", "VENUE", "TRAINER", "SESSIONS"]
    # No dates: by name. Sessions counted.
    assert [line.split()[0] for line in lines[1:]] == ["Tokyo", "名古屋"]
    assert lines[1].split()[-1] == "1" and lines[2].split()[-1] == "2"
    rows = json.loads(secsc("workshops", "--format", "json", db=db).stdout)
    assert [(w["name"], w["sessions"]) for w in rows] == [("Tokyo", 1), ("名古屋 2025", 2)]
    tsv = secsc("workshops", "--format", "tsv", db=db).stdout.splitlines()
    assert tsv[0] == "name\tdate\tvenue\ttrainer\tsessions\tdate_from_teams" and tsv[2] == "名古屋 2025\t\t\t\t2\t"

    listed = secsc("list", "--workshop", "Tokyo", db=db)
    assert listed.returncode == 0 and "t-c" in listed.stdout and "t-a" not in listed.stdout
    unknown = secsc("list", "--workshop", "Kyoto", db=db)
    assert unknown.returncode == 1
    assert "no workshop named 'Kyoto'; the workshops are: 'Tokyo', '名古屋 2025'" in unknown.stderr
    no_traceback(unknown)


def test_workshop_set_and_the_dates_workshops_and_results_show(db: Path, tmp_path: Path):
    with Store.open(db) as store:
        for wid, name in (("w-a", "Autumn"), ("w-b", "Beta"), ("w-c", "Cedar")):
            store.create_workshop(Workshop(id=wid, name=name, created=T0, updated=T0))
        store.import_sessions([team("t-1", "One", date=dt.date(2025, 9, 1))], workshop_id="w-b")
    changed = secsc(
        "workshop",
        "set",
        "autumn",
        "--date",
        "2025-10-02",
        "--venue",
        "名古屋",
        "--trainer",
        "Mori",
        "--participants",
        "31",
        "--agenda",
        "scorecard=60,6=25",
        db=db,
    )
    assert changed.returncode == 0, changed.stderr
    assert "workshop 'Autumn': date 2025-10-02, venue 名古屋, trainer Mori, participants 31" in changed.stderr
    with Store.open(db) as store:
        autumn = store.get_workshop("w-a")
    assert (
        autumn.venue,
        autumn.participants,
        autumn.minutes_for(Step.SCORECARD),
        autumn.minutes_for(Step.STRATEGY_MAP),
        autumn.minutes_for(Step.CONTEXT),
    ) == ("名古屋", 31, 60, 25, 15)
    assert secsc("workshop", "set", "Autumn", "--participants", "", db=db).returncode == 0
    bad = secsc("workshop", "set", "Autumn", "--agenda", "lunch=60", db=db)
    assert bad.returncode == 2 and "'lunch=60' is not STEP=MINUTES" in bad.stderr
    assert secsc("workshop", "set", "Autumn", db=db).returncode == 2
    assert secsc("workshop", "set", "Nowhere", "--venue", "x", db=db).returncode == 1

    # Beta has no date of its own: both commands show the one its results use.
    table = secsc("workshops", db=db).stdout.splitlines()
    assert [line.split()[:2] for line in table[1:4]] == [
        ["Autumn", "2025-10-02"],
        ["Beta", "2025-09-01*"],
        ["Cedar", "–"],
    ]
    assert table[4].startswith("* from the teams' evaluation dates")
    results = secsc("results", "--all", db=db).stdout.splitlines()
    # Oldest first by the date each row shows; no date at all last.
    assert [line.split()[:2] for line in results[1:4]] == [
        ["Beta", "2025-09-01"],
        ["Autumn", "2025-10-02"],
        ["Cedar", "–"],
    ]


# -- results ------------------------------------------------------------------------


def results_fixture(db: Path, tmp_path: Path) -> None:
    """Two teams whose ratings give hand-computable figures.

    usefulness 5, 4, 5, 4, 3 -> 21/5 = 4.2; availability 4, 4, 3, 2, 5 -> 18/5 = 3.6;
    six responses with at least one rating; participants 7 + 5 = 12; earliest date 2025-08-26.
    """
    a = team(
        "team-a",
        "Team A",
        [("佐藤", 5, 4, "Great — 素晴らしい"), ("", 4, 4, ""), ("Kim", 5, 3, "clear")],
        participants=7,
        date=dt.date(2025, 8, 27),
    )
    b = team(
        "team-b",
        "Team B",
        [("", 4, None, ""), ("Lee", None, 2, "too long"), ("", 3, 5, "")],
        participants=5,
        date=dt.date(2025, 8, 26),
    )
    # Set up in this process (faster); the commands under test run in a subprocess.
    with Store.open(db) as store:
        store.create_workshop(Workshop(id="w-nagoya", name="Nagoya 2025", created=T0, updated=T0))
        store.import_sessions([a, b], workshop_id="w-nagoya")


def test_results_table_figures(db: Path, tmp_path: Path):
    results_fixture(db, tmp_path)
    result = secsc("results", "nagoya 2025", db=db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "WORKSHOP",
        "DATE",
        "PARTICIPANTS",
        "RATINGS",
        "USEFULNESS",
        "AVG",
        "AVAILABILITY",
        "AVG",
    ]
    assert lines[1].split() == ["Nagoya", "2025", "2025-08-26", "12", "6", "4.2", "3.6"]

    def distribution(label: str) -> list[tuple[str, int, int]]:
        start = next(i for i, line in enumerate(lines) if line.startswith(label))
        out = []
        for line in lines[start + 1 : start + 6]:
            match = re.fullmatch(r"  ([1-5]) (█*) ?(\d+)", line)
            assert match, line
            out.append((match[1], len(match[2]), int(match[3])))
        return out

    usefulness = distribution("Usefulness (5 ratings")
    assert [(v, n) for v, _, n in usefulness] == [("5", 2), ("4", 2), ("3", 1), ("2", 0), ("1", 0)]
    availability = distribution("Availability (5 ratings")
    assert [(v, n) for v, _, n in availability] == [("5", 1), ("4", 2), ("3", 1), ("2", 1), ("1", 0)]
    # Bars are proportional to the counts (the longest is the largest count), none for zero.
    bars = {n: width for _, width, n in usefulness + availability}
    assert bars[0] == 0 and 0 < bars[1] < bars[2] and bars[2] == 30

    comments = lines[lines.index("Comments (3)") + 1 :]
    assert comments[0].split() == ["TEAM", "RESPONDENT", "COMMENT"]
    assert [re.split(r"\s{2,}", line.strip()) for line in comments[1:]] == [
        ["Team A", "佐藤", "Great — 素晴らしい"],
        ["Team A", "Kim", "clear"],
        ["Team B", "Lee", "too long"],
    ]


def test_results_csv_for_spreadsheets(db: Path, tmp_path: Path):
    results_fixture(db, tmp_path)
    raw = secsc("results", "Nagoya 2025", "--format", "csv", db=db, text=False)
    assert raw.returncode == 0, raw.stderr
    data = raw.stdout
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads Japanese correctly
    assert data.count(b"\r\n") == 2 and data.endswith(b"\r\n")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [
        {
            "workshop": "Nagoya 2025",
            "date": "2025-08-26",
            "participants": "12",
            "ratings": "6",
            "usefulness_avg": "4.2",
            "availability_avg": "3.6",
            "usefulness_1": "0",
            "usefulness_2": "0",
            "usefulness_3": "1",
            "usefulness_4": "2",
            "usefulness_5": "2",
            "availability_1": "0",
            "availability_2": "1",
            "availability_3": "1",
            "availability_4": "2",
            "availability_5": "1",
            "teams": "2",
        }
    ]
    # To a file, and several workshops: one row each.
    assert (
        secsc("import", "--workshop", "Empty day", str(write(tmp_path / "x.yaml", team("t-x", "X"))), db=db).returncode
        == 0
    )
    out = tmp_path / "table1.csv"
    written = secsc("results", "Nagoya 2025", "Empty day", "--format", "csv", "-o", str(out), db=db)
    assert written.returncode == 0 and f"wrote: {out}" in written.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows] == ["workshop", "Nagoya 2025", "Empty day"]
    assert rows[2][1:6] == ["", "1", "0", "", ""]  # no date, 1 listed participant, no ratings, no averages


def test_results_errors(db: Path, tmp_path: Path):
    assert secsc("results", db=db).returncode == 2
    missing = secsc("results", "Nowhere", db=db)
    assert missing.returncode == 1 and "no workshop named 'Nowhere': there are no workshops yet" in missing.stderr
    no_traceback(missing)
    assert secsc("results", "x", "--format", "pdf", db=db).returncode == 2
    results_fixture(db, tmp_path)
    bad_target = secsc("results", "Nagoya 2025", "-o", str(tmp_path / "no" / "dir" / "r.csv"), db=db)
    assert bad_target.returncode == 1 and "does not exist" in bad_target.stderr


# -- reports ------------------------------------------------------------------------


def test_report_of_a_workshop_in_each_format(db: Path, tmp_path: Path):
    results_fixture(db, tmp_path)
    for fmt in ("md", "html", "xlsx", "csv"):
        out = tmp_path / f"report.{fmt}"
        result = secsc("report", "--workshop", "Nagoya 2025", "--format", fmt, "-o", str(out), db=db)
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0 and f"wrote: {out}" in result.stderr
        if fmt == "xlsx":
            assert out.read_bytes().startswith(b"PK")
    assert not list(tmp_path.glob(".report.*.tmp-*"))  # written atomically, nothing left over


def test_report_of_sessions_stdout_default_name_and_errors(db: Path, tmp_path: Path):
    results_fixture(db, tmp_path)
    to_stdout = secsc("report", "team-a", "--format", "md", "-o", "-", db=db, text=False)
    assert to_stdout.returncode == 0 and len(to_stdout.stdout) > 0
    by_suffix = secsc("report", "team-a", "team-b", "-o", str(tmp_path / "two.html"), db=db)
    assert by_suffix.returncode == 0 and (tmp_path / "two.html").stat().st_size > 0
    default = secsc("report", "team-", "--format", "html", db=db, cwd=tmp_path)
    assert default.returncode == 1 and "ambiguous" in default.stderr  # a prefix must be unique
    default = secsc("report", "team-a", "--format", "html", db=db, cwd=tmp_path)
    assert default.returncode == 0, default.stderr
    written = Path(re.search(r"wrote: (.+) \(", default.stderr)[1])
    assert (tmp_path / written).exists() and written.suffix == ".html"
    folder = secsc("report", "--workshop", "Nagoya 2025", "--format", "xlsx", "-o", f"{tmp_path}/", db=db)
    assert folder.returncode == 0 and re.search(r"wrote: .+\.xlsx", folder.stderr)

    assert secsc("report", "--format", "md", db=db).returncode == 2  # nothing to report
    assert secsc("report", "team-a", db=db).returncode == 2  # no format
    assert secsc("report", "team-a", "--workshop", "x", "--format", "md", db=db).returncode == 2
    unknown = secsc("report", "zzz", "--format", "md", db=db)
    assert unknown.returncode == 1 and "zzz" in unknown.stderr
    no_workshop = secsc("report", "--workshop", "Kyoto", "--format", "md", db=db)
    assert no_workshop.returncode == 1 and "the workshops are: 'Nagoya 2025'" in no_workshop.stderr
    for result in (unknown, no_workshop):
        no_traceback(result)


def test_help_for_the_trainer_commands():
    for command in ("workshops", "results", "report", "import", "list"):
        result = secsc(command, "--help")
        assert result.returncode == 0
        assert f"secsc {command}" in result.stdout
    assert "--workshop" in secsc("import", "--help").stdout


def test_report_csv_of_kpis_or_actions(db: Path, tmp_path: Path):
    import shutil

    from secsc_tui.resources import sample_sessions_dir

    sample = tmp_path / "paper.yaml"
    shutil.copy(sample_sessions_dir() / "paper-example-en.yaml", sample)
    assert secsc("import", str(sample), db=db).returncode == 0
    [session_id] = [line.split()[0] for line in secsc("list", db=db).stdout.splitlines()[1:]]

    def rows(*what: str) -> list[list[str]]:
        result = secsc("report", session_id, "--format", "csv", *what, "-o", "-", db=db, text=False)
        assert result.returncode == 0, result.stderr
        return list(csv.reader(io.StringIO(result.stdout.decode("utf-8-sig"))))

    kpis, actions = rows("--what", "kpis"), rows()
    assert kpis[0][3:6] == ["Label", "KPI", "Direction"] and actions[0][3:5] == ["Label", "Action"]
    assert any(r[3] == "F-K1" and r[4] == "SOC→CSIRT reporting time" and r[6] == "60" for r in kpis[1:])
    assert len(actions) > 1 and all(r[3].split("-")[1].startswith("A") for r in actions[1:])
    bad = secsc("report", session_id, "--format", "csv", "--what", "goals", "-o", "-", db=db)
    assert bad.returncode == 2 and "--what" in bad.stderr
