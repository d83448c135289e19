"""A real PostgreSQL database per test, on the server the test machines run.

``SECSC_TEST_POSTGRES`` names the server (an admin URL); by default the local one
(127.0.0.1:5432, trust authentication). Each test gets a database of its own,
created empty and dropped afterwards. Without a server the tests are skipped with
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
        drop_database(url)


@pytest.fixture
def postgres_url(postgres_template: str | None) -> Iterator[str]:
    """The URL of a new PostgreSQL database with secsc's schema and no rows, dropped after the test."""
    require_postgres()
    url = create_database(postgres_template)
    try:
        yield url
    finally:
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
