"""`secsc serve` from outside: a real server in a subprocess, a websocket client like a browser's."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import aiohttp
import pytest
from servehelpers import (
    TAB,
    Tab,
    client_session,
    join_team,
    make_workshop_db,
    serving,
    stop_with_ctrl_c,
)

from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Step
from secsc_tui.core.store import Store

TOKEN = "class-room-42"


def team(title: str):
    session = new_session(title, "en")
    session.progress.current_step = Step.STRATEGIC_GOAL
    return session


def listening_addresses(port: int) -> set[str]:
    """The local addresses listening on this port (from /proc/net/tcp, tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "workshop.sqlite3"


def test_serves_this_computer_only_unless_told_and_needs_no_token_there(db):
    make_workshop_db(db)
    with serving(db) as served:
        url = served.wait_for_join_line()
        assert url == f"http://127.0.0.1:{served.port}/"
        assert listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_a_network_address_needs_a_token_and_the_url_names_a_reachable_host(db):
    make_workshop_db(db)
    with serving(db, "--host", "0.0.0.0") as served:
        url = served.wait_for_join_line()
        match = re.fullmatch(r"http://([0-9.]+):(\d+)/\?token=([A-Za-z0-9_-]{8,})", url)
        assert match, url
        assert match.group(1) != "0.0.0.0" and int(match.group(2)) == served.port


async def test_token_cookie_and_origin(db):
    make_workshop_db(db)
    with serving(db, "--token", TOKEN) as served:
        served.wait_for_join_line()
        base = served.base
        async with client_session() as http:
            for path in (
                "/",
                "/ws",
                "/download/anything",
                "/download/",
                "/join?team=x&name=y&key=z",
                "/static/textual/js/textual.js",
            ):
                async with http.get(base + path, allow_redirects=False) as response:
                    assert response.status == 403, path
            async with http.get(base + "/?token=wrong", allow_redirects=False) as response:
                assert response.status == 403
            async with http.get(f"{base}/?token={TOKEN}", allow_redirects=False) as response:
                assert response.status in (302, 303)
                assert response.headers["Location"] == "/"
                cookie = response.cookies["secsc_access"]
                assert cookie["httponly"] and TOKEN not in cookie.value
            async with http.get(base + "/") as response:
                assert response.status == 200
            # Another site's page in the participant's browser: refused, cookie or not.
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await Tab(http, base, origin="http://evil.example:8000").open()
            assert refused.value.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await Tab(http, base, origin=f"http://127.0.0.1:{served.port + 1}").open()
            assert refused.value.status == 403
            tab = await Tab(http, base).open()  # the right origin and the cookie
            await tab.ws.send_str('["ping", "1234"]')
            assert await tab.wait_for_text("pong") == "1234"
            await tab.close()
            async with http.get(base + "/download/no-such-key") as response:
                assert response.status == 404  # with the cookie: an unknown download, not a refusal


async def test_wrong_tokens_are_rate_limited(db):
    make_workshop_db(db)
    with serving(db, "--token", TOKEN) as served:
        served.wait_for_join_line()
        async with client_session() as http:
            statuses = []
            for attempt in range(8):
                async with http.get(f"{served.base}/?token=guess{attempt}", allow_redirects=False) as response:
                    statuses.append(response.status)
            assert statuses[:5] == [403] * 5 and set(statuses[5:]) == {429}
            async with http.get(f"{served.base}/?token={TOKEN}", allow_redirects=False) as response:
                assert response.status == 429  # even the right one, for a while


async def test_the_page_loads_nothing_from_elsewhere(db):
    make_workshop_db(db)
    with serving(db) as served:
        served.wait_for_join_line()
        async with client_session() as http:
            async with http.get(served.base + "/") as response:
                page = await response.text()
            assert "://" not in page
            resources = re.findall(r'(?:src|href)="([^"]+)"', page)
            assert resources and all(r.startswith("/static/") for r in resources)
            for resource in resources:
                async with http.get(served.base + resource) as response:
                    assert response.status == 200, resource
                    body = await response.text()
                if resource.endswith(".css") or "/secsc/" in resource:
                    assert not re.search(r"(url\(|@import|fetch\(|src=)\s*['\"]?(https?:)?//", body), resource
                assert "googleapis" not in body and "gstatic" not in body
            async with http.get(served.base + "/static/secsc/page.css") as response:
                fonts = re.findall(r'url\("([^"]+)"\)', await response.text())
            for font in fonts:
                async with http.get(served.base + font) as response:
                    assert response.status == 200 and len(await response.read()) > 10_000


async def test_typing_then_closing_the_tab_saves_and_a_reconnect_finds_the_text(db):
    make_workshop_db(db, team("Team A"), team("Team B"))  # listed by title: Team A first
    with serving(db) as served:
        served.wait_for_join_line()
        async with client_session() as http:
            async with http.get(served.base + "/") as response:
                assert response.status == 200
            await join_team(http, served.base, "Ana", team_index=0)
            tab = await Tab(http, served.base).open()
            await tab.wait_for("Team A")
            await tab.wait_for("Strategic goal")
            await asyncio.sleep(0.5)
            await tab.send_keys(TAB)  # from the list of common goals to the goal's own field
            await asyncio.sleep(0.3)  # a person's pause (keys right behind a focus change may go astray)
            await tab.type("Zero")
            await tab.wait_for("Zero")  # echoed: the field has the keys
            await tab.type(" unplanned downtime")
            await tab.close()  # mid-typing: no pause for the autosave
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and goal_of(db, "Team A") != "Zero unplanned downtime":
                await asyncio.sleep(0.2)
            assert goal_of(db, "Team A") == "Zero unplanned downtime"
            assert goal_of(db, "Team B") == ""
            again = await Tab(http, served.base).open()  # the cookie brings Ana back to Team A
            await again.wait_for("Zero unplanned downtime")
            await again.close()


def goal_of(db: Path, title: str) -> str:
    with Store.open(str(db)) as store:
        [summary] = [s for s in store.list_sessions() if s.title == title]
        return store.get(summary.id).strategic_goal.title


async def test_ctrl_c_with_a_browser_connected_saves_and_leaves_no_process(db):
    make_workshop_db(db, team("Team A"))
    with serving(db) as served:
        served.wait_for_join_line()
        async with client_session() as http:
            async with http.get(served.base + "/") as response:
                assert response.status == 200
            await join_team(http, served.base, "Ken", team_index=0)
            tab = await Tab(http, served.base).open()
            await tab.wait_for("Strategic goal")
            await asyncio.sleep(0.5)
            await tab.send_keys("")  # an empty packet (no browser sends one) must not stall the app
            await tab.send_keys(TAB)
            await asyncio.sleep(0.3)
            await tab.type("Trusted")
            await tab.wait_for("Trusted")
            await tab.type(" by customers")
            assert len(served.descendants()) >= 3  # the server, the warm parent, this tab's app
            started = time.monotonic()
            stop_with_ctrl_c(served)
            await asyncio.to_thread(served.process.wait, 10)
            while served.descendants() and time.monotonic() - started < 10:
                await asyncio.sleep(0.1)
            elapsed = time.monotonic() - started
            assert served.descendants() == []
            assert elapsed < 10
            await asyncio.wait_for(tab.reader, 5)  # the socket was closed for the browser
        output = served.process.stdout.read() + served.process.stderr.read()
        assert "Traceback" not in output, output
        assert "stopped" in output
    assert goal_of(db, "Team A") == "Trusted by customers"


async def test_a_killed_server_leaves_no_app_behind_and_the_text_is_saved(db):
    """kill -9 of the server (a crash, a closed laptop lid gone wrong): its apps end by themselves."""
    import os
    import signal

    make_workshop_db(db, team("Team A"))
    with serving(db) as served:
        served.wait_for_join_line()
        async with client_session() as http:
            async with http.get(served.base + "/") as response:
                assert response.status == 200
            await join_team(http, served.base, "Mio", team_index=0)
            tab = await Tab(http, served.base).open()
            await tab.wait_for("Strategic goal")
            await asyncio.sleep(0.5)
            await tab.send_keys(TAB)
            await asyncio.sleep(0.3)
            await tab.type("Survive a crash")
            await tab.wait_for("Survive a crash")
            os.kill(served.process.pid, signal.SIGKILL)  # the server only, not its group
            started = time.monotonic()
            while served.descendants() and time.monotonic() - started < 10:
                await asyncio.sleep(0.1)
            assert served.descendants() == []
    assert goal_of(db, "Team A") == "Survive a crash"


def test_usage_errors_come_before_anything_is_created(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "never.sqlite3"
    for arguments in (["--host", "0.0.0.0", "--token", "abc"], ["--token", "room-42x", "--no-token"]):
        result = subprocess.run(
            [sys.executable, "-m", "secsc_tui", "serve", "--db", str(db), "--no-console", *arguments],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert "secsc serve: error:" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()


async def test_the_join_address_works_after_the_page_left_and_only_with_the_apps_key(db):
    """The browser leaves the page (its socket closes) as it opens /join: the key must still count."""
    from servehelpers import ENTER

    make_workshop_db(db, team("Team A"))
    with serving(db) as served:
        served.wait_for_join_line()
        async with client_session() as http:
            async with http.get(served.base + "/") as response:
                assert response.status == 200
            tab = await Tab(http, served.base).open()
            await tab.wait_for("+ New team")
            await tab.type("Sora")
            await tab.send_keys(ENTER)
            await asyncio.sleep(0.5)
            await tab.send_keys(ENTER)
            url = (await tab.wait_for_text("open_url"))["url"]
            await tab.close()
            await asyncio.sleep(1.0)  # the tab's app has saved and gone
            forged = re.sub(r"key=[^&]+", "key=not-the-apps", url)
            async with http.get(served.base + forged, allow_redirects=False) as response:
                assert response.status == 403
            async with http.get(served.base + url, allow_redirects=False) as response:
                assert response.status == 303
                assert response.cookies["secsc_team"]["httponly"]
            async with http.get(served.base + url, allow_redirects=False) as response:
                assert response.status == 403  # used once
