"""Helpers for the serve tests: a real ``secsc serve`` in a subprocess and a websocket client like a browser's.

Import as ``from servehelpers import ...``. Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import aiohttp

from secsc_tui.core.store import Store
from secsc_tui.core.workshop import Workshop

ENTER, TAB, DOWN, CTRL_U = "\r", "\t", "\x1b[B", "\x15"
WORKSHOP = "Nagoya 2026"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_workshop_db(path: Path, *sessions) -> str:
    """A database holding a workshop with these team sessions; the workshop's id."""
    now = dt.datetime.now(dt.UTC)
    with Store.open(str(path)) as store:
        store.create_workshop(Workshop(id="w-nagoya", name=WORKSHOP, created=now, updated=now))
        for session in sessions:
            store.create(session, workshop_id="w-nagoya")
    return "w-nagoya"


class Served:
    """A running ``secsc serve --no-console``; its printed join URL and output."""

    def __init__(self, process: subprocess.Popen, port: int):
        self.process = process
        self.port = port
        self.lines: list[str] = []
        self.join_url = ""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_for_join_line(self, seconds: float = 60.0) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            if line.startswith("Join: "):
                self.join_url = line[len("Join: ") :].strip()
                return self.join_url
        raise AssertionError(f"no join line; printed: {''.join(self.lines)}")

    def descendants(self) -> list[int]:
        """Every process in the server's session (it was started as a session leader)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            state, session_id = fields[0], int(fields[3])
            if session_id == self.process.pid and state != "Z":
                found.append(int(entry.name))
        return found


@contextmanager
def serving(db: Path, *arguments: str, port: int | None = None):
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "secsc_tui",
        "serve",
        "--db",
        str(db),
        "--workshop",
        WORKSHOP,
        "--port",
        str(port),
        "--no-console",
        *arguments,
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
    served = Served(process, port)
    try:
        yield served
    finally:
        # The whole group: anything the server left, even if the server itself is gone.
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def stop_with_ctrl_c(served: Served) -> None:
    """What Ctrl+C in the trainer's terminal does: SIGINT to the whole foreground process group."""
    os.killpg(served.process.pid, signal.SIGINT)


def client_session() -> aiohttp.ClientSession:
    # unsafe=True: keep cookies set by a server addressed by IP, as a browser does.
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


class Tab:
    """One browser tab: the websocket textual.js opens, and what the app has drawn so far."""

    def __init__(
        self, http: aiohttp.ClientSession, base: str, *, width: int = 100, height: int = 30, origin: str | None = None
    ):
        self.http = http
        self.base = base
        self.width, self.height = width, height
        self.origin = origin if origin is not None else base
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.screen = ""  # everything drawn, escape sequences removed
        self.texts: list = []  # the text frames (pong, open_url, ...)
        self.reader: asyncio.Task | None = None
        self.changed = asyncio.Event()

    async def open(self) -> Tab:
        url = f"{self.base.replace('http', 'ws', 1)}/ws?width={self.width}&height={self.height}"
        self.ws = await self.http.ws_connect(url, headers={"Origin": self.origin}, max_msg_size=0)
        await self.ws.send_str(json.dumps(["resize", {"width": self.width, "height": self.height}]))
        self.reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += plain(message.data.decode("utf-8", "replace"))
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(message.data))
            self.changed.set()

    async def send_keys(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))

    async def type(self, text: str, pause: float = 0.02) -> None:
        for key in text:
            await self.send_keys(key)
            await asyncio.sleep(pause)

    async def wait_for(self, pattern: str, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while pattern not in self.screen:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or (self.reader is not None and self.reader.done()):
                raise AssertionError(f"{pattern!r} never drawn; the screen: {self.screen[-2000:]!r}")
            self.changed.clear()
            with suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.5))

    async def wait_for_text(self, kind: str, seconds: float = 20.0):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for message in self.texts:
                if message[0] == kind:
                    return message[1]
            await asyncio.sleep(0.05)
        raise AssertionError(f"no {kind!r} message; got {self.texts!r}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await self.reader


_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=$ ]*[A-Za-z~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")


def plain(output: str) -> str:
    """Terminal output without its escape sequences: the text as drawn (cursor moves dropped)."""
    return _ESCAPES.sub("", output)


async def join_team(http: aiohttp.ClientSession, base: str, name: str, team_index: int) -> None:
    """What a person does on the join screen; ends when the browser has remembered the team."""
    tab = await Tab(http, base).open()
    await tab.wait_for("+ New team")  # the teams are listed
    await tab.type(name)
    await tab.send_keys(ENTER)  # on to the list of teams
    await asyncio.sleep(0.3)
    for _ in range(team_index):
        await tab.send_keys(DOWN)
        await asyncio.sleep(0.1)
    for attempt in range(3):  # on a loaded machine the list may take the focus late: Enter again
        await tab.send_keys(ENTER)
        try:
            opened = await tab.wait_for_text("open_url", seconds=8)
            break
        except AssertionError:
            if attempt == 2:
                raise
    assert opened["url"].startswith("/join?")
    async with http.get(base + opened["url"], allow_redirects=False) as response:
        assert response.status == 303, await response.text()
    await tab.close()
