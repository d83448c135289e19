"""The database schema revisions this version of secsc knows, oldest first.

Kept apart from the Alembic scripts so that opening an up-to-date database can
compare ``alembic_version`` with ``SCHEMA_HEAD`` without importing Alembic. A test
checks that this list matches the scripts in ``migrations/versions``: add the new
revision here whenever a migration is added.
"""

SCHEMA_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
SCHEMA_HEAD: str = SCHEMA_REVISIONS[-1]
