"""The long fuzz run of the session reader, by hand: `make fuzz` (5 minutes) or

    .venv/bin/python tests/fuzz/fuzz_reader.py --minutes 20 [--seed N]

Feeds the inputs of ``fuzz_strategies`` (mutated samples, near-valid sessions, YAML
soup) to ``check`` until the time is up: the reader must accept or refuse each
with a message, never raise anything else and never take more than 10 seconds;
accepted sessions must round-trip through the writer and the store (an in-memory
SQLite database) and render as every kind of report. On a failure hypothesis
shrinks the input, prints it, and the script exits with status 1.

At the end it prints how long it ran, how many inputs of each kind it tried, how
many were accepted, the kinds of problem messages seen, and, if the coverage
package is installed, the lines of the reader, model and rules that were run.
"""

from __future__ import annotations

import argparse
import collections
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

PER_INPUT_SECONDS = 10
COVERED = [
    "secsc_tui/core/yaml_read.py",
    "secsc_tui/core/model.py",
    "secsc_tui/core/rules.py",
    "secsc_tui/core/yaml_write.py",
    "secsc_tui/core/strategy_map.py",
    "secsc_tui/textwidth.py",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=None, help="first seed (default: random)")
    args = parser.parse_args(argv)

    cov = None
    try:
        import coverage

        cov = coverage.Coverage(data_file=None, include=[f"*/{name}" for name in COVERED])
        cov.start()
    except ImportError:
        print("(coverage is not installed: no line coverage figures)")

    import fuzz_strategies as fs

    from secsc_tui.core.reports import REPORT_FORMATS
    from secsc_tui.core.store import Store

    store = Store.open("sqlite://")
    kinds = {
        "mutated sample": fs.mutated_samples(),
        "near-valid session": fs.near_sessions(),
        "YAML soup": fs.yaml_soup,
    }
    tried: collections.Counter[str] = collections.Counter()
    accepted: collections.Counter[str] = collections.Counter()
    problems: collections.Counter[str] = collections.Counter()
    slowest = [0.0, ""]

    def too_long(signum, frame):  # noqa: ARG001
        raise TimeoutError(f"one input took more than {PER_INPUT_SECONDS} s")

    signal.signal(signal.SIGALRM, too_long)

    @settings(
        max_examples=200, deadline=None, database=None, derandomize=False, suppress_health_check=list(HealthCheck)
    )
    @given(kind=st.sampled_from(list(kinds)), data=st.data(), report_format=st.sampled_from([None, *REPORT_FORMATS]))
    def run(kind, data, report_format):
        text = data.draw(kinds[kind])
        signal.setitimer(signal.ITIMER_REAL, PER_INPUT_SECONDS)
        started = time.perf_counter()
        try:
            outcome = fs.check(text, store, report_format)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - started
        if took > slowest[0]:
            slowest[:] = [took, kind]
        tried[kind] += 1
        accepted[kind] += bool(outcome.accepted)
        problems.update(outcome.problems)

    first = args.seed if args.seed is not None else random.randrange(2**32)
    print(f"fuzzing for {args.minutes:g} minutes, seeds from {first}", flush=True)
    start = time.monotonic()
    end = start + args.minutes * 60
    rounds = 0
    failed = False
    try:
        while time.monotonic() < end:
            seed(first + rounds)(run)()
            rounds += 1
            if rounds % 10 == 0:
                print(f"  {time.monotonic() - start:6.0f} s: {sum(tried.values()):,} inputs", flush=True)
    except Exception as exc:  # hypothesis has printed the shrunk input
        failed = True
        print(f"FAILED with seed {first + rounds}: {type(exc).__name__}: {exc}", flush=True)
    finally:
        store.close()
        if cov is not None:
            cov.stop()

    minutes = (time.monotonic() - start) / 60
    print(f"\nran {minutes:.1f} minutes, {sum(tried.values()):,} inputs, {rounds} rounds of 200 from seed {first}")
    for kind in kinds:
        print(f"  {kind:<20} {tried[kind]:>7,} tried, {accepted[kind]:>6,} accepted")
    print(f"  slowest input: {slowest[0]:.2f} s ({slowest[1]})")
    print(f"  {len(problems)} kinds of problem message; the most frequent:")
    for message, n in problems.most_common(25):
        print(f"    {n:>7,}  {message}")
    if cov is not None:
        print("\nlines run:")
        cov.report(show_missing=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
