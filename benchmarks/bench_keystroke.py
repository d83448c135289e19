"""Keystroke echo: from writing a key to the terminal to the typed text being drawn, secsc vs minimal apps.

    .venv/bin/python benchmarks/bench_keystroke.py [--rounds 3] [--keys 20] [--size 80x24]

Three programs, each in a real pseudo-terminal (TERM=xterm-256color), run in
interleaved rounds (minimal Input, minimal TextArea, secsc, minimal Input, ...), a
new process per round:

- minimal Input:    benchmarks/minimal_app.py input    (an Input, focused)
- minimal TextArea: benchmarks/minimal_app.py textarea (a TextArea, focused)
- secsc: sample_sessions/paper-example-en.yaml with ``current_step: scorecard``,
  imported into a temporary database; Enter opens the session on the scorecard
  step (the grid has the focus), Enter again opens the first strategy goal's edit
  form (a TextArea holding its text); Enter once more starts a new line in it.

Then characters are typed one at a time. Each is timed from just before its byte
is written to the pty to the arrival of the output that draws it. The typed
characters come from "qxzjkvw" in a sequence where every three consecutive
characters are unique, and a keystroke counts as echoed when the output since its
write draws the last three typed characters together: a redraw of older text
(the cursor blinks) cannot be mistaken for the echo. The first two characters of
each line are typed but not measured (no three on the line yet). After each echo
the harness waits 30-60 ms so that every key finds the app idle, as a typist's would.
"""

from __future__ import annotations

import argparse
import random
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

ALPHABET = "qxzjkvw"
FRAME = 1 / 60
PER_LINE = 20  # measured keystrokes per line (plus 2 unmeasured)


def key_sequence(length: int, rng: random.Random, used: set[str]) -> str:
    """Characters from ALPHABET where every 3 consecutive ones are new (not in ``used``)."""
    for _attempt in range(1000):
        text = "".join(rng.choice(ALPHABET) for _ in range(2))
        while len(text) < length:
            options = [
                c
                for c in ALPHABET
                if (text[-2:] + c) not in used
                and (text[-2:] + c) not in {text[i : i + 3] for i in range(len(text) - 2)}
            ]
            if not options:
                break
            text += rng.choice(options)
        if len(text) == length:
            used.update(text[i : i + 3] for i in range(len(text) - 2))
            return text
    raise RuntimeError("could not build a key sequence")


def type_line(app: PtyApp, text: str, rng: random.Random, samples: list[float]) -> None:
    for i, char in enumerate(text):
        since = app.mark()
        sent = app.send(char)
        if i < 2:
            app.wait_for(text[: i + 1], since=since, timeout=10)
        else:
            samples.append(app.wait_for(text[i - 2 : i + 1], since=since, timeout=10) - sent)
        time.sleep(rng.uniform(0.03, 0.06))


def minimal_round(kind: str, keys: int, size: tuple[int, int], rng: random.Random, used: set[str]) -> list[float]:
    samples: list[float] = []
    with PtyApp([PYTHON, str(BENCH_DIR / "minimal_app.py"), kind], cols=size[0], rows=size[1]) as app:
        app.wait_for("hello", timeout=30)
        app.settle(0.2)
        if kind == "input":
            type_line(app, key_sequence(keys + 2, rng, used), rng, samples)
        else:
            typed_lines(app, keys, rng, used, samples)
    return samples


def typed_lines(app: PtyApp, keys: int, rng: random.Random, used: set[str], samples: list[float]) -> None:
    left = keys
    while left > 0:
        count = min(PER_LINE, left)
        type_line(app, key_sequence(count + 2, rng, used), rng, samples)
        left -= count
        if left:
            app.send(KEYS["enter"])
            app.settle(0.1)


def secsc_round(
    db: Path, config: Path, keys: int, size: tuple[int, int], rng: random.Random, used: set[str]
) -> list[float]:
    samples: list[float] = []
    env = child_env(SECSC_CONFIG_DIR=str(config))
    with PtyApp(secsc_argv("--db", str(db)), cols=size[0], rows=size[1], env=env) as app:
        app.wait_for(db.name, timeout=30)  # the status line names the database: the list is filled
        app.settle(0.2)
        since = app.mark()
        app.send(KEYS["enter"])  # open the session: it resumes on the scorecard step
        app.wait_for("FINANCIAL", "Financial ›", since=since, timeout=30)
        app.settle(0.2)
        since = app.mark()
        app.send(KEYS["enter"])  # edit the first strategy goal
        app.wait_for("Edit strategy goal", since=since, timeout=30)
        app.settle(0.2)
        app.send(KEYS["enter"])  # a new line after the goal's text
        app.settle(0.2)
        typed_lines(app, keys, rng, used, samples)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="processes per program (default 3)")
    parser.add_argument("--keys", type=int, default=20, help="measured keystrokes per round (default 20)")
    parser.add_argument("--size", default="80x24", help="terminal size COLSxROWS (default 80x24)")
    args = parser.parse_args(argv)
    size = tuple(int(v) for v in args.size.split("x"))

    header(
        "keystroke echo while editing: secsc item form vs minimal Textual apps (pty)",
        rerun_command("bench_keystroke.py", sys.argv[1:] if argv is None else argv),
    )
    work = Path(tempfile.mkdtemp(prefix="secsc-bench-keys-"))
    rng = random.Random(1)
    try:
        config = work / "config"
        config.mkdir()
        source = (SAMPLES / "paper-example-en.yaml").read_text(encoding="utf-8")
        text, count = re.subn(r"(?m)^  current_step: \w+$", "  current_step: scorecard", source)
        if count != 1:
            sys.exit("could not set current_step in paper-example-en.yaml")
        (work / "paper.yaml").write_text(text, encoding="utf-8")
        db = work / "keys.sqlite3"
        done = subprocess.run(
            secsc_argv("--db", str(db), "import", str(work / "paper.yaml")),
            env=child_env(),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            sys.exit(f"import failed: {done.stderr}")

        programs = {
            "minimal Input": lambda used: minimal_round("input", args.keys, size, rng, used),
            "minimal TextArea": lambda used: minimal_round("textarea", args.keys, size, rng, used),
            "secsc item form (TextArea)": lambda used: secsc_round(db, config, args.keys, size, rng, used),
        }
        results: dict[str, list[float]] = {name: [] for name in programs}
        for round_number in range(1, args.rounds + 1):
            for name, run in programs.items():
                samples = run(set())
                results[name].extend(samples)
                print(
                    f"  round {round_number}: {name:<28} {len(samples)} keys, median {ms(median(samples))} ms",
                    flush=True,
                )

        rows = [
            [name, len(v), ms(min(v)), ms(median(v)), ms(percentile(v, 95)), ms(max(v))] for name, v in results.items()
        ]
        print()
        print(table(["program", "keys", "min ms", "median ms", "p95 ms", "max ms"], rows, right=[1, 2, 3, 4, 5]))
        secsc = results["secsc item form (TextArea)"]
        print()
        for ref in ("minimal Input", "minimal TextArea"):
            d_med = median(secsc) - median(results[ref])
            d_p95 = percentile(secsc, 95) - percentile(results[ref], 95)
            verdict = "within one frame" if d_med <= FRAME and d_p95 <= FRAME else "MORE than one frame"
            print(
                f"secsc - {ref}: median {d_med * 1000:+.1f} ms, p95 {d_p95 * 1000:+.1f} ms "
                f"-> {verdict} (16.7 ms at 60 fps)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
