"""A real PostgreSQL database per test, on the server the test machines run.

``SECSC_TEST_POSTGRES`` names the server (an admin URL); by default the local one
(127.0.0.1:5432, trust authentication). Each test gets a database of its own:
a copy of a migrated template, emptied after the test and handed to the next test
of the same process if its schema is still the template's (creating and dropping
a database costs the server ~1 s; emptying one ~5 ms), else dropped. Without a server the tests are skipped with
the reason, except under CI (``CI`` set), where a missing server fails them.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator

import pytest

ADMIN_URL = os.environ.get("SECSC_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@functools.cache
def unavailable() -> str | None:
    """Why no PostgreSQL test can run here, or None if the server answers."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    import sqlalchemy as sa

    engine = sa.create_engine(ADMIN_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.SQLAlchemyError as exc:
        return f"no PostgreSQL server at {engine.url.render_as_string(hide_password=True)}: {exc.orig or exc}"
    finally:
        engine.dispose()
    return None


def require_postgres() -> None:
    reason = unavailable()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the PostgreSQL tests, but {reason}")
    pytest.skip(reason)


@functools.cache
def _admin():
    import sqlalchemy as sa

    return sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def create_database(template: str | None = None) -> str:
    """A new database, empty or a copy of ``template``; its URL."""
    import sqlalchemy as sa

    name = f"secsc_test_{uuid.uuid4().hex[:16]}"
    copy_of = f' TEMPLATE "{template}"' if template else ""
    with _admin().connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{copy_of}')
    return sa.engine.make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    with _admin().connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)')


# A database's shape: everything but its rows. A test that changed any of it (a
# migration test, a "broken database" test) leaves a database no other test may get.
_SHAPE = """
SELECT string_agg(part, E'\\n' ORDER BY part) FROM (
    SELECT format('column %s.%s.%s %s %s %s', table_schema, table_name, column_name, data_type,
                  is_nullable, column_default) AS part
      FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
    UNION ALL SELECT format('index %s', indexdef) FROM pg_indexes
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid)) FROM pg_constraint
      WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
    UNION ALL SELECT format('trigger %s', tgname) FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT format('schema %s', nspname) FROM pg_namespace
    UNION ALL SELECT format('function %s', proname) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL SELECT format('view %s', viewname) FROM pg_views WHERE schemaname = 'public'
    UNION ALL SELECT format('alembic %s', version_num) FROM alembic_version
) AS parts
"""

_spare: list[str] = []  # this process's emptied databases at the template's shape


def _shape(url: str) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return str(conn.execute(sa.text(_SHAPE)).scalar_one())
    finally:
        engine.dispose()


def _emptied(url: str, template_shape: str) -> bool:
    """Empty the database for another test; False (and nothing emptied) if its shape changed."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            # A process the test left behind would hold locks the deletes wait for (DROP ... FORCE ends them too).
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if conn.execute(sa.text(_SHAPE)).scalar_one() != template_shape:
                return False
            # DELETE, not TRUNCATE: a test's few rows go in ~5 ms, TRUNCATE takes ~200 ms
            # (new files for every table). Foreign keys unchecked: every table is emptied.
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for (table,) in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            ).all():
                conn.exec_driver_sql(f'DELETE FROM "{table}"')
            return True
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        engine.dispose()


@functools.cache
def _template_shape(template: str) -> str:
    import sqlalchemy as sa

    return _shape(sa.engine.make_url(ADMIN_URL).set(database=template).render_as_string(hide_password=False))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str | None]:
    """A database with secsc's current schema and no rows, made once per test process.

    New databases are copied from it (CREATE DATABASE ... TEMPLATE): much faster
    than running the migrations for every test.
    """
    if unavailable() is not None:
        yield None
        return
    from secsc_tui.core.store import Store

    url = create_database()
    Store.open(url).close()
    try:
        yield _name(url)
    finally:
        while _spare:
            drop_database(_spare.pop())
        drop_database(url)


@pytest.fixture
def postgres_url(postgres_template: str | None) -> Iterator[str]:
    """The URL of a PostgreSQL database of its own with secsc's schema and no rows."""
    require_postgres()
    url = _spare.pop() if _spare else create_database(postgres_template)
    try:
        yield url
    finally:
        if postgres_template is not None and _emptied(url, _template_shape(postgres_template)):
            _spare.append(url)
        else:
            drop_database(url)


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """The URL of a new PostgreSQL database without any table, dropped after the test."""
    require_postgres()
    url = create_database()
    try:
        yield url
    finally:
        drop_database(url)


def _name(url: str) -> str:
    import sqlalchemy as sa

    return str(sa.engine.make_url(url).database)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_target(request: pytest.FixtureRequest, tmp_path) -> str:
    """Where a store test's database lives: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("make_db")())  # a copy of the empty template
    return request.getfixturevalue("postgres_url")
