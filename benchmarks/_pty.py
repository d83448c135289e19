"""A program in a real pseudo-terminal, watched byte by byte: for the app benchmarks.

The child gets the pty slave as stdin/stdout/stderr and as its controlling
terminal, in its own session, with a window size set by TIOCSWINSZ before it
starts. The harness reads the master side without blocking and stamps every chunk
with ``time.perf_counter()`` the moment it arrives, so "when did X appear on the
screen" is "when did the bytes drawing X arrive".

Textual draws text between escape sequences (colours, cursor moves). ``screen_text``
drops the escape sequences, so that a word drawn in one style is found as a plain
substring. The harness never answers the terminal's queries (like a plain
xterm-256color without synchronized output), so frames are not bracketed and the
first bytes of a word are when it is drawn.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence

from _common import child_env

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-byte escapes (ESC x).
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_=>78]")


def screen_text(data: bytes) -> str:
    """What the bytes draw, without escape sequences and line breaks (for substring search)."""
    return _ESCAPES.sub(b"", data).replace(b"\r", b"").replace(b"\n", b"").decode("utf-8", "replace")


class Timeout(Exception):
    pass


class PtyApp:
    """Start ``argv`` in a new pseudo-terminal of ``cols`` × ``rows``; use as a context manager."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cols: int = 80,
        rows: int = 24,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
    ):
        self.argv = list(argv)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = env or child_env()
        full_env = {**full_env, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
        full_env.pop("COLORTERM", None)
        self.master = master
        self.data = bytearray()
        self.chunks: list[tuple[float, int]] = []  # (arrival time, end offset in data)
        self.returncode: int | None = None
        self.start = time.perf_counter()
        self.proc = subprocess.Popen(
            self.argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            cwd=cwd,
            close_fds=True,
            start_new_session=True,
            preexec_fn=_make_controlling_tty,
        )
        os.close(slave)
        os.set_blocking(master, False)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.kill()

    # -- reading ------------------------------------------------------------------

    def pump(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for output and read all there is; False if nothing came."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        got = False
        while True:
            try:
                chunk = os.read(self.master, 1 << 16)
            except BlockingIOError:
                break
            except OSError:  # EIO: the child closed the terminal (exited)
                if not got:
                    raise Timeout(f"{self.argv[0]} exited: {self.tail()}") from None
                break
            if not chunk:
                break
            now = time.perf_counter()
            self.data += chunk
            self.chunks.append((now, len(self.data)))
            got = True
        return got

    def mark(self) -> int:
        """An offset in the output: ``wait_for`` can search only what arrived after it."""
        self.pump(0)
        return len(self.data)

    def wait_for(self, *needles: str, since: int = 0, timeout: float = 20.0) -> float:
        """Wait until every needle has been drawn after offset ``since``; return when the last one arrived.

        A needle is looked for in ``screen_text`` of the output from ``since``. The
        time returned is the arrival of the chunk that completed the last needle
        (perf_counter seconds).
        """
        deadline = time.perf_counter() + timeout
        checked = since
        while True:
            if len(self.data) > checked:
                when = self._found_at(needles, since)
                if when is not None:
                    return when
                checked = len(self.data)
            left = deadline - time.perf_counter()
            if left <= 0:
                raise Timeout(f"{needles!r} not seen within {timeout} s; screen ends with: {self.tail()}")
            self.pump(min(left, 0.5))

    def _found_at(self, needles: Sequence[str], since: int) -> float | None:
        if not all(n in screen_text(bytes(self.data[since:])) for n in needles):
            return None
        # The first chunk end at which every needle is present (binary search).
        ends = [end for _, end in self.chunks]
        lo = next(i for i, end in enumerate(ends) if end > since)
        hi = len(ends) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            text = screen_text(bytes(self.data[since : ends[mid]]))
            if all(n in text for n in needles):
                hi = mid
            else:
                lo = mid + 1
        return self.chunks[lo][0]

    def settle(self, quiet: float = 0.15, limit: float = 5.0) -> None:
        """Read until the app has drawn nothing for ``quiet`` seconds (or ``limit`` passed)."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and self.pump(quiet):
            pass

    def tail(self, size: int = 300) -> str:
        return screen_text(bytes(self.data[-4000:]))[-size:]

    # -- writing ------------------------------------------------------------------

    def send(self, keys: bytes | str) -> float:
        """Write key bytes to the terminal; return the time just before the write."""
        if isinstance(keys, str):
            keys = keys.encode("utf-8")
        self.pump(0)  # what arrived before the key is not an answer to it
        now = time.perf_counter()
        os.write(self.master, keys)
        return now

    # -- ending -------------------------------------------------------------------

    def kill(self) -> None:
        """Kill the child's whole process group (its session) and close the terminal."""
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.returncode = self.proc.wait(timeout=10)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


def _make_controlling_tty() -> None:
    # In the child, after setsid(): stdin (the slave) becomes the controlling terminal,
    # as with a real terminal emulator (SIGWINCH, job control).
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


# Key bytes as an xterm sends them (Textual reads these without the kitty protocol).
KEYS = {
    "enter": b"\r",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "space": b" ",
    "backspace": b"\x7f",
    "escape": b"\x1b",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~",
    "f1": b"\x1bOP",
    "f2": b"\x1bOQ",
    "f3": b"\x1bOR",
    "f4": b"\x1bOS",
    "f5": b"\x1b[15~",
    "f6": b"\x1b[17~",
    "f7": b"\x1b[18~",
    "f8": b"\x1b[19~",
    "f9": b"\x1b[20~",
    "f12": b"\x1b[24~",
    "ctrl+q": b"\x11",
    "ctrl+u": b"\x15",
}


def key_bytes(*keys: str) -> list[bytes]:
    """One entry per key: a name from KEYS (``"enter"``), else the text itself, one character a key."""
    out: list[bytes] = []
    for key in keys:
        if key in KEYS:
            out.append(KEYS[key])
        else:
            out.extend(char.encode("utf-8") for char in key)
    return out
