"""The secsc Textual app: themes, keys, the database connection, top-level commands.

Start-up is kept to what the first screen needs: Textual, the settings and the
theme. The database (and with it the ORM) opens in a thread after the first
paint, so the home screen appears as fast as a minimal Textual app.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message_pump import MessagePump
from textual.reactive import reactive
from textual.screen import Screen

from secsc_tui.app import collector
from secsc_tui.app import settings as settings_file
from secsc_tui.app.catalogue_source import CatalogueSource
from secsc_tui.app.key_order import STORE_WAIT_GROUP, DispatchNextKey, KeySequencer
from secsc_tui.app.themes import (
    DEFAULT_THEME,
    FALLBACK_THEME,
    LoadedThemes,
    ThemeError,
    load_themes,
    theme_from_data,
)
from secsc_tui.app.threads import in_thread, start_thread, when_done
from secsc_tui.app.typed_text import as_typed_text
from secsc_tui.i18n import (
    LANGUAGE_NAMES,
    N_,
    _,
    choose_language,
    current_language,
    language_was_chosen,
    set_language,
)
from secsc_tui.resources import themes_dir

if TYPE_CHECKING:
    from secsc_tui.core.store import SessionSummary, Store

# The sessions read first, before the rest of a long list: more rows than a terminal shows.
FIRST_LIST_PAGE = 200


class SecscApp(App[int]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "secsc"
    SUB_TITLE = "Security Scorecard"
    ENABLE_COMMAND_PALETTE = True

    # What the database is doing while it opens, when that takes a while (an upgrade); the home screen shows it.
    opening_note: reactive[str] = reactive("", init=False)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", N_("Help"), id="app.help", priority=True),
        Binding(
            "ctrl+p,f9",
            "command_palette",
            N_("Commands"),
            id="app.commands",
            priority=True,
            show=False,
            key_display="^p",
        ),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", priority=True, show=False),
        Binding("ctrl+t", "change_theme", N_("Theme"), id="app.theme", show=False),
    ]

    def __init__(
        self,
        db: str | None = None,
        *,
        config_dir: str | Path | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        language: str | None = None,
    ):
        super().__init__()
        self.db_target = db
        self.requested_language = language  # --lang: before SECSC_LANG and the remembered choice
        # What "now" is for the timeboxes; tests and snapshots pass a fixed clock.
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.config_dir = Path(config_dir) if config_dir else None
        self.store: Store | None = None
        self.store_error: str | None = None
        self._store_waiters: list[Callable[[], Any]] = []
        self._store_settled = asyncio.Event()  # set once the store is open or failed to open
        self.first_list: tuple[Path, list[SessionSummary], bool] | None = None  # the file, sessions, whether all
        self._list_waiters: list[Callable[[Path, list[SessionSummary], bool], Any]] = []
        self._theme_labels: dict[str, str] = {}
        self._theme_definitions: dict[str, dict[str, Any]] = {}
        self._kept_theme: tuple[str, dict[str, Any]] | None = None  # painted from state.json's copy
        self._startup_problems: list[str] = []
        self.typed_keys = KeySequencer(self, self._dispatch_typed)
        self.idle_collection = collector.IdleCollection()
        # The catalogue of items to pick from: read once, when first asked for (catalogue_source).
        self.catalogue = CatalogueSource(self)
        self._apply_settings()

    # -- typed keys ---------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste, events.MouseEvent)):
            self.idle_collection.input_arrived()
        if KeySequencer.wants(event):
            await self.typed_keys.take(event)
        else:
            await super().on_event(event)

    async def on_dispatch_next_key(self, _message: DispatchNextKey) -> None:
        await self.typed_keys.dispatch_next()

    async def _dispatch_typed(self, event: events.Event) -> None:
        # A typed zero-width joiner (and every other format character) reaches the text
        # field as text: Textual would drop it (see typed_text). Decided here, when the
        # key's turn comes, so it goes to the field focused by then.
        if isinstance(event, events.Key):
            paste = as_typed_text(event, self.focused)
            if paste is not None:
                event = paste
        await super().on_event(event)

    # -- settings and themes -----------------------------------------------

    def _apply_settings(self) -> None:
        """Keys and the remembered theme, before the first paint.

        Reading the theme files needs PyYAML, which costs more than painting the
        first screen; so the remembered theme paints from the copy kept in
        state.json, and the files are read just after the first paint.
        """
        prefs = settings_file.load_settings(self.config_dir)
        self._startup_problems = list(prefs.problems)
        set_language(choose_language(self.requested_language, prefs.language))
        # A language from the locale gives way to an open session's own (see SessionScreen).
        self.language_chosen = language_was_chosen(self.requested_language, prefs.language)
        if prefs.keymap:
            self.set_keymap(prefs.keymap)
        self._wanted_theme = prefs.theme or DEFAULT_THEME
        if prefs.theme and prefs.theme_definition:
            try:
                theme, label = theme_from_data(prefs.theme_definition)
            except ThemeError:
                pass  # a damaged copy: the files decide below
            else:
                if theme.name == prefs.theme:
                    self.register_theme(theme)
                    self._theme_labels[theme.name] = label
                    self.theme = theme.name
                    self._kept_theme = (theme.name, prefs.theme_definition)
                    return
        # First start, or no usable copy: read the files now, to paint in the theme.
        self._startup_problems.extend(self._use_themes(self._read_theme_files()))

    def _read_theme_files(self) -> LoadedThemes:
        # Shipped themes, then the user's own (config folder/themes/*.yaml).
        return load_themes(themes_dir(), (self.config_dir or settings_file.config_dir()) / "themes")

    def _use_themes(self, loaded: LoadedThemes) -> list[str]:
        """Register the themes read from the files and settle on the wanted one; returns the problems found."""
        for theme in loaded.themes:
            self.register_theme(theme)
        self._theme_labels = loaded.labels
        self._theme_definitions = loaded.definitions
        problems = list(loaded.problems)
        wanted = self._wanted_theme
        if wanted not in self.available_themes:
            problems.append(_("theme '{wanted}' is not available; using the default", wanted=wanted))
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else FALLBACK_THEME
        # Most starts find the file as its copy was kept: nothing to restyle or write
        # (restyling parses every stylesheet again: ~15 ms per start, per served tab).
        unchanged = self._kept_theme == (wanted, loaded.definitions.get(wanted))
        if self.theme != wanted:
            self.theme = wanted
        elif wanted in loaded.definitions and not unchanged:
            self.refresh_css()  # the file changed since its copy was kept
        if not unchanged:
            self._remember_theme(wanted)
        return problems

    def watch_theme(self, theme: str) -> None:
        if self.is_running:
            self._remember_theme(theme)

    def _remember_theme(self, theme: str) -> None:
        problem = settings_file.remember_theme(theme, self._theme_definitions.get(theme), self.config_dir)
        if problem and self.is_running:
            self.notify(problem, severity="warning", markup=False)

    # -- language -------------------------------------------------------------

    async def switch_language(self, language: str, *, chosen: bool = True) -> None:
        """Speak ``language`` from now on: every screen on the stack is drawn again in it. A
        screen with a ``relabel`` coroutine redraws itself (it keeps what it shows); any other
        is composed again. A ``chosen`` language (the palette) is remembered and holds in
        every session; one that follows a session's own is not."""
        set_language(language)
        problem = None
        if chosen:
            self.language_chosen = True
            problem = settings_file.remember_language(current_language(), self.config_dir)
        with self.batch_update():
            for screen in list(self.screen_stack):
                relabel = getattr(screen, "relabel", None)
                if relabel is not None:
                    await relabel()
                else:
                    await screen.recompose()
                for widget in screen.query("*"):  # those that draw their words in render()
                    widget.refresh()
                screen.refresh_bindings()
        if problem:
            self.notify(problem, severity="warning", markup=False)

    # -- start-up -----------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from secsc_tui.app.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        # The session list, read with sqlite3 (~5 ms of CPU) by a plain thread started
        # now, while the first screen is drawn: it shows ~25 ms after the first frame.
        # A Textual worker only starts when the loop next turns (~55 ms after it then);
        # started in __init__, the read made the first frame itself ~10 ms later.
        # The store (the ORM, the migration check) opens after the first paint.
        first_page = start_thread(lambda: self._list_read(FIRST_LIST_PAGE), name="secsc-first-list")
        when_done(
            self,
            first_page,
            done=lambda found: self._first_list_read(found, FIRST_LIST_PAGE),
            failed=lambda _error: self._open_full_store(),  # logged; the store reports it properly
        )
        # After the first paint: the ORM import and the migration check cost more
        # than the whole first screen, and so does reading the theme files.
        self.call_after_refresh(self._after_first_paint)
        self.set_timer(collector.START_LIMIT_SECONDS, collector.resume_after_start)
        self.idle_collection.start(self)

    def _after_first_paint(self) -> None:
        self._tell_settings_problems(self._startup_problems)
        if not self._theme_definitions:
            # Read in a thread (YAML, ~25 ms): the session list, read in another, shows meanwhile.
            in_thread(
                self,
                self._read_theme_files,
                done=lambda loaded: self._tell_settings_problems(self._use_themes(loaded)),
                failed=lambda error: self._tell_settings_problems([str(error)]),
                group="themes",
                what=_("Reading the theme files"),
            )

    def _tell_settings_problems(self, problems: list[str]) -> None:
        for problem in problems:
            self.notify(problem, title=_("Settings"), severity="warning", timeout=8, markup=False)

    def _list_read(self, limit: int | None) -> tuple[Path, list[SessionSummary]] | None:
        """The first ``limit`` sessions (all if None), read in a thread from an up-to-date SQLite
        file with sqlite3 alone; None if the store must read them (then opened with SQLAlchemy)."""
        from secsc_tui.core.store.quick_list import read_session_list

        return read_session_list(self.db_target, limit)

    def _read_whole_list(self) -> None:
        in_thread(
            self,
            lambda: self._list_read(None),
            done=lambda found: self._first_list_read(found, None),
            failed=lambda _error: self._open_full_store(),  # logged; the store reports it properly
            group="store",
        )

    def _first_list_read(self, found: tuple[Path, list[SessionSummary]] | None, limit: int | None) -> None:
        if self.store is not None:
            return  # the store opened meanwhile: its list is the current one
        if found is None:
            self._open_full_store()
            return
        path, summaries = found
        whole = limit is None or len(summaries) < limit
        self.first_list = (path, summaries, whole)
        waiters = list(self._list_waiters)
        if whole:
            self._list_waiters.clear()
        for waiter in waiters:
            waiter(path, summaries, whole)
        # After the list is painted: the rest of it, or the store.
        self.call_after_refresh(self._open_full_store if whole else self._read_whole_list)

    def _open_full_store(self) -> None:
        def tell_upgrading() -> None:  # seconds for thousands of sessions: say why it takes a while
            with contextlib.suppress(RuntimeError):  # the app closed meanwhile
                self.call_from_thread(
                    setattr, self, "opening_note", _("Upgrading the database from an older secsc, after a backup copy…")
                )

        def open_store() -> Store:
            from secsc_tui.core.store import Store

            return Store.open(self.db_target, before_upgrade=tell_upgrading)

        in_thread(self, open_store, done=self._store_opened, failed=self._store_failed, group="store")

    def when_first_list(self, callback: Callable[[Path, list[SessionSummary], bool], Any]) -> None:
        """Call ``callback(database file, sessions, whole)`` if the list can be read before the store is open.

        Only for an up-to-date SQLite file; otherwise it is never called, and the
        list comes from the store (``when_store_ready``). A long list comes twice:
        its first screenful (``whole`` False), then all of it.
        """
        if self.first_list is not None:
            callback(*self.first_list)
        if (self.first_list is None or not self.first_list[2]) and self.store is None and self.store_error is None:
            self._list_waiters.append(callback)

    def _store_opened(self, store: Store) -> None:
        self.store = store
        if store.upgrade_backup is not None:
            self.notify(
                _(
                    "The database was written by an older secsc and is now upgraded. A copy of it as it was: {backup}",
                    backup=store.upgrade_backup,
                ),
                title=_("Database"),
                timeout=12,
                markup=False,
            )
        self.first_list = None  # from now on the store has the current list
        self._run_waiters()
        self.call_after_refresh(self._preload)

    def _preload(self) -> None:
        from secsc_tui.app.preload import preload_session_code

        # A failure is logged; the same import fails again, and is reported, where it is needed.
        in_thread(
            self,
            preload_session_code,
            done=lambda _none: collector.resume_after_start(),
            failed=lambda _error: collector.resume_after_start(),
            group="preload",
        )

    def _store_failed(self, error: Exception) -> None:
        self.store_error = str(error) or error.__class__.__name__
        collector.resume_after_start()  # nothing is preloaded without a database
        self._run_waiters()

    def _run_waiters(self) -> None:
        waiters, self._store_waiters = self._store_waiters, []
        for waiter in waiters:
            waiter()
        self._store_settled.set()

    def when_store_ready(self, callback: Callable[[], Any]) -> None:
        """Call ``callback`` once the database is open (or failed to open: see store_error).

        While it is opening (the home list shows before it), the wait is a worker, so
        that a key whose handling waits for the store holds the keys typed after it
        (``key_order``): the Enter that opens a session, then the keys meant for it.
        """
        if self.store is not None or self.store_error is not None:
            callback()
        else:
            self._store_waiters.append(callback)
            self.run_worker(self._store_settled.wait(), group=STORE_WAIT_GROUP)

    # -- actions ------------------------------------------------------------

    def action_help(self) -> None:
        from secsc_tui.app.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        # Never exit in the middle of a save: wait for it, so the last edit lands;
        # and never with edits that could not be saved (the screen asks what to do).
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_saves", None)
            if flush is not None and not await flush():
                return
        self.exit(0)

    def _handle_exception(self, error: Exception) -> None:
        # A bug in a handler ends the app (Textual prints it); the log keeps the traceback.
        from secsc_tui.logs import unexpected

        unexpected(error, _("The app"))
        super()._handle_exception(error)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def get_key_display(self, binding: Binding) -> str:
        # "F7" reads better than "f7" next to "^p".
        display = super().get_key_display(binding)
        if len(display) <= 3 and display[:1] == "f" and display[1:].isdigit():
            return display.upper()
        return display

    def theme_label(self, name: str) -> str:
        return self._theme_labels.get(name, name)

    # -- command palette ----------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        provider = getattr(screen, "palette_commands", None)
        if provider is not None:
            yield from provider()
        for name in sorted(self._theme_labels):
            yield SystemCommand(
                _("Theme: {label}", label=self.theme_label(name)),
                _("Switch to the {label} theme", label=self.theme_label(name)),
                lambda name=name: setattr(self, "theme", name),
            )
        for code, name in LANGUAGE_NAMES.items():
            if code != current_language():
                yield SystemCommand(
                    _("Language: {name}", name=name),
                    _("Show secsc in {name} (remembered for the next start)", name=name),
                    lambda code=code: self.run_worker(self.switch_language(code)),
                )
        yield SystemCommand(_("Help"), _("Keys of this screen and a guide to the method"), self.action_help)
        yield SystemCommand(_("Quit"), _("Quit secsc (everything is already saved)"), self.action_quit)


def secsc_app(node: MessagePump) -> SecscApp:
    """``node.app``, typed: every app that runs secsc's screens is a SecscApp.

    Screens and widgets declare ``app = getters.app(SecscApp)`` instead; this is
    for functions handed any node.
    """
    app = node.app
    assert isinstance(app, SecscApp)
    return app
