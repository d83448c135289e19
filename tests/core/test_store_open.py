"""Opening databases: locations, refusals, schema migrations, fixtures, import cost."""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from factories import minimal_session, rich_session
from helpers import migrate_to

from secsc_tui.core.catalogue import entry_data, load_catalogue_text
from secsc_tui.core.model import Perspective, Session, Step
from secsc_tui.core.problems import DatabaseError
from secsc_tui.core.store import Store, default_database_path, resolve_database_url
from secsc_tui.core.store.schema_version import SCHEMA_HEAD, SCHEMA_REVISIONS
from secsc_tui.core.timebox import StepTimer
from secsc_tui.core.upgrade import upgrade
from secsc_tui.core.workshop import Workshop

ROOT = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2025, 8, 26, 9, 0, tzinfo=dt.UTC)
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "db").glob("schema-*.sqlite3"))


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=60,
    )


def version_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def backups_of(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.backup-*.sqlite3"))


# -- where the database is ----------------------------------------------------------------


def test_resolve_paths_and_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SECSC_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert resolve_database_url("rel/db.sqlite3") == f"sqlite:///{tmp_path}/rel/db.sqlite3"
    assert resolve_database_url(tmp_path / "a.sqlite3") == f"sqlite:///{tmp_path}/a.sqlite3"
    assert resolve_database_url(f"sqlite:///{tmp_path}/b.sqlite3") == f"sqlite:///{tmp_path}/b.sqlite3"
    assert resolve_database_url("sqlite://") == "sqlite://"
    assert resolve_database_url("postgresql://u:p@host/db") == "postgresql://u:p@host/db"
    assert resolve_database_url(None) == f"sqlite:///{default_database_path()}"
    monkeypatch.setenv("SECSC_DB", str(tmp_path / "env.sqlite3"))
    assert resolve_database_url(None) == f"sqlite:///{tmp_path}/env.sqlite3"
    assert resolve_database_url("explicit.sqlite3") == f"sqlite:///{tmp_path}/explicit.sqlite3"


def test_memory_is_an_in_memory_database_not_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """ ":memory:" means what it means to sqlite3; it once left a file of that name in the working folder."""
    monkeypatch.chdir(tmp_path)
    for target in (":memory:", " :memory: "):
        with Store.open(target) as store:
            assert store.path is None and store.url == "sqlite://"
            store.create(minimal_session())
            assert [s.id for s in store.list_sessions()] == [minimal_session().id]
    monkeypatch.setenv("SECSC_DB", ":memory:")
    with Store.open() as store:
        assert store.path is None
    assert resolve_database_url("sqlite:///:memory:") == "sqlite:///:memory:"
    assert list(tmp_path.iterdir()) == []


def test_default_path_is_in_the_user_data_dir():
    path = default_database_path()
    assert path.name == "secsc.sqlite3" and path.parent.name == "secsc"


def test_open_creates_missing_folders_and_uses_secsc_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "deep" / "er" / "secsc.sqlite3"
    monkeypatch.setenv("SECSC_DB", str(target))
    with Store.open() as store:
        assert store.path == target and store.url == f"sqlite:///{target}"
        store.create(minimal_session())
    assert version_of(target) == SCHEMA_HEAD
    assert backups_of(target) == []


def test_open_an_empty_file_creates_the_schema(tmp_path: Path):
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with Store.open(path) as store:
        assert store.count_sessions() == 0
    assert version_of(path) == SCHEMA_HEAD


# -- what is refused ----------------------------------------------------------------------


def test_refuses_a_text_file(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    with pytest.raises(DatabaseError, match=r"notes.txt is not a secsc database \(not an SQLite file\)"):
        Store.open(path)
    assert path.read_text() == "just some notes\n"


def test_refuses_a_foreign_sqlite_database_without_touching_it(tmp_path: Path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match=r"other\.db is an SQLite database but not a secsc one"):
        Store.open(path)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_refuses_alembic_database_of_another_app(tmp_path: Path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('abc123')")
    conn.execute("CREATE TABLE users (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="but not a secsc one"):
        Store.open(path)


def test_refuses_a_newer_schema(tmp_path: Path):
    path = tmp_path / "future.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError) as caught:
        Store.open(path)
    assert str(caught.value) == (
        f"{path} was written by a newer version of secsc (database schema 0099, this version "
        f"knows up to {SCHEMA_HEAD}); upgrade secsc or use another database with --db"
    )
    assert version_of(path) == "0099" and backups_of(path) == []


def test_refuses_a_corrupt_sqlite_file(tmp_path: Path):
    path = tmp_path / "broken.sqlite3"
    with Store.open(path) as store:
        store.create(rich_session())
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page, after the valid file header
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match=r"broken\.sqlite3 is a damaged SQLite file.*malformed"):
        Store.open(path)


def test_refuses_a_folder(tmp_path: Path):
    with pytest.raises(DatabaseError, match="is a folder, not a database file"):
        Store.open(tmp_path)


def test_reports_a_folder_that_cannot_be_created(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DatabaseError, match=f"cannot create the folder {blocker}/sub"):
        Store.open(blocker / "sub" / "secsc.sqlite3")


def as_non_root() -> list[str]:
    """The command prefix that runs a child as a user file permissions apply to.

    Root writes through any mode bits, so as root the child runs as ``nobody``
    (through setpriv, which can still start an interpreter installed under
    /root); any other user runs it as itself.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        nobody = None
    if setpriv is None or nobody is None:
        pytest.skip("running as root, and no setpriv or no 'nobody' user to run the child as")
    return [setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_reports_a_read_only_location():
    as_user = as_non_root()
    # Not tmp_path: pytest's base folder is private to the user running the tests.
    with tempfile.TemporaryDirectory(prefix="secsc-ro-") as top:
        Path(top).chmod(0o755)
        folder = Path(top) / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        target = folder / "secsc.sqlite3"
        child = textwrap.dedent(
            """
            import os, sys
            from secsc_tui.core.problems import DatabaseError
            from secsc_tui.core.store import Store
            print(os.geteuid())
            try:
                Store.open(sys.argv[1]).close()
            except DatabaseError as exc:
                print(f"refused: {exc}")
            else:
                print("opened")
            """
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("SECSC_")}
        result = subprocess.run(
            [*as_user, sys.executable, "-c", child, str(target)],
            capture_output=True,
            text=True,
            cwd=top,
            env={**env, "HOME": top},
            timeout=60,
        )
        left = list(folder.iterdir())
    assert result.returncode == 0, result.stderr
    uid, outcome = result.stdout.splitlines()
    assert uid != "0"
    assert outcome.startswith("refused: ") and str(target) in outcome, outcome
    assert left == []  # nothing written beside it either


def test_unknown_url_scheme(tmp_path: Path):
    with pytest.raises(DatabaseError):
        Store.open("nosuchdb://host/x")


# -- migrations ---------------------------------------------------------------------------


def test_schema_constants_match_the_alembic_scripts():
    from alembic.script import ScriptDirectory

    from secsc_tui.core.store.database import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_heads() == [SCHEMA_HEAD]
    history = [rev.revision for rev in scripts.walk_revisions()]  # newest first
    assert tuple(reversed(history)) == SCHEMA_REVISIONS


def migrated_by_alembic(path: Path) -> Path:
    """A new SQLite database taken through every migration, as Alembic runs them."""
    migrate_to(f"sqlite:///{path}", SCHEMA_HEAD)
    return path


def sqlite_schema(path: Path) -> set:
    conn = sqlite3.connect(path)
    try:
        # Whitespace aside: a column added in place (ALTER TABLE ADD COLUMN) is spliced
        # into the stored text on the line before it.
        return {
            (kind, name, sql and " ".join(sql.split()))
            for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")
        }
    finally:
        conn.close()


def test_tables_match_the_migrated_schema(tmp_path: Path):
    """tables.py (used for queries and autogenerate) and the migrations describe the same schema."""
    import sqlalchemy as sa
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from secsc_tui.core.store.tables import metadata

    path = migrated_by_alembic(tmp_path / "secsc.sqlite3")
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            fks = sa.inspect(conn).get_foreign_keys("goal")
            assert fks[0]["options"].get("ondelete") == "CASCADE"
    finally:
        engine.dispose()


def test_migrations_create_exactly_the_tables_ddl(tmp_path: Path):
    """Byte for byte the same CREATE statements as tables.py would issue (WITHOUT ROWID too)."""
    import sqlalchemy as sa

    from secsc_tui.core.store.tables import metadata

    migrated, declared = migrated_by_alembic(tmp_path / "migrated.sqlite3"), tmp_path / "declared.sqlite3"
    engine = sa.create_engine(f"sqlite:///{declared}")
    metadata.create_all(engine)
    engine.dispose()
    without_alembic = {entry for entry in sqlite_schema(migrated) if "alembic_version" not in entry[1]}
    assert without_alembic == sqlite_schema(declared)


def test_a_new_database_is_what_the_migrations_make_without_alembic(tmp_path: Path):
    """A new SQLite database is created at the newest schema at once: every table, index and
    Alembic's own version table exactly as running the migrations makes them, so that the
    next migration upgrades it as it would any other (and Alembic is not even imported)."""
    created = tmp_path / "created.sqlite3"
    result = run_python(f"""
        import sys
        from secsc_tui.core.store import Store
        Store.open({str(created)!r}).close()
        assert "alembic" not in sys.modules, "alembic was imported"
        print("ok")
    """)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    assert sqlite_schema(created) == sqlite_schema(migrated_by_alembic(tmp_path / "migrated.sqlite3"))
    assert version_of(created) == SCHEMA_HEAD
    with Store.open(created) as store:  # and it is recognised as current: used as it is
        store.create(rich_session())
        assert store.get("s-rich") == rich_session()


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path: Path):
    path = tmp_path / "secsc.sqlite3"
    with Store.open(path) as store:
        store.create(rich_session())
    result = run_python(f"""
        import sys
        from secsc_tui.core.store import Store
        with Store.open({str(path)!r}) as store:
            assert [s.id for s in store.list_sessions()] == ["s-rich"]
            store.save(store.get("s-rich"))
        assert "alembic" not in sys.modules, "alembic was imported"
        print("ok")
    """)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_importing_the_store_does_not_import_sqlalchemy():
    result = run_python("""
        import secsc_tui.core.store, sys
        from secsc_tui.core.store import Store, SessionSummary, ImportOutcome
        from secsc_tui.core.store import resolve_database_url, default_database_path
        resolve_database_url(None)
        loaded = [m for m in ("sqlalchemy", "sqlmodel", "alembic", "textual", "rich") if m in sys.modules]
        assert not loaded, loaded
    """)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_fixture_databases_open_and_upgrade(fixture: Path, tmp_path: Path):
    """Every committed database of an older (or the current) schema opens with nothing lost."""
    path = tmp_path / "secsc.sqlite3"
    shutil.copyfile(fixture, path)
    old_revision = version_of(path)
    assert fixture.name == f"schema-{old_revision}.sqlite3"
    # What the fixture held, in the session format of its time, as this secsc reads that format.
    expected = [
        Session.model_validate_json(json.dumps(upgrade(item, item["schema_version"])[0]))
        for item in json.loads(fixture.with_name(f"schema-{old_revision}.sessions.json").read_text("utf-8"))
    ]
    extras_file = fixture.with_name(f"schema-{old_revision}.workshops.json")
    extras = json.loads(extras_file.read_text("utf-8")) if extras_file.exists() else None
    told: list[list[Path]] = []  # the backups there were when told of the upgrade
    with Store.open(path, before_upgrade=lambda: told.append(backups_of(path))) as store:
        assert told == ([] if old_revision == SCHEMA_HEAD else [[]])
        assert store.upgrade_backup == (None if old_revision == SCHEMA_HEAD else backups_of(path)[0])
        assert store.count_sessions() == len(expected)
        assert {s.id for s in store.list_sessions()} == {s.id for s in expected}
        for session in expected:
            assert store.get(session.id) == session
        assert any("ワークショップ" in s.title for s in store.export_all())
        if extras is None:  # from before workshops: none, and no session in one
            assert store.list_workshops() == []
            assert all(s.workshop_id is None for s in store.list_sessions())
            assert all(store.get_timers(s.id) == [] for s in expected)
        else:
            check_workshops_and_timers(store, extras)
        check_catalogue(store, extras)
        store.save(store.get(expected[0].id))  # and it is writable
        workshop = store.create_workshop(Workshop(id="w-new", name="After the upgrade", created=T0, updated=T0))
        store.assign_sessions([expected[0].id], workshop.id)
        assert [s.id for s in store.sessions_in(workshop.id)] == [expected[0].id]
        before = [e.id for e in store.catalogue_entries().entries]
        assert store.import_catalogue(load_catalogue_text(AFTER_THE_UPGRADE)).added == ["after.upgrade"]
        assert [e.id for e in store.catalogue_entries().entries] == [*before, "after.upgrade"]
    assert version_of(path) == SCHEMA_HEAD
    backups = backups_of(path)
    if old_revision == SCHEMA_HEAD:
        assert backups == []
    else:
        assert len(backups) == 1 and version_of(backups[0]) == old_revision
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


AFTER_THE_UPGRADE = """\
catalogue_version: 1
goals:
  - id: after.upgrade
    text: {en: A goal added after the upgrade, ja: 更新の後に加えた目標}
    perspective: financial
    approaches: [i]
    meti: [1]
"""


def check_catalogue(store: Store, extras: dict | None) -> None:
    """The trainer's catalogue entries (since 0008) as stored; none in a database from before."""
    stored = store.catalogue_entries()
    assert stored.problems == []
    expected = (extras or {}).get("catalogue", [])
    assert [entry_data(entry) for entry in stored.entries] == expected
    catalogue = store.catalogue().catalogue
    for item in expected:
        assert entry_data(catalogue.get(item["id"])) == item
        assert catalogue.origin(item["id"]) == str(store.path)


def check_workshops_and_timers(store: Store, extras: dict) -> None:
    workshops = [Workshop.model_validate_json(json.dumps(w)) for w in extras["workshops"]]
    assert sorted(w.id for w in store.list_workshops()) == sorted(w.id for w in workshops)
    for workshop in workshops:
        assert store.get_workshop(workshop.id) == workshop
        members = extras["members"].get(workshop.id, [])
        assert sorted(s.id for s in store.sessions_in(workshop.id)) == sorted(members)
    kept = [
        timer
        for session_id in {item["session_id"] for item in extras["timers"]}
        for timer in store.get_timers(session_id)
    ]
    assert sorted(kept, key=lambda t: (t.session_id, t.step.value)) == sorted(
        (
            StepTimer(
                session_id=item["session_id"],
                step=Step(item["step"]),
                started=dt.datetime.fromisoformat(item["started"]),
                paused_at=dt.datetime.fromisoformat(item["paused_at"]) if item["paused_at"] else None,
                paused_seconds=item["paused_seconds"],
                extra_seconds=item["extra_seconds"],
                # Before 0003 only the trainer could leave a timer paused.
                held=item.get("held", item["paused_at"] is not None),
            )
            for item in extras["timers"]
        ),
        key=lambda t: (t.session_id, t.step.value),
    )


def schema_of(path: Path) -> set:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.close()


def rows_per_table(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "alembic_version"}
    finally:
        conn.close()


def test_upgrade_from_0001_keeps_every_row_and_leaves_the_schema_of_a_new_database(tmp_path: Path):
    """The first real upgrade (0001 -> 0002 rebuilds the session table): backup first, nothing cascades away."""
    path = tmp_path / "secsc.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "db" / "schema-0001.sqlite3", path)
    before = rows_per_table(path)
    assert before["session"] == 3 and before["goal"] > 0 and before["item_link"] > 0

    with Store.open(path) as store:
        assert store.path == path
        with store._repo.engine.connect() as conn:  # the upgrade's connection went back with FKs on
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    after = rows_per_table(path)
    # item_link's rows are now the entries of their items' lists (0009).
    assert {t: n for t, n in after.items() if t in before} == {t: n for t, n in before.items() if t != "item_link"}
    assert "item_link" not in after and list_entries(path) == before["item_link"]
    assert after["workshop"] == after["agenda_item"] == after["step_timer"] == 0

    # The backup is the 0001 database as it was, and can itself be opened (and upgraded).
    [backup] = backups_of(path)
    assert backup.name.startswith("secsc.sqlite3.backup-0001-")
    assert version_of(backup) == "0001" and rows_per_table(backup) == before

    # Upgraded, the schema is exactly the one the migrations give a new database (DDL text,
    # indexes, WITHOUT ROWID), and but for whitespace the one secsc creates at once.
    assert schema_of(path) == schema_of(migrated_by_alembic(tmp_path / "migrated.sqlite3"))
    fresh = tmp_path / "fresh.sqlite3"
    Store.open(fresh).close()
    assert sqlite_schema(path) == sqlite_schema(fresh)

    # And the foreign keys work: deleting a session still cascades to its items.
    with Store.open(path) as store:
        assert backups_of(path) == [backup]  # opened again: no second upgrade, no second backup
        store.delete("s-fixture-ja")
    after_delete = rows_per_table(path)
    assert after_delete["goal"] == 0 and after_delete["participant"] == 0


# Each item table's JSON list columns (since 0009): the item_link rows of before, one entry each.
LIST_COLUMNS = {
    "goal": ("meti", "nist_csf"),
    "csf": ("supports", "meti", "nist_csf"),
    "kpi": ("measures", "meti", "nist_csf"),
    "action_plan": ("moves", "meti", "nist_csf"),
}


def list_entries(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return sum(
            len(json.loads(value))
            for table, columns in LIST_COLUMNS.items()
            for column in columns
            for (value,) in conn.execute(f"SELECT {column} FROM {table}")
        )
    finally:
        conn.close()


def test_upgrade_to_0009_puts_every_link_and_tag_in_its_item_in_order(tmp_path: Path):
    """item_link's rows become their items' lists, in position order, whichever kind of item a tag is on;
    a directive number kept as text is a number again, and a link from an item that is not there goes."""
    path = tmp_path / "secsc.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "db" / "schema-0008.sqlite3", path)
    conn = sqlite3.connect(path)
    try:
        sid, csf_id = conn.execute("SELECT session_id, id FROM csf ORDER BY session_id, id").fetchone()
        goals = [g for (g,) in conn.execute("SELECT id FROM goal WHERE session_id = ? ORDER BY id", [sid])]
        conn.executemany(
            "INSERT INTO item_link (session_id, kind, source_id, position, target_id) VALUES (?, ?, ?, ?, ?)",
            [
                (sid, "nist_csf", csf_id, 12, "RC.RP"),  # written before the one at 11: order is by position
                (sid, "nist_csf", csf_id, 11, "PR.AA"),
                (sid, "meti", csf_id, 10, "9"),
                (sid, "supports", csf_id, 10, "g-not-there"),
                (sid, "supports", "c-not-there", 0, goals[0]),
            ],
        )
        conn.commit()
        before = dict(
            conn.execute(
                "SELECT kind, json_group_array(target_id) FROM "
                "(SELECT kind, target_id FROM item_link WHERE session_id = ? AND source_id = ? ORDER BY position) "
                "GROUP BY kind",
                [sid, csf_id],
            )
        )
    finally:
        conn.close()

    with Store.open(path) as store:
        scorecard = store.get(sid).scorecard
        csf = next(c for p in Perspective for c in scorecard[p].csfs if c.id == csf_id)
    assert csf.supports == json.loads(before["supports"]) and csf.supports[-1] == "g-not-there"
    assert csf.nist_csf == json.loads(before["nist_csf"]) and csf.nist_csf[-2:] == ["PR.AA", "RC.RP"]
    assert csf.meti == [int(n) for n in json.loads(before["meti"])] and csf.meti[-1] == 9
    assert "item_link" not in rows_per_table(path)


def test_an_upgrade_that_fails_leaves_the_database_as_it_was(tmp_path: Path):
    """A row that refers to nothing (made outside secsc) stops the upgrade; the file stays at 0001."""
    path = tmp_path / "secsc.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "db" / "schema-0001.sqlite3", path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO goal (session_id, id, perspective, position, text) "
        "VALUES ('s-gone', 'g-x', 'financial', 0, 'orphan')"
    )
    conn.commit()
    conn.close()
    before = rows_per_table(path)
    with pytest.raises(DatabaseError, match=r"refer to missing rows.*goal.*left as it was.*backup"):
        Store.open(path)
    assert version_of(path) == "0001" and rows_per_table(path) == before


def test_only_the_upgrade_of_an_older_database_is_told_of(tmp_path: Path):
    told: list[str] = []
    with Store.open(tmp_path / "new.sqlite3", before_upgrade=lambda: told.append("new")) as store:
        assert store.upgrade_backup is None  # created, not upgraded
    with Store.open(tmp_path / "new.sqlite3", before_upgrade=lambda: told.append("current")) as store:
        assert store.upgrade_backup is None
    with Store.open("sqlite://", before_upgrade=lambda: told.append("memory")) as store:
        assert store.upgrade_backup is None
    assert told == []


def test_there_is_a_fixture_for_the_current_schema():
    assert f"schema-{SCHEMA_HEAD}.sqlite3" in [f.name for f in FIXTURES]


def test_backup_copies_the_database(tmp_path: Path):
    from secsc_tui.core.store.database import backup_database

    path = tmp_path / "secsc.sqlite3"
    with Store.open(path) as store:
        store.create(rich_session())  # still in the WAL when the backup runs
        when = dt.datetime(2025, 8, 26, 9, 5, 7)
        backup = backup_database(path, "0001", now=when)
        assert backup == tmp_path / "secsc.sqlite3.backup-0001-20250826090507.sqlite3"
        second = backup_database(path, "0001", now=when)
        assert second != backup and second.exists()
    assert not Path(f"{backup}-wal").exists()
    with Store.open(backup) as copy:
        assert copy.get("s-rich") == rich_session()


def test_upgrade_to_0003_maps_what_the_old_schema_said(tmp_path: Path):
    """Regulated becomes "some"; only a session on the review step has been through it; Japanese means yen;
    a timer left paused was paused by the trainer; every row is session format 2."""
    from secsc_tui.core.model import Regulation

    path = tmp_path / "secsc.sqlite3"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "db" / "schema-0002.sqlite3", path)
    every_step = json.dumps([step.value for step in Step])
    conn = sqlite3.connect(path)
    conn.execute("UPDATE session SET current_step = 'review', steps_done = ? WHERE id = 's-fixture-en'", [every_step])
    conn.execute("UPDATE session SET steps_done = ? WHERE id = 's-fixture-empty'", [every_step])
    conn.commit()
    conn.close()

    with Store.open(path) as store:
        ja, en, empty = (store.get(i) for i in ("s-fixture-ja", "s-fixture-en", "s-fixture-empty"))
        assert ja.organisation.regulation is Regulation.SOME and not ja.organisation.critical_infrastructure
        assert en.organisation.regulation is Regulation.NONE
        assert (ja.currency, en.currency) == ("JPY", "")
        assert en.progress.reviewed and Step.REVIEW in en.progress.done
        assert not empty.progress.reviewed and empty.progress.done == list(Step)[:-1]
        assert {s.id: s.steps_done for s in store.list_sessions()}["s-fixture-empty"] == len(Step) - 1
        assert {s.schema_version for s in (ja, en, empty)} == {2}
        [timer] = store.get_timers("s-fixture-ja")
        assert timer.paused and timer.held
