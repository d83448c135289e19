"""The session store (and workshops, step timers): SQLite through SQLModel/SQLAlchemy, schema managed by Alembic.

Cheap to import: the names below load on first use (PEP 562), so a module that
only needs ``store.location`` (the log file masks database URLs) does not pull in
the domain model and pydantic before the first frame. The database libraries
load when ``Store.open`` is called.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secsc_tui.core.store.api import Store
    from secsc_tui.core.store.location import default_database_path, resolve_database_url
    from secsc_tui.core.store.results import ImportOutcome, SaveOutcome, SessionSummary, TeamRow, WorkshopSummary

_HOMES = {
    "Store": "api",
    "default_database_path": "location",
    "resolve_database_url": "location",
    "ImportOutcome": "results",
    "SaveOutcome": "results",
    "SessionSummary": "results",
    "TeamRow": "results",
    "WorkshopSummary": "results",
}

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


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value
