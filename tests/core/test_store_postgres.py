"""What only PostgreSQL can show: its schemas created, upgraded and refused as SQLite's are.

The store's behaviour on PostgreSQL is covered by the store tests themselves
(``database_target`` runs each on both); these cover opening and upgrading.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from factories import minimal_session
from helpers import migrate_to
from sqlalchemy.dialects.postgresql import JSONB

from secsc_tui.core.problems import DatabaseError
from secsc_tui.core.store import Store
from secsc_tui.core.store.schema_version import SCHEMA_HEAD

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "db").glob("schema-*.sqlite3"))


def version(url: str) -> str:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    finally:
        engine.dispose()


def copy_rows(sqlite_file: Path, url: str) -> None:
    """Every row of an SQLite database into a PostgreSQL one of the same schema revision."""
    source, destination = sa.create_engine(f"sqlite:///{sqlite_file}"), sa.create_engine(url)
    try:
        theirs = sa.MetaData()
        theirs.reflect(source)
        ours = sa.MetaData()
        ours.reflect(destination)
        with source.connect() as reader, destination.begin() as writer:
            for table in ours.sorted_tables:
                if table.name == "alembic_version":
                    continue
                # SQLite holds JSON as text; a reflected JSONB column wants the value.
                json_columns = [c.name for c in table.columns if isinstance(c.type, JSONB)]
                rows = [
                    {**row, **{name: json.loads(row[name]) for name in json_columns}}
                    for row in reader.execute(sa.select(theirs.tables[table.name])).mappings()
                ]
                if rows:
                    writer.execute(table.insert(), rows)
    finally:
        source.dispose()
        destination.dispose()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_an_older_postgresql_schema_upgrades_with_nothing_lost(fixture: Path, tmp_path: Path, empty_postgres_url):
    """The committed SQLite databases of each schema, moved into PostgreSQL at that schema, then opened."""
    revision = fixture.stem.removeprefix("schema-")
    migrate_to(empty_postgres_url, revision)
    copy_rows(fixture, empty_postgres_url)
    sqlite_copy = tmp_path / "secsc.sqlite3"
    shutil.copyfile(fixture, sqlite_copy)

    with Store.open(sqlite_copy) as expected, Store.open(empty_postgres_url) as upgraded:
        assert version(empty_postgres_url) == SCHEMA_HEAD
        assert list(upgraded.export_all()) == list(expected.export_all())
        assert upgraded.list_workshops() == expected.list_workshops()
        assert upgraded.catalogue_entries().entries == expected.catalogue_entries().entries
        assert expected.catalogue_entries().entries or revision < "0008"


def test_a_new_postgresql_database_gets_the_current_schema_with_jsonb(empty_postgres_url: str):
    with Store.open(empty_postgres_url) as store:
        assert store.count_sessions() == 0
    assert version(empty_postgres_url) == SCHEMA_HEAD
    engine = sa.create_engine(empty_postgres_url)
    try:
        columns = {c["name"]: c["type"] for c in sa.inspect(engine).get_columns("session")}
    finally:
        engine.dispose()
    assert isinstance(columns["steps_done"], JSONB) and isinstance(columns["history"], JSONB)
    engine = sa.create_engine(empty_postgres_url)
    try:
        catalogue_columns = {c["name"]: c["type"] for c in sa.inspect(engine).get_columns("catalogue_entry")}
    finally:
        engine.dispose()
    assert isinstance(catalogue_columns["data"], JSONB)


def test_a_newer_postgresql_schema_is_refused_and_left_alone(postgres_url: str):
    engine = sa.create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    finally:
        engine.dispose()
    with pytest.raises(DatabaseError, match=r"written by a newer version of secsc \(database schema 9999"):
        Store.open(postgres_url)
    assert version(postgres_url) == "9999"


def test_a_postgresql_database_of_another_program_is_refused(empty_postgres_url: str):
    engine = sa.create_engine(empty_postgres_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE invoices (id integer primary key)")
    finally:
        engine.dispose()
    with pytest.raises(DatabaseError, match="is a postgresql database but not a secsc one"):
        Store.open(empty_postgres_url)


def terminate_connections(url: str) -> int:
    """What a server restart or a network drop does to the store's pooled connections."""
    name = sa.engine.make_url(url).database
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return len(
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                ).all()
            )
    finally:
        engine.dispose()


def test_connections_dropped_between_saves_are_replaced_without_a_word(postgres_url: str):
    with Store.open(postgres_url) as store:
        session = store.create(minimal_session())
        assert terminate_connections(postgres_url) >= 1
        session.title = "after the drop"
        saved = store.save(session)
        assert store.get(session.id).title == "after the drop" and saved.revision == 1


def test_a_connection_dropped_mid_save_is_a_clear_message_and_the_save_can_be_retried(postgres_url: str):
    with Store.open(postgres_url) as store:
        session = store.create(minimal_session())
        engine = store._repo.engine

        dropped = []

        @sa.event.listens_for(engine, "before_cursor_execute")
        def drop_during_the_update(conn, cursor, statement, parameters, context, executemany):
            if statement.startswith("UPDATE session") and not dropped:
                dropped.append(terminate_connections(postgres_url))

        session.title = "typed before the drop"
        with pytest.raises(
            DatabaseError, match=r"could not save .*lost the connection to the database server"
        ) as caught:
            store.save(session)
        assert "Traceback" not in str(caught.value)
        assert store.get(session.id).title == "Minimal"  # nothing half-written
        saved = store.save(session)  # the same edit, retried: it was kept
        assert saved.revision == 1 and store.get(session.id).title == "typed before the drop"
