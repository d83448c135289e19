"""Writers in separate processes saving to shared sessions at once, on SQLite (WAL) and PostgreSQL.

No save is lost or doubled, and no "database is locked" or deadlock reaches a
writer. The suite runs a short soak; `make soak` runs the full one (8 × 500).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from _soak import run_soak


def test_concurrent_writers_lose_nothing(database_target: str):
    result = run_soak(database_target, processes=4, saves=15)
    assert result.errors == []
    assert result.lost == []
    assert len(result.latencies) == 4 * 15
