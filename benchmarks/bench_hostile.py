"""Hostile files: how long `secsc validate` takes on 5 MB files of the worst shapes, and in what memory.

    make hostile
    .venv/bin/python benchmarks/bench_hostile.py [--size-mb 5] [--only NAME...] [--keep]

Each shape fills a file up to ``--size-mb`` (default: just under the 5 MB that
secsc reads) with one pattern that costs the reader the most per byte: a huge
list of distinct links, hundreds of thousands of tiny documents, a million
unknown or duplicate keys, deep nesting, one enormous text, anchors on every
value, refused dates, and, as the largest file secsc accepts, 1,000 valid
sessions. Every run is a whole `secsc validate FILE` process, timed from outside
with its own peak resident memory (see ``_common.run_process``), and must end
with exit status 0 (accepted) or 1 (refused), never a traceback.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from _common import header, launcher_floor_mb, rerun_command, run_process, secsc_argv, start_launcher, table

HEAD = """schema_version: 1
id: {id}
title: Hostile
created: 2026-01-01T00:00:00Z
updated: 2026-01-01T00:00:00Z
"""


def _fill(parts: Iterator[str], size: int, *, start: str = "", end: str = "") -> str:
    """``start`` + as many parts as fit in ``size`` bytes + ``end``."""
    out, used = [start], len(start.encode()) + len(end.encode())
    for part in parts:
        n = len(part.encode())
        if used + n > size:
            break
        out.append(part)
        used += n
    out.append(end)
    return "".join(out)


def _count() -> Iterator[int]:
    n = 0
    while True:
        yield n
        n += 1


def distinct_links_flow(size: int) -> str:
    """The issue's case: one `supports` list of ~756,000 distinct ids, [a,b,...]."""
    start = HEAD.format(id="links") + (
        "scorecard:\n  financial:\n    csfs:\n      - id: c1\n        text: t\n        supports: ["
    )
    return _fill((f"g{i:x}," for i in _count()), size, start=start, end="g]\n")


def distinct_links_block(size: int) -> str:
    start = HEAD.format(id="links") + (
        "scorecard:\n  financial:\n    csfs:\n      - id: c1\n        text: t\n        supports:\n"
    )
    return _fill((f"          - g{i:x}\n" for i in _count()), size, start=start)


def tiny_documents(size: int) -> str:
    """Hundreds of thousands of documents of one empty mapping each."""
    return _fill(("--- {}\n" for _ in _count()), size)


def empty_documents(size: int) -> str:
    return _fill(("---\n" for _ in _count()), size, end="--- {}\n")


def minimal_sessions(size: int) -> str:
    """Valid, tiny sessions, one per document, far more than a file may hold."""
    return _fill((HEAD.format(id=f"s{i}") + "---\n" for i in _count()), size)


def unknown_keys(size: int) -> str:
    return _fill((f"k{i:x}: 1\n" for i in _count()), size, start=HEAD.format(id="keys"))


def long_unknown_keys(size: int) -> str:
    """Unknown keys of 1,000 characters, each looked up for a "did you mean"."""
    return _fill((f"titl{i:06x}{'e' * 990}: 1\n" for i in _count()), size, start=HEAD.format(id="keys"))


def duplicate_keys(size: int) -> str:
    return _fill(("title: x\n" for _ in _count()), size, start=HEAD.format(id="dups"))


def deep_nesting(size: int) -> str:
    depth = (size - 10) // 2
    return "x: " + "[" * depth + "]" * depth + "\n"


def nested_lists(size: int) -> str:
    """Lists of 1,000 items in lists: the per-list limit is never reached, the per-session one is."""
    inner = "[" + ",".join(["a"] * 999) + "]"
    return _fill((f"  - {inner}\n" for _ in _count()), size, start=HEAD.format(id="nested") + "x:\n")


def huge_text(size: int) -> str:
    start = HEAD.format(id="text").replace("title: Hostile\n", "") + "title: "
    return start + "x" * (size - len(start) - 1) + "\n"


def anchors_everywhere(size: int) -> str:
    return _fill((f"  - &a{i:x} x\n  - *a{i:x}\n" for i in _count()), size, start=HEAD.format(id="anch") + "x:\n")


def bad_dates_many_documents(size: int) -> str:
    """Documents each with 999 refused dates (values reported while reading the YAML)."""
    dates = "".join("    - 2026-13-45\n" for _ in range(999))
    return _fill((HEAD.format(id=f"d{i}") + "progress:\n  done:\n" + dates + "---\n" for i in _count()), size)


def many_errors_per_document(size: int) -> str:
    """Documents full of wrong values: every one is a validation error to describe."""
    body = "people:\n  participants:\n" + "".join(
        f"    - {{id: p{j}, name: 5, layer: boss, extra{j}: 1}}\n" for j in range(200)
    )
    return _fill((HEAD.format(id=f"e{i}") + body + "---\n" for i in _count()), size)


def valid_sessions(size: int) -> str:
    """The largest file secsc accepts: up to 1,000 valid sessions, as many as fit."""
    sample = (Path(__file__).resolve().parent.parent / "sample_sessions" / "paper-example-ja.yaml").read_text()
    version, id_line, rest = sample.split("\n", 2)
    assert id_line.startswith("id: "), id_line
    return _fill((f"{version}\nid: team-{i:04d}\n{rest.rstrip()}\n---\n" for i in range(1000)), size)


SHAPES: dict[str, Callable[[int], str]] = {
    "distinct-links-flow": distinct_links_flow,
    "distinct-links-block": distinct_links_block,
    "tiny-documents": tiny_documents,
    "empty-documents": empty_documents,
    "minimal-sessions": minimal_sessions,
    "unknown-keys": unknown_keys,
    "long-unknown-keys": long_unknown_keys,
    "duplicate-keys": duplicate_keys,
    "deep-nesting": deep_nesting,
    "nested-lists": nested_lists,
    "huge-text": huge_text,
    "anchors-everywhere": anchors_everywhere,
    "bad-dates": bad_dates_many_documents,
    "many-errors": many_errors_per_document,
    "valid-sessions": valid_sessions,
}


def main(argv: list[str] | None = None) -> int:
    start_launcher()  # first, while this process is small
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=5.0, help="file size in MB (default 5, the limit)")
    parser.add_argument("--only", nargs="+", choices=sorted(SHAPES), help="only these shapes")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)
    size = int(args.size_mb * 2**20) - 64
    header("secsc validate on hostile files", rerun_command("bench_hostile.py", sys.argv[1:] if argv is None else argv))
    print(f"launcher floor: {launcher_floor_mb():.1f} MB (a child's peak memory is never reported below it)\n")
    folder = Path(tempfile.mkdtemp(prefix="secsc-hostile-"))
    rows, failed = [], False
    try:
        for name in args.only or SHAPES:
            path = folder / f"{name}.yaml"
            path.write_text(SHAPES[name](size), encoding="utf-8")
            run = run_process(secsc_argv("validate", str(path)), timeout=120)
            verdict = {0: "accepted", 1: "refused"}.get(run.returncode, f"exit {run.returncode}")
            last = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
            if run.returncode not in (0, 1) or "Traceback" in run.stderr:
                failed = True
                last = run.stderr.strip()[-300:]
            reason = last.split(": ", 2)[-1][:70] if run.returncode else ""
            rows.append(
                [
                    name,
                    f"{path.stat().st_size / 2**20:.2f}",
                    f"{run.seconds:.2f}",
                    f"{run.peak_rss_mb:.0f}",
                    verdict,
                    reason,
                ]
            )
            print(f"  {name:<22} {run.seconds:6.2f} s {run.peak_rss_mb:6.0f} MB  {verdict}", flush=True)
    finally:
        if args.keep:
            print(f"files kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print(table(["shape", "MB", "seconds", "peak MB", "verdict", "why (refused)"], rows, right=[1, 2, 3]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
