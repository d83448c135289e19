"""The command line against hostile files and bad luck: a message and exit 1, never a traceback.

Run as a user runs it: `secsc` in a subprocess, on real files and real SQLite databases.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import empty_database, run_secsc

from secsc_tui.resources import sample_session_files

SAMPLE = next(p for p in sample_session_files() if p.stem == "paper-example-en")


@pytest.fixture(autouse=True)
def private_data_home(tmp_path: Path, monkeypatch):
    """Never touch the user's real default database."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("SECSC_DB", raising=False)


secsc = functools.partial(run_secsc, errors="replace", timeout=120)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An empty database at the current schema (creating one is tested in test_store_open)."""
    return empty_database(tmp_path / "cli.sqlite3")


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
    "revision": (
        "revision: 1\n",
        "revision: 9223372036854775808\n",
        "revision: expected a whole number from 0 to 9,007,199,254,740,991, found 9223372036854775808",
    ),
    "participants": (
        "  participants: 31\n",
        "  participants: 9223372036854775808\n",
        "evaluation.participants: expected a whole number from 0 to 9,007,199,254,740,991",
    ),
    "created late": (
        "created: 2025-08-26T00:30:00Z\n",
        "created: 9999-12-31T23:59:59-05:00\n",
        "created: the date and time is out of range",
    ),
    "created early": (
        "created: 2025-08-26T00:30:00Z\n",
        "created: 0001-01-01T00:00:00+05:00\n",
        "created: the date and time is out of range",
    ),
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


# -- nothing from outside drives the terminal (item 2) ---------------------------------------------

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\ufeff]")


def assert_terminal_safe(*outputs: str) -> None:
    for output in outputs:
        found = RAW_CONTROL.search(output)
        assert found is None, f"raw {found.group()!r} in {output!r}"


QUOTED_VALUES = {
    "id": ("id: paper-example-en\n", 'id: "x\\e]0;pwned\\a"\n', "'x\\x1b]0;pwned\\x07' is not a valid id"),
    "enum": ("language: en\n", 'language: "\\e[2J"\n', "found '\\x1b[2J'"),
    "unknown key": ("language: en\n", 'language: en\n"\\e[2Jkey\\x9b": 1\n', "unknown key '\\x1b[2Jkey\\x9b'"),
    "number as text": ("revision: 1\n", 'revision: "1\\e[2J"\n', "found text '1\\x1b[2J'"),
}


@pytest.mark.parametrize("case", list(QUOTED_VALUES))
def test_values_quoted_by_an_error_are_escaped(case: str, tmp_path: Path, db: Path):
    old, new, shown = QUOTED_VALUES[case]
    file = tmp_path / "team.yaml"
    file.write_text(SAMPLE.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    for command in ("validate", "import"):
        result = secsc(command, str(file), db=db)
        assert result.returncode == 1
        assert shown in result.stderr
        assert_terminal_safe(result.stdout, result.stderr)


def test_file_names_are_escaped_and_cannot_forge_a_line(tmp_path: Path, db: Path):
    folder = tmp_path / "teams"
    folder.mkdir()
    names = {"esc": "a\x1b[31m\x07.yaml", "c1": "b\x9b2J.yaml", "newline": "c\nadded: forged.yaml"}
    for i, name in enumerate(names.values()):
        (folder / name).write_text(sample_with("title: ", "title: ", session_id=f"team-{i}"), encoding="utf-8")

    validated = secsc("validate", str(folder))
    imported = secsc("import", str(folder), db=db)
    for result in (validated, imported):
        assert result.returncode == 0, result.stderr
        assert_terminal_safe(result.stdout, result.stderr)
    assert "a\\x1b[31m\\x07.yaml" in validated.stdout
    assert "b\\x9b2J.yaml" in validated.stdout
    assert [line.split()[1] for line in imported.stdout.splitlines()] == ["team-0", "team-1", "team-2"]
    assert "c\\nadded: forged.yaml" in imported.stdout
    assert not any(line.startswith("added: forged") for line in imported.stdout.splitlines())


def test_argparse_messages_are_escaped():
    result = secsc("list", "x\x1b[2J")
    assert result.returncode == 2
    assert "x\\x1b[2J" in result.stderr
    assert_terminal_safe(result.stderr)


def test_list_neutralises_bidi_and_invisible_characters_but_keeps_the_data(tmp_path: Path, db: Path):
    title = "Invoice \u202eexe.pdf\u202c ad\u200bmin 👩\u200d💻 team"
    file = tmp_path / "team.yaml"
    file.write_text(sample_with("title: Security Scorecard", f'title: "{title}" #'), encoding="utf-8")
    assert secsc("import", str(file), db=db).returncode == 0

    table = secsc("list", db=db).stdout
    tsv = secsc("list", "--format", "tsv", db=db).stdout
    raw_json = secsc("list", "--format", "json", db=db).stdout
    assert_terminal_safe(table, tsv, raw_json)
    for shown in (table, tsv):
        assert "Invoice \\u202eexe.pdf\\u202c ad\\u200bmin" in shown
        assert "👩\u200d💻" in shown  # an emoji sequence stays one emoji
    assert json.loads(raw_json)[0]["title"] == title
    # The data itself stays as written.
    exported = secsc("export", "paper-example-en", db=db).stdout
    assert f'"{title}"' in exported or title in exported


# -- CSV for spreadsheets: formulas are shown, never run (item 4) ------------------------------------


def test_results_csv_protects_against_formula_injection(tmp_path: Path, db: Path):
    name = '=HYPERLINK("http://evil","x")'
    file = tmp_path / "team.yaml"
    file.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert secsc("import", "--workshop", name, str(file), db=db).returncode == 0
    out = tmp_path / "table1.csv"
    result = secsc("results", name, "--format", "csv", "-o", str(out), db=db)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[1][0] == "'" + name
    assert rows[1][2:4] == ["31", "11"]  # numbers stay numbers


# -- files written: private stays private (items 6, 7) -----------------------------------------------


def test_export_and_report_over_a_private_file_keep_it_private(tmp_path: Path, db: Path):
    assert secsc("import", str(SAMPLE), db=db).returncode == 0
    for args in (["export", "paper-example-en"], ["report", "paper-example-en", "--format", "md"]):
        target = tmp_path / f"private-{args[0]}"
        target.write_text("old")
        target.chmod(0o600)
        result = secsc(*args, "-o", str(target), db=db)
        assert result.returncode == 0, result.stderr
        assert target.read_text(encoding="utf-8") != "old"
        assert target.stat().st_mode & 0o777 == 0o600
    assert db.stat().st_mode & 0o777 == 0o600


# -- faults outside the input files: a message and exit 1 (item 8) ------------------------------------


@pytest.mark.parametrize(
    ("url", "said"),
    [
        # psycopg is installed (the postgres extra): the host cannot be found.
        ("postgresql+psycopg://alice:s3cret@db.example/x", "could not open the database"),
        ("postgresql+pg8000://alice:s3cret@db.example/x", "is not installed"),
        ("mysql://alice:s3cret@db.example/x", "is not installed"),
        ("postgresql://alice:s3cret@db.example:notaport/x", "alice:***@db.example"),
    ],
)
def test_a_database_url_that_cannot_be_used_is_a_message_without_the_password(url: str, said: str):
    result = secsc("list", db=url)
    assert result.returncode == 1
    no_traceback(result)
    assert "s3cret" not in result.stderr
    assert "alice:***@db.example" in result.stderr
    assert said in result.stderr


def test_a_path_component_over_255_characters(tmp_path: Path, db: Path):
    long = tmp_path / ("x" * 300)
    assert secsc("import", str(SAMPLE), db=db).returncode == 0
    for args, where in [
        (["list", "--db", f"{long}/db.sqlite3"], None),
        (["validate", f"{long}.yaml"], None),
        (["import", f"{long}.yaml"], db),
        (["export", "--all", "-o", f"{long}.yaml"], db),
        (["report", "paper-example-en", "--format", "md", "-o", f"{long}.md"], db),
        (["results", "--all", "-o", f"{long}.txt"], db),
    ]:
        result = secsc(*args, db=where)
        assert result.returncode == 1, (args, result.stderr)
        no_traceback(result)
        assert "File name too long" in result.stderr, (args, result.stderr)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_that_cannot_be_written(tmp_path: Path, db: Path):
    folder = tmp_path / "teams"
    folder.mkdir()
    (folder / "a.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert secsc("import", "--workshop", "W", str(folder), db=db).returncode == 0
    for args in (
        ["list"],
        ["list", "--format", "json"],
        ["workshops"],
        ["schema"],
        ["validate", str(SAMPLE)],
        ["results", "W"],
        ["report", "--workshop", "W", "--format", "md", "-o", "-"],
        ["export", "--all"],
    ):
        with open("/dev/full", "w") as full:
            result = secsc(*args, db=db, stdout=full)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.strip().splitlines()[-1] == (
            "secsc: error: could not write the output: No space left on device"
        ), (args, result.stderr)
        no_traceback(result)


# -- smaller ones (item 9) ------------------------------------------------------------------------------


def test_ctrl_c_during_an_import_says_what_was_imported(tmp_path: Path, db: Path):
    folder = tmp_path / "teams"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    total = 400
    for i in range(total):
        (folder / f"team-{i:04d}.yaml").write_text(
            text.replace("id: paper-example-en\n", f"id: team-{i:04d}\n", 1), encoding="utf-8"
        )
    assert secsc("list", db=db).returncode == 0  # the database exists before the import starts

    # secsc itself, with batches of 10 sessions instead of 100, so that the import is still
    # writing when Ctrl+C comes however late a loaded machine lets this test send it; and with
    # Ctrl+C handled as in a terminal even if the tests were started as a background job
    # (a shell starts those with SIGINT ignored, and Python then leaves it ignored).
    program = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "import secsc_tui.core.exchange as exchange; exchange.BATCH_SESSIONS = 10; "
        "from secsc_tui.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    command = [sys.executable, "-c", program, "--db", str(db), "import", str(folder)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    # Unbuffered: the lines of a whole batch arrive at once, and communicate() would not see
    # those a buffered readline had already taken in.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0, env=env)
    shown = [process.stdout.readline().decode("utf-8") for _ in range(5)]
    assert all(line.startswith("added: team-") for line in shown), shown
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    rest, stderr = out.decode("utf-8"), err.decode("utf-8")
    assert process.returncode == 130, stderr
    no_traceback(subprocess.CompletedProcess(command, 130, "", stderr))

    added = [line for line in shown + rest.splitlines() if line.startswith("added: ")]
    stored = json.loads(secsc("list", "--format", "json", db=db).stdout)
    assert 5 <= len(added) < total
    assert sorted(s["id"] for s in stored) == sorted(line.split()[1] for line in added)
    assert f"summary: {len(added)} added" in stderr
    assert f"secsc: interrupted after {len(added)} of {total} files" in stderr
    assert f"the other {total - len(added)} were not imported" in stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "", "list"],
        ["list", "--db", ""],
        ["--db=", "list"],
        ["--db", "-", "list"],
        ["--db=-"],
        ["--db", ""],
        ["import", "--db", "-", "x.yaml"],
    ],
)
def test_an_empty_or_dash_database_is_a_usage_error(args: list[str], tmp_path: Path):
    result = secsc(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "--db" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no file named "-"
    assert not (tmp_path / "data-home").exists()  # and not the default database either


def test_secsc_db_set_to_a_dash_is_refused(tmp_path: Path):
    result = secsc("list", env={"SECSC_DB": "-"}, cwd=tmp_path)
    assert result.returncode == 1
    assert "'-' is not a database" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_import_refuses_a_damaged_database(tmp_path: Path, db: Path):
    assert secsc("import", str(SAMPLE), db=db).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_session_updated ON session (title)' "
        "WHERE name = 'ix_session_updated'"
    )
    conn.commit()
    conn.close()
    other = tmp_path / "other.yaml"
    other.write_text(sample_with("title: ", "title: ", session_id="another"), encoding="utf-8")
    result = secsc("import", str(other), db=db)
    assert result.returncode == 1
    no_traceback(result)
    assert f"{db} is damaged" in result.stderr and "nothing was written to it" in result.stderr
    assert "another" not in result.stdout
    assert [s["id"] for s in json.loads(secsc("list", "--format", "json", db=db).stdout)] == ["paper-example-en"]
