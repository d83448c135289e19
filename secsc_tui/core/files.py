"""Writing files so that a full disk or a killed process never leaves half a file.

The temporary file is created exclusively, under a random name, in the target's
folder (``tempfile.mkstemp``: O_CREAT | O_EXCL | O_NOFOLLOW): a symlink planted
there by someone else is never followed, so it cannot redirect the write to one of
the user's files. The finished file gets the mode of the file it replaces (an
export over a private 0600 file stays private), or for a new file the usual mode
for the user's umask.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from secsc_tui.core.ctrl_c import held_back
from secsc_tui.i18n import _

_umask_lock = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _umask_lock:  # elsewhere: set and restore it (private in between, never more open)
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def _final_mode(path: Path) -> int:
    try:
        return os.stat(path).st_mode & 0o7777  # the file replaced (through a link, its target's)
    except OSError:
        return 0o666 & ~current_umask()


@contextmanager
def atomic_file(path: Path | str, mode: str = "w") -> Iterator[IO[Any]]:
    """A file that appears at ``path`` only once it is complete.

    Written to a temporary file beside ``path``, flushed to disk, then renamed
    over it; on any error the temporary file goes and ``path`` stays as it was.
    ``mode`` is "w" (UTF-8 text, "\n" line ends) or "wb".
    """
    path = Path(path)
    text = "b" not in mode
    fd, tmp = -1, None
    try:
        # Ctrl+C is held back while the temporary file is made: arriving before this
        # ``try`` could remove it, it left the file in the user's folder.
        with held_back():
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".tmp")
            tmp = Path(name)
        os.fchmod(fd, _final_mode(path))
        with os.fdopen(fd, mode, encoding="utf-8" if text else None, newline="\n" if text else None) as handle:
            fd = -1  # the file object owns it now
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if fd != -1:
            os.close(fd)
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def write_text_atomically(path: Path | str, text: str) -> None:
    """Raises OSError (disk full, no permission...) with the target file left as it was."""
    with atomic_file(path) as handle:
        handle.write(text)


def write_bytes_atomically(path: Path | str, data: bytes) -> None:
    """``write_text_atomically`` for bytes (reports: XLSX, CSV with a BOM...)."""
    with atomic_file(path, "wb") as handle:
        handle.write(data)


def describe_os_error(exc: OSError, path: Path | str) -> str:
    """'could not write x.yaml: No space left on device' — no traceback, no errno soup."""
    reason = exc.strerror or str(exc)
    return _("could not write {filename}: {reason}", filename=exc.filename or path, reason=reason)
