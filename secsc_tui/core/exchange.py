"""Importing files into the store: the one routine behind `secsc import` and the app.

Each file is all or nothing: it is refused whole if any session in it is
invalid, or (without ``force``) if any of its sessions conflicts with the
database's version (both changed since their last common version, see
``core/lineage.py``).

One session, one version: when a session id turns up in several files of one
import (a team handed in twice, a copy such as "t5 (1).yaml" was left in the
folder, a corrected file sits beside the original), the files' histories decide,
not their names: the newest version is imported, and a file holding only older
(or identical) copies is skipped, saying which file has the newer one. Two files
whose versions diverged are both refused as a conflict, each naming the other;
that session is not imported until one of them is taken out of the folder.

With a workshop, every session of every imported file is put in that workshop;
``collect`` also creates the workshop, but only once a file is about to be
imported into it, and takes it away again if nothing came in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from secsc_tui.core.ctrl_c import held_back
from secsc_tui.core.forked import MapInTwo
from secsc_tui.core.lineage import newest
from secsc_tui.core.problems import InvalidInput, Problem, SecscError
from secsc_tui.i18n import _, ngettext

if TYPE_CHECKING:  # the store loads SQLAlchemy; importing files needs it only once one is written
    from secsc_tui.core.store import ImportOutcome, Store
    from secsc_tui.core.store.prepared import PreparedSession
    from secsc_tui.core.workshop import Workshop

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class FileResult:
    path: Path
    outcomes: list[ImportOutcome] = field(default_factory=list)  # when imported
    problems: list[Problem] = field(default_factory=list)  # why it was refused
    warnings: list[Problem] = field(default_factory=list)
    error: str = ""  # a failed operation (database), not the file's fault
    clashes: list[str] = field(default_factory=list)  # diverged copies of a session in other files
    superseded: list[str] = field(default_factory=list)  # sessions a newer file of this import holds
    skipped: bool = False  # every session of the file is superseded: nothing to import from it

    @property
    def conflicts(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.status == "conflict"]

    @property
    def imported(self) -> bool:
        return not self.problems and not self.error and not self.conflicts and not self.clashes and not self.skipped

    @property
    def failed(self) -> bool:
        """Not imported for a reason someone must act on (a skipped older copy is not one)."""
        return not self.imported and not self.skipped

    @property
    def reason(self) -> str:
        """Why the file was not imported, in one line ("" if it was)."""
        if self.error:
            return self.error
        if self.problems:
            if len(self.problems) == 1:
                return _located(self.problems[0])
            return ngettext("{n} problem (listed above)", "{n} problems (listed above)", len(self.problems))
        if self.clashes:
            return _("conflict: ") + "; ".join(self.clashes)
        if self.conflicts:
            ids = ", ".join(f"'{o.session_id}'" for o in self.conflicts)
            return ngettext(
                "conflict: session {ids} changed both in the database and in this file since their "
                "last common version (--force takes the file's)",
                "conflict: sessions {ids} changed both in the database and in this file since their "
                "last common version (--force takes the file's)",
                len(self.conflicts),
                ids=ids,
            )
        if self.skipped:
            return _("skipped: ") + "; ".join(self.superseded)
        return ""


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)  # the files dealt with, in order
    missing: list[str] = field(default_factory=list)  # arguments that named nothing
    total_files: int = 0  # files found to import
    interrupted: bool = False  # stopped by Ctrl+C: the files after the last one in ``files`` were not read

    @property
    def ok(self) -> bool:
        """Every file imported, or skipped as an older copy of one that was, and none left by Ctrl+C."""
        return not self.missing and not self.interrupted and not any(f.failed for f in self.files)

    def counts(self) -> dict[str, int]:
        counts = {"added": 0, "updated": 0, "unchanged": 0, "skipped": 0, "conflict": 0, "refused": 0}
        for result in self.files:
            if result.problems or result.error:
                counts["refused"] += 1
            elif result.clashes:
                counts["conflict"] += len(result.clashes)
            elif result.conflicts:
                counts["conflict"] += len(result.conflicts)
            elif result.skipped:
                counts["skipped"] += 1
            else:
                for outcome in result.outcomes:
                    counts[outcome.status] += 1
        return counts

    def summary(self) -> str:
        parts = [_counted(status, n) for status, n in self.counts().items() if n]
        return ", ".join(parts) if parts else _("nothing to import")

    @property
    def placed(self) -> list[str]:
        """The ids of the sessions written or found unchanged (those a workshop receives)."""
        return [o.session_id for f in self.files if f.imported for o in f.outcomes]


def _counted(status: str, n: int) -> str:
    """One count of an import's summary ("3 added", "1 conflict"), in the interface's language."""
    if status == "added":
        return ngettext("{n} added", "{n} added", n)
    if status == "updated":
        return ngettext("{n} updated", "{n} updated", n)
    if status == "unchanged":
        return ngettext("{n} unchanged", "{n} unchanged", n)
    if status == "skipped":
        return ngettext("{n} skipped", "{n} skipped", n)
    if status == "refused":
        return ngettext("{n} refused", "{n} refused", n)
    return ngettext("{n} conflict", "{n} conflicts", n)


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
                    missing.append(_("{raw}: no .yaml files in this folder", raw=raw))
                files.extend(found)
            elif path.is_file():
                files.append(path)
            elif path.exists():
                missing.append(_("{raw}: not a regular file", raw=raw))
            else:
                missing.append(_("{raw}: no such file or folder", raw=raw))
        except OSError as exc:  # a name too long, a folder that cannot be read...
            missing.append(f"{raw}: {exc.strerror or exc}")
    return files, missing


@dataclass
class Reading:
    """Files whose reading has begun (``start_reading``), for ``import_paths`` to finish and write."""

    files: list[Path]
    missing: list[str]
    shared: MapInTwo[Path, tuple[FileResult, list[PreparedSession] | None]]

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shared.__exit__(*exc_info)  # a child still reading is ended


def start_reading(paths: Iterable[str | Path]) -> Reading:
    """Begin reading the YAML files named: a forked child starts on them at once (``core/forked.py``).

    For ``secsc import`` to open the database meanwhile, which takes a third of a
    second (the database libraries load). Use it as a context manager, so that the
    child is ended if the import never comes to it.
    """
    files, missing = expand_paths(paths)
    files = _unique(files)
    return Reading(files, missing, MapInTwo(_read_file, files))


def import_paths(
    store: Store,
    paths: Iterable[str | Path] | Reading,
    *,
    force: bool = False,
    workshop_id: str | Callable[[], str] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> ImportReport:
    """Import every YAML file named (folders: the files directly in them).

    Every file is read first, so that where several files hold the same session
    the newest copy is chosen by lineage (``_choose_copies``); then the files are
    written in order, a batch of consecutive files per transaction (each file still
    all or nothing: one that is refused or conflicts writes nothing, the others of its
    batch are written; after a database error the batch is tried again file by file).

    With ``workshop_id``, the sessions of every imported file (added, updated or
    unchanged) are put in that workshop. It may be a function that gives the id:
    it is called once, just before the first file is written (so a workshop can be
    created only when something is about to go into it). ``on_file`` is told about
    each file as soon as its batch is written. Ctrl+C stops the import: while the
    files are read, at once (nothing is written); while a batch is written, once it
    is written and ``on_file`` has been told of each of its files. The report then
    says which files were dealt with (``interrupted``): exactly those written.

    ``paths`` may be a ``Reading`` already begun.
    """
    # Reading is two thirds of an import: a forked child shares it (core/forked.py).
    reading = paths if isinstance(paths, Reading) else start_reading(paths)
    report = ImportReport(missing=reading.missing, total_files=len(reading.files))
    target = workshop_id
    try:
        with reading:
            read = reading.shared.results()
        chosen = _choose_copies([(result, sessions) for result, sessions in read if sessions is not None])
        for batch in _batches(read):
            with held_back():  # a file is written and reported, or neither
                to_write = [
                    (result, [s for s in sessions if chosen.get(s.id) is result])
                    for result, sessions in batch
                    if sessions is not None and not result.clashes and not result.skipped
                ]
                if to_write:
                    if callable(target):
                        target = target()
                    _write_files(store, to_write, force, target)
                _tell(report, [result for result, _sessions in batch], on_file)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


# Files written per transaction: a commit and a dozen statements per file cost more than the
# writing itself. Ctrl+C waits for at most one batch to be written and reported.
BATCH_SESSIONS = 100


def _batches(
    read: list[tuple[FileResult, list[PreparedSession] | None]],
) -> Iterator[list[tuple[FileResult, list[PreparedSession] | None]]]:
    """Consecutive files holding up to ``BATCH_SESSIONS`` sessions in all (a bigger file: alone)."""
    batch: list[tuple[FileResult, list[PreparedSession] | None]] = []
    held = 0
    for result, sessions in read:
        count = len(sessions) if sessions is not None else 0
        if batch and held + count > BATCH_SESSIONS:
            yield batch
            batch, held = [], 0
        batch.append((result, sessions))
        held += count
    if batch:
        yield batch


def _tell(report: ImportReport, results: list[FileResult], on_file: Callable[[FileResult], None] | None) -> None:
    """Add a written batch to the report, telling ``on_file`` of each file.

    A KeyboardInterrupt from ``on_file`` stops the import only once every file of the
    batch is in the report: they were all written.
    """
    interrupted = False
    for result in results:
        report.files.append(result)
        if on_file is not None:
            try:
                on_file(result)
            except KeyboardInterrupt:
                interrupted = True
    if interrupted:
        raise KeyboardInterrupt


def _read_file(path: Path) -> tuple[FileResult, list[PreparedSession] | None]:
    """The file's sessions, ready to be written; None if it is refused (the result says why)."""
    from secsc_tui.core.store.prepared import prepare
    from secsc_tui.core.yaml_io import read_sessions_file

    result = FileResult(path)
    try:
        return result, prepare(read_sessions_file(path, warnings=result.warnings))
    except InvalidInput as exc:
        result.problems = [p if p.file else _in_file(p, path) for p in exc.problems]
        return result, None


def _write_files(
    store: Store, files: list[tuple[FileResult, list[PreparedSession]]], force: bool, workshop_id: str | None
) -> None:
    """Write several files in one transaction; after a database error, each file on its own."""
    try:
        written = store.import_files([sessions for _result, sessions in files], force=force, workshop_id=workshop_id)
    except SecscError:
        # Nothing of the batch was written: again file by file, so that each says whether it failed.
        for result, sessions in files:
            try:
                [result.outcomes] = store.import_files([sessions], force=force, workshop_id=workshop_id)
            except SecscError as exc:
                result.error = str(exc)
        return
    for (result, _sessions), outcomes in zip(files, written, strict=True):
        result.outcomes = outcomes


def _choose_copies(readable: list[tuple[FileResult, list[PreparedSession]]]) -> dict[str, FileResult]:
    """For each session id, the file whose copy is imported; notes on the others' results."""
    holders: dict[str, list[tuple[FileResult, PreparedSession]]] = {}
    for result, sessions in readable:
        for session in sessions:
            holders.setdefault(session.id, []).append((result, session))
    chosen: dict[str, FileResult] = {}
    for session_id, copies in holders.items():
        if len(copies) == 1:
            chosen[session_id] = copies[0][0]
            continue
        versions = [session.version for _result, session in copies]
        newest_ones, older = newest(versions)
        if len(newest_ones) == 1:
            winner = copies[newest_ones[0]][0]
            chosen[session_id] = winner
            for i in older:
                same = versions[i].digest == versions[newest_ones[0]].digest
                copies[i][0].superseded.append(
                    _("session '{session_id}' is the same in {path}", session_id=session_id, path=winner.path)
                    if same
                    else _("session '{session_id}' is newer in {path}", session_id=session_id, path=winner.path)
                )
            continue
        for i in newest_ones:
            others = ", ".join(str(copies[j][0].path) for j in newest_ones if j != i)
            copies[i][0].clashes.append(
                _(
                    "session '{session_id}' was also changed in {others}: both changed since their last common "
                    "version, so neither is imported (take the copy you do not want out of the folder)",
                    session_id=session_id,
                    others=others,
                )
            )
        for i in older:
            copies[i][0].superseded.append(
                _("session '{session_id}' is newer in the other files", session_id=session_id)
            )
    for result, sessions in readable:
        result.skipped = bool(sessions) and not result.clashes and all(chosen.get(s.id) is not result for s in sessions)
    return chosen


def _unique(files: list[Path]) -> list[Path]:
    """A file named twice (``teams/ teams/a.yaml``) is read once."""
    seen: set[Path] = set()
    out: list[Path] = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def _in_file(problem: Problem, path: Path) -> Problem:
    return Problem(problem.message, problem.path, str(path), problem.line, problem.severity)


def _located(problem: Problem) -> str:
    """A problem with its line and field, without the file (which the caller names)."""
    where = ", ".join(part for part in (f"line {problem.line}" if problem.line else "", problem.path) if part)
    return f"{where}: {problem.message}" if where else problem.message


@dataclass
class Collected:
    """What ``collect`` did: the import, and the workshop (None if it did not exist and nothing came in)."""

    report: ImportReport
    workshop: Workshop | None
    created: bool


def collect(
    store: Store,
    paths: Iterable[str | Path] | Reading,
    workshop_name: str,
    *,
    force: bool = False,
    on_file: Callable[[FileResult], None] | None = None,
) -> Collected:
    """Collect team files into the workshop with this name or id, creating it if there is none.

    A new workshop is created only when a file is about to be written into it, and
    is taken away again if in the end nothing was imported into it (every file was
    refused or conflicted), so that a failed collect leaves no empty workshop behind.
    """
    from secsc_tui.core.problems import WorkshopNotFound

    try:
        workshop = store.find_workshop(workshop_name)
    except WorkshopNotFound:
        workshop = None
    if workshop is not None:
        report = import_paths(store, paths, force=force, workshop_id=workshop.id, on_file=on_file)
        return Collected(report, workshop, False)

    made: list[tuple[Workshop, bool]] = []

    def create() -> str:
        found, created = find_or_create_workshop(store, workshop_name)
        made.append((found, created))
        return found.id

    report = import_paths(store, paths, force=force, workshop_id=create, on_file=on_file)
    if not made:
        return Collected(report, None, False)
    workshop, created = made[0]
    if created and not report.placed and store.delete_workshop_if_empty(workshop.id):
        return Collected(report, None, False)
    return Collected(report, workshop, created)


def find_or_create_workshop(store: Store, name: str) -> tuple[Workshop, bool]:
    """The workshop with this name (or id), or a new one with this name: (workshop, created)."""
    from pydantic import ValidationError

    from secsc_tui.core.ids import new_id
    from secsc_tui.core.model import now_utc
    from secsc_tui.core.problems import WorkshopNotFound
    from secsc_tui.core.workshop import Workshop

    now = now_utc()
    try:
        workshop = Workshop(id=new_id("workshop", 10), name=name.strip(), created=now, updated=now)
    except ValidationError as exc:
        raise SecscError(
            _("--workshop: not a usable workshop name: {problem}", problem=exc.errors()[0]["msg"])
        ) from exc
    try:
        return store.create_workshop(workshop), True
    except SecscError:
        try:  # created a moment ago by someone else collecting into the same workshop
            return store.find_workshop(name), False
        except WorkshopNotFound:
            pass
        raise
