"""Writing files so that a full disk or a killed process never leaves half a file."""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write UTF-8 text via a temporary file beside ``path`` and an atomic rename.

    Raises OSError (disk full, no permission...) with the target file left as it was.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """``write_text_atomically`` for bytes (reports: XLSX, CSV with a BOM...)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def describe_os_error(exc: OSError, path: Path | str) -> str:
    """'could not write x.yaml: No space left on device' — no traceback, no errno soup."""
    reason = exc.strerror or str(exc)
    return f"could not write {exc.filename or path}: {reason}"
