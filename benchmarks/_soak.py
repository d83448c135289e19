"""Many processes saving to the same few sessions at once: every save lands, none is lost.

Each writer process adds goals of its own to shared sessions, one save per goal.
A save refused as stale (``ConflictError``) is redone on a fresh copy, as the
app does after a merge; anything else that reaches the writer ("database is
locked", a deadlock) is an error. Afterwards every session must hold every goal
exactly once, and its revision must count every save.

Used by ``tests/core/test_store_soak.py`` (small numbers, SQLite and PostgreSQL)
and ``benchmarks/bench_store_backends.py`` (the full run, with save latencies).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_WRITER = textwrap.dedent("""
    import json, sys, time
    from secsc_tui.core.model import Goal
    from secsc_tui.core.problems import ConflictError, SecscError
    from secsc_tui.core.store import Store

    target, writer, saves, sessions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    latencies, conflicts, errors = [], 0, []
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    sys.stdin.readline()  # every writer starts at once
    with Store.open(target) as store:
        for n in range(saves):
            session_id = f"s-soak-{n % sessions}"
            while True:
                session = store.get(session_id)
                session.scorecard.financial.goals.append(Goal(id=f"g-w{writer}-{n}", text=f"writer {writer} goal {n}"))
                start = time.perf_counter()
                try:
                    store.save(session)
                except ConflictError:
                    conflicts += 1
                    continue
                except SecscError as exc:
                    errors.append(str(exc))
                    break
                latencies.append(time.perf_counter() - start)
                break
    print(json.dumps({"latencies": latencies, "conflicts": conflicts, "errors": errors}))
""")


@dataclass
class SoakResult:
    processes: int
    saves: int  # per process
    seconds: float
    latencies: list[float] = field(default_factory=list)  # of each successful save
    conflicts: int = 0  # stale saves redone
    errors: list[str] = field(default_factory=list)  # what reached a writer: must stay empty
    lost: list[str] = field(default_factory=list)  # goals missing or doubled afterwards: must stay empty


def run_soak(target: str, *, processes: int, saves: int, sessions: int = 2, timeout: float = 600) -> SoakResult:
    """``processes`` writers × ``saves`` saves into ``sessions`` shared sessions of the store at ``target``."""
    from secsc_tui.core.model import Session, now_utc
    from secsc_tui.core.store import Store

    with Store.open(target) as store:
        for n in range(sessions):
            store.create(Session(id=f"s-soak-{n}", title=f"Soak {n}", created=now_utc(), updated=now_utc()))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, target, str(w), str(saves), str(sessions)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for w in range(processes)
    ]
    result = SoakResult(processes=processes, saves=saves, seconds=0.0)
    try:
        for writer in writers:  # every one has imported and is waiting
            assert writer.stdout is not None
            if writer.stdout.readline().strip() != "ready":
                raise RuntimeError(f"a writer did not start: {writer.communicate(timeout=10)[1][-2000:]}")
        start = time.perf_counter()
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        for writer in writers:
            out, err = writer.communicate(timeout=timeout)
            if writer.returncode != 0:
                result.errors.append(f"a writer exited with {writer.returncode}: {err[-2000:]}")
                continue
            report = json.loads(out.strip().splitlines()[-1])
            result.latencies += report["latencies"]
            result.conflicts += report["conflicts"]
            result.errors += report["errors"]
        result.seconds = time.perf_counter() - start
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
    result.lost = _missing(target, processes=processes, saves=saves, sessions=sessions)
    return result


def _missing(target: str, *, processes: int, saves: int, sessions: int) -> list[str]:
    from collections import Counter

    from secsc_tui.core.store import Store

    problems = []
    with Store.open(target) as store:
        for n in range(sessions):
            session = store.get(f"s-soak-{n}")
            held = Counter(goal.id for goal in session.scorecard.financial.goals)
            wanted = {f"g-w{w}-{i}" for w in range(processes) for i in range(saves) if i % sessions == n}
            problems += [f"{session.id}: {goal} lost" for goal in sorted(wanted - set(held))]
            problems += [f"{session.id}: {goal} saved {k} times" for goal, k in held.items() if k > 1]
            if session.revision != len(wanted):
                problems.append(f"{session.id}: revision {session.revision} after {len(wanted)} saves")
    return problems
