"""Importing files into the store: the one routine behind `secsc import` and the app.

Each file is all or nothing: it is refused whole if any session in it is
invalid, or (without ``force``) if any of its sessions was changed in the
database since the file was exported.

One session, one file: when a session id turns up in two files of one import
(a team handed in its file twice, or a copy was left in the folder), the first
file that holds it (in the order given; a folder's files sorted by name) is the
one imported, and every later file holding it is refused whole ("session X is
also in FILE"), so that no session is silently written twice. A valid file claims
its sessions even if it is then refused for a conflict (its file comes first).

With a workshop, every session of every imported file is put in that workshop.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from secsc_tui.core.problems import InvalidInput, Problem, SecscError

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class FileResult:
    path: Path
    outcomes: list = field(default_factory=list)  # store ImportOutcome, when imported
    problems: list[Problem] = field(default_factory=list)  # why it was refused
    warnings: list[Problem] = field(default_factory=list)
    error: str = ""  # a failed operation (database), not the file's fault

    @property
    def conflicts(self) -> list:
        return [o for o in self.outcomes if o.status == "conflict"]

    @property
    def imported(self) -> bool:
        return not self.problems and not self.error and not self.conflicts

    @property
    def reason(self) -> str:
        """Why the file was not imported, in one line ("" if it was)."""
        if self.error:
            return self.error
        if self.problems:
            if len(self.problems) == 1:
                return self.problems[0].message
            return f"{len(self.problems)} problems (listed above)"
        if self.conflicts:
            ids = ", ".join(f"'{o.session_id}'" for o in self.conflicts)
            noun = "session" if len(self.conflicts) == 1 else "sessions"
            return (f"conflict: {noun} {ids} changed in the database since this file was exported "
                    f"(--force overwrites)")
        return ""


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)  # the files dealt with, in order
    missing: list[str] = field(default_factory=list)  # arguments that named nothing
    total_files: int = 0  # files found to import
    interrupted: bool = False  # stopped by Ctrl+C: the files after the last one in ``files`` were not read

    @property
    def ok(self) -> bool:
        return not self.missing and not self.interrupted and all(f.imported for f in self.files)

    def counts(self) -> dict[str, int]:
        counts = {"added": 0, "updated": 0, "unchanged": 0, "conflict": 0, "refused": 0}
        for result in self.files:
            if result.problems or result.error:
                counts["refused"] += 1
            elif result.conflicts:
                counts["conflict"] += len(result.conflicts)
            else:
                for outcome in result.outcomes:
                    counts[outcome.status] += 1
        return counts

    def summary(self) -> str:
        parts = [f"{n} {status}" for status, n in self.counts().items() if n]
        return ", ".join(parts) if parts else "nothing to import"


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Folders become the YAML files directly inside them, sorted; report what doesn't exist."""
    files: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        path = Path(raw).expanduser()
        try:
            if path.is_dir():
                found = sorted(p for p in path.iterdir() if p.suffix.lower() in YAML_SUFFIXES and p.is_file())
                if not found:
                    missing.append(f"{raw}: no .yaml files in this folder")
                files.extend(found)
            elif path.is_file():
                files.append(path)
            elif path.exists():
                missing.append(f"{raw}: not a regular file")
            else:
                missing.append(f"{raw}: no such file or folder")
        except OSError as exc:  # a name too long, a folder that cannot be read...
            missing.append(f"{raw}: {exc.strerror or exc}")
    return files, missing


def import_paths(store, paths: Iterable[str | Path], *, force: bool = False,
                 workshop_id: str | None = None,
                 on_file: Callable[[FileResult], None] | None = None) -> ImportReport:
    """Import every YAML file named (folders: the files directly in them), one by one.

    With ``workshop_id``, the sessions of every imported file (added, updated or
    unchanged) are put in that workshop. ``on_file`` is told about each file as soon
    as it is dealt with. Ctrl+C stops the import: while a file is read, at once;
    while it is written, once it is written and ``on_file`` has been told. The
    report then says which files were dealt with (``interrupted``).
    """
    files, missing = expand_paths(paths)
    files = _unique(files)
    report = ImportReport(missing=missing, total_files=len(files))
    claimed: dict[str, Path] = {}  # session id -> the first file of this import that holds it
    try:
        for path in files:
            result, sessions = _read_file(path, claimed)
            with _ctrl_c_waits():
                if sessions is not None:
                    _write_file(store, result, sessions, force, workshop_id)
                report.files.append(result)
                if on_file is not None:
                    on_file(result)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _read_file(path: Path, claimed: dict[str, Path]) -> tuple[FileResult, list | None]:
    """The file's sessions, claimed for this import; None if it is refused (the result says why)."""
    from secsc_tui.core.yaml_io import read_sessions_file

    result = FileResult(path)
    try:
        sessions = read_sessions_file(path, warnings=result.warnings)
    except InvalidInput as exc:
        result.problems = exc.problems
        return result, None
    result.problems = [
        Problem(f"session '{s.id}' is also in {claimed[s.id]}, which comes first in this import "
                f"(a session is imported from one file only)", file=str(path))
        for s in sessions if s.id in claimed
    ]
    if result.problems:
        return result, None
    for s in sessions:
        claimed[s.id] = path
    return result, sessions


def _write_file(store, result: FileResult, sessions: list, force: bool, workshop_id: str | None) -> None:
    try:
        result.outcomes = store.import_sessions(sessions, force=force, workshop_id=workshop_id)
    except InvalidInput as exc:
        result.problems = [p if p.file else _in_file(p, result.path) for p in exc.problems]
    except SecscError as exc:
        result.error = str(exc)


@contextmanager
def _ctrl_c_waits() -> Iterator[None]:
    """Ctrl+C is held back until the block is done: a file is written and reported, or neither.

    Only the main thread receives Ctrl+C, so elsewhere (the app's workers) nothing is needed.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a Ctrl+C held back arrives now


def _unique(files: list[Path]) -> list[Path]:
    """A file named twice (``teams/ teams/a.yaml``) is read once."""
    seen: set[Path] = set()
    out = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def _in_file(problem: Problem, path: Path) -> Problem:
    return Problem(problem.message, problem.path, str(path), problem.line, problem.severity)
