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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
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


def _final_mode(path: Path, umask: int | None = None) -> int:
    """The mode ``path`` keeps or gets: ``umask`` (if known) saves reading it again."""
    try:
        return os.stat(path).st_mode & 0o7777  # the file replaced (through a link, its target's)
    except OSError:
        return 0o666 & ~(current_umask() if umask is None else umask)


def _temporary_beside(path: Path) -> tuple[int, Path]:
    """A new temporary file in ``path``'s folder, open for writing: made with O_EXCL under a
    random name (see the module's docstring). Call it with Ctrl+C held back (``held_back``),
    and note the file before letting go, so that whatever happens next can remove it."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".tmp")
    return fd, Path(name)


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
            fd, tmp = _temporary_beside(path)
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


# Files flushed to disk at once: a journaling file system commits what several threads
# wait for together, where one file after another waits for a commit each.
FLUSHING_THREADS = 8


def write_files_atomically(files: Iterable[tuple[Path, str]], on_written: Callable[[Path], object]) -> None:
    """Write several text files, each appearing whole or not at all, in their order.

    As ``atomic_file`` does for one, but flushed to disk together: each text goes to a
    temporary file beside its path, then all are flushed at once (in threads), then
    each is renamed into place and ``on_written(path)`` told, one by one. 1,000 files
    of an export: 0.6-1.2 s one by one, 0.3-0.4 s together (ext4, 2026-12). On an
    error (a full disk), the files before it are completed and told, then the error is
    raised; it and those after it are not written, and no temporary file is left.
    """
    made: list[tuple[int, Path, Path]] = []  # open temporary files: fd, temporary path, path
    umask = current_umask()  # once, not per file
    try:
        failure: OSError | None = None
        for path, text in files:
            try:
                with held_back():  # made and noted, or neither
                    fd, tmp = _temporary_beside(path)
                    made.append((fd, tmp, path))
            except OSError as exc:
                failure = exc
                break
            try:
                os.fchmod(fd, _final_mode(path, umask))
                _write_fully(fd, text.encode("utf-8"))
            except OSError as exc:
                failure = exc
                _discard(*made.pop()[:2])
                break
        flushed = _flush_together([fd for fd, _tmp, _path in made])
        for problem in flushed:
            fd, tmp, path = made.pop(0)  # from here on, finished or discarded below
            if problem is not None:
                _discard(fd, tmp)
                raise problem
            os.close(fd)
            try:
                os.replace(tmp, path)
            except OSError:
                tmp.unlink(missing_ok=True)
                raise
            on_written(path)
        if failure is not None:
            raise failure
    finally:
        for fd, tmp, _path in made:
            _discard(fd, tmp)


def _write_fully(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _flush_together(fds: list[int]) -> list[OSError | None]:
    """``os.fsync`` each, in threads: for each, None or the error it raised."""

    def flush(fd: int) -> OSError | None:
        try:
            os.fsync(fd)
        except OSError as exc:
            return exc
        return None

    if len(fds) < 2:
        return [flush(fd) for fd in fds]
    with ThreadPoolExecutor(min(FLUSHING_THREADS, len(fds)), thread_name_prefix="secsc-fsync") as pool:
        return list(pool.map(flush, fds))


def _discard(fd: int, tmp: Path) -> None:
    os.close(fd)
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
