"""Typed keys take effect one at a time, in order, each with everything it causes.

Textual hands a key to the focused widget's queue and at once goes on to the
next key. When a key opens a dialog, moves the focus or changes the step, the
keys typed after it (a fast typist, a paste of keystrokes, a laggy browser
tab) would reach the old widget: a digit meant for a dialog's text became a
step change underneath, and a priority Enter saved a form before the title
typed just before it had arrived.

``KeySequencer`` queues the app's keys and pastes and dispatches the next one
only when the previous one has settled: every message it caused is processed,
on whatever screen is showing by then, and the database work it started (an
open, a create) is done. A burst then has exactly the effect of the same keys
typed slowly. Work that is not the answer to a key (autosave, polls, clocks)
is never waited for.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.worker import Worker

log = logging.getLogger(__name__)

# Workers that run beside the typing rather than because of a key. "leaving" is a
# served tab's save on the way out, which itself waits for the typed keys to settle.
BACKGROUND_GROUPS = frozenset(
    {"autosave", "timer", "dashboard-poll", "store", "store-poll", "presence", "leaving", "themes"}
)

# A key whose effects have not settled by then lets the next one go anyway:
# a stuck handler must not freeze the keyboard.
SETTLE_LIMIT_SECONDS = 5.0

# Except while a key waits for the database to open (the home list shows before it):
# that ends, opened or failed, and on a loaded machine it can take longer than the limit.
STORE_WAIT_GROUP = "store-wait"


class DispatchNextKey(Message):
    """The previous key has settled: the app may dispatch the next typed key."""


class KeySequencer:
    """The app's queue of typed keys (see the module's docstring)."""

    def __init__(self, app: App[Any], dispatch: Callable[[events.Event], Awaitable[None]]):
        self._app = app
        self._dispatch = dispatch  # the app's own handling of one key: bindings, then the focused widget
        self._typed: deque[events.Event] = deque()
        self._busy = False
        self._settling: asyncio.Task[None] | None = None

    @staticmethod
    def wants(event: events.Event) -> bool:
        """Keys and pastes from the terminal (not yet forwarded to a widget) go through the queue."""
        return isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded

    @property
    def pending(self) -> int:
        return len(self._typed) + (1 if self._busy else 0)

    async def take(self, event: events.Event) -> None:
        """A key arrived from the terminal: dispatch it now if nothing is in the way, else queue it."""
        self._typed.append(event)
        if not self._busy:
            await self.dispatch_next()

    async def dispatch_next(self) -> None:
        """Dispatch the oldest queued key, then wait (in a task) until it has settled."""
        self._busy = False
        if not self._typed:
            return
        event = self._typed.popleft()
        self._busy = True
        known = set(self._app.workers)
        try:
            await self._dispatch(event)
        finally:
            self._settling = asyncio.create_task(self._settle_then_continue(known))

    async def _settle_then_continue(self, known_workers: set[Worker[Any]]) -> None:
        try:
            while True:
                try:
                    await asyncio.wait_for(settled(self._app, known_workers), SETTLE_LIMIT_SECONDS)
                    break
                except TimeoutError:
                    if not _waiting_for_the_store(self._app):
                        raise
        except TimeoutError:
            log.warning("a key's effects took over %.0f s; dispatching the next key anyway", SETTLE_LIMIT_SECONDS)
        except Exception:  # noqa: BLE001 - a failed wait must never stop the keyboard
            log.exception("waiting for a key's effects failed")
        finally:
            if self._app.is_running:
                self._app.post_message(DispatchNextKey())


async def settled(app: App[Any], known_workers: set[Worker[Any]]) -> None:
    """Return once the app is quiet: no message waiting anywhere on the screen shown, no callback due,
    and no foreground worker started since ``known_workers`` still running.

    Quiet must hold twice in a row, on the same screen, because handling one
    message often posts the next (a key opens a dialog, the dialog mounts its
    fields, a field takes the focus).
    """
    quiet_rounds = 0
    last_screen = None
    while quiet_rounds < 2:
        await asyncio.sleep(0)
        screen = app.screen
        pumps: list[MessagePump] = [app, *screen.walk_children(with_self=True)]
        # A pump may be in the middle of a handler with nothing queued: the ones a
        # key reaches (the focused widget, its ancestors, the app) are always asked.
        asked = {pump for pump in pumps if _has_messages(pump)}
        asked.update(_focus_chain(app))
        await asyncio.gather(*(_processed(pump) for pump in asked))
        callbacks_due = any(pump._next_callbacks for pump in pumps) or bool(screen._callbacks)
        running = [
            worker
            for worker in app.workers
            if worker not in known_workers and worker.group not in BACKGROUND_GROUPS and not worker.is_finished
        ]
        if running:
            await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)
        if callbacks_due:
            # Callbacks run after a queue empties, or after the next repaint (call_after_refresh).
            await asyncio.sleep(1 / 120)
        busy = screen is not last_screen or callbacks_due or running or any(_has_messages(p) for p in pumps)
        last_screen = screen
        quiet_rounds = 0 if busy else quiet_rounds + 1


def _waiting_for_the_store(app: App[Any]) -> bool:
    return any(worker.group == STORE_WAIT_GROUP and not worker.is_finished for worker in app.workers)


def _focus_chain(app: App[Any]) -> list[MessagePump]:
    focused = app.focused
    chain: list[MessagePump] = [app, app.screen]
    if focused is not None:
        chain.extend(focused.ancestors_with_self)
    return chain


def _has_messages(pump: MessagePump) -> bool:
    # Textual is pinned exactly (pyproject.toml): the queue and the message taken
    # off it by a peek are where a pump keeps what it has yet to handle.
    return bool(pump._message_queue.qsize()) or pump._pending_message is not None


class _Mark:
    """A callback that resolves ``handled``: queued on a pump, it runs once what came before it has."""

    # Textual counts a callback's parameters on every call_later; it takes this instead of
    # inspecting the signature of a new closure (a dozen times per typed key).
    _param_count = 0
    __slots__ = ("handled",)

    def __init__(self, handled: asyncio.Future[None]):
        self.handled = handled

    def __call__(self) -> None:
        if not self.handled.done():
            self.handled.set_result(None)


async def _processed(pump: MessagePump) -> None:
    """Wait until ``pump`` has handled everything queued before now (as Pilot waits)."""
    handled: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    if pump.call_later(_Mark(handled)):
        await handled
