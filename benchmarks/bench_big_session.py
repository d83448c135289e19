"""A big session: opening a 200-item scorecard and moving the cursor across it, through a real pty.

    .venv/bin/python benchmarks/bench_big_session.py [--opens 8] [--size 120x40] [--before TREE]

The session (benchmarks/_sessions.big_session: 4 perspectives × 4 columns × 12-13
items = 200 items, every CSF/KPI/action linked, a strategy map between
perspectives, ``current_step: scorecard``) is imported into a temporary
database, and ``secsc --db TEMP`` runs in a pseudo-terminal (TERM=xterm-256color,
window size by TIOCSWINSZ). Every item's text starts with a unique token (QFG01 =
Financial, Goals, item 1; S = CSFs, K = KPIs, A = actions) so the harness can tell
when a given item is on the screen.

1. Open: on the home screen (list filled), Enter on the session's row; the time
   runs from writing Enter to the arrival of (a) the first goal's token QFG01
   (the grid is painted) and (b) the details line "Financial › Strategy goals"
   (the cursor is shown). Then Escape back to the list and again: the first open
   (cold: the step's code is imported) is reported apart from the others (warm).
2. Cursor moves: a snake through the whole grid (down the goals column through all
   four perspectives, right, up the CSFs column, right, down the KPIs, right, up
   the actions): about 200 key presses. Each is timed from writing the arrow key to
   the arrival of output that draws the token of the item the cursor must now be
   on (the harness follows the grid's rules to know which one).
3. Reference, side by side: the same number of Down presses in a minimal app's
   DataTable of 200 rows (benchmarks/minimal_app.py table), timed to the arrival
   of the new row's text ("item 042").

After each response the harness waits 30-60 ms, so every key finds the app idle.
Besides the clock, the CPU time of the app's process (/proc/PID/stat) is given per
open and per move: on a shared machine it says more than the clock. ``--before TREE``
runs the sources in TREE (``git archive <commit> secsc_tui | tar -x -C TREE``) after
this tree's, against the same database, to compare before and after in one run.
"""

from __future__ import annotations

import argparse
import os
import random
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

DOWN, UP, RIGHT = (1, 0), (-1, 0), (0, 1)
KEY_OF = {DOWN: KEYS["down"], UP: KEYS["up"], RIGHT: KEYS["right"]}


def snake(counts: dict[tuple[str, str], int], perspectives: list[str], columns: list[str]):
    """The key presses of the snake and, after each, the item the cursor is on (the grid's rules)."""

    def cell(p: int, c: int) -> int:
        return counts[(perspectives[p], columns[c])]

    p = c = i = 0
    moves = []
    for column in range(len(columns)):
        direction = DOWN if column % 2 == 0 else UP
        steps = sum(cell(q, column) for q in range(len(perspectives))) - 1
        for _ in range(steps):
            rows, _cols = direction
            index = i + rows
            if 0 <= index < cell(p, c):
                i = index
            elif rows < 0 and p > 0:
                p -= 1
                i = max(0, cell(p, c) - 1)
            elif rows > 0 and p < len(perspectives) - 1:
                p, i = p + 1, 0
            moves.append((direction, (p, c, i)))
        if column < len(columns) - 1:
            c += 1
            i = max(0, min(i, cell(p, c) - 1))
            moves.append((RIGHT, (p, c, i)))
    return moves


def press(app: PtyApp, key: bytes, expect: str, rng: random.Random) -> float:
    since = app.mark()
    sent = app.send(key)
    seconds = app.wait_for(expect, since=since, timeout=10) - sent
    time.sleep(rng.uniform(0.03, 0.06))
    return seconds


TICK = 1 / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK


def secsc_pass(
    argv: list[str], env: dict[str, str], cwd: Path, db: Path, path: list, opens: int, size: tuple[int, int], rng
) -> dict[str, list[float]]:
    """Open the session ``opens`` times, then the snake of cursor moves: times and CPU seconds."""
    from _sessions import COLUMNS, PERSPECTIVES, token

    out: dict[str, list[float]] = {"grid": [], "cursor": [], "open_cpu": [], "moves": [], "moves_cpu": []}
    cols, rows = size
    with PtyApp([*argv, "--db", str(db)], cols=cols, rows=rows, env=env, cwd=str(cwd)) as app:
        app.wait_for(db.name, timeout=30)
        app.settle(0.3)
        for n in range(opens):
            since = app.mark()
            cpu = cpu_seconds(app.proc.pid)
            sent = app.send(KEYS["enter"])
            out["grid"].append(app.wait_for(token("financial", "goals", 0), since=since, timeout=30) - sent)
            out["cursor"].append(app.wait_for("Financial › Strategy goals", since=since, timeout=30) - sent)
            app.settle(0.3)  # the CPU of the open includes what it set going after its first frames
            out["open_cpu"].append(cpu_seconds(app.proc.pid) - cpu)
            print(
                f"  open {n + 1}: grid {ms(out['grid'][-1])} ms, cursor/details {ms(out['cursor'][-1])} ms, "
                f"CPU {ms(out['open_cpu'][-1])} ms",
                flush=True,
            )
            if n < opens - 1:
                since = app.mark()
                app.send(KEYS["escape"])
                app.wait_for(db.name, since=since, timeout=30)
                app.settle(0.3)
        for key, (p, c, i) in path:
            cpu = cpu_seconds(app.proc.pid)
            out["moves"].append(press(app, KEY_OF[key], token(PERSPECTIVES[p], COLUMNS[c], i), rng))
            out["moves_cpu"].append(cpu_seconds(app.proc.pid) - cpu)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opens", type=int, default=8, help="times the session is opened (default 8)")
    parser.add_argument("--size", default="120x40", help="terminal size COLSxROWS (default 120x40)")
    parser.add_argument("--before", type=Path, help="a tree of older secsc sources to run beside this one")
    args = parser.parse_args(argv)
    cols, rows = (int(v) for v in args.size.split("x"))
    header(
        "big session (200 scorecard items): open and cursor moves, secsc vs a minimal DataTable (pty)",
        rerun_command("bench_big_session.py", sys.argv[1:] if argv is None else argv),
    )

    import _sessions  # imports secsc (pydantic) for the generator

    rng = random.Random(3)
    work = Path(tempfile.mkdtemp(prefix="secsc-bench-big-"))
    try:
        session = _sessions.big_session()
        _sessions.write_files([session], work / "files")
        db, config = work / "big.sqlite3", work / "config"
        config.mkdir()
        done = subprocess.run(
            secsc_argv("--db", str(db), "import", str(work / "files")), env=child_env(), capture_output=True, text=True
        )
        if done.returncode != 0:
            sys.exit(f"import failed: {done.stderr}")
        perspectives, columns = _sessions.PERSPECTIVES, _sessions.COLUMNS
        counts = {(p, c): len(session.scorecard[p].column(c)) for p in perspectives for c in columns}
        total = sum(counts.values())
        print(
            f"session: {total} scorecard items, {len(session.strategy_map)} strategy-map links; "
            f"terminal {cols}x{rows}\n",
            flush=True,
        )
        path = snake(counts, perspectives, columns)

        env = child_env(SECSC_CONFIG_DIR=str(config))
        programs: dict[str, tuple[list[str], dict[str, str]]] = {"secsc": (secsc_argv(), env)}
        if args.before:
            # Both as ``python -m secsc_tui`` with their tree first on PYTHONPATH, started in the
            # work folder: the current folder comes first on sys.path and a repository's would shadow it.
            programs = {
                "after": ([PYTHON, "-m", "secsc_tui"], {**env, "PYTHONPATH": str(ROOT)}),
                "before": ([PYTHON, "-m", "secsc_tui"], {**env, "PYTHONPATH": str(args.before.resolve())}),
            }
        results = {}
        for name, (base_argv, program_env) in programs.items():
            print(f"{name}:", flush=True)
            results[name] = secsc_pass(base_argv, program_env, work, db, path, args.opens, (cols, rows), rng)
            moves = results[name]["moves"]
            print(f"  {name}: {len(moves)} cursor moves, median {ms(median(moves))} ms", flush=True)

        reference = []
        with PtyApp([PYTHON, str(BENCH_DIR / "minimal_app.py"), "table"], cols=cols, rows=rows) as app:
            app.wait_for("item 000", timeout=30)
            app.settle(0.3)
            cpu = cpu_seconds(app.proc.pid)
            for row in range(1, min(200, len(path) + 1)):
                reference.append(press(app, KEYS["down"], f"item {row:03d}", rng))
            reference_cpu = (cpu_seconds(app.proc.pid) - cpu) / len(reference)
        print(f"  minimal DataTable: {len(reference)} cursor moves, median {ms(median(reference))} ms\n", flush=True)

        def row(label: str, values: list[float], cpu: float) -> list[object]:
            return [label, len(values), ms(median(values)), ms(percentile(values, 95)), ms(max(values)), ms(cpu)]

        out = []
        for name, result in results.items():
            grid, cursor, open_cpu = result["grid"], result["cursor"], result["open_cpu"]
            out.append(row(f"{name}: open (Enter → grid painted), first", grid[:1], open_cpu[0]))
            out.append(row(f"{name}: open (Enter → cursor + details), first", cursor[:1], open_cpu[0]))
            if len(grid) > 1:
                out.append(row(f"{name}: open (Enter → grid painted), again", grid[1:], median(open_cpu[1:])))
                out.append(row(f"{name}: open (Enter → cursor + details), again", cursor[1:], median(open_cpu[1:])))
            moves_cpu = sum(result["moves_cpu"]) / len(result["moves_cpu"])
            out.append(row(f"{name}: grid cursor move (arrow → item highlighted)", result["moves"], moves_cpu))
        out.append(row("minimal DataTable 200 rows: Down → row drawn", reference, reference_cpu))
        print(table(["measure", "n", "median ms", "p95 ms", "max ms", "CPU ms"], out, right=[1, 2, 3, 4, 5]))
        print(
            "\nCPU ms: of the app's process, from the key to 0.3 s of quiet after the open (median of the"
            "\nopens), or per cursor move (mean over the moves, 30-60 ms pauses included; 10 ms ticks)."
        )
        for name, result in results.items():
            moves = result["moves"]
            print(
                f"cursor move, {name} − minimal DataTable: median "
                f"{(median(moves) - median(reference)) * 1000:+.1f} ms, p95 "
                f"{(percentile(moves, 95) - percentile(reference, 95)) * 1000:+.1f} ms"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
