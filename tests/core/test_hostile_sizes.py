"""Hostile sizes: every check is linear, and sizes no session comes near are refused at once.

A file of any shape up to the 5 MB limit must be decided in seconds and in bounded
memory; one slow file would stall a whole `import --workshop` of a folder.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from secsc_tui.core import yaml_read
from secsc_tui.core.model import CriticalSuccessFactor, Goal, MapLink, Session
from secsc_tui.core.problems import InvalidInput
from secsc_tui.core.rules import MAX_CYCLES_SHOWN, check_session, review_warnings
from secsc_tui.core.strategy_map import chains_from, find_cycles
from secsc_tui.core.yaml_io import MAX_FILE_BYTES, load_sessions

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HEAD = """schema_version: 1
id: {id}
title: Hostile
created: 2026-01-01T00:00:00Z
updated: 2026-01-01T00:00:00Z
"""


def refusal(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load_sessions(text, filename="f.yaml")
    return [str(p) for p in caught.value.problems]


# -- linear checks -----------------------------------------------------------------------


def test_duplicate_link_check_is_linear():
    # 40,000 distinct links took 17 s with the check `target in targets[:j]`.
    session = Session(id="s", title="t", created=T0, updated=T0)
    session.scorecard.financial.goals = [Goal(id="g", text="goal")]
    links = [f"x{i}" for i in range(40_000)] + ["x7"]
    session.scorecard.financial.csfs = [CriticalSuccessFactor(id="c", text="csf", supports=links)]
    started = time.process_time()  # CPU time: other work on a loaded machine does not count
    problems = check_session(session)
    assert time.process_time() - started < 3
    assert len(problems) == 40_001
    assert problems[-1].message == "'x7' is listed twice"
    assert problems[-1].path == "scorecard.financial.csfs[0].supports[40000]"


def test_strategy_map_chain_longer_than_the_recursion_limit():
    # A chain of links deeper than Python's recursion limit raised RecursionError in validate.
    n = sys.getrecursionlimit() + 500
    links = [MapLink(cause=f"g{i}", effect=f"g{i + 1}") for i in range(n)]
    assert find_cycles(links) == []
    assert chains_from("g0", links) == [[f"g{i}" for i in range(n + 1)]]
    looped = [*links, MapLink(cause=f"g{n}", effect="g0")]
    assert find_cycles(looped) == [[f"g{i}" for i in range(n + 1)]]


def test_a_file_with_a_thousand_link_chain_validates():
    n = yaml_read.MAX_LIST_ITEMS
    text = (
        HEAD.format(id="chain")
        + "scorecard:\n  financial:\n    goals:\n"
        + "".join(f"      - {{id: g{i}, text: x}}\n" for i in range(n))
        + "strategy_map:\n"
        + "".join(f"  - {{cause: g{i}, effect: g{i + 1}}}\n" for i in range(n - 1))
    )
    [session] = load_sessions(text)
    assert len(session.strategy_map) == n - 1


def test_cycles_reported_are_capped():
    n = MAX_CYCLES_SHOWN + 5
    session = Session(id="s", title="t", created=T0, updated=T0)
    session.scorecard.financial.goals = [Goal(id=f"g{i}", text="goal") for i in range(2 * n)]
    session.strategy_map = [MapLink(cause=f"g{i}", effect=f"g{i + n}") for i in range(n)] + [
        MapLink(cause=f"g{i + n}", effect=f"g{i}") for i in range(n)
    ]
    warnings = [p.message for p in check_session(session) if p.severity == "warning"]
    assert len(warnings) == MAX_CYCLES_SHOWN + 1
    assert warnings[-1] == "the strategy map has 5 more cycles"


def test_the_review_caps_cycles_too_and_names_goals_by_their_labels():
    n = MAX_CYCLES_SHOWN + 1
    session = Session(id="s", title="t", created=T0, updated=T0)
    session.scorecard.financial.goals = [Goal(id=f"g{i}", text="goal", number=i + 1) for i in range(2 * n)]
    session.strategy_map = [MapLink(cause=f"g{i}", effect=f"g{i + n}") for i in range(n)] + [
        MapLink(cause=f"g{i + n}", effect=f"g{i}") for i in range(n)
    ]
    cycles = [p.message for p in review_warnings(session) if p.path == "strategy_map"]
    assert len(cycles) == MAX_CYCLES_SHOWN + 1
    assert cycles[0] == f"the strategy map has a cycle: F-G1 → F-G{n + 1} → F-G1"
    assert cycles[-1] == "the strategy map has 1 more cycle"


# -- size limits, each with a clear message ------------------------------------------------


def test_a_list_may_hold_a_thousand_items_not_more():
    def supports(n: int) -> str:
        return (
            HEAD.format(id="links") + "scorecard:\n  financial:\n    goals:\n      - {id: g, text: x}\n"
            "    csfs:\n      - id: c\n        text: y\n        supports:\n"
            + "".join("          - g\n" if i == 0 else f"          - g{i}\n" for i in range(n))
        )

    problems = refusal(supports(yaml_read.MAX_LIST_ITEMS))
    assert "more than" not in "\n".join(problems)  # only the unknown links
    assert refusal(supports(yaml_read.MAX_LIST_ITEMS + 1)) == [
        "f.yaml:14: scorecard.financial.csfs[0].supports: the list has more than 1,000 items; "
        "secsc reads lists of up to 1,000 items"
    ]


def test_a_session_of_too_many_keys_and_items_is_refused():
    lists = yaml_read.MAX_SESSION_ENTRIES // 1000 + 1
    text = HEAD.format(id="big") + "x:\n" + "".join(f"  - [{','.join(['a'] * 999)}]\n" for _ in range(lists))
    [problem] = refusal(text)
    assert problem.startswith("f.yaml:")
    assert problem.endswith(
        "the session that starts at line 1 has more than 100,000 keys and list items; "
        "secsc reads sessions up to that size"
    )


def test_a_file_of_more_than_a_thousand_documents_is_refused():
    text = "".join(HEAD.format(id=f"s{i}") + "---\n" for i in range(yaml_read.MAX_SESSIONS_PER_FILE))
    assert len(load_sessions(text)) == yaml_read.MAX_SESSIONS_PER_FILE
    problems = refusal(text + HEAD.format(id="one-more"))
    assert problems == [
        f"f.yaml:{yaml_read.MAX_SESSIONS_PER_FILE * 6}: the file holds more than 1,000 documents; secsc "
        "reads up to 1,000 sessions from one file (export to a folder instead: one file per session)"
    ]


def test_reading_stops_after_a_thousand_problems():
    text = HEAD.format(id="dates") + "x:\n" + "".join(f"  - [{', '.join(['2026-13-45'] * 100)}]\n" for _ in range(50))
    problems = refusal(text)
    assert len(problems) == yaml_read.MAX_PROBLEMS + 1
    assert problems[-1] == ("f.yaml: … and 900 more problems; secsc stopped reading the file after 1,000 problems")


# -- 5 MB of the worst shapes, in a process of its own ----------------------------------------

# Peak memory from VmHWM, the high-water mark of this process's own memory: ru_maxrss
# survives exec on Linux, so it would report the test runner's peak (an xdist worker's).
_MEASURE = """
import json, sys, time
from secsc_tui.core.problems import InvalidInput
from secsc_tui.core.yaml_io import read_sessions_file
start = time.perf_counter()
try:
    verdict = "accepted: %d" % len(read_sessions_file(sys.argv[1]))
except InvalidInput as exc:
    verdict = "refused: " + exc.problems[-1].message
seconds = time.perf_counter() - start
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "verdict": verdict, "peak_mb": peak_kb / 1024}))
"""


def _fill(head: str, part: str, tail: str = "") -> str:
    room = MAX_FILE_BYTES - len((head + tail).encode()) - 16
    return head + part * (room // len(part.encode())) + tail


def _distinct_links() -> str:
    # The file: 756,000 ids in one `supports` list ran for hours.
    head = (
        HEAD.format(id="l") + "scorecard:\n  financial:\n    csfs:\n      - id: c\n        text: t\n        supports: ["
    )
    ids, used, i = [], len(head) + 3, 0
    while used < MAX_FILE_BYTES - 32:
        ids.append(f"g{i:x}")
        used += len(ids[-1]) + 1
        i += 1
    return head + ",".join(ids) + "]\n"


HOSTILE_SHAPES = {
    "distinct links": _distinct_links,
    # 500,000 tiny documents took 11.7 s and 770 MB.
    "tiny documents": lambda: _fill("", "--- {}\n"),
    "unknown keys": lambda: HEAD.format(id="k") + "".join(f"k{i:x}: 1\n" for i in range(MAX_FILE_BYTES // 9)),
    "wrong values everywhere": lambda: _fill(
        "",
        HEAD.format(id="e")
        + "people:\n  participants:\n"
        + "".join(f"    - {{id: p{j}, name: 5, layer: boss, extra: 1}}\n" for j in range(200))
        + "---\n",
    ),
}


@pytest.mark.parametrize("shape", list(HOSTILE_SHAPES))
def test_five_megabytes_of_a_hostile_shape_are_decided_in_seconds(shape: str, tmp_path: Path):
    path = tmp_path / "hostile.yaml"
    text = HOSTILE_SHAPES[shape]()
    path.write_text(text[:MAX_FILE_BYTES], encoding="utf-8")
    assert path.stat().st_size > 0.95 * MAX_FILE_BYTES
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["verdict"].startswith("refused: ")
    # Seconds on an idle machine (see benchmarks/bench_hostile.py); generous for a busy one.
    assert figures["seconds"] < 10, figures
    assert figures["peak_mb"] < 250, figures
