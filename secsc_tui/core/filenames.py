"""File names made from what people typed: safe on every file system, still readable.

A session exported into a folder is named after its title ("team-5.yaml",
"電力チーム.yaml"): a trainer collecting files recognises them, where
"s-kntmtjdw82.yaml" says nothing. Letters of any script are kept; what a file
system refuses or a shell makes awkward becomes "-".
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_KEPT_PUNCTUATION = "-_."
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_STEM_BYTES = 120  # well under the 255-byte limit of most file systems, in UTF-8


def title_stem(title: str, fallback: str) -> str:
    """ "Team 5 (Osaka)" -> "team-5-osaka"; "電力 チーム" -> "電力-チーム"; ``fallback`` when nothing is left."""
    text = "".join(ch if _kept(ch) else "-" for ch in unicodedata.normalize("NFKC", title).lower())
    text = re.sub(r"-{2,}", "-", text).strip("-._")
    while len(text.encode("utf-8")) > MAX_STEM_BYTES:
        text = text[:-1]
    text = text.rstrip("-._")
    if not text:
        return fallback
    if text.split(".", 1)[0] in _WINDOWS_RESERVED:
        text = f"{text}-{fallback}"
    return text


def _kept(ch: str) -> bool:
    """Letters and digits of any script, and "-", "_", ".": not separators, symbols, marks of quotation,
    nor anything a file system refuses (``<>:"/\\|?*``, control characters)."""
    if ch in _KEPT_PUNCTUATION:
        return True
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Mn"


_ID_LINE = re.compile(r"^id: *['\"]?([A-Za-z0-9][A-Za-z0-9_.-]*)['\"]? *$", re.M)


def session_id_in(path: Path) -> str | None:
    """The id of the (first) session in an exported file, read from its top-level ``id:`` line."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    found = _ID_LINE.search(head)
    return found.group(1) if found else None


class ExportNames:
    """A file in ``folder`` for each session exported there: named after its title, numbered on collision.

    "team-5.yaml", then "team-5-2.yaml" for another session with the same title. A
    file already there is written over only if it holds the same session (a new
    export of it); a file of another session is never overwritten.
    """

    def __init__(self, folder: Path, suffix: str = ".yaml"):
        self.folder = folder
        self.suffix = suffix
        self._taken: set[str] = set()

    def path_for(self, session_id: str, title: str) -> Path:
        stem = title_stem(title, session_id)
        n = 1
        while True:
            name = f"{stem}{self.suffix}" if n == 1 else f"{stem}-{n}{self.suffix}"
            path = self.folder / name
            if name.casefold() not in self._taken and (not path.exists() or session_id_in(path) == session_id):
                self._taken.add(name.casefold())
                return path
            n += 1
