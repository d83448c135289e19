"""Step 6 by keyboard: the strategy map of cause→effect links between strategy goals."""

from __future__ import annotations

import re

from apphelpers import open_session, wait_saved
from helpers import sample, stored
from textual.widgets import Static

from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.core.factory import new_session
from secsc_tui.core.model import Goal, MapLink, Step


def at_map(session):
    session.progress.current_step = Step.STRATEGY_MAP
    return session


def small_session(title="Small map", *, links=()):
    """One goal per perspective, plus a second learning goal; ids say where they sit."""
    session = new_session(title)
    session.scorecard.financial.goals = [Goal(id="f1", text="Revenue")]
    session.scorecard.customer.goals = [Goal(id="c1", text="Keep usability")]
    session.scorecard.internal_processes.goals = [Goal(id="p1", text="Security by design")]
    session.scorecard.learning_growth.goals = [Goal(id="l1", text="Training"), Goal(id="l2", text="Hiring")]
    session.strategy_map = [MapLink(cause=c, effect=e) for c, e in links]
    return at_map(session)


def the_map(app):
    return app.screen.query_one("#map")


def status(app) -> str:
    return app.screen.query_one("#map-status", Static).content.plain


def details(app) -> str:
    return app.screen.query_one("#map-details", Static).content.plain


def pairs(session) -> list[tuple[str, str]]:
    return [(link.cause, link.effect) for link in session.strategy_map]


async def test_cursor_moves_between_bands(make_db, app_factory):
    session = at_map(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.pause()
        view_map = the_map(app)
        assert app.screen.focused is view_map
        assert view_map.cursor == "lg-g1"  # maps are built bottom-up
        seen = []
        for key in ["up", "up", "up", "up", "right", "right", "down", "down", "down", "down", "left", "home", "end"]:
            await pilot.press(key)
            seen.append(view_map.cursor)
        assert seen == [
            "ip-g1",
            "cus-g1",
            "fin-g1",
            "fin-g1",  # nothing above financial
            "fin-g2",
            "fin-g2",  # nothing right of the last financial goal
            "cus-g3",
            "ip-g2",
            "lg-g3",  # nearest box in the band below
            "lg-g3",  # nothing below learning & growth
            "lg-g2",
            "lg-g1",
            "lg-g3",
        ]
        # The selected goal's causes and effects are marked with words, not only colour.
        await pilot.press("up")  # ip-g2
        text = "\n".join(view_map.text_lines())
        assert "► P-G2" in text
        assert "▾ L-G2 cause" in text and "▾ L-G3 cause" in text
        assert "▴ Cu-G3 effect" in text
        # Wide terminals get the side panel with the full list of links.
        assert app.screen.query_one("#step-strategy_map").has_class("-wide")
        assert "All links (10)" in details(app)


async def test_add_link_by_keyboard(make_db, app_factory):
    session = small_session()
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(app, pilot, session.id)
        view_map = the_map(app)
        assert view_map.cursor == "l1"
        assert "No links yet" in status(app)
        await pilot.press("l")
        assert "LINKING" in status(app)
        await pilot.press("up")  # to "Security by design"
        assert "P-G1" in status(app) and "l/⏎ links" in status(app)
        await pilot.press("enter")
        assert "Linked L-G1 → P-G1" in status(app)
        assert "LINKING" not in status(app)
        await wait_saved(app, pilot)
        assert pairs(stored(db, session.id)) == [("l1", "p1")]

        # l also confirms: Security by design → Keep usability.
        await pilot.press("l", "up", "l")
        await wait_saved(app, pilot)
        assert pairs(stored(db, session.id)) == [("l1", "p1"), ("p1", "c1")]
        assert "▾ causes P-G1" in details(app)  # the cursor stays on the new effect


async def test_self_link_and_duplicate_are_refused(make_db, app_factory):
    session = small_session(links=[("l1", "p1")])
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_session(app, pilot, session.id)
        await pilot.press("l", "enter")  # the goal itself
        assert "cannot lead to itself" in status(app)
        assert "LINKING" in status(app)  # still choosing
        await pilot.press("up", "enter")  # L-G1 → P-G1 exists already
        assert "already on the map" in status(app)
        await pilot.press("escape")  # cancels linking, does not leave the session
        assert "cancelled" in status(app)
        assert isinstance(app.screen, SessionScreen)
        await wait_saved(app, pilot)
        assert pairs(stored(db, session.id)) == [("l1", "p1")]


async def test_remove_link_and_undo(make_db, app_factory):
    session = at_map(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        assert the_map(app).cursor == "lg-g1"
        await pilot.press("x")  # its only link: lg-g1 → ip-g1
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Removed L-G1 → P-G1" in status(app)
        await wait_saved(app, pilot)
        saved = pairs(stored(db, session.id))
        assert len(saved) == 9 and ("lg-g1", "ip-g1") not in saved

        await pilot.press("f3")
        await wait_saved(app, pilot)
        assert pairs(stored(db, session.id)) == pairs(session)

        # Escape in the picker keeps every link; a goal without links says so.
        await pilot.press("x", "escape")
        await pilot.pause()
        assert len(stored(db, session.id).strategy_map) == 10


async def test_chain_of_a_learning_goal_ends_at_a_financial_goal(make_db, app_factory):
    session = at_map(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        text = details(app)
        chains = [line.strip() for line in text.splitlines() if line.strip().startswith("L-G1 ") and "→" in line]
        assert len(chains) == 2  # L-G1 → P-G1 → Cu-G1 → F-G2 and L-G1 → P-G1 → Cu-G2 → F-G1
        for chain in chains:
            assert re.search(r"→ P-G1 .*→ Cu-G\d .*→ F-G\d .*✓$", chain), chain
        # Enter opens every detail, in full; Escape closes it.
        await pilot.press("enter")
        await pilot.pause()
        body = app.screen.query_one("#details-body", Static).content.plain
        assert "Optimising security costs ✓" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_japanese_and_markup_goal_text_is_shown_literally(make_db, app_factory):
    session = small_session("地図 [b]")
    session.scorecard.learning_growth.goals[0].text = "売上 [/b] [red]目標"
    session.scorecard.internal_processes.goals[0].text = "[bold]設計[/bold] からのセキュリティ"
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        text = "\n".join(the_map(app).text_lines())
        assert "売上 [/b] [red]目標" in text
        assert "[bold]設計[/bold]" in text
        assert "売上 [/b] [red]目標" in details(app)
        await pilot.press("l", "up", "enter")
        assert "Linked L-G1 → P-G1" in status(app)
        assert "[bold]設計[/bold]" in details(app)
        await wait_saved(app, pilot)
        assert pairs(stored(db, session.id)) == [("l1", "p1")]


async def test_empty_map_points_to_the_scorecard(make_db, app_factory):
    session = at_map(new_session("No goals yet"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        assert "No strategy goals yet" in "\n".join(the_map(app).text_lines())
        await pilot.press("l")  # nothing to link: no crash, no change
        await pilot.press("5")
        await pilot.pause()
        assert app.screen.editor.session.progress.current_step is Step.SCORECARD


async def test_small_terminal_shows_every_band_and_warns_about_a_cycle(make_db, app_factory):
    session = at_map(sample("paper-example-en"))
    db = make_db(session)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session.id)
        view_map = the_map(app)
        assert not app.screen.query_one("#step-strategy_map").has_class("-wide")
        lines = view_map.text_lines()
        # All four bands, financial on top, fit in the map without scrolling.
        titles = [
            i
            for i, line in enumerate(lines)
            if line.strip().split("  ")[0] in ("FINANCIAL", "CUSTOMER", "INTERNAL PROCESSES", "LEARNING & GROWTH")
        ]
        assert len(titles) == 4 and lines[titles[0]].strip().startswith("FINANCIAL")
        assert len(lines) <= view_map.scrollable_content_region.height
        # A financial goal linked back down to learning & growth closes a cycle.
        await pilot.press("up", "up", "up", "right")  # F2
        assert view_map.cursor == "fin-g2"
        await pilot.press("l", "down", "down", "down")
        await pilot.press("home", "enter")  # L-G1
        assert "this closes a cycle" in status(app)
        assert "⚠ Cycle" in details(app)
        assert "⚠ 1 cycle" in status(app) or "cycle" in status(app)
        await wait_saved(app, pilot)
        assert ("fin-g2", "lg-g1") in pairs(stored(db, session.id))
