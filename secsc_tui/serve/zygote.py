"""The warm parent of the app processes: imports the app once, then forks one process per browser tab.

Starting Python and importing Textual, the app and the database layer costs
about a second of CPU per process; thirty browsers connecting at once on a
two-core laptop would wait half a minute. This process pays it once: it imports
everything (no threads, no event loop, no database connection yet, so forking
is safe), then waits on a Unix socket for requests from the server. Each
request carries the tab's environment and three pipe ends (its stdin, stdout,
stderr); the forked child puts them in place and runs the app.

Protocol on the socket (the server's side is ``launcher.ForkLauncher``):
request = 4-byte big-endian length + JSON ``{"env": {...}}``, with the three
file descriptors attached; answer = the child's pid as a decimal line.
A closed socket means the server is gone: this process exits.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import socket
import sys
import threading
from types import FrameType
from typing import Any

LENGTH_BYTES = 4
WARM_UP_ENV = "SECSC_SERVE_WARM_UP"  # "0": fork right after the imports (to measure what warming up saves)
READY = b"ready\n"


def _reap(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - a signal handler's signature
    """Collect every child that has ended, so none is left a zombie."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _receive(sock: socket.socket) -> tuple[dict[str, Any], list[int]] | None:
    header, fds, _flags, _address = socket.recv_fds(sock, LENGTH_BYTES, 3)
    if not header:
        return None
    while len(header) < LENGTH_BYTES:
        more = sock.recv(LENGTH_BYTES - len(header))
        if not more:
            return None
        header += more
    size = int.from_bytes(header, "big")
    body = b""
    while len(body) < size:
        more = sock.recv(size - len(body))
        if not more:
            return None
        body += more
    return json.loads(body), list(fds)


def _end_with_parent() -> None:
    """Linux: SIGTERM this process when the warm parent ends (it ends when the server does).

    The server stops every app itself on Ctrl+C; this covers a server that was
    killed outright: each app then gets SIGTERM, saves, and ends, instead of
    living on with nobody to talk to.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _run_child(sock: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become the tab's app process. Never returns."""
    code = 1
    try:
        _end_with_parent()
        sock.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.environ.update(request["env"])
        from secsc_tui.app import served

        code = served.main()
    except BaseException:  # noqa: BLE001 - the child reports its failure and ends, whatever it was
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code if isinstance(code, int) else 1)


def main(argv: list[str]) -> int:
    sock = socket.socket(fileno=int(argv[0]))
    # Ctrl+C in the terminal reaches the whole process group: the server decides
    # when this process ends (it closes the socket), and the apps save first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, _reap)
    from secsc_tui.app import served

    served.preload()
    import secsc_tui.serve.web_driver  # noqa: F401 - the apps' driver, imported once here

    if os.environ.get(WARM_UP_ENV, "1") == "1":
        served.warm_up()
    # An app shares the warm parent's memory page by page until it writes to a page.
    # Each pass of the garbage collector over the inherited objects would write to
    # their headers, copying those pages into the app (and costing it the pass):
    # what exists now stays out of collection for good (PSS per tab 72 → 62 MiB,
    # CPU per tab ~10% less).
    gc.collect()
    gc.freeze()
    if threading.active_count() > 1:  # forking now would copy a thread's half-done state
        print("secsc serve: a thread outlived the warm-up; forking anyway", threading.enumerate(), file=sys.stderr)
    sock.sendall(READY)
    while True:
        try:
            received = _receive(sock)
        except (ConnectionError, json.JSONDecodeError, ValueError):
            received = None
        if received is None:
            return 0
        request, fds = received
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            sock.sendall(b"0\n")
            continue
        pid = os.fork()
        if pid == 0:
            _run_child(sock, request, fds)
        for fd in fds:
            os.close(fd)
        sock.sendall(f"{pid}\n".encode("ascii"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
