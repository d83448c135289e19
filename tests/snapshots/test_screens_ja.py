"""The Japanese interface at 80x24 and 120x40: every step, the dialogs, the trainer's console.

The Japanese sample in a Japanese interface, as a Japanese team sees it. Update as for
test_screens.py, and look at every changed SVG: nothing important cut, the footer's keys
readable, columns aligned although each Japanese character takes two cells.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import empty_database
from test_screens import (  # noqa: F401 - stable_environment: the same clock zone and folder
    FIXED_NOW,
    SAMPLE_NAMES,
    SIZES,
    coverage_at,
    open_at,
    picker_on_the_kpis,
    sample,
    settle,
    stable_environment,
    trainer_screen,
    workshop_app,
)

from secsc_tui.app.app import SecscApp
from secsc_tui.core.model import Step
from secsc_tui.core.store import Store


def in_japanese(app: SecscApp) -> SecscApp:
    """The same app, speaking Japanese (as --lang ja)."""
    return SecscApp(db=app.db_target, config_dir=Path("config"), clock=lambda: FIXED_NOW, language="ja")


def japanese_app(*sessions) -> SecscApp:
    store = Store.open(empty_database("secsc.sqlite3"))
    try:
        for session in sessions:
            store.create(session)
    finally:
        store.close()
    return SecscApp(db="secsc.sqlite3", config_dir=Path("config"), clock=lambda: FIXED_NOW, language="ja")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, size):
    app = japanese_app(*(sample(n) for n in SAMPLE_NAMES))
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_home_empty(snap_compare):
    assert snap_compare(japanese_app(), terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("step", list(Step), ids=lambda s: s.value)
def test_every_step(snap_compare, step, size):
    session, opened = open_at(step, "paper-example-ja")

    async def run_before(pilot) -> None:
        await opened(pilot)
        # The map scrolls to its cursor after layout, a frame earlier or later
        # depending on what ran before in the process: start the picture at the top.
        for view in pilot.app.screen.query("MapView"):
            view.scroll_to(y=0, animate=False)
        await settle(pilot)

    assert snap_compare(japanese_app(session), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_kpi_form(snap_compare, size):
    session, opened = open_at(Step.SCORECARD, "paper-example-ja")

    async def run_before(pilot) -> None:
        await opened(pilot)
        await pilot.press("right", "right", "enter")
        await settle(pilot)

    assert snap_compare(japanese_app(session), terminal_size=size, run_before=run_before)


def test_review_coverage(snap_compare):
    session, run_before = coverage_at("paper-example-ja")
    assert snap_compare(japanese_app(session), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, size):
    session, opened = open_at(Step.SCORECARD, "paper-example-ja")

    async def run_before(pilot) -> None:
        await opened(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(japanese_app(session), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_catalogue_picker(snap_compare, size):
    session, opened = open_at(Step.SCORECARD, "paper-example-ja")
    run_before = picker_on_the_kpis(opened, "インシデント" if size == (80, 24) else "")
    assert snap_compare(japanese_app(session), terminal_size=size, run_before=run_before)


TRAINER_SCREENS = {
    "workshops": (),
    "dashboard": ("enter",),
    "results": ("r",),
    "present": ("enter", "p", "right"),
    "compare": ("enter", "c"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(TRAINER_SCREENS))
def test_trainer_console(snap_compare, screen, size):
    app = in_japanese(workshop_app())
    assert snap_compare(app, terminal_size=size, run_before=trainer_screen(*TRAINER_SCREENS[screen]))
