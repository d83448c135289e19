"""One writer of the co-editing soak test (test_coedit_soak.py), run as its own process.

``python coedit_writer.py DB SESSION_ID WRITER EDITS``: makes EDITS edits to the
session as the app does (``CoEditing`` + ``Store.save_merging``, one save per
edit), and prints one JSON line: its saves, merges, conflicts and every error
that would have reached a person. Writer ``w`` adds goals ``g-w{w}x{j}`` in the
cell it shares with one other writer, retypes its newest goal's text, and moves
between steps.
"""

from __future__ import annotations

import json
import sys
import time

from secsc_tui.core.coediting import CoEditing
from secsc_tui.core.model import Column, Goal, Perspective, Step
from secsc_tui.core.problems import SecscError
from secsc_tui.core.scorecard_ops import find, insert_item
from secsc_tui.core.store import Store

CELLS = [Perspective.FINANCIAL, Perspective.CUSTOMER]


def main(db: str, session_id: str, writer: int, edits: int) -> None:
    errors: list[str] = []
    saves = merged = conflicts = 0
    started = time.perf_counter()
    with Store.open(db) as store:
        local = store.get(session_id)
        sync = CoEditing(local)
        newest: str | None = None
        perspective = CELLS[writer % len(CELLS)]
        steps = list(Step)
        for j in range(edits):
            if newest is None or j % 5 == 0:
                newest = f"g-w{writer}x{j}"
                goals = local.scorecard[perspective].goals
                at = 0 if j % 2 else len(goals)
                insert_item(local, perspective, Column.GOALS, at, Goal(id=newest, text=f"w{writer}-{j}"))
            else:
                found = find(local.scorecard, newest)
                assert found is not None, f"{newest} vanished from writer {writer}'s copy"
                found[1].text = f"w{writer}-{j}"
            if j % 10 == 0:
                local.progress.current_step = steps[(writer + j) % len(steps)]  # where this person is
            snapshot = local.model_copy(deep=True)
            try:
                outcome = store.save_merging(sync.outgoing(snapshot), sync.base)
            except SecscError as exc:  # what the app would show as "not saved"
                errors.append(str(exc))
                continue
            saves += 1
            merged += outcome.merged
            conflicts += len(outcome.conflicts)
            local = sync.saved(outcome, snapshot, local)
    print(
        json.dumps(
            {
                "writer": writer,
                "saves": saves,
                "merged": merged,
                "conflicts": conflicts,
                "errors": errors,
                "seconds": round(time.perf_counter() - started, 2),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
