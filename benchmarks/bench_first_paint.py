"""First paint: process start to the first frame on screen, secsc beside a minimal Textual app.

    .venv/bin/python benchmarks/bench_first_paint.py [--runs 15] [--sizes 80x24,120x40]

Both apps run in a real pseudo-terminal (TERM=xterm-256color, window size set with
TIOCSWINSZ before the start), interleaved (minimal, secsc, minimal, secsc, ...)
after one discarded warm-up run of each per size. The clock starts just before
the fork; "first paint" is the arrival of the bytes that draw the marker:

- minimal app (benchmarks/minimal_app.py): the word "hello" of its Label;
- secsc --db TEMP (4 sample sessions, SECSC_CONFIG_DIR=TEMP): the home title
  "secsc · Security Scorecard", which is in the first frame.

For secsc two later moments are reported too: the footer's keys ("New", drawn by a
frame shortly after the first) and the session list filled (the status line
"4 sessions · .../paint.sqlite3" names the database file once the list is
loaded, after the database has opened in a thread).
Then the child is killed (its whole process group).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
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
from _pty import PtyApp

HOME_TITLE = "secsc · Security Scorecard"
FOOTER = "New"


def minimal_run(cols: int, rows: int) -> dict[str, float]:
    with PtyApp([PYTHON, str(BENCH_DIR / "minimal_app.py")], cols=cols, rows=rows) as app:
        return {"first": app.wait_for("hello", timeout=30) - app.start}


def secsc_run(cols: int, rows: int, db: Path, config: Path) -> dict[str, float]:
    env = child_env(SECSC_CONFIG_DIR=str(config))
    with PtyApp(secsc_argv("--db", str(db)), cols=cols, rows=rows, env=env) as app:
        first = app.wait_for(HOME_TITLE, timeout=30) - app.start
        footer = app.wait_for(HOME_TITLE, FOOTER, timeout=30) - app.start
        listed = app.wait_for(db.name, timeout=30) - app.start  # in the status line once loaded
        return {"first": first, "footer": footer, "listed": listed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each app per size (default 15)")
    parser.add_argument("--sizes", default="80x24,120x40", help="terminal sizes, COLSxROWS,... (default 80x24,120x40)")
    args = parser.parse_args(argv)
    sizes = [tuple(int(v) for v in size.split("x")) for size in args.sizes.split(",")]

    header(
        "first paint: secsc home screen vs a minimal Textual app (pty)",
        rerun_command("bench_first_paint.py", sys.argv[1:] if argv is None else argv),
    )
    work = Path(tempfile.mkdtemp(prefix="secsc-bench-paint-"))
    try:
        db, config = work / "paint.sqlite3", work / "config"
        config.mkdir()
        done = subprocess.run(
            secsc_argv("--db", str(db), "import", "--samples"), env=child_env(), capture_output=True, text=True
        )
        if done.returncode != 0:
            sys.exit(f"could not import the samples: {done.stderr}")

        rows_out = []
        for cols, rows in sizes:
            minimal_run(cols, rows)  # warm-up: disk cache, .pyc files
            secsc_run(cols, rows, db, config)
            minimal, secsc = [], []
            for i in range(args.runs):
                minimal.append(minimal_run(cols, rows))
                secsc.append(secsc_run(cols, rows, db, config))
                print(
                    f"  {cols}x{rows} run {i + 1:2d}: minimal {ms(minimal[-1]['first']):>7} ms   secsc "
                    f"{ms(secsc[-1]['first']):>7} ms (footer {ms(secsc[-1]['footer'])}, list "
                    f"{ms(secsc[-1]['listed'])})",
                    flush=True,
                )
            m = [r["first"] for r in minimal]
            s = [r["first"] for r in secsc]
            ratio = median(s) / median(m)
            rows_out.append(
                [f"{cols}x{rows}", "minimal app: 'hello'", len(m), ms(min(m)), ms(median(m)), ms(percentile(m, 95)), ""]
            )
            rows_out.append(
                [
                    f"{cols}x{rows}",
                    "secsc: home title (first frame)",
                    len(s),
                    ms(min(s)),
                    ms(median(s)),
                    ms(percentile(s, 95)),
                    f"{ratio:.2f} ({'ok' if ratio <= 1.15 else 'OVER'} ≤ 1.15)",
                ]
            )
            for key, label in (("footer", "secsc: footer keys drawn"), ("listed", "secsc: session list filled")):
                v = [r[key] for r in secsc]
                rows_out.append(
                    [
                        f"{cols}x{rows}",
                        label,
                        len(v),
                        ms(min(v)),
                        ms(median(v)),
                        ms(percentile(v, 95)),
                        f"{median(v) / median(m):.2f}",
                    ]
                )
        print()
        print(
            table(
                ["size", "moment (from process start)", "runs", "min ms", "median ms", "p95 ms", "median ÷ minimal"],
                rows_out,
                right=[2, 3, 4, 5],
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
