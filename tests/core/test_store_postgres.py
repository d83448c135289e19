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
from sqlalchemy.dialects.postgresql import JSONB

from secsc_tui.core.problems import DatabaseError
from secsc_tui.core.store import Store
from secsc_tui.core.store.database import alembic_config
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


def migrate_to(url: str, revision: str) -> None:
    from alembic import command

    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
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
