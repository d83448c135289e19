"""Where the database lives: a path, a SQLAlchemy URL, $SECSC_DB or the default file.

Cheap to import (no SQLAlchemy): the CLI resolves ``--db`` before it knows whether
it needs the database at all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from secsc_tui.i18n import _

ENV_VAR = "SECSC_DB"
APP_NAME = "secsc"
FILE_NAME = "secsc.sqlite3"
MEMORY = ":memory:"  # an in-memory SQLite database, never a file of that name

# "sqlite:///x", "postgresql+psycopg://..." -- a scheme followed by "://".
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_SQLITE_FILE_RE = re.compile(r"^sqlite(\+pysqlite)?:///(?P<path>[^?]*)(\?.*)?$")
# "scheme://user:password@host" (the password runs to the last "@" before the path).
_PASSWORD_IN_URL = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@]*:)[^/]*@")


def mask_password(target: str) -> str:
    """A database path or URL as it may be shown or logged: a URL's password becomes ***."""
    return _PASSWORD_IN_URL.sub(r"\g<head>***@", target)


def default_database_path() -> Path:
    """``<user data dir>/secsc/secsc.sqlite3`` (the folder is created when the store opens it)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / FILE_NAME


def keep_default_folder_private(path: Path) -> None:
    """Close the default data folder to other users if an older secsc left it open (0755).

    Only secsc's own folder, and only if it belongs to this user: a database that
    was put in a shared folder on purpose is left as it is.
    """
    folder = default_database_path().parent
    if path.parent != folder:
        return
    try:
        info = folder.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o077:
            folder.chmod(info.st_mode & 0o700)
    except (OSError, AttributeError):  # no such folder yet; no getuid on this system
        pass


@dataclass(frozen=True, slots=True)
class Target:
    """A resolved database location: always a URL, plus the file path for SQLite files."""

    url: str
    path: Path | None  # None for in-memory SQLite and for other databases


def resolve_target(target: str | os.PathLike[str] | None = None) -> Target:
    if target is None or (isinstance(target, str) and not target.strip()):
        target = os.environ.get(ENV_VAR, "").strip() or None
    if target is None:
        return _file_target(default_database_path())
    if str(target).strip() == "-":
        from secsc_tui.core.problems import DatabaseError

        raise DatabaseError(_("'-' is not a database: a database cannot be standard input or output; give a file path"))
    if isinstance(target, str) and target.strip() == MEMORY:
        # What sqlite3 and SQLAlchemy mean by it; as a path it made a file named
        # ":memory:" in the working folder.
        return Target(url="sqlite://", path=None)
    if isinstance(target, str) and _URL_RE.match(target):
        match = _SQLITE_FILE_RE.match(target)
        database = match.group("path") if match else ""
        if match and database and database != ":memory:" and not match.group(3):
            # A plain SQLite file URL: treat it exactly like the path it names.
            return _file_target(Path(database))
        return Target(url=target, path=None)
    return _file_target(Path(target))


def can_write(target: Target) -> bool:
    """Whether this user can write the database: for a file, the file and the folder its journal goes in.

    A file not yet made counts as writable (opening creates it, or says why not).
    """
    if target.path is None:
        return True
    if not target.path.exists():
        return True
    return os.access(target.path, os.W_OK) and os.access(target.path.parent, os.W_OK)


def resolve_database_url(target: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL for ``target`` (a path or URL; None: $SECSC_DB, else the default file)."""
    return resolve_target(target).url


def _file_target(path: Path) -> Target:
    path = Path(os.path.abspath(path.expanduser()))
    return Target(url=f"sqlite:///{path.as_posix()}", path=path)
