"""SVG snapshots of every screen and step, at 80x24 and 120x40, in the default theme.

Update after an intended change with: make test PYTEST_ARGS="tests/snapshots --snapshot-update"
and look at every changed SVG before committing it.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import time
from pathlib import Path

import pytest
from helpers import empty_database, sample
from textual.widgets import TextArea
from textual.worker import WorkerCancelled

from secsc_tui.app.app import SecscApp
from secsc_tui.app.screens.session import SessionScreen
from secsc_tui.core.model import Step
from secsc_tui.core.store import Store

SIZES = [(80, 24), (120, 40)]
FIXED_NOW = datetime.datetime(2025, 8, 26, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def stable_environment(tmp_path: Path, monkeypatch):
    """Same clock zone, same relative database path, private settings: the same picture everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SECSC_CONFIG_DIR", str(tmp_path / "config"))
    yield
    os.environ.pop("TZ", None)
    time.tzset()


def app_with(*sessions) -> SecscApp:
    store = Store.open(empty_database("secsc.sqlite3"))
    try:
        for session in sessions:
            store.create(session)
    finally:
        store.close()
    # A clock that stands still: the step timeboxes read the same in every run.
    return SecscApp(db="secsc.sqlite3", config_dir=Path("config"), clock=lambda: FIXED_NOW)


def saved(app) -> bool:
    """No session screen has an edit waiting to be saved or a save in flight."""
    return all(s.saver.settled for s in app.screen_stack if isinstance(s, SessionScreen) and s.saver is not None)


async def settle(pilot) -> None:
    """Wait until nothing more will change the picture: workers done, every save made, animations over.

    Opening a session saves it once (its progress is recomputed), 0.3 s later through
    a timer and then a worker, and the header says "• editing", "… saving", "✓ saved".
    Fixed pauses let a loaded machine take the picture before the save was done;
    this waits for the save itself.
    """
    app = pilot.app
    quiet = 0
    for _ in range(400):
        # An exclusive worker (the store poll) may be cancelled by the next one meanwhile.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause(0.05)
        # Twice in a row: a worker's result may start another worker.
        quiet = quiet + 1 if saved(app) and all(w.is_finished for w in app.workers) else 0
        if quiet == 2:
            break
    else:
        raise AssertionError("the app did not settle: a save or a worker is still running")
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
        if isinstance(widget, TextArea):
            widget.notify_style_update()  # drop lines drawn in the cursor's "off" phase
        widget.refresh()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    # Last, the picture itself must hold still: a view may lay itself out once more after
    # its size is known (the strategy map's scrollbar once moved between two frames).
    previous = None
    for _ in range(40):
        picture = app.export_screenshot()
        if picture == previous:
            break
        previous = picture
        await pilot.pause(0.05)


def open_at(step: Step, name: str = "paper-example-en"):
    session = sample(name)
    session.progress.current_step = step

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(SessionScreen(session.id))
        # Ready when the step view has put the focus where work starts, and it stays
        # there (some views move it once their panes are mounted).
        last, steady = None, 0
        for _ in range(200):
            await pilot.pause(0.05)
            screen = pilot.app.screen
            focused = screen.focused if isinstance(screen, SessionScreen) and screen.editor else None
            steady = steady + 1 if focused is not None and focused is last else 0
            last = focused
            if steady >= 6:
                break
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)

    return session, run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_with_samples(snap_compare, size):
    app = app_with(
        *(
            sample(n)
            for n in ("paper-example-en", "paper-example-ja", "sme-manufacturer-supply-chain", "ci-operator-regulated")
        )
    )
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_home_empty_offers_samples(snap_compare):
    assert snap_compare(app_with(), terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("step", list(Step), ids=lambda s: s.value)
def test_every_step(snap_compare, step, size):
    session, run_before = open_at(step)
    assert snap_compare(app_with(session), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("step", [Step.GAP_ANALYSIS, Step.SCORECARD, Step.STRATEGY_MAP], ids=lambda s: s.value)
def test_japanese_session(snap_compare, step):
    session, run_before = open_at(step, "paper-example-ja")
    assert snap_compare(app_with(session), terminal_size=(80, 24), run_before=run_before)


def test_kpi_form(snap_compare):
    session, opened = open_at(Step.SCORECARD)

    async def run_before(pilot) -> None:
        await opened(pilot)
        await pilot.press("right", "right", "enter")
        await settle(pilot)

    assert snap_compare(app_with(session), terminal_size=(80, 24), run_before=run_before)


def coverage_at(name: str):
    """The review step of a sample (tagged throughout, as shipped), scrolled to the framework coverage (key c)."""
    session, opened = open_at(Step.REVIEW, name)

    async def run_before(pilot) -> None:
        await opened(pilot)
        await pilot.press("c")
        await settle(pilot)

    return session, run_before


def test_review_coverage(snap_compare):
    session, run_before = coverage_at("paper-example-en")
    assert snap_compare(app_with(session), terminal_size=(80, 24), run_before=run_before)


def test_help_on_the_scorecard(snap_compare):
    session, opened = open_at(Step.SCORECARD)

    async def run_before(pilot) -> None:
        await opened(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_with(session), terminal_size=(120, 40), run_before=run_before)


def picker_on_the_kpis(opened, filter_text: str = ""):
    """The scorecard, then c on Financial › KPIs; ``filter_text`` typed as a terminal sends it."""

    async def run_before(pilot) -> None:
        from textual._xterm_parser import XTermParser

        await opened(pilot)
        await pilot.press("right", "right", "c")
        await settle(pilot)
        app = pilot.app
        for event in XTermParser().feed(filter_text):  # Pilot drops characters like "ン"
            event.set_sender(app)
            app._driver.send_message(event)
            await pilot.pause()
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_catalogue_picker(snap_compare, size):
    session, opened = open_at(Step.SCORECARD)
    run_before = picker_on_the_kpis(opened, "" if size == (80, 24) else "incident")
    assert snap_compare(app_with(session), terminal_size=size, run_before=run_before)


# -- the trainer's console ------------------------------------------------------

SAMPLE_NAMES = ("paper-example-en", "paper-example-ja", "sme-manufacturer-supply-chain", "ci-operator-regulated")


def workshop_app() -> SecscApp:
    """The four samples as four teams of one workshop."""
    from secsc_tui.core.workshop import Workshop

    app = app_with(*(sample(n) for n in SAMPLE_NAMES))
    store = Store.open("secsc.sqlite3")
    try:
        workshop = Workshop(
            id="w-nagoya",
            name="Nagoya 2025-08-26",
            date=datetime.date(2025, 8, 26),
            venue="Nagoya Institute of Technology",
            trainer="Yuko Morita",
            participants=31,
            created=FIXED_NOW,
            updated=FIXED_NOW,
        )
        store.create_workshop(workshop)
        store.assign_sessions(list(SAMPLE_NAMES), workshop.id)
    finally:
        store.close()
    return app


def trainer_screen(*keys: str):
    """From home: w (workshops), then the given keys; settle after each."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in ("w", *keys):
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_workshop_dashboard(snap_compare, size):
    assert snap_compare(workshop_app(), terminal_size=size, run_before=trainer_screen("enter"))


def test_workshops_list(snap_compare):
    assert snap_compare(workshop_app(), terminal_size=(80, 24), run_before=trainer_screen())


def test_workshop_results(snap_compare):
    assert snap_compare(workshop_app(), terminal_size=(80, 24), run_before=trainer_screen("r"))


def test_present_view(snap_compare):
    assert snap_compare(workshop_app(), terminal_size=(80, 24), run_before=trainer_screen("enter", "p", "right"))


def test_compare_view(snap_compare):
    assert snap_compare(workshop_app(), terminal_size=(120, 40), run_before=trainer_screen("enter", "c"))
