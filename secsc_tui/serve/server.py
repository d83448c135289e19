"""The workshop's web server: one app process per browser tab, on textual-serve's protocol.

Built from textual-serve's pieces (``AppService`` relays a websocket to an app
process; ``DownloadManager`` hands files to the browser), with what a classroom
needs around them: the join token and Origin check (``guard.py``), a page with
no external resources, app processes forked from a warm parent
(``launcher.py``), the participant's identity from their cookie, who has which
team open, and a shutdown that saves every team's work and leaves no process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from html import escape
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from secsc_tui.app.served import (
    ENV_CONNECTION,
    ENV_DB,
    ENV_JOIN_KEY,
    ENV_NAME,
    ENV_PRESENCE,
    ENV_ROLE,
    ENV_TEAM,
    ENV_WORKSHOP,
    ROLE_PARTICIPANT,
)
from secsc_tui.i18n import _
from secsc_tui.serve.guard import Guard
from secsc_tui.serve.launcher import AppProcess, ForkLauncher, SpawnLauncher, make_launcher

log = logging.getLogger("secsc.serve")

TEAM_COOKIE = "secsc_team"
NAME_COOKIE = "secsc_name"
IDENTITY_MAX_AGE = 7 * 24 * 3600  # a workshop may run over several days
_TEAM_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
NAME_MAX = 60
# After the quit request, how long an app may take to save and end before it is killed:
# when the server stops (Ctrl+C must be done within seconds), and when a browser has left
# (its app may be seconds behind the keys typed before, on a loaded laptop).
STOP_SECONDS = 6.0
TAB_LEFT_SECONDS = 25.0
MESSAGE_MAX_BYTES = 64 * 1024  # typing and resizing; a paste of a long text fits
JOIN_KEY_GRACE = 30.0  # seconds a tab's join key stays valid after its socket closed

TEXTUAL_STATIC = Path(str(files("textual_serve"))) / "static"
OUR_STATIC = Path(__file__).with_name("static")
PAGE = Path(__file__).with_name("page.html")

# Everything the page loads comes from this server.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws: wss:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@dataclass
class ServeConfig:
    db: str
    workshop_id: str
    title: str = "secsc"
    token: str | None = None
    public_origin: str | None = None
    allowed_hosts: set[str] | None = None
    prefork: bool = True
    max_tabs: int = 60  # app processes at once: each holds tens of MiB
    app_log: int | None = None  # a file descriptor for the apps' error output


def base_environment(config: ServeConfig) -> dict[str, str]:
    """What every app process gets (and the warm parent, before it imports Textual)."""
    env = dict(os.environ)
    env.update(
        {
            "TEXTUAL_DRIVER": "secsc_tui.serve.web_driver:ServedWebDriver",  # (its docstring says why)
            "TEXTUAL_FPS": "60",
            "TEXTUAL_COLOR_SYSTEM": "truecolor",
            "TERM_PROGRAM": "textual",
            "TERM_PROGRAM_VERSION": version("textual-serve"),
            ENV_DB: config.db,
            ENV_ROLE: ROLE_PARTICIPANT,
            ENV_WORKSHOP: config.workshop_id,
        }
    )
    env.pop("TEXTUAL", None)  # no devtools in a classroom
    return env


class TabService(AppService):
    """textual-serve's relay for one tab, with the app process started by our launcher."""

    def __init__(self, launcher: ForkLauncher | SpawnLauncher, tab_env: dict[str, str], **kwargs: Any):
        super().__init__("secsc", **kwargs)
        self.launcher = launcher
        self.tab_env = tab_env
        self.process: AppProcess | None = None

    # AppService types its process as asyncio's Process; it uses only what AppProcess has
    # (stdin, stdout, stderr), so AppProcess stands in for it.
    async def _open_app_process(self, width: int = 80, height: int = 24) -> AppProcess:  # type: ignore[override]
        env = {**self.tab_env, "COLUMNS": str(width), "ROWS": str(height)}
        self.process = process = await self.launcher.launch(env)
        self._process = process  # type: ignore[assignment]  # AppService reads its stdout (and stderr)
        self._stdin = process.stdin
        return process

    @property
    def running(self) -> bool:
        return self._task is not None

    # Once the browser has gone, the app still draws while it saves: its output has
    # nowhere to go. textual-serve would end the relay on the first failed write
    # (and the app would be killed mid-save); keep reading until the app ends.

    async def on_data(self, payload: bytes) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await super().on_data(payload)

    async def on_meta(self, data: bytes) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await super().on_meta(data)


class WorkshopServer:
    def __init__(self, config: ServeConfig):
        self.config = config
        self.guard = Guard(config.token, public_origin=config.public_origin, allowed_hosts=config.allowed_hosts)
        self.downloads = DownloadManager()
        self.launcher = make_launcher(base_environment(config), prefork=config.prefork, stderr_fd=config.app_log)
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="secsc-serve-"))
        self.presence_dir = self.runtime_dir / "presence"
        self.presence_dir.mkdir()
        self.tabs: dict[str, tuple[web.WebSocketResponse, TabService]] = {}
        # One-time keys of the /join address, per open tab; kept a little after the tab
        # closes: the browser leaves the page (closing its socket) as it opens /join.
        self.join_keys: dict[str, float | None] = {}  # key -> when it expires (None: its tab is open)
        self.stopping = False
        self.page = PAGE.read_text(encoding="utf-8")

    # -- the aiohttp application --------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard.middleware])
        app.add_routes(
            [
                web.get("/", self.handle_page),
                web.get("/ws", self.handle_websocket),
                web.get("/download/{key}", self.handle_download),
                web.get("/join", self.handle_join),
                web.get("/alive", self.handle_alive),
                web.static("/static/textual", TEXTUAL_STATIC, show_index=False),
                web.static("/static/secsc", OUR_STATIC, show_index=False),
            ]
        )
        return app

    async def start(self) -> None:
        await self.launcher.start()

    # -- the page -------------------------------------------------------------------

    async def handle_page(self, request: web.Request) -> web.Response:
        font_size = request.query.get("fontsize", "16")
        size = int(font_size) if font_size.isdigit() and 8 <= int(font_size) <= 48 else 16
        html = self.page.replace("{{title}}", escape(self.config.title)).replace("{{font_size}}", str(size))
        return web.Response(text=html, content_type="text/html", headers=PAGE_HEADERS)

    async def handle_alive(self, request: web.Request) -> web.Response:
        """For the page's reconnect loop: the server is up (and this browser may use it)."""
        return web.Response(status=204, headers={"Cache-Control": "no-store"})

    # -- joining a team: the browser remembers it ------------------------------------

    async def handle_join(self, request: web.Request) -> web.StreamResponse:
        key = request.query.get("key", "")
        expires = self.join_keys.pop(key, 0.0)
        if expires is not None and expires < time.monotonic():
            # Only an app process of this server makes this address: not a link from elsewhere.
            raise web.HTTPForbidden(text=_("403 Forbidden: not a join request from the app.\n"))
        team = request.query.get("team", "")
        name = _clean_name(request.query.get("name", ""))
        if not _TEAM_ID.match(team) or not name:
            raise web.HTTPBadRequest(text=_("400: a team and a name are needed.\n"))
        response = web.HTTPSeeOther("/")
        for cookie, value in ((TEAM_COOKIE, team), (NAME_COOKIE, quote(name, safe=""))):
            response.set_cookie(cookie, value, httponly=True, samesite="Strict", path="/", max_age=IDENTITY_MAX_AGE)
        raise response

    def identity(self, request: web.Request) -> tuple[str, str]:
        team = request.cookies.get(TEAM_COOKIE, "")
        name = _clean_name(unquote(request.cookies.get(NAME_COOKIE, "")))
        return (team, name) if _TEAM_ID.match(team) and name else ("", "")

    # -- a browser tab ----------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if self.stopping:
            raise web.HTTPServiceUnavailable(text=_("The workshop is closing.\n"))
        if len(self.tabs) >= self.config.max_tabs:
            raise web.HTTPServiceUnavailable(text=_("Too many open tabs on this server: close one and reload.\n"))
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MESSAGE_MAX_BYTES)
        width = _int(request.query.get("width"), 80, 20, 500)
        height = _int(request.query.get("height"), 24, 5, 200)
        team, name = self.identity(request)
        connection = secrets.token_hex(8)
        join_key = secrets.token_urlsafe(16)
        tab_env = {
            ENV_TEAM: team,
            ENV_NAME: name,
            ENV_JOIN_KEY: join_key,
            ENV_CONNECTION: connection,
            ENV_PRESENCE: str(self.presence_dir),
        }
        await websocket.prepare(request)
        service = TabService(
            self.launcher,
            tab_env,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.downloads,
        )
        self.tabs[connection] = (websocket, service)
        now = time.monotonic()
        self.join_keys = {k: t for k, t in self.join_keys.items() if t is None or t > now}
        self.join_keys[join_key] = None
        self._present(team, connection, name)
        try:
            await service.start(width, height)
            log.info("tab %s opened (team %s)", connection, team or "-")
            await self._relay(websocket, service)
        except Exception as error:  # noqa: BLE001 - one tab failing never stops the workshop
            log.warning("tab %s: %s", connection, error)
        finally:
            await self._end_tab(connection, service, TAB_LEFT_SECONDS)
            self._absent(team, connection)
            if join_key in self.join_keys:
                self.join_keys[join_key] = time.monotonic() + JOIN_KEY_GRACE
            self.tabs.pop(connection, None)
            await websocket.close()
            log.info("tab %s closed", connection)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: TabService) -> None:
        """The browser's messages to the app (textual-serve's protocol); malformed ones are ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = json.loads(message.data)
            except (ValueError, TypeError):
                continue
            if kind == "stdin" and isinstance(data, str) and data:  # (an empty packet stalls the app's reader)
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _int(data.get("width"), 80, 20, 500), _int(data.get("height"), 24, 5, 200)
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _end_tab(self, connection: str, service: TabService, seconds: float = STOP_SECONDS) -> None:
        """Ask the app to quit (it saves first); kill it if it has not ended in time."""
        if not service.running:
            return
        try:
            await asyncio.wait_for(service.stop(), seconds)
        except (TimeoutError, Exception) as error:  # noqa: BLE001
            log.warning("tab %s did not end by itself (%s): stopped", connection, error or "timeout")
        process = service.process
        if process is not None and process.alive():
            process.kill()

    # -- who has which team open (read by the apps) ------------------------------------

    def _present(self, team: str, connection: str, name: str) -> None:
        if team:
            folder = self.presence_dir / team
            folder.mkdir(exist_ok=True)
            (folder / connection).write_text(name, encoding="utf-8")

    def _absent(self, team: str, connection: str) -> None:
        if team:
            for name in (connection, connection + ".step"):  # the name, and the step its app writes
                with contextlib.suppress(OSError):
                    (self.presence_dir / team / name).unlink()

    # -- downloads (exports and reports the apps hand to the browser) --------------------

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text=_("No such download.\n")) from None
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(meta.file_name)}"
        response.headers["X-Content-Type-Options"] = "nosniff"
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- stopping ---------------------------------------------------------------------

    async def close(self) -> None:
        """Every app saves and ends, every socket closes, the warm parent goes; within seconds."""
        self.stopping = True
        tabs = list(self.tabs.items())
        await asyncio.gather(*(self._end_tab(connection, service) for connection, (_, service) in tabs))
        await asyncio.gather(
            *(websocket.close(code=1001, message=b"The workshop server stopped") for _, (websocket, _) in tabs),
            return_exceptions=True,
        )
        await self.launcher.stop()
        shutil.rmtree(self.runtime_dir, ignore_errors=True)


def _clean_name(name: str) -> str:
    printable = "".join(ch if ch.isprintable() else " " for ch in name)
    return " ".join(printable.split())[:NAME_MAX]


def _int(value: object, default: int, low: int, high: int) -> int:
    if not isinstance(value, (str, int, float)):
        return default  # absent, or not a number at all
    try:
        number = int(value)
    except (ValueError, OverflowError):  # "12x"; Infinity and NaN, which JSON parsing lets through
        return default
    return min(max(number, low), high)
