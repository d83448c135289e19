"""A real browser (headless Chromium, if installed) joins a team, types, closes the tab: the text is saved.

Through the DevTools protocol the test also records every request the page
makes: all of them go to the workshop server, none to the internet.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import signal
import subprocess
import time

import aiohttp
import pytest
from servehelpers import free_port, make_workshop_db, serving
from test_serve import goal_of, team

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (apt-get install chromium)")


class Page:
    """One browser tab driven through the DevTools protocol; remembers every request it made."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse):
        self.ws = ws
        self.ids = itertools.count(1)
        self.requests: list[str] = []
        self.answers: dict[int, dict] = {}
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            if "id" in data:
                self.answers[data["id"]] = data.get("result", {})
            elif data.get("method") == "Network.requestWillBeSent":
                self.requests.append(data["params"]["request"]["url"])
            elif data.get("method") == "Network.webSocketCreated":
                self.requests.append(data["params"]["url"])

    async def call(self, method: str, **params) -> dict:
        number = next(self.ids)
        await self.ws.send_json({"id": number, "method": method, "params": params})
        for _ in range(400):
            if number in self.answers:
                return self.answers.pop(number)
            await asyncio.sleep(0.025)
        raise AssertionError(f"no answer to {method}")

    async def key(self, key: str, text: str = "", code: int = 0) -> None:
        extra = {"text": text} if text else {}
        await self.call("Input.dispatchKeyEvent", type="keyDown", key=key, windowsVirtualKeyCode=code, **extra)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=key, windowsVirtualKeyCode=code)

    async def type(self, text: str) -> None:
        for char in text:
            await self.key(char, char)
            await asyncio.sleep(0.08)

    async def until(self, what: str, condition, seconds: float = 40.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; requests: {self.requests}")
            await asyncio.sleep(0.1)

    async def drawn(self) -> bool:
        result = await self.call("Runtime.evaluate", expression="document.body.classList.contains('-first-byte')")
        return result.get("result", {}).get("value") is True


async def test_a_browser_joins_types_and_leaves_and_nothing_is_fetched_from_elsewhere(db, tmp_path):
    make_workshop_db(db, team("Team A"))
    debug_port = free_port()
    with serving(db) as served:
        url = served.wait_for_join_line()
        browser = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                f"--remote-debugging-port={debug_port}",
                f"--user-data-dir={tmp_path / 'chrome'}",
                "--window-size=1200,800",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            async with aiohttp.ClientSession() as http:
                for _ in range(200):
                    try:
                        async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as response:
                            targets = [t for t in await response.json() if t["type"] == "page"]
                        if targets:
                            break
                    except aiohttp.ClientError:
                        pass
                    await asyncio.sleep(0.1)
                async with http.ws_connect(targets[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    page = Page(ws)
                    await page.call("Network.enable")
                    await page.call("Page.enable")
                    await page.call("Page.navigate", url=url)
                    deadline = time.monotonic() + 40
                    while not await page.drawn():
                        assert time.monotonic() < deadline, "the app was never drawn"
                        await asyncio.sleep(0.2)
                    await asyncio.sleep(2.0)  # the teams are read after the first paint
                    await page.type("Rin")
                    await page.key("Enter", "\r", 13)  # the name, then the teams
                    await asyncio.sleep(1.0)
                    for _ in range(3):  # Enter joins the highlighted (only) team
                        await page.key("Enter", "\r", 13)
                        try:
                            await page.until(
                                "the join address", lambda: any("/join?" in r for r in page.requests), seconds=8
                            )
                            break
                        except AssertionError:
                            continue
                    sockets = lambda: [r for r in page.requests if r.startswith("ws")]  # noqa: E731
                    await page.until("the reconnect", lambda: len(sockets()) >= 2)
                    await asyncio.sleep(4.0)  # the team's step is shown, its list of goals has the focus
                    await page.key("Tab", "\t", 9)
                    await asyncio.sleep(1.0)
                    await page.type("Typed in a browser")
                    await page.call("Page.navigate", url="about:blank")  # the tab leaves: the socket closes
                    deadline = time.monotonic() + 15
                    while goal_of(db, "Team A") != "Typed in a browser" and time.monotonic() < deadline:
                        await asyncio.sleep(0.2)
                    assert goal_of(db, "Team A") == "Typed in a browser"
                    here = (f"http://127.0.0.1:{served.port}/", f"ws://127.0.0.1:{served.port}/")
                    elsewhere = [r for r in page.requests if not r.startswith((*here, "about:", "data:", "blob:"))]
                    assert page.requests and elsewhere == []
                    page.reader.cancel()
        finally:
            os.killpg(browser.pid, signal.SIGTERM)  # the browser and its helper processes
            browser.wait(10)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "workshop.sqlite3"
