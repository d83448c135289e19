"""Turn SQLAlchemy, sqlite3 and OS errors into the core's ``DatabaseError``.

Everything that leaves the store is a ``SecscError`` with a sentence a trainer can
act on, never a driver traceback. Imported only once a database is being opened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy.exc

from secsc_tui.core.problems import DatabaseError, SecscError
from secsc_tui.core.store.busy import BUSY_TIMEOUT_MS
from secsc_tui.i18n import _

# Primary SQLite result codes (https://sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def describe(exc: BaseException, action: str, where: str) -> DatabaseError | None:
    """A ``DatabaseError`` for a database/OS failure while doing ``action`` on ``where``.

    Returns None for anything else (a bug should still show its traceback).
    """
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return DatabaseError(
            f"could not {action} ({where}): lost the connection to the database server "
            f"({_one_line(exc.orig or exc)}); nothing was changed, try again"
        )
    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.orig is not None:
        return describe(exc.orig, action, where) or DatabaseError(
            _("could not {action} ({where}): {orig}", action=action, where=where, orig=_one_line(exc.orig))
        )
    if isinstance(exc, sqlite3.Error):
        return _describe_sqlite(exc, action, where)
    if isinstance(exc, sqlalchemy.exc.SQLAlchemyError):
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return DatabaseError(_("could not {action} ({where}): {detail}", action=action, where=where, detail=detail))
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return DatabaseError(
            _("could not {action}: {filename}: {reason}", action=action, filename=exc.filename or where, reason=reason)
        )
    return None


def _one_line(exc: BaseException) -> str:
    """A server's message on one line (libpq adds a hint on a second, tab-indented line)."""
    return "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())


def _describe_sqlite(exc: sqlite3.Error, action: str, where: str) -> DatabaseError:
    message = str(exc)
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == _FULL or "disk is full" in message:
        text = _(
            "could not {action}: disk is full ({where}: {message}); nothing was changed",
            action=action,
            where=where,
            message=message,
        )
    elif primary == _IOERR or "disk I/O error" in message:
        text = _(
            "could not {action}: disk I/O error on {where} ({message}); nothing was changed",
            action=action,
            where=where,
            message=message,
        )
    elif primary in (_BUSY, _LOCKED) or "database is locked" in message:
        text = _(
            "could not {action}: {where} is busy (another program is writing to it and did not finish within "
            "{seconds} seconds); try again",
            action=action,
            where=where,
            seconds=BUSY_TIMEOUT_MS // 1000,
        )
    elif primary == _READONLY or "readonly database" in message:
        text = _("could not {action}: {where} is read-only ({message})", action=action, where=where, message=message)
    elif primary == _CANTOPEN or "unable to open database" in message:
        text = _("could not {action}: cannot open {where} ({message})", action=action, where=where, message=message)
    elif primary in (_CORRUPT, _NOTADB) or "malformed" in message:
        text = _("{where} is damaged and cannot be used: {message}", where=where, message=message)
    else:
        text = _("could not {action} ({where}): {message}", action=action, where=where, message=message)
    return DatabaseError(text)


@contextmanager
def database_errors(action: str, where: str) -> Iterator[None]:
    """Re-raise database and OS failures inside the block as ``DatabaseError``."""
    try:
        yield
    except SecscError:
        raise
    except Exception as exc:
        error = describe(exc, action, where)
        if error is None:
            raise
        raise error from exc
