"""Shared bits of the benchmarks: paths, timing a whole child process, statistics, tables.

Not a test helper: nothing here asserts anything. Every figure is printed, with the
command that reruns it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
SAMPLES = ROOT / "sample_sessions"
VENV_BIN = ROOT / ".venv" / "bin"
# The venv's interpreter when it exists (make bench), else the one running this script.
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
SECSC = str(VENV_BIN / "secsc") if (VENV_BIN / "secsc").exists() else None


def secsc_argv(*args: str) -> list[str]:
    """The command line of ``secsc ARGS``: the venv's console script, else ``python -m secsc_tui``."""
    if SECSC:
        return [SECSC, *args]
    return [PYTHON, "-m", "secsc_tui", *args]


def child_env(**extra: str) -> dict[str, str]:
    """A clean environment for the programs under test.

    Nothing from the caller's secsc or Textual settings leaks in (a $SECSC_DB, a
    TEXTUAL=devtools, a remembered theme), and the locale is UTF-8.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECSC_", "TEXTUAL", "PYTHON")) and k not in ("COLUMNS", "LINES")
    }
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.update(extra)
    return env


# -- one whole process, timed from outside -------------------------------------------

# Why a launcher: Linux keeps a process's peak RSS (ru_maxrss) across fork and exec,
# so a child forked from this script would report at least this script's own peak
# (hundreds of MB once it has generated sessions). The launcher is a bare Python
# started before the script grows; children are forked from it, so their ru_maxrss
# is their own peak, or the launcher's few MB if that is larger (see launcher_floor_mb).
_LAUNCHER_CODE = r"""
import json, os, select, signal, sys, time
for line in sys.stdin:
    job = json.loads(line)
    out = os.open(job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    nul = os.open(os.devnull, os.O_RDONLY)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            os.dup2(nul, 0); os.dup2(out, 1); os.dup2(err, 2)
            os.execve(job["argv"][0], job["argv"], job["env"])
        finally:
            os._exit(127)
    try:  # a child that hangs is killed after the timeout
        pidfd = os.pidfd_open(pid)
        if not select.select([pidfd], [], [], job["timeout"])[0]:
            os.killpg(pid, signal.SIGKILL)
        os.close(pidfd)
    except (AttributeError, OSError):
        pass
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    for fd in (out, err, nul):
        os.close(fd)
    print(json.dumps({"seconds": seconds, "maxrss_kb": usage.ru_maxrss,
                      "returncode": os.waitstatus_to_exitcode(status)}), flush=True)
"""

_launcher: subprocess.Popen | None = None


def start_launcher() -> None:
    """Start the launcher now, while this process is still small (call it first thing)."""
    global _launcher
    if _launcher is None:
        _launcher = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )


def stop_launcher() -> None:
    global _launcher
    if _launcher is not None:
        _launcher.stdin.close()
        _launcher.wait(timeout=10)
        _launcher = None


@dataclass
class ProcessRun:
    seconds: float
    peak_rss_mb: float  # the child's own peak resident set (ru_maxrss)
    returncode: int
    stderr: str


def run_process(
    argv: Sequence[str], *, env: dict[str, str] | None = None, stdout_path: str = os.devnull, timeout: float = 300.0
) -> ProcessRun:
    """Run ``argv`` to the end; wall time from before the fork to after the reap.

    Standard output goes to ``stdout_path`` (/dev/null by default, so terminal speed
    never counts); standard error is returned. A child still running after
    ``timeout`` seconds is killed (its return code is then -9).
    """
    start_launcher()
    assert _launcher is not None
    argv = list(argv)
    if "/" not in argv[0]:
        argv[0] = shutil.which(argv[0]) or argv[0]
    with tempfile.NamedTemporaryFile(prefix="secsc-bench-stderr-", delete=False) as err:
        err_path = err.name
    try:
        job = {"argv": argv, "env": env or child_env(), "stdout": stdout_path, "stderr": err_path, "timeout": timeout}
        _launcher.stdin.write(json.dumps(job) + "\n")
        reply = _launcher.stdout.readline()
        if not reply:
            raise RuntimeError("the benchmark launcher died")
        result = json.loads(reply)
        stderr = Path(err_path).read_bytes().decode("utf-8", "replace")
    finally:
        os.unlink(err_path)
    return ProcessRun(result["seconds"], result["maxrss_kb"] / 1024, result["returncode"], stderr)


def launcher_floor_mb() -> float:
    """The smallest ru_maxrss a child can report here (``/bin/true`` run through the launcher)."""
    return run_process(["true"]).peak_rss_mb


# -- statistics and tables ---------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) — no interpolation over a few dozen samples."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, right: Iterable[int] = ()) -> str:
    """A plain text table (also valid Markdown), numbers right-aligned."""
    rows = [[str(c) for c in row] for row in rows]
    right = set(right)
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(
                c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )

    sep = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{dt.date.today().isoformat()}, {platform.system()} {platform.release()}, {cpu}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )


def header(title: str, rerun: str) -> None:
    print(f"# {title}")
    print(f"machine: {machine()}")
    print(f"rerun:   {rerun}")
    print()


def rerun_command(script: str, argv: Sequence[str]) -> str:
    return " ".join([".venv/bin/python", f"benchmarks/{script}", *map(shlex.quote, argv)])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"
