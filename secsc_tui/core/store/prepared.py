"""Sessions made ready to be imported: their rows, version and content, worked out where they were read.

Writing a session read from a file needs its table rows, its version (the content's
digest, see ``core/lineage.py``) and its content as JSON (kept as the published
version, the base of later merges). ``secsc import`` reads half of the files in a
forked child (``core/forked.py``); working these out there too takes them off the
parent, which writes every file, and what the child sends back is then plain data:
pickling the pydantic model itself cost as much as a third of reading it. The model
is rebuilt from the JSON only where the import needs it (a session the database
already holds, to compare and merge).

No SQLAlchemy here: files are read, and prepared, before the database is touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from secsc_tui.core.lineage import Version, version_of
from secsc_tui.core.model import Session
from secsc_tui.core.problems import InvalidInput, Problem
from secsc_tui.core.store.convert import child_rows, session_row
from secsc_tui.i18n import _


class PreparedSession:
    """One session as the import writes it. Pickles without its model (see the module's docstring)."""

    __slots__ = ("_session", "children", "content", "id", "row", "title", "version")

    def __init__(self, session: Session):
        """Raises InvalidInput if the session cannot become rows (two items of a kind share an id)."""
        self.id = session.id
        self.title = session.title
        self.row: dict[str, Any] = session_row(session)
        self.children: dict[str, list[dict[str, Any]]] = child_rows(session)
        self.version: Version = version_of(session)
        self.content = session.model_dump_json()
        self._session: Session | None = session

    @property
    def session(self) -> Session:
        """The model: as read, or rebuilt from ``content`` (the same model: a test says so)."""
        if self._session is None:
            self._session = Session.model_validate_json(self.content)
        return self._session

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.id, self.title, self.row, self.children, self.version, self.content)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.id, self.title, self.row, self.children, self.version, self.content = state
        self._session = None

    def __repr__(self) -> str:
        return f"PreparedSession({self.id!r}, {self.version.digest!r})"


def prepare(sessions: Sequence[Session]) -> list[PreparedSession]:
    """One file's sessions made ready to import; InvalidInput with every problem found if any cannot be."""
    first_at: dict[str, int] = {}
    problems: list[Problem] = []
    for i, s in enumerate(sessions):
        if s.id in first_at:
            problems.append(
                Problem(
                    _(
                        "session id '{id}' appears twice (sessions {first} and {second})",
                        id=s.id,
                        first=first_at[s.id] + 1,
                        second=i + 1,
                    )
                )
            )
        first_at.setdefault(s.id, i)
    prepared = []
    for s in sessions:
        try:
            prepared.append(PreparedSession(s))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    return prepared
