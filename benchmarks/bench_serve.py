"""`secsc serve` under a classroom's load: N browsers join their teams and type at human speed.

For each N: a fresh database with a workshop of N teams (at the strategic-goal
step), `secsc serve --no-console` on a free localhost port, and N websocket
clients speaking textual.js's protocol (`["stdin", keys]`, `["resize", {...}]`,
`["ping", x]`). The clients connect spread over a window (default 10 s), each
joins its own team on the join screen (name, its team, Enter: the browser
follows `/join` and reconnects), then types a strategic goal, a critical
success factor and a KPI at one key every 150–250 ms, Enter/Tab/arrows in
bursts. Measured:

- first screen: connect → the join screen drawn with the teams listed;
- team screen: the reconnect after joining → the team's step drawn;
- echo: a typed key → the text typed so far drawn back (p50, p95, p99);
- memory: RSS (and PSS, which counts pages shared with the warm parent once)
  of the server, the warm parent and every app process, at the peak;
- CPU: seconds used by all of them, per client;
- afterwards every client's goal, CSF and KPI must be in the database exactly.

Only 127.0.0.1 is contacted; every process is killed by its group at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

import aiohttp
from _common import child_env, header, percentile, rerun_command, secsc_argv, table

ENTER, TAB, DOWN, RIGHT, ESC, F2 = "\r", "\t", "\x1b[B", "\x1b[C", "\x1b", "\x1bOQ"
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=$ ]*[A-Za-z~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")
ECHO_TIMEOUT = 10.0


def plain(output: str) -> str:
    return _ESCAPES.sub("", output)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- what each client types -------------------------------------------------------------


def texts_for(i: int) -> tuple[str, str, str]:
    """A goal, a CSF and a KPI measure, different for every client (and easy to check)."""
    return (
        f"Keep plant {i:02d} running through attacks",
        f"Incident drills every quarter t{i:02d}",
        f"Mean time to recover t{i:02d}",
    )


# -- the processes of the server ----------------------------------------------------------


def session_processes(leader: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == leader and fields[0] != "Z":
                pids.append(int(entry.name))
    return pids


def memory_kib(pids: list[int]) -> tuple[int, int]:
    """(RSS, PSS) in KiB summed over these processes."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def cpu_seconds(pids: list[int], *, children: bool = True) -> float:
    """User + system time of these processes (and of the children they have reaped)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    fields_wanted = (11, 12, 13, 14) if children else (11, 12)
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(fields[k]) for k in fields_wanted)  # utime stime (cutime cstime)
    return total / ticks


# -- one client -------------------------------------------------------------------------


@dataclass
class ClientResult:
    index: int
    first_screen: float | None = None
    first_paint: float | None = None
    team_screen: float | None = None
    echoes: list[float] = field(default_factory=list)
    echo_timeouts: int = 0
    error: str = ""


class Tab:
    def __init__(self, http: aiohttp.ClientSession, base: str):
        self.http, self.base = http, base
        self.screen = ""
        self.texts: list = []
        self.changed = asyncio.Event()
        self.ws = None
        self.reader = None

    async def open(self, width: int = 100, height: int = 30) -> None:
        url = f"ws://{self.base.split('://', 1)[1]}/ws?width={width}&height={height}"
        self.ws = await self.http.ws_connect(url, headers={"Origin": self.base}, max_msg_size=0)
        await self.ws.send_str(json.dumps(["resize", {"width": width, "height": height}]))
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += plain(message.data.decode("utf-8", "replace"))
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(message.data))
            self.changed.set()

    async def key(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))

    async def wait_for(self, pattern: str, seconds: float, *, since: int = 0) -> bool:
        deadline = time.monotonic() + seconds
        while pattern not in self.screen[since:]:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.reader.done():
                return False
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.5))
        return True

    async def close(self) -> None:
        await self.ws.close()
        await self.reader


async def human_pause(rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(0.150, 0.250))


async def type_measured(tab: Tab, text: str, result: ClientResult, rng: random.Random) -> None:
    """Type at human speed; each key's echo is the text typed so far (its last characters) drawn back."""
    missed = 0
    for n, char in enumerate(text, 1):
        tail = text[max(0, n - 4) : n]
        since = len(tab.screen)
        sent = time.monotonic()
        await tab.key(char)
        if await tab.wait_for(tail, ECHO_TIMEOUT if missed < 3 else 0.3, since=since):
            result.echoes.append(time.monotonic() - sent)
            missed = 0
        else:
            result.echo_timeouts += 1
            missed += 1  # after three, the keys are going somewhere else: stop waiting long for each
        await human_pause(rng)


async def run_client(i: int, base: str, start_at: float, result: ClientResult, connect_only: bool) -> None:
    rng = random.Random(i)
    goal, csf, kpi = texts_for(i)
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(base + "/") as response:
            await response.read()
        tab = Tab(http, base)
        opened = time.monotonic()
        await tab.open()
        if await tab.wait_for("Your name", 60):
            result.first_paint = time.monotonic() - opened
        if not await tab.wait_for("Team 00", 60):  # the teams are listed (the first is always in view)
            result.error = "no join screen"
            return
        result.first_screen = time.monotonic() - opened
        if connect_only:
            await asyncio.sleep(2.0)
            await tab.close()
            return
        for char in f"Person {i:02d}":
            await tab.key(char)
            await human_pause(rng)
        await tab.key(ENTER)
        await asyncio.sleep(0.4)
        if i:
            await tab.key(DOWN * i)  # the teams are listed by title: Team 00, Team 01, ...
        await asyncio.sleep(0.4)
        url = None
        for _ in range(3):
            await tab.key(ENTER)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and url is None:
                url = next((m[1]["url"] for m in tab.texts if m[0] == "open_url"), None)
                await asyncio.sleep(0.05)
            if url:
                break
        if url is None:
            result.error = "join did not answer"
            await tab.close()
            return
        async with http.get(base + url, allow_redirects=False) as response:
            await response.read()
        await tab.close()
        tab = Tab(http, base)
        opened = time.monotonic()
        await tab.open()
        if not await tab.wait_for(f"Team {i:02d}", 60) or not await tab.wait_for("Strategic goal", 60):
            result.error = "team screen not drawn"
            return
        result.team_screen = time.monotonic() - opened
        await tab.wait_for("Pick a common goal", 30)
        await asyncio.sleep(1.5)  # a person reads the screen
        await tab.key(TAB)  # from the common goals to the goal's field
        await asyncio.sleep(1.0)  # and looks for the cursor
        await type_measured(tab, goal, result, rng)
        await tab.key(ESC)
        await asyncio.sleep(0.3)
        await tab.key("5")  # the scorecard
        await tab.wait_for("Critical success", 30)
        await asyncio.sleep(1.0)
        await tab.key(RIGHT)
        await asyncio.sleep(0.3)
        since = len(tab.screen)
        await tab.key("a")  # a CSF in the financial perspective
        await tab.wait_for("F2 or Ctrl+S saves", 30, since=since)  # the form is open
        await asyncio.sleep(0.5)
        await type_measured(tab, csf, result, rng)
        await tab.key(F2)
        await asyncio.sleep(1.0)
        await tab.key(RIGHT)
        await asyncio.sleep(0.3)
        since = len(tab.screen)
        await tab.key("a")  # a KPI: its form opens on the measure
        await tab.wait_for("F2 or Ctrl+S saves", 30, since=since)
        await asyncio.sleep(0.5)
        await type_measured(tab, kpi, result, rng)
        await tab.key(F2)
        await asyncio.sleep(1.5)
        await tab.close()


# -- one load level -----------------------------------------------------------------------


# --postgres: the server on which each level gets a database of its own (bench_store_backends.Postgres).
POSTGRES = None


def prepare_db(folder: Path, n: int) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import datetime as dt

    from secsc_tui.core.factory import new_session
    from secsc_tui.core.model import Step
    from secsc_tui.core.store import Store
    from secsc_tui.core.workshop import Workshop

    db = POSTGRES.new() if POSTGRES is not None else str(folder / f"bench-{n}.sqlite3")
    now = dt.datetime.now(dt.UTC)
    with Store.open(db) as store:
        store.create_workshop(Workshop(id="w-bench", name="Bench workshop", created=now, updated=now))
        for i in range(n):
            session = new_session(f"Team {i:02d}", "en")
            session.progress.current_step = Step.STRATEGIC_GOAL
            store.create(session, workshop_id="w-bench")
    return db


def check_db(db: str, n: int) -> list[str]:
    from secsc_tui.core.store import Store

    problems = []
    with Store.open(db) as store:
        by_title = {s.title: s.id for s in store.list_sessions()}
        for i in range(n):
            goal, csf, kpi = texts_for(i)
            session = store.get(by_title[f"Team {i:02d}"])
            card = session.scorecard.financial
            if session.strategic_goal.title != goal:
                problems.append(f"team {i}: goal {session.strategic_goal.title!r}")
            if [c.text for c in card.csfs] != [csf]:
                problems.append(f"team {i}: CSFs {[c.text for c in card.csfs]!r}")
            if [k.measure for k in card.kpis] != [kpi]:
                problems.append(f"team {i}: KPIs {[k.measure for k in card.kpis]!r}")
    return problems


async def measure(
    n: int, window: float, prefork: bool, folder: Path, connect_only: bool = False, no_warm_up: bool = False
) -> dict:
    db = prepare_db(folder, n)
    load_before = os.getloadavg()[0]  # the machine may be shared: say how busy it was
    port = free_port()
    argv = secsc_argv(
        "serve",
        "--db",
        db,
        "--workshop",
        "Bench workshop",
        "--port",
        str(port),
        "--no-console",
        "--max-tabs",
        str(2 * n + 10),
        "--log",
        str(folder / f"serve-{n}.log"),
        *([] if prefork else ["--no-prefork"]),
    )
    server = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=child_env(PYTHONUNBUFFERED="1", SECSC_SERVE_WARM_UP="0" if no_warm_up else "1"),
        start_new_session=True,
    )
    try:
        while True:
            line = server.stdout.readline()
            if not line:
                raise RuntimeError("the server did not start")
            if line.startswith("Join: "):
                break
        base = f"http://127.0.0.1:{port}"
        await asyncio.sleep(1.0)
        idle_rss, idle_pss = memory_kib(session_processes(server.pid))  # the server and the warm parent alone
        cpu_before = cpu_seconds(session_processes(server.pid))
        server_cpu_before = cpu_seconds([server.pid], children=False)
        results = [ClientResult(i) for i in range(n)]
        begin = time.monotonic()
        peak = {"rss": 0, "pss": 0, "apps": 0}

        async def sample() -> None:
            while True:
                pids = session_processes(server.pid)
                rss, pss = memory_kib(pids)
                if rss > peak["rss"]:
                    peak.update(rss=rss, pss=pss, apps=len(pids) - (2 if prefork else 1))
                await asyncio.sleep(0.5)

        sampler = asyncio.create_task(sample())
        starts = [begin + (window * i / max(1, n - 1) if n > 1 else 0.0) for i in range(n)]
        outcomes = await asyncio.gather(
            *(run_client(i, base, starts[i], results[i], connect_only) for i in range(n)), return_exceptions=True
        )
        elapsed = time.monotonic() - begin
        await asyncio.sleep(2.0)  # the last saves land
        cpu_used = cpu_seconds(session_processes(server.pid)) - cpu_before
        server_cpu = cpu_seconds([server.pid], children=False) - server_cpu_before
        sampler.cancel()
    finally:
        stop_started = time.monotonic()
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        stop_seconds = time.monotonic() - stop_started
    for result, outcome in zip(results, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            result.error = f"{type(outcome).__name__}: {outcome}"
    echoes = [e for r in results for e in r.echoes]
    firsts = [r.first_screen for r in results if r.first_screen is not None]
    paints = [r.first_paint for r in results if r.first_paint is not None]
    teams = [r.team_screen for r in results if r.team_screen is not None]
    return {
        "n": n,
        "elapsed": elapsed,
        "stop": stop_seconds,
        "paint_max": max(paints, default=float("nan")),
        "first_p50": percentile(firsts, 50),
        "first_max": max(firsts, default=float("nan")),
        "team_p50": percentile(teams, 50),
        "team_max": max(teams, default=float("nan")),
        "echo_p50": percentile(echoes, 50),
        "echo_p95": percentile(echoes, 95),
        "echo_p99": percentile(echoes, 99),
        "echo_n": len(echoes),
        "echo_lost": sum(r.echo_timeouts for r in results),
        "rss_mib": peak["rss"] / 1024,
        "pss_mib": peak["pss"] / 1024,
        "apps": peak["apps"],
        "idle_rss_mib": idle_rss / 1024,
        "idle_pss_mib": idle_pss / 1024,
        "cpu": cpu_used,
        "server_cpu": server_cpu,
        "load": (load_before, os.getloadavg()[0]),
        "errors": [f"client {r.index}: {r.error}" for r in results if r.error]
        + [f"server: {line}" for line in _warnings(folder / f"serve-{n}.log")],
        "db_problems": [] if connect_only else check_db(db, n),
    }


def _warnings(log: Path) -> list[str]:
    """What the server logged as going wrong: a tab that failed, or an app killed because it did not end in time."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    wrong = re.compile(r"did not end by itself|tab \w+: |Traceback|Error|took over")
    return [line.strip() for line in lines if wrong.search(line)][:20]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,5,10,20,30,40", help="load levels (default 1,5,10,20,30,40)")
    parser.add_argument("--window", type=float, default=10.0, help="seconds over which clients connect")
    parser.add_argument("--no-prefork", action="store_true", help="serve with a new Python per tab")
    parser.add_argument(
        "--no-warm-up",
        action="store_true",
        help="the warm parent only imports the app (no headless first run before forking)",
    )
    parser.add_argument(
        "--connect-only",
        action="store_true",
        help="only connect (first screen), stay 2 s and leave: the cost of starting tabs",
    )
    parser.add_argument(
        "--postgres",
        metavar="ADMIN_URL",
        help="serve from PostgreSQL: a new database per level on this server "
        "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test), dropped at the end",
    )
    args = parser.parse_args(argv)
    header("secsc serve under load", rerun_command("bench_serve.py", argv))
    global POSTGRES
    if args.postgres:
        from bench_store_backends import Postgres

        POSTGRES = Postgres(args.postgres)
    try:
        return _run(args)
    finally:
        if POSTGRES is not None:
            POSTGRES.drop_all()


def _run(args: argparse.Namespace) -> int:
    rows, notes, loads = [], [], []
    with tempfile.TemporaryDirectory(prefix="secsc-bench-serve-") as folder:
        for n in (int(x) for x in args.clients.split(",")):
            r = asyncio.run(
                measure(n, args.window, not args.no_prefork, Path(folder), args.connect_only, args.no_warm_up)
            )
            # What each connected session adds: beyond the server and the warm parent.
            per_rss = (r["rss_mib"] - r["idle_rss_mib"]) / max(1, r["apps"])
            per_pss = (r["pss_mib"] - r["idle_pss_mib"]) / max(1, r["apps"])
            rows.append(
                [
                    r["n"],
                    f"{r['paint_max']:.2f}",
                    f"{r['first_p50']:.2f}",
                    f"{r['first_max']:.2f}",
                    f"{r['team_max']:.2f}",
                    f"{r['echo_p50'] * 1000:.0f}",
                    f"{r['echo_p95'] * 1000:.0f}",
                    f"{r['echo_p99'] * 1000:.0f}",
                    f"{r['echo_lost']}/{r['echo_n'] + r['echo_lost']}",
                    f"{r['idle_pss_mib']:.0f}",
                    f"{r['rss_mib']:.0f}",
                    f"{r['pss_mib']:.0f}",
                    r["apps"],
                    f"{per_rss:.1f}",
                    f"{per_pss:.1f}",
                    f"{r['cpu']:.1f}",
                    f"{r['server_cpu']:.1f}",
                    f"{r['cpu'] / max(1, r['n']):.2f}",
                    f"{r['stop']:.1f}",
                    "ok" if not r["db_problems"] and not r["errors"] else "LOST",
                ]
            )
            notes += r["errors"] + r["db_problems"]
            print(f"  N={n}: done in {r['elapsed']:.0f} s", file=sys.stderr)
            loads.append(f"N={n}: {r['load'][0]:.1f} → {r['load'][1]:.1f}")
    print(
        table(
            [
                "clients",
                "paint max s",
                "first p50 s",
                "first max s",
                "team max s",
                "echo p50 ms",
                "echo p95 ms",
                "echo p99 ms",
                "no echo",
                "idle PSS MiB",
                "RSS MiB",
                "PSS MiB",
                "apps",
                "RSS/app MiB",
                "PSS/app MiB",
                "CPU s",
                "server CPU s",
                "CPU s/client",
                "Ctrl+C s",
                "db",
            ],
            rows,
            right=range(0, 19),
        )
    )
    print()
    print(
        "paint: connect → the join screen's first paint; first: connect → join screen with teams; "
        "team: reconnect after joining → the team's step; "
        "echo: key → text drawn back; idle PSS: the server and the warm parent before anyone connects; "
        "RSS/PSS: server + warm parent + apps at the peak; RSS/app, PSS/app: what each connected tab adds "
        "(peak minus idle, per app process); CPU: all of them, from the first connection to the last close; "
        "server CPU: the relay process alone; Ctrl+C s: SIGINT to every process gone."
    )
    print("load average (1 min) before → after each level: " + "; ".join(loads))
    for note in notes:
        print("  " + note)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
