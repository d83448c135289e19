"""The ``secsc`` command line: sessions, workshops, results and reports.

Exit status: 0 success, 1 invalid input or a failed operation, 2 usage error.
Heavy modules (the ORM, YAML, the app) are imported inside the command that
needs them, so ``secsc validate`` never pays for the database and ``--help``
is instant.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn

from secsc_tui import __version__
from secsc_tui.i18n import LANGUAGES, N_, _, choose_language, ngettext, set_language

if TYPE_CHECKING:
    import argparse
    import datetime as dt

    from _typeshed import SupportsWrite

    from secsc_tui.core.catalogue import LoadedCatalogue
    from secsc_tui.core.exchange import FileResult
    from secsc_tui.core.model import Session
    from secsc_tui.core.session_diff import Difference
    from secsc_tui.core.store import SessionSummary, Store
    from secsc_tui.core.validation import Verdict

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

DB_HELP = N_("database file or SQLAlchemy URL (default: $SECSC_DB, else the user data directory)")


# Every message is escaped as a whole: it may quote a file name, a key or a value
# from a file, and nothing from outside may drive the terminal or forge a line.


def _out(line: str = "") -> None:
    """A message line on standard output."""
    from secsc_tui.textwidth import escaped

    print(escaped(line), flush=False)


def _err(line: str) -> None:
    from secsc_tui.textwidth import escaped

    print(escaped(line), file=sys.stderr)


def _write_lines(lines: list[str]) -> None:
    """Lines of a table or TSV whose cells were made printable one by one (tabs are separators)."""
    sys.stdout.write("".join(line + "\n" for line in lines))


def _write_json(data: object) -> None:
    """JSON as written, except that no character can drive or hide from the terminal.

    JSON escapes C0 controls itself; DEL, C1 controls, bidirectional and invisible
    format characters are written as \\u escapes too. The data reads back the same.
    """
    import json
    import unicodedata

    def escape(char: str) -> str:
        code = ord(char)
        if code > 0xFFFF:  # JSON spells these as a surrogate pair
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"

    text = json.dumps(data, ensure_ascii=False, indent=2)
    if not text.isprintable():
        text = "".join(
            escape(c) if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\n" else c for c in text
        )
    sys.stdout.write(text + "\n")


def _open_store(args: argparse.Namespace, *, read_only: bool = False) -> Store:
    """The database; commands that only read open it without writing (a read-only file can be listed)."""
    from secsc_tui.core.store import Store

    store = Store.open(args.db, read_only=read_only)
    if store.upgrade_backup is not None:
        _err(
            _(
                "database: written by an older secsc, now upgraded; a copy of it as it was: {backup}",
                backup=store.upgrade_backup,
            )
        )
    return store


# -- list -------------------------------------------------------------------


def _quick_list(args: argparse.Namespace) -> list[SessionSummary] | None:
    """The list of an up-to-date SQLite file without loading SQLAlchemy (None: the store decides)."""
    from secsc_tui.core.store.location import keep_default_folder_private
    from secsc_tui.core.store.quick_list import read_session_list

    found = read_session_list(args.db)
    if found is None:
        return None
    path, summaries = found
    keep_default_folder_private(path)  # as Store.open does
    return summaries


def cmd_list(args: argparse.Namespace) -> int:
    from secsc_tui.core.gc_by_hand import garbage_collected_by_hand

    # Thousands of rows and lines, no cyclic garbage: automatic collections were a tenth of
    # listing 10,000 sessions (core/gc_by_hand.py).
    with garbage_collected_by_hand():
        return _list_sessions(args)


def _list_sessions(args: argparse.Namespace) -> int:
    import shutil

    from secsc_tui.core.enums import Step  # not core.model: that loads pydantic
    from secsc_tui.textwidth import format_table, printable

    summaries = _quick_list(args) if args.workshop is None else None
    if summaries is None:
        store = _open_store(args, read_only=True)
        try:
            workshop_id = store.find_workshop(args.workshop).id if args.workshop is not None else None
            summaries = store.list_sessions(workshop_id)
        finally:
            store.close()
    steps = len(Step)

    if args.format == "json":
        _write_json(
            [
                {
                    "id": s.id,
                    "title": s.title,
                    "organisation": s.organisation,
                    "language": s.language,
                    "current_step": s.current_step,
                    "steps_done": s.steps_done,
                    "updated": s.updated.isoformat().replace("+00:00", "Z"),
                    "revision": s.revision,
                    "workshop_id": s.workshop_id,
                }
                for s in summaries
            ]
        )
        return EXIT_OK

    rows = [
        [
            printable(s.id),
            printable(s.title),
            printable(s.organisation),
            f"{s.steps_done}/{steps}",
            s.updated.astimezone().strftime("%Y-%m-%d %H:%M"),
        ]
        for s in summaries
    ]
    if args.format == "tsv":
        _write_lines(["\t".join(row) for row in [["id", "title", "organisation", "steps_done", "updated"], *rows]])
        return EXIT_OK

    if not rows:
        if args.workshop is not None:
            _err(
                _(
                    "No sessions in this workshop yet. Collect the teams' files with: "
                    "secsc import --workshop NAME FOLDER"
                )
            )
        else:
            _err(_("No sessions yet. Import some with: secsc import --samples"))
        return EXIT_OK
    # Share what the terminal has left between title and organisation.
    width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 10_000
    id_width = max(len(r[0]) for r in rows)
    room = max(20, width - id_width - len("steps") - len("YYYY-mm-dd HH:MM") - 8)
    lines = format_table(
        ["ID", "TITLE", "ORGANISATION", "STEPS", "UPDATED"],
        rows,
        max_widths={1: max(12, room * 3 // 5), 2: max(8, room * 2 // 5)},
        right_align=frozenset({3}),
    )
    _write_lines(lines)
    return EXIT_OK


# -- import / validate --------------------------------------------------------


def _problems(n: int) -> str:
    return ngettext("{n} problem", "{n} problems", n)


def _sessions(n: int) -> str:
    return ngettext("{n} session", "{n} sessions", n)


def _print_problems(problems: Iterable[object]) -> None:
    for problem in problems:
        _err(f"  {problem}")


def cmd_validate(args: argparse.Namespace) -> int:
    from secsc_tui.core.exchange import expand_paths
    from secsc_tui.core.forked import MapInTwo
    from secsc_tui.core.gc_by_hand import garbage_collected_by_hand
    from secsc_tui.core.validation import validated

    files, missing = expand_paths(args.files)
    for message in missing:
        _err(_("error: {message}", message=message))
    # A forked child reads the files from the back while this process reads them from the
    # front (core/forked.py): each file is told of in order, those read here as they are read.
    # Reading makes next to no cyclic garbage: nothing to collect (core/gc_by_hand.py).
    with garbage_collected_by_hand(), MapInTwo(validated, files) as shared:
        verdicts = shared.results(in_order=_print_verdict)
    failed = bool(missing) or any(verdict.problems for verdict in verdicts)
    return EXIT_FAILED if failed else EXIT_OK


def _print_verdict(verdict: Verdict) -> None:
    if verdict.problems:
        _err(_("invalid: {path} ({problems})", path=verdict.path, problems=_problems(len(verdict.problems))))
        _print_problems(verdict.problems)
        return
    _out(_("ok: {path} ({sessions})", path=verdict.path, sessions=_sessions(verdict.sessions)))
    _print_problems(verdict.warnings)


DIFFERENCES_SHOWN = 12  # per conflicting session; the rest are counted


def cmd_import(args: argparse.Namespace) -> int:
    from secsc_tui.core.exchange import collect, import_paths, start_reading
    from secsc_tui.core.gc_by_hand import garbage_collected_by_hand
    from secsc_tui.resources import sample_session_files
    from secsc_tui.textwidth import printable

    paths = list(args.files)
    if args.samples:
        paths.extend(str(p) for p in sample_session_files())
    if not paths:
        _err(_("secsc import: error: give at least one FILE or folder, or --samples"))
        return EXIT_USAGE

    if args.workshop is not None and not args.workshop.strip():
        from secsc_tui.core.problems import InvalidInput, Problem

        raise InvalidInput([Problem(_("a workshop needs a name"), path="name")])
    # Nothing is collected until the import ends: every session read stays alive until it
    # is written, and an import makes next to no cyclic garbage (core/gc_by_hand.py). A
    # forked child starts reading the files while the database opens (core/forked.py).
    with garbage_collected_by_hand(), start_reading(paths) as reading:
        store = _open_store(args)
        try:
            store.check_integrity()  # never write into a damaged database
            # Each file is reported as soon as its batch is written: after Ctrl+C, what is on screen was imported.
            workshop, created = None, False
            if args.workshop is not None:
                collected = collect(store, reading, args.workshop, force=args.force, on_file=_print_file)
                report, workshop, created = collected.report, collected.workshop, collected.created
            else:
                report = import_paths(store, reading, force=args.force, on_file=_print_file)
            in_workshop = len(store.list_sessions(workshop.id)) if workshop is not None else 0
        finally:
            store.close()

    if workshop is not None:
        if created:
            _err(_("workshop: '{name}' did not exist: created it", name=printable(workshop.name)))
        else:
            _err(_("workshop: importing into '{name}'", name=printable(workshop.name)))
    for message in report.missing:
        _err(_("error: {message}", message=message))
    _err(_("summary: {summary}", summary=report.summary()))
    not_imported = [r for r in report.files if not r.imported]
    if not_imported:
        _err(_("not imported ({files}):", files=ngettext("{n} file", "{n} files", len(not_imported))))
        for result in not_imported:
            _err(f"  {result.path}: {result.reason}")
    if workshop is not None:
        _err(
            _(
                "workshop '{name}' now has {in_workshop}",
                name=printable(workshop.name),
                in_workshop=_sessions(in_workshop),
            )
        )
    elif args.workshop is not None:
        _err(
            _(
                "workshop: nothing was imported, so no workshop '{printable}' was created",
                printable=printable(args.workshop.strip()),
            )
        )
    if report.interrupted:
        done, total = len(report.files), report.total_files
        _err(
            _(
                "secsc: interrupted after {done:,} of {files}: the files listed above were dealt with as shown; "
                "the other {rest:,} were not imported",
                done=done,
                files=ngettext("{n} file", "{n} files", total),
                rest=total - done,
            )
        )
        return 130
    return EXIT_OK if report.ok else EXIT_FAILED


def _print_file(result: FileResult) -> None:
    """One file's outcome: its sessions (standard output) or why it was not imported (standard error)."""
    from secsc_tui.textwidth import printable

    if result.problems:
        _err(_("refused: {path} ({problems})", path=result.path, problems=_problems(len(result.problems))))
        _print_problems(result.problems)
    elif result.error:
        _err(_("failed: {path}: {error}", path=result.path, error=result.error))
    elif result.clashes:
        _err(_("refused: {path}: nothing imported from this file", path=result.path))
        for clash in result.clashes:
            _err(_("  conflict: {clash}", clash=clash))
    elif result.skipped:
        _err(_("skipped: {path}: {reasons}", path=result.path, reasons="; ".join(result.superseded)))
    elif result.conflicts:
        _err(_("refused: {path}: nothing imported from this file", path=result.path))
        for outcome in result.conflicts:
            _err(_("  conflict: {session_id}: {detail}", session_id=outcome.session_id, detail=outcome.detail))
            _print_differences(outcome.differences)
        _err(_("  (--force takes the file's version, replacing the database's)"))
    else:
        for outcome in result.outcomes:
            shown = outcome.status != "added" and outcome.detail != "already in the database"
            detail = f": {outcome.detail}" if shown or "moved" in outcome.detail else ""
            _out(
                _(
                    "{status}: {session_id}  {title}  ({path}){detail}",
                    status=outcome.status,
                    session_id=outcome.session_id,
                    title=printable(outcome.title),
                    path=result.path,
                    detail=detail,
                )
            )
        for note in result.superseded:
            _err(_("  note: {path}: {note}; that copy is imported", path=result.path, note=note))
        _print_problems(result.warnings)
    sys.stdout.flush()


def _print_differences(differences: Sequence[Difference]) -> None:
    from secsc_tui.textwidth import printable

    if not differences:
        return
    _err(
        "    "
        + ngettext(
            "{n} field differs (the database's value, then the file's):",
            "{n} fields differ (the database's value, then the file's):",
            len(differences),
        )
    )
    for difference in differences[:DIFFERENCES_SHOWN]:
        _err(f"    {printable(str(difference))}")
    if len(differences) > DIFFERENCES_SHOWN:
        _err(_("    … and {count} more", count=len(differences) - DIFFERENCES_SHOWN))


# -- export -----------------------------------------------------------------

# Sessions exported between two collections of cyclic garbage (core/gc_by_hand.py). Each
# collection walks the batch being read (~45 ms for 200 sessions on a slow laptop), and
# there is little to find: exporting 10,000 sessions with no collection at all peaked
# 2 MB higher. Every 2,000 keeps memory flat at a tenth of the cost of every 200.
COLLECT_EVERY = 2_000


def _collect_every(count: int) -> None:
    """After every ``COLLECT_EVERY``th session exported: a full collection (only a batch is alive)."""
    if count % COLLECT_EVERY == 0:
        gc.collect()


EXPORT_BATCH = 200  # sessions per batch of files written while the next batch is read


def _write_export_batch(batch: list[tuple[Session, Path]], folder: Path) -> int:
    """Write each session of ``batch`` to its file, saying so: the exit status (a full disk stops the batch).

    Each session is written out first, then the files together (``write_files_atomically``):
    if writing one out fails (a bug), those before it are still written.
    """
    from secsc_tui.core.files import describe_os_error, write_files_atomically
    from secsc_tui.core.yaml_io import dump_session

    texts: list[tuple[Path, str]] = []
    ids: dict[Path, str] = {}
    bug: Exception | None = None
    for session, file in batch:
        try:
            texts.append((file, dump_session(session)))
        except Exception as exc:  # noqa: BLE001 - a bug: reported below, after the files before it
            bug = exc
            break
        ids[file] = session.id
    try:
        write_files_atomically(
            texts, on_written=lambda file: _err(_("exported: {id} -> {file}", id=ids[file], file=file))
        )
    except OSError as exc:
        _err(_("error: {exc}", exc=describe_os_error(exc, folder)))
        return EXIT_FAILED
    if bug is not None:
        from secsc_tui.logs import unexpected

        _err(_("secsc: error: {exc}", exc=unexpected(bug, "secsc export")))
        return EXIT_FAILED
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from secsc_tui.core.files import atomic_file, describe_os_error
    from secsc_tui.core.problems import SecscError
    from secsc_tui.core.yaml_io import dump_session

    if not args.ids and not args.all:
        _err(_("secsc export: error: give one or more session IDs, or --all"))
        return EXIT_USAGE
    if args.ids and args.all:
        _err(_("secsc export: error: give session IDs or --all, not both"))
        return EXIT_USAGE

    target = args.output
    path = Path(target).expanduser()
    to_folder = target != "-" and (path.is_dir() or target.endswith(("/", os.sep)))
    if target != "-" and not to_folder and not path.parent.is_dir():
        _err(_("error: cannot write {path}: folder {parent} does not exist", path=path, parent=path.parent))
        return EXIT_FAILED

    # Exporting notes in the database that each version was published (core/lineage.py), so
    # it writes where it can; a database this user cannot write is still exported, without that note.
    from secsc_tui.core.store.location import can_write, resolve_target

    store = _open_store(args, read_only=not can_write(resolve_target(args.db)))
    try:
        if args.all:
            # Read in batches and written one by one: memory stays flat however big the database.
            # Exporting records in the database that each version was published (core/lineage.py).
            sessions = store.export_all()
        else:
            ids, failed = [], False
            for raw in args.ids:
                try:
                    ids.append(store.resolve_id(raw))
                except SecscError as exc:
                    _err(_("error: {exc}", exc=exc))
                    failed = True
            if failed:
                return EXIT_FAILED
            sessions = iter(store.export(ids))

        count = 0
        from secsc_tui.core.gc_by_hand import garbage_collected_by_hand

        with garbage_collected_by_hand():
            try:
                if target == "-":
                    # Bytes, not text: the file format is UTF-8 whatever the terminal's locale.
                    sys.stdout.flush()
                    for session in sessions:
                        sys.stdout.buffer.write((b"---\n" if count else b"") + dump_session(session).encode("utf-8"))
                        count += 1
                        _collect_every(count)
                    sys.stdout.buffer.flush()
                elif to_folder:
                    from secsc_tui.core.filenames import ExportNames
                    from secsc_tui.core.forked import CRASHED, BatchFailed, ForkedBatches

                    path.mkdir(parents=True, exist_ok=True)
                    names = ExportNames(path)
                    # Each batch is written by a forked child while the next is read (core/forked.py).
                    batch: list[tuple[Session, Path]] = []
                    try:
                        with ForkedBatches() as writer:
                            for session in sessions:
                                batch.append((session, names.path_for(session.id, session.title)))
                                count += 1
                                _collect_every(count)
                                if len(batch) == EXPORT_BATCH:
                                    writer.submit(partial(_write_export_batch, batch, path))
                                    batch = []
                            if batch:
                                writer.submit(partial(_write_export_batch, batch, path))
                    except BatchFailed as failed:
                        if failed.status == 130:
                            raise KeyboardInterrupt from None
                        if failed.status == CRASHED:
                            _err(_("secsc: error: writing the files failed unexpectedly; the details are in the log"))
                        return EXIT_FAILED  # the batch told the user why
                else:
                    with atomic_file(path) as handle:  # one file, several documents
                        for session in sessions:
                            handle.write(("---\n" if count else "") + dump_session(session))
                            count += 1
                            _collect_every(count)
                    _err(_("exported: {count} -> {path}", count=_sessions(count), path=path))
            except OSError as exc:
                if target == "-":
                    raise  # standard output: reported by main
                _err(_("error: {exc}", exc=describe_os_error(exc, path)))
                return EXIT_FAILED
    finally:
        store.close()
    return EXIT_OK


# -- workshops / results / report ---------------------------------------------


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "–"


def cmd_workshops(args: argparse.Namespace) -> int:
    from secsc_tui.textwidth import format_table, printable

    store = _open_store(args, read_only=True)
    try:
        workshops = store.list_workshops()
    finally:
        store.close()
    if args.format == "json":
        _write_json(
            [
                {
                    "id": w.id,
                    "name": w.name,
                    "date": w.date.isoformat() if w.date else None,
                    "date_from_teams": w.evaluation_date.isoformat() if w.evaluation_date else None,
                    "venue": w.venue,
                    "trainer": w.trainer,
                    "participants": w.participants,
                    "sessions": w.sessions,
                    "updated": w.updated.isoformat().replace("+00:00", "Z"),
                }
                for w in workshops
            ]
        )
        return EXIT_OK
    if args.format == "tsv":
        _write_lines(
            [
                "\t".join(["name", "date", "venue", "trainer", "sessions", "date_from_teams"]),
                *(
                    "\t".join(
                        [
                            printable(w.name),
                            w.date.isoformat() if w.date else "",
                            printable(w.venue),
                            printable(w.trainer),
                            str(w.sessions),
                            w.evaluation_date.isoformat() if w.evaluation_date else "",
                        ]
                    )
                    for w in workshops
                ),
            ]
        )
        return EXIT_OK
    if not workshops:
        _err(_("No workshops yet. Collect the teams' files into one with: secsc import --workshop NAME FOLDER"))
        return EXIT_OK
    # A date the workshop does not have is the one its results use, marked: the teams' earliest evaluation.
    rows = [
        [
            printable(w.name),
            _date(w.date) if w.date or not w.evaluation_date else f"{w.evaluation_date}*",
            printable(w.venue),
            printable(w.trainer),
            str(w.sessions),
        ]
        for w in workshops
    ]
    lines = format_table(
        ["NAME", "DATE", "VENUE", "TRAINER", "SESSIONS"],
        rows,
        max_widths={0: 40, 2: 30, 3: 24},
        right_align=frozenset({4}),
    )
    _write_lines(lines)
    if any(w.date is None and w.evaluation_date for w in workshops):
        _out(
            _(
                "* from the teams' evaluation dates; set a workshop's own with: "
                "secsc workshop set NAME --date YYYY-MM-DD"
            )
        )
    return EXIT_OK


def cmd_workshop_set(args: argparse.Namespace) -> int:
    """Set a workshop's name, date, venue, trainer, participants or agenda; the rest stays."""
    from secsc_tui.core.parsing import ParseError, parse_date
    from secsc_tui.core.workshop import parse_agenda
    from secsc_tui.textwidth import printable

    changes: dict[str, object] = {}
    try:
        if args.date is not None:
            changes["date"] = parse_date(args.date)
        if args.participants is not None:
            text = args.participants.strip()
            if text and not text.isdigit():
                raise ParseError(f"--participants: '{args.participants}' is not a whole number")
            changes["participants"] = int(text) if text else None
    except ValueError as exc:
        _err(_("secsc workshop set: error: {exc}", exc=exc))
        return EXIT_USAGE
    for key in ("name", "venue", "trainer"):
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key).strip()
    if not changes and args.agenda is None:
        _err(
            _(
                "secsc workshop set: error: give at least one of --name, --date, --venue, --trainer, "
                "--participants, --agenda"
            )
        )
        return EXIT_USAGE

    from pydantic import ValidationError

    from secsc_tui.core.workshop import Workshop

    store = _open_store(args)
    try:
        workshop = store.find_workshop(args.workshop)
        if args.agenda is not None:
            try:
                changes["agenda"] = parse_agenda(args.agenda, workshop.agenda)
            except ValueError as exc:
                _err(_("secsc workshop set: error: {exc}", exc=exc))
                return EXIT_USAGE
        try:
            changed = Workshop.model_validate({**workshop.model_dump(), **changes})
        except ValidationError as exc:
            first = exc.errors()[0]
            _err(
                _(
                    "secsc workshop set: error: {field}: {problem}",
                    field=".".join(map(str, first["loc"])),
                    problem=first["msg"],
                )
            )
            return EXIT_FAILED
        saved = store.save_workshop(changed)
    finally:
        store.close()
    agenda = ", ".join(f"{item.step.value}={item.minutes}" for item in saved.agenda)
    _err(
        _(
            "workshop '{name}': date {date}, venue {venue}, trainer {trainer}, participants {participants}; "
            "agenda {agenda}",
            name=printable(saved.name),
            date=_date(saved.date),
            venue=printable(saved.venue) or "–",
            trainer=printable(saved.trainer) or "–",
            participants=saved.participants if saved.participants is not None else "–",
            agenda=agenda,
        )
    )
    return EXIT_OK


def cmd_results(args: argparse.Namespace) -> int:
    from secsc_tui.core.reports.results_table import oldest_first, results_csv, results_table
    from secsc_tui.core.results import workshop_results

    if not args.workshops and not args.all:
        _err(_("secsc results: error: give one or more WORKSHOP names, or --all"))
        return EXIT_USAGE
    if args.workshops and args.all:
        _err(_("secsc results: error: give WORKSHOP names or --all, not both"))
        return EXIT_USAGE
    store = _open_store(args, read_only=True)
    try:
        if args.all:
            workshops = [store.get_workshop(w.id) for w in store.list_workshops()]
        else:
            workshops = []
            for name in args.workshops:
                workshop = store.find_workshop(name)
                if all(w.id != workshop.id for w in workshops):
                    workshops.append(workshop)
        results = [workshop_results(w, store.sessions_in(w.id)) for w in workshops]
    finally:
        store.close()
    if args.all:
        results = oldest_first(results)
    if not results:
        _err(_("No workshops yet. Collect the teams' files into one with: secsc import --workshop NAME FOLDER"))
    if args.format == "csv":
        data = results_csv(results)
    else:
        # On a terminal long team names are cut to keep the comments readable; in a file, kept whole.
        narrow = args.output == "-" and sys.stdout.isatty()
        data = results_table(results, narrow=narrow).encode("utf-8")
    return _write_output(data, args.output, text=args.format != "csv")


def _write_output(data: bytes, target: str, *, text: bool, what: str = "results") -> int:
    """Write to standard output (``-``) or atomically to a file whose folder exists."""
    from secsc_tui.core.files import describe_os_error, write_bytes_atomically

    if target == "-":
        if not text and sys.stdout.isatty():
            _err(_("error: not writing a binary {what} file to the terminal; give -o FILE", what=what))
            return EXIT_FAILED
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    path = Path(target).expanduser()
    if path.is_dir():
        _err(_("error: {path} is a folder; give a file name", path=path))
        return EXIT_FAILED
    if not path.parent.is_dir():
        _err(_("error: cannot write {path}: folder {parent} does not exist", path=path, parent=path.parent))
        return EXIT_FAILED
    try:
        write_bytes_atomically(path, data)
    except OSError as exc:
        _err(_("error: {exc}", exc=describe_os_error(exc, path)))
        return EXIT_FAILED
    _err(_("wrote: {path} ({size:,} bytes)", path=path, size=len(data)))
    return EXIT_OK


REPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".csv": "csv"}


def cmd_report(args: argparse.Namespace) -> int:
    from secsc_tui.core.problems import SecscError

    if not args.ids and args.workshop is None:
        _err(_("secsc report: error: give one or more session IDs, or --workshop NAME"))
        return EXIT_USAGE
    if args.ids and args.workshop is not None:
        _err(_("secsc report: error: give session IDs or --workshop, not both"))
        return EXIT_USAGE
    fmt = args.format
    if fmt is None and args.output not in (None, "-"):
        fmt = REPORT_SUFFIXES.get(Path(args.output).suffix.lower())
    if fmt is None:
        _err(_("secsc report: error: give --format md|html|xlsx|csv (or an -o file ending in one of them)"))
        return EXIT_USAGE

    store = _open_store(args, read_only=True)
    try:
        workshop = None
        if args.workshop is not None:
            workshop = store.find_workshop(args.workshop)
            sessions = store.sessions_in(workshop.id)
        else:
            sessions, failed = [], False
            for raw in dict.fromkeys(args.ids):
                try:
                    sessions.append(store.get(store.resolve_id(raw)))
                except SecscError as exc:
                    _err(_("error: {exc}", exc=exc))
                    failed = True
            if failed:
                return EXIT_FAILED
    finally:
        store.close()

    try:
        from secsc_tui.core.reports import render_report, suggested_filename
    except ImportError as exc:
        _err(_("error: reports are not available in this installation ({exc})", exc=exc))
        return EXIT_FAILED
    try:
        data = render_report(fmt, sessions, workshop=workshop, what=args.what)
    except ValueError as exc:
        _err(_("error: {exc}", exc=exc))
        return EXIT_FAILED
    target = args.output
    if target is None:
        target = suggested_filename(fmt, sessions, workshop)
    elif target != "-" and (Path(target).expanduser().is_dir() or target.endswith(("/", os.sep))):
        folder = Path(target).expanduser()
        if not folder.is_dir():
            _err(_("error: cannot write into {folder}: no such folder", folder=folder))
            return EXIT_FAILED
        target = str(folder / suggested_filename(fmt, sessions, workshop))
    return _write_output(data, target, text=fmt in ("md", "html", "csv"), what="report")


# -- catalog ---------------------------------------------------------------


def _config_folder() -> Path:
    from secsc_tui.app.settings import config_dir  # no UI: the config folder's location only

    return config_dir()


def cmd_catalog_export(args: argparse.Namespace) -> int:
    from secsc_tui.core.catalogue import Entry, dump_catalogue

    store = _open_store(args, read_only=True)
    try:
        if args.own:  # the database's entries alone
            stored = store.catalogue_entries()
            entries: Iterable[Entry] = stored.entries
            problems = stored.problems
        else:
            loaded = store.catalogue(_config_folder())
            entries, problems = loaded.catalogue, loaded.problems
    finally:
        store.close()
    for problem in problems:  # a broken file or entry of the trainer's is left out, not fatal
        _err(_("skipped: {problem}", problem=problem))
    if not args.own:
        _note_entries_from_files(loaded)
    return _write_output(dump_catalogue(entries).encode("utf-8"), args.output, text=True, what="catalogue")


def cmd_catalog_import(args: argparse.Namespace) -> int:
    from secsc_tui.core.catalogue import read_catalogue_file
    from secsc_tui.core.problems import InvalidInput

    try:
        incoming = read_catalogue_file(args.file)  # before the database: a broken file opens nothing
        store = _open_store(args)
        try:
            result = store.import_catalogue(incoming, config_folder=_config_folder())
            loaded = store.catalogue(_config_folder())
        finally:
            store.close()
    except InvalidInput as exc:
        _err(_("invalid: {file} ({problems})", file=args.file, problems=_problems(len(exc.problems))))
        _print_problems(exc.problems)
        _err(_("nothing imported"))
        return EXIT_FAILED
    for entry_id in result.added:
        _out(_("added: {id}", id=entry_id))
    for entry_id in result.updated:
        _out(_("updated: {id}", id=entry_id))
    _err(
        _(
            "summary: {added} added, {updated} updated, {unchanged} unchanged",
            added=len(result.added),
            updated=len(result.updated),
            unchanged=len(result.unchanged),
        )
    )
    if result.changed:
        _err(_("saved in the database {where}", where=result.where))
    _note_entries_from_files(loaded)
    return EXIT_OK


def _note_entries_from_files(loaded: LoadedCatalogue) -> None:
    """Entries that only this computer's config folder holds: say so, and how to share them."""
    local = [loaded.catalogue.origin(entry.id) for entry in loaded.from_files()]
    if local:
        files = [path for path in loaded.files if any(origin.startswith(f"{path}:") for origin in local)]
        _err(
            ngettext(
                "note: {n} entry in use comes from {files} in the config folder, which only this computer "
                "reads; import the file (secsc catalog import FILE) to keep it in the database",
                "note: {n} entries in use come from {files} in the config folder, which only this computer "
                "reads; import the files (secsc catalog import FILE) to keep them in the database",
                len(local),
                files=", ".join(str(path) for path in files),
            )
        )


# -- schema / app -----------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    from secsc_tui.core.schema import json_schema

    _write_json(json_schema())
    return EXIT_OK


# -- db ----------------------------------------------------------------------


def cmd_db_copy(args: argparse.Namespace) -> int:
    from secsc_tui.core.store.copy import copy_store
    from secsc_tui.core.store.location import mask_password, resolve_target

    source, destination = resolve_target(args.source), resolve_target(args.destination)
    shown = {target: mask_password(str(target.path or target.url)) for target in (source, destination)}
    result = copy_store(source, destination, replace=args.replace)
    for table, n in result.rows.items():
        _out(f"{table:<14} {n:>8}")
    _out(
        _(
            "copied {n} rows from {source} to {destination}; both hold the same content (digest {digest})",
            n=result.total,
            source=shown[source],
            destination=shown[destination],
            digest=result.digest[:16],
        )
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import datetime as dt

    from secsc_tui.core.exchange import find_or_create_workshop
    from secsc_tui.serve.command import ServeOptions, UsageError, choose_token, serve
    from secsc_tui.textwidth import printable

    try:  # a usage error before anything is created
        token = choose_token(
            ServeOptions(
                db="", workshop_id="", workshop_name="", host=args.host, token=args.token, no_token=args.no_token
            )
        )
    except UsageError as exc:
        _err(_("secsc serve: error: {exc}", exc=exc))
        return EXIT_USAGE
    # Open (create or upgrade) the database here, once, before any app process does.
    with _open_store(args) as store:
        name = args.workshop or f"Workshop {dt.date.today().isoformat()}"
        workshop, created = find_or_create_workshop(store, name)
        db = str(store.path) if store.path is not None else store.url
    if created:
        _err(_("workshop: '{name}' did not exist: created it", name=printable(workshop.name)))
    options = ServeOptions(
        db=db,
        workshop_id=workshop.id,
        workshop_name=printable(workshop.name),
        host=args.host,
        port=args.port,
        token=token,
        no_token=token is None,
        public_url=args.public_url,
        console=not args.no_console,
        prefork=not args.no_prefork,
        max_tabs=args.max_tabs,
        log_file=Path(args.log) if args.log else None,
    )
    try:
        return serve(options, out=_out)
    except UsageError as exc:
        _err(_("secsc serve: error: {exc}", exc=exc))
        return EXIT_USAGE
    except OSError as exc:  # the port is taken, the address is not this machine's
        _err(
            _(
                "secsc serve: error: cannot listen on {host}:{port}: {reason}",
                host=args.host,
                port=args.port,
                value=exc.strerror or exc,
            )
        )
        return EXIT_FAILED


def open_app(db: str | None, verbose: bool = False, language: str | None = None) -> int:
    from secsc_tui.app import run_app
    from secsc_tui.logs import start_logging

    start_logging(verbose=verbose, db=db)
    return run_app(db, language=language)


def cmd_app(args: argparse.Namespace) -> int:
    return open_app(args.db, verbose=args.verbose, language=args.lang)


# -- parser -----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse quotes what was typed ("unrecognized arguments: ..."): shown, never obeyed."""

        def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
            from secsc_tui.textwidth import visible

            super()._print_message(visible(message) if message else message, file)

    # --db is accepted before or after the command: `secsc --db x list` and `secsc list --db x`.
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=_(DB_HELP))
    common.add_argument(
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("write more to the log file (also: SECSC_LOG=debug)"),
    )
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language of the app, the messages and this help (default: $SECSC_LANG, else the locale's)"),
    )

    parser = Parser(
        prog="secsc",
        description=_("Security Scorecard workshop tool. Without a command, opens the app."),
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"secsc {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser(
        "list",
        parents=[common],
        help=_("list the sessions in the database"),
        description=_("List the sessions in the database, most recently updated first."),
    )
    p.add_argument(
        "--format", choices=["table", "tsv", "json"], default="table", help=_("output format (default: table)")
    )
    p.add_argument("--workshop", metavar="NAME", help=_("only the sessions of this workshop (its name or id)"))
    p.set_defaults(run=cmd_list)

    p = commands.add_parser(
        "import",
        parents=[common],
        help=_("validate and import YAML session files"),
        description=_(
            "Validate and import session files. Each file is all or nothing; "
            "a session already in the database is updated, unless it was changed there since "
            "the file was exported (a conflict). A session found in several files is imported from "
            "the file with its newest version; copies changed independently are refused. "
            "With --workshop, a trainer collects a folder of team files into one workshop. "
            "Ctrl+C stops between files. Exit status 0 only if every file was imported "
            "(or skipped as an older copy)."
        ),
    )
    p.add_argument("files", nargs="*", metavar="FILE", help=_("YAML files or folders of them"))
    p.add_argument("--samples", action="store_true", help=_("also import the sample sessions that ship with secsc"))
    p.add_argument("--force", action="store_true", help=_("on a conflict, overwrite the database's version"))
    p.add_argument(
        "--workshop",
        metavar="NAME",
        help=_("put every imported session in this workshop (created if there is none by that name)"),
    )
    p.set_defaults(run=cmd_import)

    p = commands.add_parser(
        "export",
        parents=[common],
        help=_("export sessions to YAML"),
        description=_(
            "Export sessions as YAML: to one file, to a folder (one file per "
            "session, named after its title, numbered when two titles are the same), or to "
            "standard output with -o -. Each file carries the session's history, so that "
            "importing it again elsewhere, or here after a correction, knows it is newer."
        ),
    )
    p.add_argument("ids", nargs="*", metavar="ID", help=_("session ids (a unique prefix is enough)"))
    p.add_argument("--all", action="store_true", help=_("export every session"))
    p.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="PATH",
        help=_("file, folder (existing, or ending in /), or - for standard output (default)"),
    )
    p.set_defaults(run=cmd_export)

    p = commands.add_parser(
        "validate",
        parents=[common],
        help=_("check YAML session files without importing"),
        description=_(
            "Check session files and report every problem with file, line and "
            "field. Exit status 1 if any file is invalid."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=_("YAML files or folders of them"))
    p.set_defaults(run=cmd_validate)

    p = commands.add_parser(
        "workshops",
        parents=[common],
        help=_("list the workshops"),
        description=_("List the workshops: name, date, venue, trainer and how many sessions each holds, newest first."),
    )
    p.add_argument(
        "--format", choices=["table", "tsv", "json"], default="table", help=_("output format (default: table)")
    )
    p.set_defaults(run=cmd_workshops)

    p = commands.add_parser(
        "workshop",
        parents=[common],
        help=_("change a workshop: secsc workshop set NAME ..."),
        description=_("Change a workshop's details from the command line."),
    )
    workshop_commands = p.add_subparsers(dest="workshop_command", metavar="ACTION", required=True)
    q = workshop_commands.add_parser(
        "set",
        parents=[common],
        help=_("set a workshop's name, date, venue, ..."),
        description=_(
            "Set a workshop's details; what is not given stays as it is. "
            "An empty value (--date '') clears a date or a count."
        ),
    )
    q.add_argument("workshop", metavar="NAME", help=_("the workshop's name or id"))
    q.add_argument("--name", help=_("a new name"))
    q.add_argument("--date", metavar="YYYY-MM-DD", help=_("the day of the exercise ('' clears it)"))
    q.add_argument("--venue")
    q.add_argument("--trainer")
    q.add_argument("--participants", metavar="N", help=_("how many people took part ('' clears it)"))
    q.add_argument(
        "--agenda",
        metavar="STEP=MIN,...",
        help=_("minutes per step, e.g. 'context=15,gap_analysis=30' or '1=15,2=30'; steps not named keep theirs"),
    )
    q.set_defaults(run=cmd_workshop_set)

    p = commands.add_parser(
        "db",
        help=_("move a whole database: secsc db copy SRC DST"),
        description=_("Work on whole databases."),
    )
    db_commands = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    q = db_commands.add_parser(
        "copy",
        help=_("copy every session, workshop and timer from one database into another"),
        description=_(
            "Copy everything SRC holds into DST (file paths or URLs such as "
            "postgresql+psycopg://user@host/db), for example a laptop's SQLite workshops into a shared "
            "PostgreSQL database, then compare both by content digests. Both are created or upgraded to "
            "this version's schema first. DST must be empty unless --replace is given."
        ),
    )
    q.add_argument("source", metavar="SRC", help=_("the database to copy from (path or URL)"))
    q.add_argument("destination", metavar="DST", help=_("the database to copy into (path or URL)"))
    q.add_argument("--replace", action="store_true", help=_("delete what DST holds and replace it with the copy"))
    q.set_defaults(run=cmd_db_copy)

    p = commands.add_parser(
        "results",
        parents=[common],
        help=_("a workshop's evaluation results (the paper's Table 1)"),
        description=_(
            "The evaluation results of workshops in the shape of the paper's Table 1: "
            "date, participants, ratings, average usefulness and availability (one decimal), "
            "then for each workshop the distribution of each rating and the comments. "
            "CSV: one header row and one row per workshop (with the count of each rating "
            "value), UTF-8 with a BOM so that Excel opens Japanese text correctly."
        ),
    )
    p.add_argument("workshops", nargs="*", metavar="WORKSHOP", help=_("workshop names or ids"))
    p.add_argument("--all", action="store_true", help=_("every workshop, oldest first"))
    p.add_argument("--format", choices=["table", "csv"], default="table", help=_("output format (default: table)"))
    p.add_argument("-o", "--output", default="-", metavar="PATH", help=_("file, or - for standard output (default)"))
    p.set_defaults(run=cmd_results)

    p = commands.add_parser(
        "report",
        parents=[common],
        help=_("a report of sessions or a workshop (md, html, xlsx, csv)"),
        description=_(
            "Write a report: of the sessions given, or of a workshop (every team "
            "plus its results). md: Markdown; html: one printable file, an executive summary "
            "first; xlsx: the scorecards as spreadsheets, with KPI and action sheets; csv: the "
            "action plans, or the KPIs with --what kpis."
        ),
    )
    p.add_argument("ids", nargs="*", metavar="ID", help=_("session ids (a unique prefix is enough)"))
    p.add_argument("--workshop", metavar="NAME", help=_("report a whole workshop (its name or id)"))
    p.add_argument(
        "--format",
        choices=["md", "html", "xlsx", "csv"],
        help=_("report format (default: from the -o file's extension)"),
    )
    p.add_argument(
        "--what",
        choices=["actions", "kpis"],
        default="actions",
        help=_("what a CSV report lists, one row each (default: actions)"),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help=_(
            "file, folder (existing, or ending in /), or - for standard output "
            "(default: a file named after the session or workshop, in the current folder)"
        ),
    )
    p.set_defaults(run=cmd_report)

    p = commands.add_parser(
        "catalog",
        parents=[common],
        help=_("export or import the catalogue of scorecard items"),
        description=_(
            "The catalogue of strategy goals, CSFs, KPIs and action plans a team picks "
            "from: the built-in one plus the trainer's own entries, kept in the database "
            "(--db), so that everyone using the database shares them and `secsc db copy` moves "
            "them. Entries with the same id replace built-in ones. Files in the config folder's "
            "catalogue/ (where older versions kept a trainer's entries) are still read; the "
            "database's entry wins over a file's of the same id."
        ),
    )
    catalog = p.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    p = catalog.add_parser(
        "export",
        parents=[common],
        help=_("write the catalogue in use as YAML"),
        description=_(
            "Write the catalogue in use (built-in, the database's and the config folder's "
            "entries) as one YAML file, to standard output or to a file."
        ),
    )
    p.add_argument("-o", "--output", default="-", metavar="FILE", help=_("file, or - for standard output (default)"))
    p.add_argument(
        "--own",
        action="store_true",
        help=_("only the trainer's entries the database holds (to import into another database)"),
    )
    p.set_defaults(run=cmd_catalog_export)
    p = catalog.add_parser(
        "import",
        parents=[common],
        help=_("add a catalogue file's entries to the database's catalogue"),
        description=_(
            "Check a catalogue file and add its new or changed entries to the trainer's "
            "catalogue in the database (--db); an entry with the id of one there replaces it. "
            "Entries the catalogue already has unchanged are skipped, so importing an export "
            "changes nothing (except that entries only a file of the config folder held move "
            "into the database). A file with any problem is refused whole (exit status 1)."
        ),
    )
    p.add_argument("file", metavar="FILE", help=_("a catalogue YAML file"))
    p.set_defaults(run=cmd_catalog_import)
    p = commands.add_parser(
        "serve",
        parents=[common],
        help=_("run a workshop: teams join from a browser"),
        description=_(
            "Serve the workshop to browsers: every participant opens the join URL, "
            "picks or creates their team and types their name; the trainer's console (the "
            "workshop's dashboard) runs in this terminal. Binds 127.0.0.1 unless told otherwise; "
            "any other address needs a join token (a new one each start, unless --token)."
        ),
    )
    p.add_argument(
        "--workshop",
        metavar="NAME",
        help=_(
            "the workshop the teams join (created if there is none by that name; default: 'Workshop DATE' of today)"
        ),
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("address to listen on (default 127.0.0.1: this computer only; 0.0.0.0: the whole room)"),
    )
    p.add_argument("--port", type=int, default=8000, help=_("port (default 8000)"))
    p.add_argument("--token", metavar="CODE", help=_("the join token (default: a new random one)"))
    p.add_argument(
        "--no-token",
        action="store_true",
        help=_("no join token even on a network address: anyone who can reach it can join"),
    )
    p.add_argument(
        "--public-url", metavar="URL", help=_("the address browsers use, if not this computer's own (a proxy, a name)")
    )
    p.add_argument(
        "--no-console", action="store_true", help=_("serve without the trainer's console (stop with Ctrl+C)")
    )
    p.add_argument(
        "--no-prefork",
        action="store_true",
        help=_("start every app process afresh instead of forking a warm one (slower; for comparison)"),
    )
    p.add_argument("--max-tabs", type=int, default=60, metavar="N", help=_("browser tabs served at once (default 60)"))
    p.add_argument("--log", metavar="FILE", help=_("append the server's log and the apps' errors to this file"))
    p.set_defaults(run=cmd_serve)

    p = commands.add_parser(
        "schema",
        parents=[common],
        help=_("print the JSON Schema of the session format"),
        description=_("Print the JSON Schema of one session document, for editors."),
    )
    p.set_defaults(run=cmd_schema)
    return parser


def _app_only(argv: Sequence[str]) -> str | Literal[False] | None:
    """The database to open when the command line only asks for the app, else False.

    `secsc` and `secsc --db PATH` start the app without building the argument
    parser: the app's first paint is measured against a bare Textual app.
    """
    if not argv:
        return None
    if len(argv) == 2 and argv[0] == "--db" and argv[1].strip() and not argv[1].startswith("-"):
        return argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and argv[0][5:].strip() and argv[0][5:] != "-":
        return argv[0][5:]
    return False  # anything else, odd --db values included, goes through the parser


def _language_asked(argv: Sequence[str]) -> str | None:
    """The value of ``--lang``, read before the parser is built so that its help is in that language."""
    for i, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if argument.startswith("--lang="):
            return argument.removeprefix("--lang=")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    db = _app_only(arguments)
    if db is not False:
        return open_app(db)
    # The command line speaks --lang, else SECSC_LANG, else the locale's language; the
    # app also remembers the language last chosen in it (between the last two).
    set_language(choose_language(_language_asked(arguments)))

    # A terminal in a non-UTF-8 locale still gets every line, with odd characters escaped.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(arguments)
    if not hasattr(args, "db"):
        args.db = None
    elif not args.db.strip():
        parser.error(
            _(
                "--db: the database was given as an empty name; give a file path or a URL, "
                "or leave --db out for the default database"
            )
        )
    elif args.db == "-":
        parser.error(_("--db -: a database cannot be standard input or output; give a file path"))
    args.verbose = getattr(args, "verbose", False)
    args.lang = getattr(args, "lang", None)
    run = getattr(args, "run", cmd_app)

    from secsc_tui.core.problems import SecscError
    from secsc_tui.logs import start_logging, unexpected

    if run is not cmd_app:
        start_logging(verbose=args.verbose, db=args.db)
    try:
        status = run(args)
        sys.stdout.flush()  # here, not at exit, so that a full disk is reported
        return status
    except SecscError as exc:
        _err(_("secsc: error: {exc}", exc=exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _err(_("secsc: interrupted"))
        return 130
    except BrokenPipeError:
        # `secsc list | head`: the reader left; not an error worth a traceback.
        _discard_output()
        return EXIT_OK
    except OSError as exc:
        # Files name themselves in the error; standard output (`>/dev/full`) does not.
        if exc.filename is None:
            _discard_output()
            _err(_("secsc: error: could not write the output: {reason}", reason=exc.strerror or exc))
        else:
            _err(_("secsc: error: {filename}: {reason}", filename=exc.filename, reason=exc.strerror or exc))
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - a bug: the traceback goes to the log, a sentence to the user
        command = getattr(args, "command", None)
        _err(_("secsc: error: {exc}", exc=unexpected(exc, f"secsc {command}" if command else "secsc")))
        return EXIT_FAILED


def run() -> NoReturn:
    """The ``secsc`` command: ``main``, then an exit that does not walk every object once more.

    Python's last act is a full garbage collection of everything still alive: the
    modules, the libraries' tables, ~150,000 objects, ~0.1 s after importing 1,000
    files (a twentieth of it), for memory the system takes back at once. What is alive
    is set aside first (``gc.freeze``), so that collection has nothing to walk; objects
    are still released as the modules are cleared. Files and the database were closed
    by the command itself.
    """
    status = main()
    gc.freeze()
    sys.exit(status)


def _discard_output() -> None:
    """Standard output goes nowhere from now on, so that the last flush at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    run()
