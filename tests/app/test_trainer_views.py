"""Present, compare, results and the report, reached from a workshop's dashboard by keyboard."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from apphelpers import open_dashboard, until
from helpers import add_workshop, sample, with_store
from rich.console import Console

from secsc_tui.app.screens.compare import CompareScreen
from secsc_tui.app.screens.dashboard import DashboardScreen
from secsc_tui.app.screens.present import PresentScreen
from secsc_tui.app.screens.report_export import ReportDialog
from secsc_tui.app.screens.results import ResultsScreen
from secsc_tui.core.model import ActionPlan, ActionStatus, Goal, Response
from secsc_tui.core.results import format_average, workshop_results

SAMPLES = ("paper-example-en", "sme-manufacturer-supply-chain", "ci-operator-regulated")


pytestmark = pytest.mark.usefixtures("quick_polls")


def workshop_db(make_db, *sessions, **fields) -> tuple[Path, str]:
    db = make_db(*sessions)
    return db, add_workshop(db, "Nagoya", *(s.id for s in sessions), workshop_id="w-nagoya", **fields).id


def plain(widget, width: int = 200) -> str:
    """What a Static shows, as plain text (markup-like text must be there literally)."""
    console = Console(width=width, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(widget.content)
    return captured.get()


def japanese_team():
    session = sample("paper-example-ja")
    session.title = "チーム [b]東京[/b]"
    session.strategic_goal.title = "売上 [/b] [red]目標"
    session.scorecard.financial.goals.insert(0, Goal(id="g-literal", text="ブランド [i]向上 [link=x]"))
    session.scorecard.learning_growth.actions.append(
        ActionPlan(
            id="a-literal",
            text="訓練 [bold]実施",
            owner="[red]佐藤",
            due=dt.date(2026, 3, 31),
            status=ActionStatus.IN_PROGRESS,
        )
    )
    return session


async def test_present_switches_pages_and_shows_text_literally(make_db, app_factory):
    session = japanese_team()
    db, _w = workshop_db(make_db, session)
    revision = with_store(db, lambda s: s.get(session.id)).revision
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "secsc-projector"
        await open_dashboard(app, pilot)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PresentScreen) and app.screen.session, "the present view")
        screen = app.screen
        assert screen.page == "goal"
        assert "売上 [/b] [red]目標" in plain(screen.query_one("#pr-text"))
        assert "チーム [b]東京[/b]" in str(screen.query_one("#pr-team").content)

        await pilot.press("right")
        assert screen.page == "financial"
        assert "F I N A N C I A L" in plain(screen.query_one("#pr-banner"))
        assert "ブランド [i]向上 [link=x]" in plain(screen.query_one("#pr-items-goals"))
        assert "2/6" in str(screen.query_one("#pr-where").content)
        await pilot.press("pagedown")
        assert screen.page == "customer"
        await pilot.press("4")
        assert screen.page == "learning_growth"
        actions = plain(screen.query_one("#pr-items-actions"))
        assert "訓練 [bold]実施" in actions and "[red]佐藤 · due 2026-03-31 · ◔ in progress" in actions
        await pilot.press("left")
        assert screen.page == "internal_processes"
        await pilot.press("m")
        assert screen.page == "map" and "→" in plain(screen.query_one("#pr-text"))
        await pilot.press("right")  # the last page: stays
        assert screen.page == "map"
        await pilot.press("0")
        assert screen.page == "goal"

        # No key edits anything here.
        await pilot.press("d", "e", "a", "n", "delete", "backspace", "ctrl+z", "f3", "x", "i")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dashboard again")
    assert with_store(db, lambda s: s.get(session.id)).revision == revision


async def test_present_goes_from_team_to_team_with_tab(make_db, app_factory):
    sessions = [sample(name) for name in SAMPLES]
    db, _w = workshop_db(make_db, *sessions)
    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        dashboard = await open_dashboard(app, pilot)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PresentScreen) and app.screen.session, "the present view")
        screen = app.screen
        await pilot.press("2")  # the customer page stays while the team changes
        first = screen.session.id
        await pilot.press("tab")
        await until(pilot, lambda: screen.session.id != first, "the next team")
        assert screen.session.id == dashboard.order[1] and screen.page == "customer"
        # The title alone, the position apart: a team named "Team 2" never reads "Team 1/8: Team 2".
        assert str(screen.query_one("#pr-team").content) == screen.session.title
        assert "team 2 of 3" in str(screen.query_one("#pr-where").content)
        await pilot.press("shift+tab")
        await until(pilot, lambda: screen.session.id == first, "the team before")


async def test_compare_two_teams_perspective_by_perspective(make_db, app_factory):
    en, sme = sample("paper-example-en"), sample("sme-manufacturer-supply-chain")
    db, _w = workshop_db(make_db, en, sme)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(app, pilot)
        await pilot.press("c")  # nothing marked: every team
        await until(pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.sessions, "the comparison")
        screen = app.screen
        body = plain(screen.query_one("#cmp-body"), width=76)
        for session in (en, sme):
            assert session.strategic_goal.title in body.replace("\n", " ") or session.strategic_goal.title[:20] in body
            assert session.scorecard.financial.kpis[0].measure[:15] in body
        assert "Financial (1/4)" in str(screen.query_one("#cmp-title").content)
        await pilot.press("right")
        assert "Customer (2/4)" in str(screen.query_one("#cmp-title").content)
        body = plain(screen.query_one("#cmp-body"), width=76)
        assert sme.scorecard.customer.goals[0].text[:15] in body
        assert en.scorecard.customer.goals[0].text[:15] in body
        await pilot.press("3")
        assert "Internal processes (3/4)" in str(screen.query_one("#cmp-title").content)
        assert str(screen.query_one("#cmp-where").content) == "2 teams"


async def test_compare_pages_through_many_teams_at_80_columns(make_db, app_factory):
    sessions = [sample(name) for name in SAMPLES]
    db, _w = workshop_db(make_db, *sessions)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await open_dashboard(app, pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.sessions, "the comparison")
        screen = app.screen
        assert screen.per_view == 2
        assert "teams 1–2 of 3" in str(screen.query_one("#cmp-where").content)
        titles = {s.id: s.title for s in sessions}
        assert [s.id for s in screen._shown()] == dashboard.order[:2]
        await pilot.press("tab")
        assert [s.id for s in screen._shown()] == dashboard.order[1:]  # the last page is full
        assert titles[dashboard.order[2]][:20] in plain(screen.query_one("#cmp-body"), width=76)
        await pilot.press("tab")  # round again
        assert screen.first == 0


async def test_results_are_the_workshops_figures(make_db, app_factory):
    sessions = [sample(name) for name in SAMPLES]
    sessions[1].evaluation.responses.append(
        Response(id="r-literal", respondent="[b]鈴木", usefulness=2, comment="[red]とても[/red] useful [link=x]")
    )
    db, workshop_id = workshop_db(make_db, *sessions, date=dt.date(2025, 8, 26))
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(app, pilot)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen) and app.screen.results, "the results")
        screen = app.screen
        expected = with_store(db, lambda s: workshop_results(s.get_workshop(workshop_id), s.sessions_in(workshop_id)))
        table = plain(screen.query_one("#rs-table"), width=76).split("\n")
        assert table[0].split() == ["Date", "Participants", "Ratings", "Usefulness", "avg", "Availability", "avg"]
        assert table[2].split() == [
            "2025-08-26",
            str(expected.participants),
            str(expected.ratings),
            format_average(expected.usefulness_avg),
            format_average(expected.availability_avg),
        ]
        for measure, counts in (("usefulness", expected.usefulness), ("availability", expected.availability)):
            lines = plain(screen.query_one(f"#rs-{measure}"), width=38).splitlines()
            for value, count in counts.items():
                line = next(line for line in lines if line.startswith(f"{value} |"))
                assert line.split()[-1] == str(count)
                assert line.count("▬") > 0 if count else "▬" not in line
        comments = plain(screen.query_one("#rs-comments"), width=76)
        assert "[b]鈴木" in comments and "[red]とても[/red] useful [link=x]" in comments
        assert str(len(expected.comments)) in str(screen.query_one("#rs-comments-title").content)


async def test_report_export_writes_a_file_by_keyboard(make_db, app_factory, tmp_path, monkeypatch):
    sessions = [sample(name) for name in SAMPLES[:2]]
    db, _w = workshop_db(make_db, *sessions, date=dt.date(2025, 8, 26))
    monkeypatch.chdir(tmp_path)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await open_dashboard(app, pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ReportDialog), "the report dialog")
        dialog = app.screen
        path = dialog.query_one("#report-path")
        assert path.value == "./workshop-w-nagoya-2025-08-26.html"
        await pilot.press("tab", "up")  # to the formats; html -> md
        assert dialog.fmt == "md" and path.value == "./workshop-w-nagoya-2025-08-26.md"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DashboardScreen), "the dialog to close")
        written = tmp_path / "workshop-w-nagoya-2025-08-26.md"
        text = written.read_text(encoding="utf-8")
        assert all(s.title in text for s in sessions)

        # One team only, as a spreadsheet, into a folder that does not exist: said in the dialog.
        await pilot.press("R")  # the other key for it
        await until(pilot, lambda: isinstance(app.screen, ReportDialog), "the report dialog again")
        dialog = app.screen
        await pilot.press("down")  # only the selected team
        assert dialog.fmt == "md"  # the format written last is offered first
        await pilot.press("tab", "down", "down")  # md -> html -> xlsx
        selected = dashboard.order[0]
        path = dialog.query_one("#report-path")
        assert path.value == f"./{selected}.xlsx"
        await pilot.press("tab", "ctrl+u", *"nowhere/r.xlsx", "enter")
        assert "no folder nowhere" in str(dialog.query_one("#report-error").content)
        assert app.screen is dialog
        await pilot.press("ctrl+u", *"team.xlsx", "enter")
        await until(pilot, lambda: (tmp_path / "team.xlsx").exists(), "the spreadsheet")
        assert (tmp_path / "team.xlsx").read_bytes()[:2] == b"PK"  # a zip: an xlsx workbook


def save_elsewhere(db: Path, session_id: str, change) -> None:
    """A team saving on the same database (another process, as far as the app knows)."""

    def work(store):
        session = store.get(session_id)
        change(session)
        store.save(session)

    with_store(db, work)


async def test_present_follows_a_team_that_saves_meanwhile(make_db, app_factory):
    sessions = [sample(name) for name in SAMPLES]
    db, _w = workshop_db(make_db, *sessions)
    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        dashboard = await open_dashboard(app, pilot)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PresentScreen) and app.screen.session, "the present view")
        screen = app.screen
        await pilot.press("1")  # the financial page
        shown = screen.session.id
        assert shown == dashboard.order[0]
        save_elsewhere(db, shown, lambda s: s.scorecard.financial.goals.append(Goal(id="g-late", text="Late goal")))
        await until(
            pilot,
            lambda: any(g.id == "g-late" for g in screen.session.scorecard.financial.goals),
            "the team's new goal",
        )
        assert screen.page == "financial"
        assert "Late goal" in plain(screen.query_one("#pr-items-goals"))


async def test_results_follow_ratings_given_meanwhile(make_db, app_factory):
    sessions = [sample(name) for name in SAMPLES]
    db, _workshop_id = workshop_db(make_db, *sessions)
    app = app_factory(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dashboard(app, pilot)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen) and app.screen.results, "the results")
        screen = app.screen
        before = screen.results.ratings
        save_elsewhere(
            db,
            sessions[0].id,
            lambda s: s.evaluation.responses.append(
                Response(id="r-late", respondent="Late", usefulness=5, availability=5, comment="came in late")
            ),
        )
        await until(pilot, lambda: screen.results.ratings == before + 1, "the new rating")
        assert "came in late" in plain(screen.query_one("#rs-comments"))


async def test_the_dashboard_lists_teams_in_natural_order(make_db, app_factory):
    sessions = []
    for title in ("Team 10", "Team 2", "Team 1"):
        session = sample("paper-example-en")
        session.id, session.title = f"s-{title.split()[1]}", title
        sessions.append(session)
    db, _w = workshop_db(make_db, *sessions)
    app = app_factory(db)
    async with app.run_test(size=(120, 40)) as pilot:
        dashboard = await open_dashboard(app, pilot)
        assert dashboard.order == ["s-1", "s-2", "s-10"]
