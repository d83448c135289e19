"""The ``secsc`` command line.

Exit status: 0 success, 1 invalid input or a failed operation, 2 usage error.
Heavy modules (the ORM, YAML, the app) are imported inside the command that
needs them, so ``secsc validate`` never pays for the database and ``--help``
is instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from secsc_tui import __version__

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

DB_HELP = "database file or SQLAlchemy URL (default: $SECSC_DB, else the user data directory)"


def _out(line: str = "") -> None:
    print(line, flush=False)


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _open_store(args: argparse.Namespace):
    from secsc_tui.core.store import Store

    return Store.open(args.db)


# -- list -------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    import json
    import shutil

    from secsc_tui.core.model import Step
    from secsc_tui.textwidth import format_table, printable

    store = _open_store(args)
    try:
        summaries = store.list_sessions()
    finally:
        store.close()
    steps = len(Step)

    if args.format == "json":
        json.dump(
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
                }
                for s in summaries
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        _out()
        return EXIT_OK

    rows = [
        [
            s.id,
            printable(s.title),
            printable(s.organisation),
            f"{s.steps_done}/{steps}",
            s.updated.astimezone().strftime("%Y-%m-%d %H:%M"),
        ]
        for s in summaries
    ]
    if args.format == "tsv":
        _out("\t".join(["id", "title", "organisation", "steps_done", "updated"]))
        for row in rows:
            _out("\t".join(row))
        return EXIT_OK

    if not rows:
        _err("No sessions yet. Import some with: secsc import --samples")
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
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


# -- import / validate --------------------------------------------------------


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _print_problems(problems) -> None:
    for problem in problems:
        _err(f"  {problem}")


def cmd_validate(args: argparse.Namespace) -> int:
    from secsc_tui.core.exchange import expand_paths
    from secsc_tui.core.problems import InvalidInput
    from secsc_tui.core.yaml_io import read_sessions_file

    files, missing = expand_paths(args.files)
    for message in missing:
        _err(f"error: {message}")
    failed = bool(missing)
    for path in files:
        warnings: list = []
        try:
            sessions = read_sessions_file(path, warnings=warnings)
        except InvalidInput as exc:
            failed = True
            _err(f"invalid: {path} ({_plural(len(exc.problems), 'problem')})")
            _print_problems(exc.problems)
            continue
        _out(f"ok: {path} ({_plural(len(sessions), 'session')})")
        _print_problems(warnings)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from secsc_tui.core.exchange import import_paths
    from secsc_tui.resources import sample_session_files
    from secsc_tui.textwidth import printable

    paths = list(args.files)
    if args.samples:
        paths.extend(str(p) for p in sample_session_files())
    if not paths:
        _err("secsc import: error: give at least one FILE or folder, or --samples")
        return EXIT_USAGE

    store = _open_store(args)
    try:
        report = import_paths(store, paths, force=args.force)
    finally:
        store.close()

    for message in report.missing:
        _err(f"error: {message}")
    for result in report.files:
        if result.problems:
            _err(f"refused: {result.path} ({_plural(len(result.problems), 'problem')})")
            _print_problems(result.problems)
        elif result.error:
            _err(f"failed: {result.path}: {result.error}")
        elif result.conflicts:
            _err(f"refused: {result.path}: nothing imported from this file")
            for outcome in result.conflicts:
                _err(f"  conflict: {outcome.session_id}: {outcome.detail}")
            _err("  (use --force to overwrite the database's version)")
        else:
            for outcome in result.outcomes:
                _out(f"{outcome.status}: {outcome.session_id}  {printable(outcome.title)}  ({result.path})")
            _print_problems(result.warnings)
    _err(f"summary: {report.summary()}")
    return EXIT_OK if report.ok else EXIT_FAILED


# -- export -----------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from secsc_tui.core.files import describe_os_error, write_text_atomically
    from secsc_tui.core.problems import SecscError
    from secsc_tui.core.yaml_io import dump_session, dump_sessions

    if not args.ids and not args.all:
        _err("secsc export: error: give one or more session IDs, or --all")
        return EXIT_USAGE
    if args.ids and args.all:
        _err("secsc export: error: give session IDs or --all, not both")
        return EXIT_USAGE

    store = _open_store(args)
    try:
        if args.all:
            sessions = list(store.export_all())
        else:
            sessions, failed = [], False
            for raw in args.ids:
                try:
                    sessions.append(store.get(store.resolve_id(raw)))
                except SecscError as exc:
                    _err(f"error: {exc}")
                    failed = True
            if failed:
                return EXIT_FAILED
    finally:
        store.close()

    target = args.output
    if target == "-":
        # Bytes, not text: the file format is UTF-8 whatever the terminal's locale.
        sys.stdout.flush()
        sys.stdout.buffer.write(dump_sessions(sessions).encode("utf-8"))
        sys.stdout.buffer.flush()
        return EXIT_OK

    path = Path(target).expanduser()
    to_folder = path.is_dir() or target.endswith(("/", os.sep))
    try:
        if to_folder:
            path.mkdir(parents=True, exist_ok=True)
            for session in sessions:
                file = path / f"{session.id}.yaml"
                write_text_atomically(file, dump_session(session))
                _err(f"exported: {session.id} -> {file}")
        else:
            if not path.parent.is_dir():
                _err(f"error: cannot write {path}: folder {path.parent} does not exist")
                return EXIT_FAILED
            write_text_atomically(path, dump_sessions(sessions))
            _err(f"exported: {_plural(len(sessions), 'session')} -> {path}")
    except OSError as exc:
        _err(f"error: {describe_os_error(exc, path)}")
        return EXIT_FAILED
    return EXIT_OK


# -- schema / app -----------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from secsc_tui.core.schema import json_schema

    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    _out()
    return EXIT_OK


def open_app(db: str | None) -> int:
    from secsc_tui.app import run_app

    return run_app(db)


def cmd_app(args: argparse.Namespace) -> int:
    return open_app(args.db)


# -- parser -----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    import argparse

    # --db is accepted before or after the command: `secsc --db x list` and `secsc list --db x`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=DB_HELP)

    parser = argparse.ArgumentParser(
        prog="secsc",
        description="Security Scorecard workshop tool. Without a command, opens the app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"secsc {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("list", parents=[common], help="list the sessions in the database",
                            description="List the sessions in the database, most recently updated first.")
    p.add_argument("--format", choices=["table", "tsv", "json"], default="table", help="output format (default: table)")
    p.set_defaults(run=cmd_list)

    p = commands.add_parser("import", parents=[common], help="validate and import YAML session files",
                            description="Validate and import session files. Each file is all or nothing; "
                            "a session already in the database is updated, unless it was changed there since "
                            "the file was exported (a conflict). Exit status 0 only if every file was imported.")
    p.add_argument("files", nargs="*", metavar="FILE", help="YAML files or folders of them")
    p.add_argument("--samples", action="store_true", help="also import the sample sessions that ship with secsc")
    p.add_argument("--force", action="store_true", help="on a conflict, overwrite the database's version")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("export", parents=[common], help="export sessions to YAML",
                            description="Export sessions as YAML: to one file, to a folder (one file per "
                            "session, named ID.yaml), or to standard output with -o -.")
    p.add_argument("ids", nargs="*", metavar="ID", help="session ids (a unique prefix is enough)")
    p.add_argument("--all", action="store_true", help="export every session")
    p.add_argument("-o", "--output", default="-", metavar="PATH",
                   help="file, folder (existing, or ending in /), or - for standard output (default)")
    p.set_defaults(run=cmd_export)

    p = commands.add_parser("validate", parents=[common], help="check YAML session files without importing",
                            description="Check session files and report every problem with file, line and "
                            "field. Exit status 1 if any file is invalid.")
    p.add_argument("files", nargs="+", metavar="FILE", help="YAML files or folders of them")
    p.set_defaults(run=cmd_validate)

    p = commands.add_parser("schema", parents=[common], help="print the JSON Schema of the session format",
                            description="Print the JSON Schema of one session document, for editors.")
    p.set_defaults(run=cmd_schema)
    return parser


def _app_only(argv: Sequence[str]) -> str | None | bool:
    """The database to open when the command line only asks for the app, else False.

    `secsc` and `secsc --db PATH` start the app without building the argument
    parser: the app's first paint is measured against a bare Textual app.
    """
    if not argv:
        return None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return argv[1]
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return argv[0][5:]
    return False


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    db = _app_only(arguments)
    if db is not False:
        return open_app(db)

    # A terminal in a non-UTF-8 locale still gets every line, with odd characters escaped.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(arguments)
    if not hasattr(args, "db"):
        args.db = None
    run = getattr(args, "run", cmd_app)

    from secsc_tui.core.problems import SecscError

    try:
        return run(args)
    except SecscError as exc:
        _err(f"secsc: error: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _err("secsc: interrupted")
        return 130
    except BrokenPipeError:
        # `secsc list | head`: the reader left; not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
