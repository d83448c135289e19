"""`secsc serve --db postgresql+psycopg://...`: the browsers' typing reaches a PostgreSQL store."""

from __future__ import annotations

import asyncio
import time

import pytest
from servehelpers import TAB, Tab, client_session, join_team, make_workshop_db, serving

from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Step
from secsc_tui.core.store import Store

pytestmark = pytest.mark.postgresql


def team(title: str):
    session = new_session(title, "en")
    session.progress.current_step = Step.STRATEGIC_GOAL
    return session


def goal_of(url: str, title: str) -> str:
    with Store.open(url) as store:
        [summary] = [s for s in store.list_sessions() if s.title == title]
        return store.get(summary.id).strategic_goal.title


async def test_typing_in_a_browser_lands_in_postgresql_and_a_reconnect_finds_it(postgres_url: str):
    make_workshop_db(postgres_url, team("Team A"), team("Team B"))
    with serving(postgres_url) as served:
        served.wait_for_join_line()
        assert "***" not in served.join_url
        async with client_session() as http:
            async with http.get(served.base + "/") as response:  # the page sets the cookie
                assert response.status == 200
            await join_team(http, served.base, "Ana", team_index=0)
            tab = await Tab(http, served.base).open()
            await tab.wait_for("Team A")
            await tab.wait_for("Strategic goal")
            await asyncio.sleep(0.5)
            await tab.send_keys(TAB)
            await asyncio.sleep(0.3)
            await tab.type("Zero unplanned downtime")
            await tab.wait_for("Zero unplanned downtime")
            await tab.close()
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and goal_of(postgres_url, "Team A") != "Zero unplanned downtime":
                await asyncio.sleep(0.2)
            assert goal_of(postgres_url, "Team A") == "Zero unplanned downtime"
            again = await Tab(http, served.base).open()
            await again.wait_for("Zero unplanned downtime")
            await again.close()
