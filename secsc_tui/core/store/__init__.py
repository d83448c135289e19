"""The session store (and workshops, step timers): SQLite through SQLModel/SQLAlchemy, schema managed by Alembic.

Cheap to import; the database libraries load when ``Store.open`` is called.
"""

from secsc_tui.core.store.api import Store
from secsc_tui.core.store.location import default_database_path, resolve_database_url
from secsc_tui.core.store.results import ImportOutcome, SaveOutcome, SessionSummary, TeamRow, WorkshopSummary

__all__ = [
    "ImportOutcome",
    "SaveOutcome",
    "SessionSummary",
    "Store",
    "TeamRow",
    "WorkshopSummary",
    "default_database_path",
    "resolve_database_url",
]
