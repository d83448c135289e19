"""Driving the real app through a pseudo-terminal: keys as bytes, as a terminal sends them.

Pilot posts key events straight into the app, one after the other with a pause
for the app to go idle in between, so it cannot show what a fast typist or a
laggy link does. These tests write key bytes to a pty in bursts (about 1 ms
apart) while two other processes keep both cores busy, then quit the app and
read what it saved from the database file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from _pty import PtyApp, key_bytes  # noqa: E402  (the benchmarks' pty harness)

# Each spinner stops by itself, should a test run be killed before its teardown.
SPIN_SECONDS = 300
_SPIN = f"import time\nend = time.monotonic() + {SPIN_SECONDS}\nwhile time.monotonic() < end: pass\n"


@pytest.fixture
def busy_cpu() -> Iterator[None]:
    """Two processes spinning, one per core of the CI machine, for the length of the test."""
    spinners = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(2)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


class Typist:
    """The app in a pty: type bursts of keys, wait for the screen, quit and let it save."""

    def __init__(self, db: Path, config: Path, cols: int = 80, rows: int = 24):
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SECSC_", "TEXTUAL")) and k not in ("COLUMNS", "LINES")
        }
        env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", SECSC_CONFIG_DIR=str(config))
        # The test's own log folder (conftest), never the user's.
        env["SECSC_LOG_DIR"] = os.environ["SECSC_LOG_DIR"]
        self.app = PtyApp([sys.executable, "-m", "secsc_tui", "--db", str(db)], cols=cols, rows=rows, env=env)

    def wait_for(self, *texts: str, timeout: float = 60.0) -> None:
        self.app.wait_for(*texts, timeout=timeout)

    def burst(self, *keys: str, gap: float = 0.001) -> None:
        """Write the keys about ``gap`` seconds apart: faster than the app can draw them."""
        for chunk in key_bytes(*keys):
            self.app.send(chunk)
            time.sleep(gap)

    def quit(self, timeout: float = 60.0) -> int:
        """Ctrl+Q, queued behind everything typed; the app saves before it exits."""
        self.burst("ctrl+q")
        deadline = time.monotonic() + timeout
        while self.app.proc.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"the app did not quit; the screen ends with: {self.app.tail()}")
            try:
                self.app.pump(0.1)
            except Exception:  # noqa: BLE001 - the terminal closes as the app exits
                break
        code = self.app.proc.wait(timeout=10)
        self.app.returncode = code
        return code

    def close(self) -> None:
        if self.app.proc.poll() is None:
            os.killpg(self.app.proc.pid, signal.SIGKILL)
        self.app.kill()


@pytest.fixture
def typist(tmp_path: Path):
    """typist(db) -> the app on that database, in an 80x24 pty, ready for keys."""
    started: list[Typist] = []
    config = tmp_path / "config"
    config.mkdir()

    def start(db: Path, cols: int = 80, rows: int = 24) -> Typist:
        app = Typist(db, config, cols, rows)
        started.append(app)
        return app

    yield start
    for app in started:
        app.close()
