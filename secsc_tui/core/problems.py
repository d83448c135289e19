"""Problems found in a user's input, and the errors the core raises.

A ``Problem`` says where (file, line, field path) and what, in words a trainer
understands. Everything the core refuses is reported through these, so the CLI
and the app can show them without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from secsc_tui.i18n import _


@dataclass(frozen=True, slots=True)
class Problem:
    message: str
    path: str = ""  # field path such as "scorecard.financial.kpis[1].target"
    file: str = ""
    line: int | None = None  # 1-based
    severity: str = "error"  # "error" refuses the input; "warning" is only reported

    def __str__(self) -> str:
        where = ":".join(part for part in (self.file, str(self.line) if self.line else "") if part)
        parts = [p for p in (where, self.path) if p]
        prefix = ": ".join(parts)
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{prefix}: {label}{self.message}" if prefix else f"{label}{self.message}"


class SecscError(Exception):
    """Base of every error the core raises for a user's mistake or a failed operation."""


@dataclass
class InvalidInput(SecscError):
    """The input was refused; nothing was written."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class SessionNotFound(SecscError):
    def __init__(self, session_id: str):
        super().__init__(_("no session with id '{session_id}'", session_id=session_id))
        self.session_id = session_id


class ConflictError(SecscError):
    """A save or import was based on an out-of-date revision of the session."""

    def __init__(self, session_id: str, expected: int, actual: int):
        super().__init__(
            _(
                "session '{session_id}' was changed elsewhere (it is at revision {actual}, this change was based on "
                "revision {expected}); nothing was overwritten",
                session_id=session_id,
                actual=actual,
                expected=expected,
            )
        )
        self.session_id = session_id
        self.expected = expected
        self.actual = actual


class UnexpectedError(SecscError):
    """A bug, already logged with its traceback; the message says what failed and where the log is."""


class DatabaseError(SecscError):
    """The database cannot be used: not a secsc database, newer schema, disk full..."""


class WorkshopNotFound(SecscError):
    """No workshop with this id (``get_workshop``) or id or name (``find_workshop``).

    ``known`` holds a few names that do exist, so the message can help; ``total`` is
    how many workshops there are in all (None: only the id was looked up).
    """

    def __init__(self, workshop: str, known: list[str] | tuple[str, ...] = (), total: int | None = None):
        if total is None:
            message = _("no workshop with id '{workshop}'", workshop=workshop)
        elif not total:
            message = _("no workshop named '{workshop}': there are no workshops yet", workshop=workshop)
        else:
            shown = ", ".join(f"'{name}'" for name in known)
            more = f" and {total - len(known)} more" if total > len(known) else ""
            message = _(
                "no workshop named '{workshop}'; the workshops are: {shown}{more}",
                workshop=workshop,
                shown=shown,
                more=more,
            )
        super().__init__(message)
        self.workshop = workshop
        self.known = list(known)
