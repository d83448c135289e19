"""The log file: every unexpected error with its traceback, so a user has something to send.

One rotating file in the user's state folder (platformdirs), or in
``$SECSC_LOG_DIR``; private to the user (0700 folder, 0600 files). It records
the version, the platform and the database (a URL's password masked) at start,
and failures; never the content of a session. ``--verbose`` or ``SECSC_LOG=debug``
records more.

A user's mistake (a bad file, a conflict) is a clear message on screen and a
one-line note here; anything else is a bug, logged with its traceback, and the
user is told in words what failed and where this file is.
"""

from __future__ import annotations

import logging
import os
import platform
from logging.handlers import RotatingFileHandler
from pathlib import Path

from secsc_tui.core.store.location import mask_password
from secsc_tui.i18n import _

LOGGER_NAME = "secsc_tui"
LOG_FILE = "secsc.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
VERBOSE_VALUES = {"1", "debug", "verbose", "true", "yes"}

_handler: RotatingFileHandler | None = None


def log_dir() -> Path:
    override = os.environ.get("SECSC_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("secsc", appauthor=False))


def log_file() -> Path | None:
    """The file being written, once logging has started (else None)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def start_logging(*, verbose: bool = False, db: str | None = None, folder: Path | None = None) -> Path | None:
    """Send secsc's log records to the rotating file; return its path (None if it cannot be written)."""
    global _handler
    verbose = verbose or os.environ.get("SECSC_LOG", "").strip().lower() in VERBOSE_VALUES
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    if _handler is None:
        folder = folder or log_dir()
        path = folder / LOG_FILE
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Created private, whatever the umask: tracebacks name files and ids.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
            handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        except OSError:
            return None  # no log is better than no app: the messages on screen stay as clear
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
        _handler = handler
    from secsc_tui import __version__

    logger.info(
        "secsc %s, Python %s, %s; database %s",
        __version__,
        platform.python_version(),
        platform.platform(),
        mask_password(db) if db else "(default)",
    )
    return log_file()


def stop_logging() -> None:
    """Close the file and leave secsc's logger as it was found: its records go up to the
    root logger again (tests start and stop logging more than once in one process)."""
    global _handler
    if _handler is not None:
        logger = logging.getLogger(LOGGER_NAME)
        logger.removeHandler(_handler)
        logger.propagate = True
        _handler.close()
        _handler = None


def unexpected(error: BaseException, what: str) -> str:
    """Log a bug with its traceback; return a sentence for the user saying what failed and where the details are."""
    logging.getLogger(LOGGER_NAME).error(
        "%s: unexpected %s", what, type(error).__name__, exc_info=(type(error), error, error.__traceback__)
    )
    where = log_file()
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    if where is None:
        return _("{what} failed unexpectedly ({detail}).", what=what, detail=detail)
    return _("{what} failed unexpectedly ({detail}). The details are in {where}", what=what, detail=detail, where=where)


def is_users_mistake(error: BaseException) -> bool:
    """Errors secsc explains in words (bad input, conflicts, a full disk): no traceback is needed."""
    from secsc_tui.core.problems import SecscError

    return isinstance(error, (SecscError, OSError))
