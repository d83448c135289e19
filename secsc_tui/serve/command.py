"""``secsc serve``: run the workshop from one laptop; participants join from a browser.

Prints the join URL (with its token) on one line and as a QR code, then either
opens the trainer's console in this terminal (the workshop's dashboard; the
server runs beside it) or, with ``--no-console``, serves until Ctrl+C. Either
way, stopping saves every team's last edit and leaves no app process behind.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from aiohttp import web

from secsc_tui.app.served import ENV_JOIN_URL, ENV_ROLE, ROLE_CONSOLE
from secsc_tui.i18n import _
from secsc_tui.serve.addresses import host_names, is_loopback, join_url, public_base
from secsc_tui.serve.guard import new_token, origin_of
from secsc_tui.serve.server import ServeConfig, WorkshopServer, base_environment

log = logging.getLogger("secsc.serve")


@dataclass
class ServeOptions:
    db: str  # the database every app process opens
    workshop_id: str
    workshop_name: str
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    no_token: bool = False
    public_url: str | None = None
    console: bool = True
    prefork: bool = True
    max_tabs: int = 60
    log_file: Path | None = None


class UsageError(ValueError):
    pass


def choose_token(options: ServeOptions) -> str | None:
    """The token the join URL carries: none on this machine only; required once others can connect."""
    if options.no_token and options.token:
        raise UsageError(_("give --token or --no-token, not both"))
    if options.token is not None:
        if len(options.token) < 6 or not options.token.replace("-", "").replace("_", "").isalnum():
            raise UsageError(_("--token: at least 6 letters, digits, '-' or '_'"))
        return options.token
    if options.no_token or is_loopback(options.host):
        return None
    return new_token()


def qr_text(url: str) -> str:
    """The join URL as a QR code for the terminal (half blocks: fits a projector's terminal)."""
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def serve(options: ServeOptions, *, out: Callable[[str], None] = print) -> int:
    token = choose_token(options)
    if options.console and not (sys.stdin.isatty() and sys.stdout.isatty()):
        out(_("secsc serve: no terminal for the trainer's console: serving without it (--no-console)"))
        options.console = False
    try:
        return asyncio.run(_serve(options, token, out))
    except KeyboardInterrupt:  # a second Ctrl+C while stopping
        return 130


async def _serve(options: ServeOptions, token: str | None, out: Callable[[str], None]) -> int:
    log_stream = open(options.log_file, "a", encoding="utf-8") if options.log_file else None  # noqa: SIM115
    _set_up_logging(log_stream, quiet=options.console)
    config = ServeConfig(
        db=options.db,
        workshop_id=options.workshop_id,
        title=_("secsc · {workshop_name}", workshop_name=options.workshop_name),
        token=token,
        prefork=options.prefork,
        max_tabs=options.max_tabs,
        app_log=log_stream.fileno() if log_stream else None,
    )
    server = WorkshopServer(config)
    runner = web.AppRunner(server.make_app(), handle_signals=False, access_log=None, shutdown_timeout=1.0)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    console = None
    try:
        await server.start()  # the warm parent imports the app once, before anyone connects
        await runner.setup()
        site = web.TCPSite(runner, options.host, options.port)
        await site.start()
        port = _bound_port(runner, options.port)
        base = public_base(options.host, port, options.public_url)
        url = join_url(base, token)
        server.guard.public_origin = origin_of(base)
        if token is None:
            server.guard.allowed_hosts = host_names(options.host, base)
        _announce(out, options, url, token)
        if options.console:
            console = await _start_console(options, server, url)
            await _until_either(stop.wait(), console.wait())
        else:
            await stop.wait()
        out(_("secsc serve: stopping: saving every team's work…"))
    finally:
        if console is not None and console.returncode is None:
            console.terminate()
            await console.wait()
        await server.close()
        await runner.cleanup()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        if log_stream is not None:
            log_stream.close()
    out(_("secsc serve: stopped."))
    return 0


def _bound_port(runner: web.AppRunner, asked: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return asked


def _announce(out: Callable[[str], None], options: ServeOptions, url: str, token: str | None) -> None:
    out(
        _(
            "secsc serve: workshop “{workshop_name}” on {host}:{port}",
            workshop_name=options.workshop_name,
            host=options.host,
            port=url.rsplit(":", 1)[-1].split("/")[0],
        )
    )
    out(_("Join: {url}", url=url))
    if token is None and not is_loopback(options.host):
        out(_("Warning: no token (--no-token): anyone on this network can join and edit the workshop."))
    elif is_loopback(options.host):
        out(_("Only this computer can connect. To let the room join: secsc serve --host 0.0.0.0"))
    out(qr_text(url))
    if not options.console:
        out(_("Press Ctrl+C to stop: every team's work is saved."))


async def _start_console(options: ServeOptions, server: WorkshopServer, url: str) -> asyncio.subprocess.Process:
    """The trainer's console in this terminal, as its own process (its drawing never slows the server)."""
    env = base_environment(server.config)
    for name in ("TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION"):
        env.pop(name, None)
        if name in os.environ:
            env[name] = os.environ[name]
    env[ENV_ROLE] = ROLE_CONSOLE
    env[ENV_JOIN_URL] = url
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "secsc_tui.app.served", env=env)


async def _until_either(*waits: Awaitable[object]) -> None:
    tasks = [asyncio.ensure_future(w) for w in waits]
    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in tasks:
        task.cancel()


def _set_up_logging(stream: TextIO | None, *, quiet: bool) -> None:
    logger = logging.getLogger("secsc.serve")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.handlers.clear()
    if stream is not None:
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
    elif not quiet:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        logger.addHandler(handler)
    # textual-serve's own logger: errors only, to the same place.
    serve_logger = logging.getLogger("textual-serve")
    serve_logger.setLevel(logging.ERROR)
    serve_logger.propagate = False
    serve_logger.handlers = list(logger.handlers)
