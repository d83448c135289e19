"""Soak: several real processes co-edit one session, on one SQLite database (WAL mode) and on PostgreSQL.

Each writer (``coedit_writer.py``) saves after every edit, as the app's autosave
would if every keystroke were a pause, while the others do the same: most saves
are stale and merge. At the end the session must hold every edit, and no writer
may have seen an error (no "database is locked" reaching a person).

The suite runs 4 writers x ``SECSC_SOAK_EDITS`` edits (default 100, about half a
minute on a shared two-core machine); the issue's full soak is 4 x 500:

    SECSC_SOAK_EDITS=500 .venv/bin/python -m pytest -q tests/core/test_coedit_soak.py -p no:randomly -s
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from factories import minimal_session

from secsc_tui.core.model import Column, Perspective
from secsc_tui.core.scorecard_ops import find
from secsc_tui.core.store import Store

WRITERS = 4
EDITS = int(os.environ.get("SECSC_SOAK_EDITS", "100"))
WRITER = Path(__file__).with_name("coedit_writer.py")


def test_four_writers_on_one_session_lose_no_edit_and_see_no_error(database_target: str):
    db = database_target  # an SQLite file (WAL), then a PostgreSQL database
    with Store.open(db) as store:
        store.create(minimal_session("s-soak", "Soak"))
        if store.path is not None:
            mode = store._repo.engine.connect().exec_driver_sql("PRAGMA journal_mode").scalar()
            assert mode == "wal"

    started = time.perf_counter()
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(db), "s-soak", str(w), str(EDITS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        for w in range(WRITERS)
    ]
    reports = []
    for process in writers:
        out, err = process.communicate(timeout=1700)
        assert process.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    seconds = time.perf_counter() - started

    assert [r["errors"] for r in reports] == [[]] * WRITERS
    with Store.open(db) as store:
        final = store.get("s-soak")
    for w in range(WRITERS):
        for j in range(0, EDITS, 5):
            goal_id = f"g-w{w}x{j}"
            found = find(final.scorecard, goal_id)
            assert found is not None, f"{goal_id} is lost"
            last = min(j + 4, EDITS - 1)  # retyped until the next goal was added
            assert found[1].text == f"w{w}-{last}", goal_id
    for perspective in Perspective:
        numbers = [g.number for g in final.scorecard[perspective].column(Column.GOALS)]
        assert len(numbers) == len(set(numbers))
    assert sum(r["conflicts"] for r in reports) == 0  # nobody typed into another's field
    merged = sum(r["merged"] for r in reports)
    print(
        f"\nsoak: {WRITERS} writers x {EDITS} edits in {seconds:.1f} s; "
        f"{sum(r['saves'] for r in reports)} saves, {merged} merged; revision {final.revision}; "
        f"per writer {[r['seconds'] for r in reports]} s"
    )
    assert merged > 0  # the writers did overlap: the merge path was exercised
