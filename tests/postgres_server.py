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


def create_database() -> str:
    """A new, empty database; its URL."""
    import sqlalchemy as sa

    name = f"secsc_test_{uuid.uuid4().hex[:16]}"
    with _admin().connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return sa.engine.make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    import sqlalchemy as sa

    name = sa.engine.make_url(url).database
    with _admin().connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    require_postgres()
    url = create_database()
    try:
        yield url
    finally:
        drop_database(url)
