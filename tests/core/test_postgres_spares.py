"""The PostgreSQL test databases are handed on emptied, and never once a test changed their shape."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from helpers import sample
from postgres_server import _emptied, _template_shape, create_database, drop_database, require_postgres

from secsc_tui.core.store import Store

pytestmark = pytest.mark.postgresql


@pytest.fixture
def copy_of_template(postgres_template: str | None):
    require_postgres()
    assert postgres_template is not None
    url = create_database(postgres_template)
    try:
        yield url, _template_shape(postgres_template)
    finally:
        drop_database(url)


def rows(url: str) -> int:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql('SELECT count(*) FROM "session"').scalar_one())
    finally:
        engine.dispose()


def test_a_used_database_is_emptied_and_opens_as_new(copy_of_template):
    url, shape = copy_of_template
    store = Store.open(url)
    try:
        store.create(sample("paper-example-en"))
    finally:
        store.close()
    assert rows(url) == 1
    assert _emptied(url, shape)
    assert rows(url) == 0
    store = Store.open(url)  # still at the current schema
    try:
        assert store.list_sessions() == []
    finally:
        store.close()


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE alembic_version SET version_num = '9999'",
        "ALTER TABLE session ADD COLUMN extra integer",
        "DROP INDEX IF EXISTS ix_session_updated_at; CREATE INDEX other ON session (title)",
        "CREATE TABLE stray (id integer)",
    ],
)
def test_a_database_whose_shape_changed_is_not_handed_on(copy_of_template, change: str):
    url, shape = copy_of_template
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(change)
    finally:
        engine.dispose()
    assert not _emptied(url, shape)
