"""Screenshots of `secsc serve` in a real browser (headless Chromium), for the README.

    .venv/bin/python docs/serve_screenshot.py            # writes docs/serve-join.png, docs/serve-team.png

Starts `secsc serve` on a free localhost port with a workshop of three sample
teams, opens the join URL in headless Chromium (Debian's `chromium` package),
types a name and picks a team with the keyboard through the DevTools protocol,
and captures the page. Everything stays on 127.0.0.1; every process it starts
is stopped at the end.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from secsc_tui.core.model import Step  # noqa: E402
from secsc_tui.core.store import Store  # noqa: E402
from secsc_tui.core.workshop import Workshop  # noqa: E402
from secsc_tui.core.yaml_read import read_sessions_file  # noqa: E402
from secsc_tui.resources import sample_sessions_dir  # noqa: E402

KEYS = {"Enter": ("\r", 13), "Tab": ("\t", 9), "ArrowDown": ("", 40), "Escape": ("", 27)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workshop_db(path: Path) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    titles = {"paper-example-en": "Team Blue — ACME Manufacturing",
              "sme-manufacturer-supply-chain": "Team Green — Kato Precision",
              "ci-operator-regulated": "Team Red — Harbour Power"}
    with Store.open(str(path)) as store:
        store.create_workshop(Workshop(id="w-nagoya", name="Nagoya 2026", venue="Nagoya", trainer="K. Sato",
                                       created=now, updated=now))
        for name, title in titles.items():
            [session] = read_sessions_file(sample_sessions_dir() / f"{name}.yaml")
            session.title = title
            session.progress.current_step = Step.SCORECARD
            store.create(session, workshop_id="w-nagoya")


class Browser:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse):
        self.ws = ws
        self.ids = itertools.count(1)

    async def call(self, method: str, **params):
        number = next(self.ids)
        await self.ws.send_json({"id": number, "method": method, "params": params})
        async for message in self.ws:
            data = json.loads(message.data)
            if data.get("id") == number:
                return data.get("result", {})
        raise RuntimeError("the browser went away")

    async def type(self, text: str) -> None:
        for char in text:
            await self.call("Input.dispatchKeyEvent", type="keyDown", text=char, key=char, unmodifiedText=char)
            await self.call("Input.dispatchKeyEvent", type="keyUp", key=char)
            await asyncio.sleep(0.08)

    async def press(self, key: str) -> None:
        text, code = KEYS[key]
        extra = {"text": text} if text else {}
        await self.call("Input.dispatchKeyEvent", type="keyDown", key=key, windowsVirtualKeyCode=code, **extra)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key, windowsVirtualKeyCode=code)
        await asyncio.sleep(0.3)

    async def shot(self, path: Path) -> None:
        result = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(result["data"]))
        print(f"wrote {path.relative_to(ROOT)}")


async def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("needs Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="secsc-shot-"))
    db = folder / "workshop.sqlite3"
    workshop_db(db)
    port, debug_port = free_port(), free_port()
    env = {**os.environ, "SECSC_CONFIG_DIR": str(folder / "config"), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "secsc_tui", "serve", "--db", str(db), "--workshop",
                               "Nagoya 2026", "--port", str(port), "--no-console"], stdout=subprocess.PIPE,
                              text=True, env=env, start_new_session=True)
    browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                f"--remote-debugging-port={debug_port}", f"--user-data-dir={folder / 'chrome'}",
                                "--window-size=1280,800", "about:blank"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = next(line.split(" ", 1)[1].strip() for line in server.stdout if line.startswith("Join: "))
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                try:
                    async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as response:
                        pages = [p for p in await response.json() if p["type"] == "page"]
                    break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.1)
            async with http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Browser(ws)
                await page.call("Page.enable")
                await page.call("Page.navigate", url=url)
                await asyncio.sleep(6)
                await page.type("Ana Suzuki")
                await page.press("Enter")
                await page.press("ArrowDown")
                await asyncio.sleep(1)
                await page.shot(ROOT / "docs" / "serve-join.png")
                await page.press("Enter")  # joins: the page follows /join and comes back in the team
                await asyncio.sleep(12)
                await page.shot(ROOT / "docs" / "serve-team.png")
    finally:
        os.killpg(browser.pid, signal.SIGTERM)
        os.killpg(server.pid, signal.SIGINT)
        server.wait(20)
        browser.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
