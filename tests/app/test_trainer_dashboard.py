"""The workshop dashboard: the right figures, a refresh while others write, and its keys."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from apphelpers import open_dashboard, until
from helpers import add_workshop, sample, with_store

from secsc_tui.app.screens.compare import CompareScreen
from secsc_tui.app.screens.dashboard import DashboardScreen
from secsc_tui.app.screens.home import HomeScreen
from secsc_tui.app.screens.present import PresentScreen
from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.app.screens.workshops import WorkshopsScreen
from secsc_tui.core.coverage import points_to_check
from secsc_tui.core.model import Kpi
from secsc_tui.core.yaml_io import dump_session

SAMPLES = ("paper-example-en", "paper-example-ja", "sme-manufacturer-supply-chain")


pytestmark = pytest.mark.usefixtures("quick_polls")


def workshop_db(make_db, *sessions, name: str = "Nagoya [b]2025[/b]") -> tuple[Path, str]:
    db = make_db(*sessions)
    return db, add_workshop(db, name, *(s.id for s in sessions), workshop_id="w-nagoya").id


def cells(screen: DashboardScreen, session_id: str) -> dict[str, str]:
    table = screen.query_one("#teams")
    row = table.get_row(session_id)
    return {column.key: str(cell) for column, cell in zip(screen._columns, row, strict=True)}


def cursor_id(screen: DashboardScreen) -> str:
    table = screen.query_one("#teams")
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


async def test_one_row_per_team_with_the_right_figures(make_db, app_factory):
    sessions = [sample(name) for name in SAMPLES]
    db, workshop_id = workshop_db(make_db, *sessions, sample("ci-operator-regulated"))
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(app, pilot)
        assert "Nagoya [b]2025[/b]" in str(screen.query_one("#db-title").content)
        assert "updated" in str(screen.query_one("#db-updated").content)
        rows = with_store(db, lambda s: s.team_rows(workshop_id))
        assert len(rows) == 4 and screen.order == [r.id for r in sorted(rows, key=lambda r: r.title.casefold())]
        for row in rows:
            shown = cells(screen, row.id)
            warnings = len(points_to_check(with_store(db, lambda s, sid=row.id: s.get(sid))))
            assert shown["step"].startswith(f"{row.current_step.number} ")
            assert shown["done"] == f"{row.steps_done}/8"
            assert (shown["goals"], shown["kpis"], shown["actions"]) == (
                str(row.goals),
                str(row.kpis),
                str(row.actions),
            )
            assert shown["checks"] == (f"⚠ {warnings}" if warnings else "✓")
        # The Japanese title is shown as it is, cut by cells with an ellipsis to fit 80 columns.
        ja = cells(screen, "paper-example-ja")["team"]
        assert ja.startswith("セキュリティ") and ja.endswith("…")

    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:  # wide: the bar and the CSF count too
        screen = await open_dashboard(app, pilot)
        row = with_store(db, lambda s: {r.id: r for r in s.team_rows(workshop_id)})["paper-example-en"]
        shown = cells(screen, "paper-example-en")
        assert shown["done"] == f"{row.steps_done}/8 " + "◼" * row.steps_done + "◻" * (8 - row.steps_done)
        assert shown["csfs"] == str(row.csfs)


async def test_refreshes_by_itself_while_others_write_and_keeps_the_cursor(make_db, app_factory):
    sessions = [sample(name) for name in SAMPLES]
    db, _workshop = workshop_db(make_db, *sessions)
    target = "paper-example-ja"
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(app, pilot)
        await pilot.press("down")
        while cursor_id(screen) != target:
            await pilot.press("down")
        before = cells(screen, target)

        # Another process (a team's laptop on the shared database) adds a KPI and moves to step 7.
        code = (
            "from secsc_tui.core.store import Store\n"
            "from secsc_tui.core.model import Kpi, Step\n"
            f"store = Store.open({str(db)!r})\n"
            f"session = store.get({target!r})\n"
            "session.scorecard.customer.kpis.append(Kpi(id='k-from-team', measure='新しいKPI [b]'))\n"
            "session.progress.current_step = Step.EVALUATION\n"
            "store.save(session)\n"
            "store.close()\n"
        )
        await asyncio.to_thread(subprocess.run, [sys.executable, "-c", code], check=True, timeout=60)
        await until(pilot, lambda: cells(screen, target)["kpis"] == str(int(before["kpis"]) + 1), "the new KPI")
        await until(pilot, lambda: cells(screen, target)["step"] == "7 Ratings", "the new step")
        assert cursor_id(screen) == target
        assert screen.focused is screen.query_one("#teams")

        # Another team is renamed so that its row moves above: the cursor stays on the same team.
        def rename(store):
            other = store.get("sme-manufacturer-supply-chain")
            other.title = "AAA first now"
            store.save(other)

        await asyncio.to_thread(with_store, db, rename)
        await until(pilot, lambda: screen.order[0] == "sme-manufacturer-supply-chain", "the new order")
        assert cursor_id(screen) == target
        assert screen.focused is screen.query_one("#teams")

        # A team that gains a warning: its count follows (the session is read again, it changed).
        checks_before = cells(screen, target)["checks"]

        def add_kpi_without_target(store):
            session = store.get(target)
            session.scorecard.financial.kpis.append(Kpi(id="k-no-target", measure="no target"))
            store.save(session)

        await asyncio.to_thread(with_store, db, add_kpi_without_target)
        await until(pilot, lambda: cells(screen, target)["checks"] != checks_before, "the new warning count")
        count = len(points_to_check(with_store(db, lambda s: s.get(target))))
        assert cells(screen, target)["checks"] == f"⚠ {count}"


async def test_keys_mark_compare_present_open_new(make_db, app_factory):
    sessions = [sample(name) for name in SAMPLES]
    db, workshop_id = workshop_db(make_db, *sessions)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(app, pilot)
        first, second = screen.order[0], screen.order[1]
        await pilot.press("space")
        assert cells(screen, first)["mark"] == "✓"
        await pilot.press("c")  # only one marked: says what to do, stays
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("down", "space")
        assert screen.marked == {first, second} and "2 marked" in str(screen.query_one("#db-status").content)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.sessions, "the comparison")
        assert [s.id for s in app.screen.sessions] == [first, second]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the dashboard again")
        await pilot.press("space")  # unmark the second
        assert cells(screen, second)["mark"] == " " and screen.marked == {first}

        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PresentScreen) and app.screen.session, "the present view")
        assert app.screen.session.id == second
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the dashboard again")

        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SessionScreen) and app.screen.editor, "the session")
        assert app.screen.session.id == second
        for _ in range(3):  # Escape leaves a text field first (if one has the focus), then the screen
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen or app.screen.focused is None, "a step back")
            if app.screen is screen:
                break
        await until(pilot, lambda: app.screen is screen, "the dashboard after editing")
        assert cursor_id(screen) == second

        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Team 東京 [/b]", "enter")
        await until(pilot, lambda: len(screen.order) == 4, "the new team")
        new_id = next(i for i in screen.order if i not in {s.id for s in sessions})
        assert cursor_id(screen) == new_id
        assert cells(screen, new_id)["team"] == "Team 東京 [/b]"
        assert cells(screen, new_id)["step"] == "1 Context"
    assert with_store(db, lambda s: s.workshop_of(new_id)).id == workshop_id


async def test_import_team_files_into_the_workshop(make_db, app_factory, tmp_path, monkeypatch):
    db, workshop_id = workshop_db(make_db, sample("paper-example-en"))
    folder = tmp_path / "handed-in"
    folder.mkdir()
    (folder / "team.yaml").write_text(dump_session(sample("sme-manufacturer-supply-chain")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(app, pilot)
        assert screen.order == ["paper-example-en"]
        await pilot.press("i")
        await pilot.pause()
        await pilot.press(*"handed-in", "enter")  # after the "./" the prompt starts with
        await until(pilot, lambda: "sme-manufacturer-supply-chain" in screen.order, "the imported team")
        assert cursor_id(screen) == "sme-manufacturer-supply-chain"
    assert with_store(db, lambda s: s.workshop_of("sme-manufacturer-supply-chain")).id == workshop_id


async def test_an_empty_workshop_says_how_to_add_teams(make_db, app_factory):
    db, _workshop = workshop_db(make_db)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen._loaded, "the session list")
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, WorkshopsScreen) and app.screen._loaded, "the workshops")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.loaded, "the dashboard")
        screen = app.screen
        assert not screen.query_one("#db-empty").has_class("hidden")
        assert screen.query_one("#teams").has_class("hidden")
        await pilot.press("c", "p", "space")  # nothing to act on: nothing happens
        assert app.screen is screen
