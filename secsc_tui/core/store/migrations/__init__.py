"""Alembic migrations of the secsc database, run programmatically by the store.

There is no alembic.ini: ``secsc_tui.core.store.database.alembic_config()`` builds
the configuration. When adding a revision, also add it to
``secsc_tui/core/store/schema_version.py`` and commit a fixture database of the
previous schema (``tests/fixtures/make_fixture_db.py``) before changing anything.
"""
