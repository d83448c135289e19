"""Writing files so that a full disk or a killed process never leaves half a file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_file(path: Path | str, mode: str = "w") -> Iterator[IO]:
    """A file that appears at ``path`` only once it is complete.

    Written to a temporary file beside ``path``, flushed to disk, then renamed
    over it; on any error the temporary file goes and ``path`` stays as it was.
    ``mode`` is "w" (UTF-8 text, "\n" line ends) or "wb".
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    text = "b" not in mode
    try:
        with open(tmp, mode, **({"encoding": "utf-8", "newline": "\n"} if text else {})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
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
    return f"could not write {exc.filename or path}: {reason}"
