"""File names for reports: short, ASCII, safe on every file system."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secsc_tui.core.model import Session
    from secsc_tui.core.workshop import Workshop

_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_STEM = 80


def slug(text: str, *, fallback: str = "report") -> str:
    """ "Paper example (EN)" -> "paper-example-en"; characters with no ASCII form are dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("-", ascii_text.lower())
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-._")[:MAX_STEM].rstrip("-._")
    if not cleaned:
        return fallback
    if cleaned.split(".", 1)[0] in _WINDOWS_RESERVED:
        cleaned = f"{cleaned}-{fallback}"
    return cleaned


def suggested_filename(fmt: str, sessions: list[Session], workshop: Workshop | None = None) -> str:
    """A file name for the report, e.g. "paper-example-en.html" or "workshop-nagoya-2025-08-26.xlsx".

    Built from ids (which are ASCII by construction), never from titles, so that
    Japanese titles do not end up in file names.
    """
    ext = slug(fmt, fallback="txt")
    sessions = list(sessions)
    if workshop is not None:
        stem = slug(workshop.id, fallback="workshop")
        if not stem.startswith("workshop"):
            stem = f"workshop-{stem}"
        if workshop.date is not None and workshop.date.isoformat() not in stem:
            stem = f"{stem}-{workshop.date.isoformat()}"
    elif len(sessions) == 1:
        stem = slug(sessions[0].id, fallback="session")
    elif sessions:
        stem = f"{slug(sessions[0].id, fallback='session')}-and-{len(sessions) - 1}-more"
    else:
        stem = "report"
    return f"{stem}.{ext}"
