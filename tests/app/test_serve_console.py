"""The trainer's console while serving: the dashboard with the join URL, its QR code, Ctrl+C asks first."""

from __future__ import annotations

import datetime as dt

from apphelpers import exited, until
from helpers import sample

from secsc_tui.app.screens.dialogs import ConfirmDialog
from secsc_tui.app.screens.join_code import JoinCodeScreen, qr_lines
from secsc_tui.app.trainer_console import ServedDashboard, TrainerConsoleApp
from secsc_tui.core.store import Store
from secsc_tui.core.workshop import Workshop

URL = "http://192.168.1.20:8000/?token=k3Jx9_Qa"


def workshop_db(make_db) -> str:
    db = make_db(sample("paper-example-en"))
    now = dt.datetime.now(dt.UTC)
    with Store.open(str(db)) as store:
        store.create_workshop(Workshop(id="w-nagoya", name="Nagoya 2026", created=now, updated=now))
    return str(db)


async def test_the_dashboard_shows_the_join_url_and_its_qr_code(make_db, config_dir):
    app = TrainerConsoleApp(db=workshop_db(make_db), workshop_id="w-nagoya", join_url=URL, config_dir=config_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: URL in str(app.screen.query_one("#serve-url").content), "the join URL")
        assert isinstance(app.screen, ServedDashboard)
        await pilot.press("j")
        assert isinstance(app.screen, JoinCodeScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ServedDashboard)
        # Ctrl+C asks before it stops the workshop; "no" keeps serving.
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, ServedDashboard) and app.is_running
        await pilot.press("ctrl+c", "y")
        await exited(app)
    assert app.return_code == 0


def test_the_qr_code_is_square_and_fits_an_80_column_terminal():
    lines = qr_lines(URL)
    width = len(lines[0])
    assert all(len(line) == width for line in lines)
    assert width <= 78 and abs(width - 2 * len(lines)) <= 2  # two rows of modules per line of text
    assert set("".join(lines)) <= set("█▀▄ ")
