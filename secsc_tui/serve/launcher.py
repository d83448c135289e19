"""Starting app processes for browser tabs: forked from a warm parent, or spawned afresh.

``ForkLauncher`` asks the warm parent (``zygote.py``) to fork a process that
already has the app imported; ``SpawnLauncher`` starts a new Python each time
(where fork is not available, or to compare). Both hand back an ``AppProcess``
with the pipes textual-serve's ``AppService`` reads and writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
from dataclasses import dataclass

from secsc_tui.serve.zygote import LENGTH_BYTES, READY

# How long the warm parent may take to import the app before the server gives up on it.
WARM_UP_SECONDS = 60.0


@dataclass
class AppProcess:
    """A running app process, as textual-serve's AppService needs it.

    Its error output goes straight to the server's log file (never to the
    trainer's terminal, where the console is drawn): ``stderr`` is empty.
    """

    pid: int
    stdin: asyncio.StreamWriter
    stdout: asyncio.StreamReader
    stderr: asyncio.StreamReader

    def alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return not _is_zombie(self.pid)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except (OSError, IndexError):
        return False


def _no_output() -> asyncio.StreamReader:
    """The stream AppService reads an app's error output from: the apps write theirs to the log instead."""
    reader = asyncio.StreamReader()
    reader.feed_eof()
    return reader


async def _pipe_reader(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**22)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", 0))
    return reader


async def _pipe_writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, os.fdopen(fd, "wb", 0))
    return asyncio.StreamWriter(transport, protocol, None, loop)


class ForkLauncher:
    """App processes forked from one warm parent."""

    def __init__(self, base_env: dict[str, str], *, stderr_fd: int | None = None):
        self.base_env = base_env
        self.stderr_fd = stderr_fd  # where the apps' error output goes (None: nowhere)
        self._parent: asyncio.subprocess.Process | None = None
        self._socket: socket.socket | None = None
        self._lock = asyncio.Lock()
        self._ready: asyncio.Future[None] | None = None

    async def start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        # (The warm parent ends when this socket closes, even if this server is killed.)
        self._parent = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "secsc_tui.serve.zygote",
            str(theirs.fileno()),
            pass_fds=[theirs.fileno()],
            env=self.base_env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=self.stderr_fd or asyncio.subprocess.DEVNULL,
        )
        theirs.close()
        ours.setblocking(False)
        self._socket = ours
        # The server announces its address meanwhile; the first tab waits if it comes before this.
        self._ready = asyncio.ensure_future(self._warmed_up(ours))

    async def _warmed_up(self, sock: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        ready = await asyncio.wait_for(loop.sock_recv(sock, len(READY)), WARM_UP_SECONDS)
        if ready != READY:
            raise RuntimeError("the app's warm parent process did not start")

    async def launch(self, env: dict[str, str]) -> AppProcess:
        assert self._socket is not None and self._ready is not None, "start() first"
        await asyncio.shield(self._ready)
        stdin_read, stdin_write = os.pipe()
        stdout_read, stdout_write = os.pipe()
        stderr_write = os.dup(self.stderr_fd) if self.stderr_fd is not None else os.open(os.devnull, os.O_WRONLY)
        child_fds = [stdin_read, stdout_write, stderr_write]
        body = json.dumps({"env": env}).encode("utf-8")
        loop = asyncio.get_running_loop()
        try:
            async with self._lock:  # one request at a time on the socket
                message = len(body).to_bytes(LENGTH_BYTES, "big") + body
                sent = socket.send_fds(self._socket, [message], child_fds)
                if sent < len(message):
                    await loop.sock_sendall(self._socket, message[sent:])
                answer = b""
                while not answer.endswith(b"\n"):
                    more = await loop.sock_recv(self._socket, 32)
                    if not more:
                        raise ConnectionError("the app's warm parent process has ended")
                    answer += more
        finally:
            for fd in child_fds:
                os.close(fd)
        pid = int(answer)
        if pid <= 0:
            raise RuntimeError("the app's warm parent process could not start an app")
        return AppProcess(pid, await _pipe_writer(stdin_write), await _pipe_reader(stdout_read), _no_output())

    async def stop(self) -> None:
        if self._ready is not None:
            if not self._ready.done():
                self._ready.cancel()
            elif not self._ready.cancelled():
                self._ready.exception()  # seen: no "exception never retrieved" at exit
        if self._socket is not None:
            self._socket.close()  # the warm parent reads the end of its socket and exits
            self._socket = None
        parent = self._parent
        if parent is not None and parent.returncode is None:
            try:
                await asyncio.wait_for(parent.wait(), 3)
            except TimeoutError:
                parent.kill()
                await parent.wait()


class SpawnLauncher:
    """A new Python for every tab (the slow way: every process imports the app itself)."""

    def __init__(self, base_env: dict[str, str], *, stderr_fd: int | None = None):
        self.base_env = base_env
        self.stderr_fd = stderr_fd
        self._processes: dict[int, asyncio.subprocess.Process] = {}

    async def start(self) -> None:
        pass

    async def launch(self, env: dict[str, str]) -> AppProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "secsc_tui.app.served",
            env={**self.base_env, **env},
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=self.stderr_fd if self.stderr_fd is not None else asyncio.subprocess.DEVNULL,
        )
        self._processes = {pid: p for pid, p in self._processes.items() if p.returncode is None}
        self._processes[process.pid] = process
        assert process.stdin is not None and process.stdout is not None
        return AppProcess(process.pid, process.stdin, process.stdout, _no_output())

    async def stop(self) -> None:
        for process in self._processes.values():
            if process.returncode is None:
                process.kill()
                await process.wait()
        self._processes.clear()


def make_launcher(
    base_env: dict[str, str], *, prefork: bool = True, stderr_fd: int | None = None
) -> ForkLauncher | SpawnLauncher:
    if prefork and hasattr(os, "fork") and hasattr(socket, "send_fds"):
        return ForkLauncher(base_env, stderr_fd=stderr_fd)
    return SpawnLauncher(base_env, stderr_fd=stderr_fd)
