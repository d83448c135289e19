"""Alembic environment for the secsc database.

The store passes its own connection (already inside a write transaction) as
``config.attributes["connection"]``, so the whole upgrade commits or rolls back
together. Run standalone (a developer's ``command.revision(..., autogenerate=True)``),
it connects to ``sqlalchemy.url`` from the config.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from secsc_tui.core.store.tables import metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite can't ALTER most things: later migrations rebuild tables (batch mode,
        # or by hand as 0002 does). The store's ``migrate`` runs every upgrade with
        # foreign keys OFF, so dropping the old table never cascades to the children.
        render_as_batch=True,
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("secsc migrations run online only")

_connection = context.config.attributes.get("connection")
if _connection is not None:
    run(_connection)
else:
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no connection and no sqlalchemy.url: give alembic_config() a URL or an engine")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            run(connection)
    finally:
        engine.dispose()
