"""Helpers for app tests (import as ``from apphelpers import ...``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any


def counted_calls(
    monkeypatch, owner: type, name: str, record: Callable[..., Any] = lambda instance, *args, **kwargs: instance
) -> list[Any]:
    """Each call of ``owner.name`` from now on, recorded as ``record(instance, *args, **kwargs)``
    (the instance itself unless told); the method still runs."""
    calls: list[Any] = []
    method = getattr(owner, name)

    def recorded(self, *args, **kwargs):
        calls.append(record(self, *args, **kwargs))
        return method(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)
    return calls


async def until(pilot, predicate: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    """Let the app run until ``predicate()`` holds; an exception from it means "not yet".

    Workers in threads need the event loop to turn, so this pauses between looks;
    it waits on state, never a fixed time, so a loaded machine only makes it slower; the
    timeout only bounds a failing test (a load of 9 on two cores has taken over 10 s).
    """
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause(0.02)
        try:
            if predicate():
                return
        except Exception:  # noqa: BLE001 - not there yet (no such widget, no rows)
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.03)


async def settle(app, pilot) -> None:
    """Let the workers started by the last keys finish, and the ones their results start."""
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_dashboard(app, pilot):
    """From the home screen, the first workshop's dashboard, once its figures and warnings are in."""
    from secsc_tui.app.screens.dashboard import DashboardScreen
    from secsc_tui.app.screens.home import HomeScreen
    from secsc_tui.app.screens.workshops import WorkshopsScreen

    await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen._loaded, "the session list")
    await pilot.press("w")
    await until(pilot, lambda: isinstance(app.screen, WorkshopsScreen) and app.screen._loaded, "the workshops")
    await pilot.press("enter")
    await until(
        pilot,
        lambda: (
            isinstance(app.screen, DashboardScreen)
            and app.screen.loaded
            and all(app.screen.warnings.get(i) for i in app.screen.order)
        ),
        "the dashboard",
    )
    return app.screen


async def show_step(app, pilot, step) -> None:
    """Go to ``step`` on the session screen and wait until its view is mounted and holds the focus."""
    screen = app.screen
    screen.go_to(step)

    def shown() -> bool:
        view = screen._views.get(step)
        focused = screen.focused
        return view is not None and view.is_mounted and focused is not None and view in focused.ancestors_with_self

    await until(pilot, shown, f"step {step.value}")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def exited(app, timeout: float = 10.0) -> None:
    """Wait until the app has decided to exit (its own quit, which may first wait for a save)."""
    deadline = time.monotonic() + timeout
    while app.return_code is None:
        if time.monotonic() > deadline:
            raise AssertionError("the app did not exit")
        await asyncio.sleep(0.02)  # not pilot.pause: the app is on its way out


async def wait_saved(app, pilot, timeout: float = 10.0) -> None:
    """Wait until autosave has nothing pending: saved, or failed, or waiting on a conflict.

    Polls the saver rather than sleeping a fixed time, so a loaded machine
    (CI, two cores) cannot make the test look before the save has happened.
    """
    from secsc_tui.app.screens.session import SessionScreen

    await pilot.pause()
    screens = [s for s in app.screen_stack if isinstance(s, SessionScreen) and s.saver is not None]
    for _ in range(int(timeout / 0.05)):
        await app.workers.wait_for_complete()
        if all(s.saver.settled for s in screens):
            break
        await pilot.pause(0.05)
    else:
        raise AssertionError("autosave did not finish")
    await pilot.pause()


async def open_session(app, pilot, session_id: str) -> None:
    """From the home screen, open a session and wait until its step is shown."""
    from secsc_tui.app.screens.session import SessionScreen

    await app.workers.wait_for_complete()
    await pilot.pause()
    app.push_screen(SessionScreen(session_id))
    for _ in range(50):
        await pilot.pause(0.05)
        screen = app.screen
        if isinstance(screen, SessionScreen) and screen.editor is not None:
            await pilot.pause()
            return
    raise AssertionError("the session did not open")


async def type_as_a_terminal(app, pilot, text: str) -> None:
    """Send ``text`` as a terminal does: its characters read by Textual's xterm parser, into the driver.

    Unlike ``pilot.press``, this sends every character, including those whose Unicode
    names have several words (💻, "，", "￥"), which Pilot drops.
    """
    from textual._xterm_parser import XTermParser

    for event in XTermParser().feed(text):
        event.set_sender(app)
        app._driver.send_message(event)
        await pilot.pause()


def screen_text(app) -> str:
    """What the terminal shows right now, as plain text lines (no styles)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        legacy_windows=False,
        safe_box=False,
        color_system=None,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)
