"""The moments a person waits for in the app, each beside a minimal Textual app, quiet and with the CPU busy.

    .venv/bin/python benchmarks/bench_moments.py [--runs 8] [--load quiet,busy] [--before TREE] [--size 80x24]

The rows of issue 12 that a pty can see, in one run:

- minimal app (benchmarks/minimal_app.py, a Label): process start → "hello"; its peak RSS;
  and the peak RSS of the same app with secsc's required packages loaded (SQLModel, so
  SQLAlchemy and pydantic, and PyYAML), the floor under secsc's own;
- secsc --db TEMP (the four samples; the paper example opens on its strategic-goal
  step): process start → the home title (first frame) and → the status line naming
  the database (the session list filled); Enter → the approach step (open a
  session); ``5`` → the scorecard grid (switch to the scorecard step, 31 items); ``a``
  → the new strategy goal form; Escape, →, →, ``a`` → the KPI form; then the
  process's peak RSS (VmHWM);
- secsc on a database of ``--many`` sessions (10,000; built in-process first, ~30 s):
  process start → the status line (the list's first rows shown), then ``/`` and a
  ``t`` → the status line counting the sessions that match (the first filter key,
  beside one frame at 60 Hz), and the peak RSS.

Each moment is timed from just before the key is written (or the fork) to the arrival
of the bytes that draw its marker (wall clock), and by the CPU time the app's process
used meanwhile (``/proc/PID/stat``, 10 ms ticks), which a busy machine disturbs far
less; before each key the app has drawn nothing and used
no CPU (``/proc/PID/stat``) for 0.3 s, so work that draws nothing (the database
opening in a thread after the list is shown) is over. Ratios
divide secsc's median by the minimal app's median first paint (or peak RSS) measured
in the same run and under the same load, as the issue states its targets.

``--load busy`` starts two processes that spin on the CPU (one per core of a two-core
laptop) for the whole of that pass, and stops them after it. ``--before TREE`` also
runs the secsc sources in TREE (e.g. ``git archive`` of an older commit, compiled
with ``python -m compileall``) as a third program, interleaved with the others, so
before and after are compared under the same conditions. Both secsc programs then
run as ``python -m secsc_tui`` with their tree first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import (
    BENCH_DIR,
    PYTHON,
    ROOT,
    SAMPLES,
    child_env,
    header,
    median,
    ms,
    percentile,
    rerun_command,
    secsc_argv,
    table,
)
from _pty import KEYS, PtyApp

HOME_TITLE = "secsc · Security Scorecard"
SPIN = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"

# moment -> (label, what the ratio divides by, target)
MOMENTS = {
    "first": ("home: first frame", "paint", "≤ 1.15"),
    "listed": ("home: session list filled (4 sessions)", "paint", "≤ 1.3"),
    "open": ("open a session (to its step)", "paint", "≤ 0.7"),
    "scorecard": ("switch to the scorecard step (31 items)", "paint", "≤ 0.55"),
    "goal_form": ("open a goal form (a)", "paint", "≤ 0.25"),
    "kpi_form": ("open a KPI form (a)", "paint", "≤ 0.25"),
    "rss": ("peak RSS (session, scorecard, forms)", "rss", "≤ 1.5"),
}
# The same for the home screen over many sessions ("{n}": --many); "frame" divides by 1/60 s.
MANY_MOMENTS = {
    "many_listed": ("home, {n} sessions: list filled", "paint", "≤ 1.5"),
    "many_filter": ("home, {n} sessions: first filter key (÷ a 60 Hz frame)", "frame", "≤ 1"),
    "many_rss": ("home, {n} sessions: peak RSS", "rss", "≤ 1.5"),
}
FRAME = 1 / 60


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


TICK = 1 / os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks


def minimal_run(cols: int, rows: int) -> dict[str, float]:
    with PtyApp([PYTHON, str(BENCH_DIR / "minimal_app.py")], cols=cols, rows=rows) as app:
        first = app.wait_for("hello", timeout=60) - app.start
        cpu = cpu_ticks(app.proc.pid) * TICK
        app.settle(0.2)
        out = {"paint": first, "paint_cpu": cpu, "rss": peak_rss_mib(app.proc.pid)}
    # The floor of the RSS row: the same app with secsc's required packages loaded (SQLModel
    # brings SQLAlchemy and pydantic), which no secsc could go below.
    with PtyApp([PYTHON, str(BENCH_DIR / "minimal_app.py"), "libraries"], cols=cols, rows=rows) as app:
        app.wait_for("hello", timeout=60)
        wait_idle(app)
        out["libraries_rss"] = peak_rss_mib(app.proc.pid)
    return out


def wait_idle(app: PtyApp, quiet: float = 0.3, limit: float = 30.0) -> None:
    """Until the app has drawn nothing and used (almost) no CPU for ``quiet`` s.

    Work that draws nothing (the database opening in a thread, imports done ahead)
    must be over before a key is timed: the key is to find the app idle.
    """
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        app.settle(0.2)
        before = cpu_ticks(app.proc.pid)
        if not app.pump(quiet) and cpu_ticks(app.proc.pid) - before <= 1:
            return


def step(app: PtyApp, out: dict[str, float], name: str, key: bytes | str, *markers: str) -> None:
    """Time ``key`` → ``markers`` drawn, by the clock (``name``) and by the app's CPU (``name_cpu``)."""
    wait_idle(app)
    since = app.mark()
    cpu = cpu_ticks(app.proc.pid)
    sent = app.send(key)
    out[name] = app.wait_for(*markers, since=since, timeout=60) - sent
    out[f"{name}_cpu"] = (cpu_ticks(app.proc.pid) - cpu) * TICK


def secsc_run(argv: list[str], env: dict[str, str], pristine: Path, cols: int, rows: int) -> dict[str, float]:
    # Each run saves (the step it reached): it starts from a fresh copy of the database.
    run_dir = Path(tempfile.mkdtemp(dir=pristine.parent))
    db = run_dir / pristine.name
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{pristine}{suffix}").exists():
            shutil.copy(f"{pristine}{suffix}", f"{db}{suffix}")
    # Started in the run's folder: with ``python -m``, the current folder comes first on
    # sys.path, and a repository's would shadow the tree given by --before.
    with PtyApp([*argv, "--db", str(db)], cols=cols, rows=rows, env=env, cwd=str(run_dir)) as app:
        out = {"first": app.wait_for(HOME_TITLE, timeout=60) - app.start}
        out["first_cpu"] = cpu_ticks(app.proc.pid) * TICK
        out["listed"] = app.wait_for(db.name, timeout=60) - app.start  # the status line, once the list is read
        out["listed_cpu"] = cpu_ticks(app.proc.pid) * TICK
        step(app, out, "open", KEYS["enter"], "The team's choice", "Tab goes to the rationale")
        step(app, out, "scorecard", "5", "FINANCIAL", "Financial ›")
        step(app, out, "goal_form", "a", "New strategy goal")
        app.settle(0.2)
        app.send(KEYS["escape"])
        app.settle(0.2)
        app.send(KEYS["right"])
        app.settle(0.2)
        app.send(KEYS["right"])
        step(app, out, "kpi_form", "a", "Direction", "Frequency")
        app.settle(0.2)
        out["rss"] = peak_rss_mib(app.proc.pid)
        return out


def many_run(argv: list[str], env: dict[str, str], db: Path, cols: int, rows: int) -> dict[str, float]:
    """Home over many sessions: the list's first rows, then the first key typed into the filter."""
    # Nothing is saved from the home screen: every run uses the same database.
    with PtyApp([*argv, "--db", str(db)], cols=cols, rows=rows, env=env, cwd=str(db.parent)) as app:
        out = {"many_listed": app.wait_for(db.name, timeout=60) - app.start}
        out["many_listed_cpu"] = cpu_ticks(app.proc.pid) * TICK
        wait_idle(app)  # the store opened in its thread, nothing left to draw
        app.send("/")
        step(app, out, "many_filter", "t", "match “t”")
        out["many_rss"] = peak_rss_mib(app.proc.pid)
        return out


def make_database(work: Path, argv: list[str], env: dict[str, str]) -> Path:
    """The four samples; the paper example first in the list (newest) and on its approach step.

    Written by the program that will open it (``argv``, ``env``): a tree given by
    --before may know only an older database schema, and refuses a newer one.
    """
    source = (SAMPLES / "paper-example-en.yaml").read_text(encoding="utf-8")
    text, n_step = re.subn(r"(?m)^  current_step: \w+$", "  current_step: approach", source)
    text, n_updated = re.subn(r"(?m)^updated: .*$", "updated: 2030-01-01T00:00:00Z", text)
    if (n_step, n_updated) != (1, 1):
        sys.exit("could not set current_step / updated in paper-example-en.yaml")
    files = [p for p in sorted(SAMPLES.glob("*.yaml")) if p.name != "paper-example-en.yaml"]
    work.mkdir(parents=True, exist_ok=True)
    (work / "paper.yaml").write_text(text, encoding="utf-8")
    db = work / "moments.sqlite3"
    done = subprocess.run(
        [*argv, "--db", str(db), "import", *map(str, files), str(work / "paper.yaml")],
        env=env,
        cwd=str(work),  # not the repository's folder, which would shadow the tree given by --before
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"import failed: {done.stdout}{done.stderr}")
    return db


def make_many_database(path: Path, total: int, env: dict[str, str]) -> Path:
    """``total`` generated sessions, written (in a child, with ``env``) by the code that will open them."""
    path.parent.mkdir(parents=True)
    code = (
        f"import sys; sys.path.insert(1, {str(BENCH_DIR)!r}); from pathlib import Path; import _sessions; "
        f"_sessions.many_sessions_database(Path({str(path)!r}), {total})"
    )
    subprocess.run([PYTHON, "-c", code], env=env, cwd=str(path.parent), check=True)
    return path


def spinners(seconds: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen([sys.executable, "-c", SPIN.format(seconds=seconds)], start_new_session=True) for _ in range(2)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=8, help="measured runs of each program per load (default 8)")
    parser.add_argument("--load", default="quiet,busy", help="quiet, busy or both (default quiet,busy)")
    parser.add_argument("--before", type=Path, help="a tree of older secsc sources to run beside this one")
    parser.add_argument("--size", default="80x24", help="terminal size COLSxROWS (default 80x24)")
    parser.add_argument(
        "--many", type=int, default=10_000, help="sessions in the database of the home rows (default 10000; 0: skip)"
    )
    args = parser.parse_args(argv)
    cols, rows = (int(v) for v in args.size.split("x"))

    header(
        "moments of issue 12: secsc beside a minimal Textual app (pty)",
        rerun_command("bench_moments.py", sys.argv[1:] if argv is None else argv),
    )
    work = Path(tempfile.mkdtemp(prefix="secsc-bench-moments-"))
    config = work / "config"
    config.mkdir()
    programs: dict[str, tuple[list[str], dict[str, str]]] = {}
    if args.before:
        before = args.before.resolve()
        programs["before"] = (
            [PYTHON, "-m", "secsc_tui"],
            child_env(SECSC_CONFIG_DIR=str(config), PYTHONPATH=str(before)),
        )
        programs["after"] = ([PYTHON, "-m", "secsc_tui"], child_env(SECSC_CONFIG_DIR=str(config), PYTHONPATH=str(ROOT)))
    else:
        programs["secsc"] = (secsc_argv(), child_env(SECSC_CONFIG_DIR=str(config)))
    out_rows = []
    try:
        dbs = {name: make_database(work / name, argv, env) for name, (argv, env) in programs.items()}
        many_dbs: dict[str, Path] = {}
        if args.many:
            print(f"building a database of {args.many} sessions for each program ...", flush=True)
            many_dbs = {
                name: make_many_database(work / name / "many" / "many.sqlite3", args.many, env)
                for name, (_argv, env) in programs.items()
            }
        for load in args.load.split(","):
            busy = spinners(3600) if load == "busy" else []
            try:
                time.sleep(0.5 if busy else 0)
                minimal_run(cols, rows)  # warm-up: disk cache, .pyc files
                for name, (base_argv, env) in programs.items():
                    secsc_run(base_argv, env, dbs[name], cols, rows)
                    if args.many:
                        many_run(base_argv, env, many_dbs[name], cols, rows)
                minimal: list[dict[str, float]] = []
                results: dict[str, list[dict[str, float]]] = {name: [] for name in programs}
                for i in range(args.runs):
                    minimal.append(minimal_run(cols, rows))
                    line = f"  {load} run {i + 1:2d}: minimal {ms(minimal[-1]['paint'])} ms"
                    for name, (base_argv, env) in programs.items():
                        results[name].append(secsc_run(base_argv, env, dbs[name], cols, rows))
                        if args.many:
                            results[name][-1].update(many_run(base_argv, env, many_dbs[name], cols, rows))
                        r = results[name][-1]
                        line += f" | {name} list {ms(r['listed'])} open {ms(r['open'])} card {ms(r['scorecard'])}"
                    print(line, flush=True)
            finally:
                for p in busy:
                    p.kill()
                    p.wait()
            ref = {key: median([m[key] for m in minimal]) for key in ("paint", "paint_cpu", "rss")}
            ref["frame"] = FRAME
            out_rows.append(
                [
                    load,
                    "minimal app: first paint",
                    "",
                    ms(ref["paint"]),
                    ms(percentile([m["paint"] for m in minimal], 95)),
                    "",
                    ms(ref["paint_cpu"]),
                    "",
                    "",
                ]
            )
            out_rows.append([load, "minimal app: peak RSS MiB", "", f"{ref['rss']:.0f}", "", "", "", "", ""])
            floor = median([m["libraries_rss"] for m in minimal])
            out_rows.append(
                [
                    load,
                    "minimal app + SQLModel, PyYAML: peak RSS MiB",
                    "",
                    f"{floor:.0f}",
                    "",
                    f"{floor / ref['rss']:.2f}",
                    "",
                    "",
                    "(floor)",
                ]
            )
            moments = dict(MOMENTS)
            if args.many:
                moments |= {key: (label.format(n=args.many), *rest) for key, (label, *rest) in MANY_MOMENTS.items()}
            for key, (label, base, target) in moments.items():
                for name in programs:
                    values = [r[key] for r in results[name]]
                    ratio = median(values) / ref[base]
                    if base == "rss":
                        cells = [f"{median(values):.0f}", f"{max(values):.0f}", f"{ratio:.2f}", "", ""]
                    else:
                        cpu = median([r[f"{key}_cpu"] for r in results[name]])
                        cells = [
                            ms(median(values)),
                            ms(percentile(values, 95)),
                            f"{ratio:.2f}",
                            ms(cpu),
                            f"{cpu / ref['frame' if base == 'frame' else 'paint_cpu']:.2f}",
                        ]
                    out_rows.append([load, label, name, *cells, target])
        print()
        print(
            table(
                [
                    "load",
                    "moment",
                    "program",
                    "median (ms or MiB)",
                    "p95 / max",
                    "÷ minimal",
                    "CPU ms",
                    "CPU ÷ minimal",
                    "target",
                ],
                out_rows,
                right=[3, 4, 5, 6, 7],
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
