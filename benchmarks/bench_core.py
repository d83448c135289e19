"""Core benchmark: the secsc command line on 1,000 generated sessions and a 10,000-session database.

    make bench
    .venv/bin/python benchmarks/bench_core.py [--repeat 3] [--sessions 1000] [--many 10000] [--keep]

Every figure is a whole process (``secsc ...`` started as a child and timed from
outside: interpreter start, imports, work, exit), repeated and reported as min and
median, with the child's own peak resident memory (``os.wait4`` rusage ru_maxrss).
Standard output goes to /dev/null so terminal speed never counts.

Steps: generate the sessions as YAML files (validated with read_sessions_file), then
time ``secsc --help``, ``secsc validate DIR``, ``secsc --db NEW import DIR``,
``secsc export --all -o DIR/``; build a database of 10,000 sessions in-process
(``Store.import_sessions``, 1,000 per transaction) and time ``secsc list`` (table and
JSON) over it. Generated data lives in a temporary folder, removed at the end
unless --keep.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    ProcessRun,
    header,
    launcher_floor_mb,
    median,
    rerun_command,
    run_process,
    secsc_argv,
    start_launcher,
    stop_launcher,
    table,
)


def timed(label: str, argv_for_run, repeat: int, check) -> tuple[str, list[ProcessRun]]:
    runs = []
    for i in range(repeat):
        run = run_process(argv_for_run(i))
        problem = check(run, i)
        if problem:
            sys.exit(f"{label}: run {i + 1} went wrong: {problem}\n{run.stderr[-2000:]}")
        runs.append(run)
        print(f"  {label:<40} run {i + 1}: {run.seconds:6.3f} s  {run.peak_rss_mb:6.1f} MB", flush=True)
    return label, runs


def ok(run: ProcessRun, _i: int) -> str | None:
    return None if run.returncode == 0 else f"exit status {run.returncode}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument("--sessions", type=int, default=1000, help="generated session files (default 1000)")
    parser.add_argument("--many", type=int, default=10_000, help="sessions in the database for list (default 10000)")
    parser.add_argument("--keep", action="store_true", help="keep the generated data and print where it is")
    args = parser.parse_args(argv)
    start_launcher()  # before this process grows: see _common.run_process
    if args.many % args.sessions:
        parser.error("--many must be a multiple of --sessions")

    header(
        "secsc core benchmark (whole processes)",
        "make bench   or   " + rerun_command("bench_core.py", sys.argv[1:] if argv is None else argv),
    )
    work = Path(tempfile.mkdtemp(prefix="secsc-bench-core-"))
    try:
        return run(args, work)
    finally:
        if args.keep:
            print(f"\ngenerated data kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        stop_launcher()


def run(args: argparse.Namespace, work: Path) -> int:
    import _sessions  # imports secsc and pydantic: after the launcher has started

    n = args.sessions
    files_dir = work / "sessions"
    print(f"generating {n} sessions in {files_dir} ...", flush=True)
    start = time.perf_counter()
    sessions = _sessions.generate(n)
    paths = _sessions.write_files(sessions, files_dir, validate=True)
    sizes = sorted(_sessions.item_count(s) for s in sessions)
    japanese = sum(1 for s in sessions if s.language == "ja")
    total_bytes = sum(p.stat().st_size for p in paths)
    print(
        f"  {len(paths)} files, {total_bytes / 1e6:.1f} MB, items per session min {sizes[0]} / "
        f"median {sizes[len(sizes) // 2]} / max {sizes[-1]}, {japanese} in Japanese; "
        f"generated and validated in-process in {time.perf_counter() - start:.1f} s\n",
        flush=True,
    )

    results = []
    results.append(timed("secsc --help", lambda i: secsc_argv("--help"), args.repeat, ok))
    results.append(
        timed(f"secsc validate DIR ({n} files)", lambda i: secsc_argv("validate", str(files_dir)), args.repeat, ok)
    )

    def import_argv(i: int) -> list[str]:
        return secsc_argv("--db", str(work / f"import-{i}.sqlite3"), "import", str(files_dir))

    def import_check(run: ProcessRun, i: int) -> str | None:
        if run.returncode != 0:
            return f"exit status {run.returncode}"
        if f"summary: {n} added" not in run.stderr:
            return f"expected 'summary: {n} added' on stderr"
        return None

    results.append(timed(f"secsc import DIR ({n} files, new DB)", import_argv, args.repeat, import_check))
    db = work / "import-0.sqlite3"

    def export_argv(i: int) -> list[str]:
        return secsc_argv("--db", str(db), "export", "--all", "-o", f"{work / f'export-{i}'}/")

    def export_check(run: ProcessRun, i: int) -> str | None:
        if run.returncode != 0:
            return f"exit status {run.returncode}"
        count = len(list((work / f"export-{i}").glob("*.yaml")))
        return None if count == n else f"{count} files exported, expected {n}"

    results.append(timed(f"secsc export --all -o DIR/ ({n} sessions)", export_argv, args.repeat, export_check))
    results.append(timed(f"secsc list ({n} sessions)", lambda i: secsc_argv("--db", str(db), "list"), args.repeat, ok))

    many_db = work / "many.sqlite3"
    print(
        f"\nbuilding a database of {args.many} sessions in-process (Store.import_sessions, {n} per transaction) ...",
        flush=True,
    )
    start = time.perf_counter()
    count = _sessions.many_sessions_database(many_db, args.many, per_batch=n)
    build_seconds = time.perf_counter() - start
    print(f"  {count} sessions in {build_seconds:.1f} s ({many_db.stat().st_size / 1e6:.0f} MB file)\n", flush=True)
    if count != args.many:
        sys.exit(f"expected {args.many} sessions, found {count}")

    results.append(
        timed(f"secsc list ({args.many} sessions)", lambda i: secsc_argv("--db", str(many_db), "list"), args.repeat, ok)
    )
    results.append(
        timed(
            f"secsc list --format json ({args.many})",
            lambda i: secsc_argv("--db", str(many_db), "list", "--format", "json"),
            args.repeat,
            ok,
        )
    )

    floor = launcher_floor_mb()
    aims = {"secsc import": 5.0, f"secsc list ({args.many} sessions)": 1.0}
    rows = []
    for label, runs in results:
        seconds = [r.seconds for r in runs]
        aim = next((v for k, v in aims.items() if label.startswith(k)), None)
        best = median(seconds)
        verdict = "" if aim is None else (f"< {aim:g} s: {'yes' if best < aim else 'NO'}")
        rows.append(
            [label, len(runs), f"{min(seconds):.3f}", f"{best:.3f}", f"{max(r.peak_rss_mb for r in runs):.0f}", verdict]
        )
    print()
    print(table(["command", "runs", "min s", "median s", "peak RSS MB", "aim (median)"], rows, right=[1, 2, 3, 4]))
    print(
        f"\npeak RSS is each child's own ru_maxrss (os.wait4); the launcher's floor is "
        f"{floor:.0f} MB (/bin/true reports that much)"
    )
    print(
        f"in-process setup (not a CLI figure): {args.many} sessions into a new database via "
        f"Store.import_sessions in {build_seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
