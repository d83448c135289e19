"""SQLite beside PostgreSQL, in one run: import 1,000, list 10,000, saves under 8 concurrent writers.

    make bench-postgres
    .venv/bin/python benchmarks/bench_store_backends.py [--repeat 3] [--sessions 1000] [--many 10000]
        [--writers 8] [--saves 500] [--postgres URL]

The same commands on both stores: ``secsc import DIR`` into a new database and
``secsc list`` over 10,000 sessions as whole processes (timed from outside, as in
bench_core.py), then ``--writers`` processes × ``--saves`` saves into ``--shared``
shared sessions (benchmarks/_soak.py) with the latency of each save, checking afterwards
that no save was lost. PostgreSQL databases are created on the server named by
``--postgres`` (an admin URL; default the local trust server) and dropped at the end.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from _common import header, median, percentile, rerun_command, run_process, secsc_argv, start_launcher, stop_launcher
from _common import table as text_table

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class Postgres:
    """Databases made on a server for this run, dropped at the end."""

    def __init__(self, admin_url: str):
        import sqlalchemy as sa

        self.admin_url = admin_url
        self.engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self.made: list[str] = []

    def new(self) -> str:
        import sqlalchemy as sa

        name = f"secsc_bench_{uuid.uuid4().hex[:12]}"
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return sa.engine.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.made:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument("--sessions", type=int, default=1000, help="session files imported (default 1000)")
    parser.add_argument("--many", type=int, default=10_000, help="sessions in the database for list (default 10000)")
    parser.add_argument("--writers", type=int, default=8, help="concurrent writer processes (default 8)")
    parser.add_argument("--saves", type=int, default=500, help="saves per writer (default 500)")
    parser.add_argument("--shared", type=int, default=8, help="sessions the writers share (default 8)")
    parser.add_argument(
        "--postgres", default=DEFAULT_SERVER, help=f"admin URL of the server (default {DEFAULT_SERVER})"
    )
    args = parser.parse_args(argv)
    if args.many % args.sessions:
        parser.error("--many must be a multiple of --sessions")
    start_launcher()
    header(
        "secsc store backends: SQLite beside PostgreSQL",
        "make bench-postgres   or   "
        + rerun_command("bench_store_backends.py", sys.argv[1:] if argv is None else argv),
    )
    work = Path(tempfile.mkdtemp(prefix="secsc-bench-backends-"))
    server = Postgres(args.postgres)
    try:
        return run(args, work, server)
    finally:
        server.drop_all()
        shutil.rmtree(work, ignore_errors=True)
        stop_launcher()


def run(args: argparse.Namespace, work: Path, server: Postgres) -> int:
    import _sessions
    from _soak import run_soak

    from secsc_tui.core.store import Store

    sessions = _sessions.generate(args.sessions)
    files = work / "sessions"
    _sessions.write_files(sessions, files, validate=False)
    backends = {"SQLite": lambda name: str(work / f"{name}.sqlite3"), "PostgreSQL": lambda name: server.new()}
    rows = []
    failures: list[str] = []
    for backend, new_database in backends.items():
        print(f"\n{backend}", flush=True)
        imports = []
        for i in range(args.repeat):
            target = new_database(f"import-{i}")
            imports.append(run_process(secsc_argv("--db", target, "import", str(files))))
            if imports[-1].returncode != 0:
                sys.exit(f"{backend} import failed: {imports[-1].stderr[-2000:]}")
            print(f"  import {args.sessions}: run {i + 1}: {imports[-1].seconds:.3f} s", flush=True)

        many = new_database("many")
        start = time.perf_counter()
        with Store.open(many) as store:
            for batch in range(args.many // args.sessions):
                store.import_sessions(_sessions.renumbered(sessions, batch))
        print(f"  built {args.many} sessions in-process in {time.perf_counter() - start:.1f} s", flush=True)
        lists = [run_process(secsc_argv("--db", many, "list")) for _ in range(args.repeat)]
        if any(r.returncode != 0 for r in lists):
            sys.exit(f"{backend} list failed: {lists[-1].stderr[-2000:]}")
        print(f"  list {args.many}: {', '.join(f'{r.seconds:.3f} s' for r in lists)}", flush=True)

        soak = run_soak(new_database("soak"), processes=args.writers, saves=args.saves, sessions=args.shared)
        if soak.errors or soak.lost:  # said, and the other store still measured
            failures.append(f"{backend} soak went wrong: {(soak.errors + soak.lost)[:5]}")
            print(f"  {failures[-1]}", flush=True)
            continue
        saves_ms = [s * 1000 for s in soak.latencies]
        print(
            f"  {args.writers} writers × {args.saves} saves: {soak.seconds:.1f} s, "
            f"{soak.conflicts} stale saves redone, none lost",
            flush=True,
        )
        rows.append(
            [
                backend,
                f"{median([r.seconds for r in imports]):.2f}",
                f"{median([r.seconds for r in lists]):.2f}",
                f"{percentile(saves_ms, 50):.1f}",
                f"{percentile(saves_ms, 95):.1f}",
                f"{len(soak.latencies) / soak.seconds:.0f}",
            ]
        )
    print()
    print(
        text_table(
            [
                "store",
                f"import {args.sessions} s",
                f"list {args.many} s",
                "save p50 ms",
                "save p95 ms",
                f"saves/s ({args.writers} writers)",
            ],
            rows,
            right=[1, 2, 3, 4, 5],
        )
    )
    print("\nimport and list: median of whole `secsc` processes; saves: each successful save, all writers together")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
