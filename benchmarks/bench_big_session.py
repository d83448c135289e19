"""A big session: opening a 200-item scorecard and moving the cursor across it, through a real pty.

    .venv/bin/python benchmarks/bench_big_session.py [--opens 8] [--size 120x40]

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
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opens", type=int, default=8, help="times the session is opened (default 8)")
    parser.add_argument("--size", default="120x40", help="terminal size COLSxROWS (default 120x40)")
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

        opens_grid, opens_cursor, moves = [], [], []
        env = child_env(SECSC_CONFIG_DIR=str(config))
        with PtyApp(secsc_argv("--db", str(db)), cols=cols, rows=rows, env=env) as app:
            app.wait_for(db.name, timeout=30)
            app.settle(0.3)
            for n in range(args.opens):
                since = app.mark()
                sent = app.send(KEYS["enter"])
                opens_grid.append(
                    app.wait_for(_sessions.token("financial", "goals", 0), since=since, timeout=30) - sent
                )
                opens_cursor.append(app.wait_for("Financial › Strategy goals", since=since, timeout=30) - sent)
                print(
                    f"  open {n + 1}: grid {ms(opens_grid[-1])} ms, cursor/details {ms(opens_cursor[-1])} ms",
                    flush=True,
                )
                app.settle(0.3)
                if n < args.opens - 1:
                    since = app.mark()
                    app.send(KEYS["escape"])
                    app.wait_for(db.name, since=since, timeout=30)
                    app.settle(0.3)
            path = snake(counts, perspectives, columns)
            for key, (p, c, i) in path:
                moves.append(press(app, KEY_OF[key], _sessions.token(perspectives[p], columns[c], i), rng))
            print(f"  secsc: {len(moves)} cursor moves, median {ms(median(moves))} ms", flush=True)

        reference = []
        with PtyApp([PYTHON, str(BENCH_DIR / "minimal_app.py"), "table"], cols=cols, rows=rows) as app:
            app.wait_for("item 000", timeout=30)
            app.settle(0.3)
            for row in range(1, min(200, len(path) + 1)):
                reference.append(press(app, KEYS["down"], f"item {row:03d}", rng))
        print(f"  minimal DataTable: {len(reference)} cursor moves, median {ms(median(reference))} ms\n", flush=True)

        warm_grid, warm_cursor = opens_grid[1:], opens_cursor[1:]
        out = [["open session (Enter → grid painted), first", 1, ms(opens_grid[0]), ms(opens_grid[0]), ""]]
        if warm_grid:
            out.append(
                [
                    "open session (Enter → grid painted), again",
                    len(warm_grid),
                    ms(median(warm_grid)),
                    ms(percentile(warm_grid, 95)),
                    "",
                ]
            )
        out.append(["open session (Enter → cursor + details), first", 1, ms(opens_cursor[0]), ms(opens_cursor[0]), ""])
        if warm_cursor:
            out.append(
                [
                    "open session (Enter → cursor + details), again",
                    len(warm_cursor),
                    ms(median(warm_cursor)),
                    ms(percentile(warm_cursor, 95)),
                    "",
                ]
            )
        out.append(
            [
                "secsc grid: cursor move (arrow → item highlighted)",
                len(moves),
                ms(median(moves)),
                ms(percentile(moves, 95)),
                ms(max(moves)),
            ]
        )
        out.append(
            [
                "minimal DataTable 200 rows: Down → row drawn",
                len(reference),
                ms(median(reference)),
                ms(percentile(reference, 95)),
                ms(max(reference)),
            ]
        )
        print(table(["measure", "n", "median ms", "p95 ms", "max ms"], out, right=[1, 2, 3, 4]))
        print(
            f"\ncursor move, secsc − minimal DataTable: median "
            f"{(median(moves) - median(reference)) * 1000:+.1f} ms, p95 "
            f"{(percentile(moves, 95) - percentile(reference, 95)) * 1000:+.1f} ms"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
