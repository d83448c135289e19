"""Where the app gets its catalogue: one place, read once per app, off the UI thread.

Today the catalogue is the built-in one with the trainer's files of
``<config folder>/catalogue/`` merged over it (``core.catalogue.load_catalogue``).
``CatalogueSource.read`` is the only code that decides that: moving the trainer's
catalogue into the database changes that method and nothing else.

The first request starts the reading in a thread; requests made meanwhile wait for
the same reading; later ones get the copy kept at once. A failed reading is
reported to those waiting and tried again at the next request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from secsc_tui.app.threads import in_thread
from secsc_tui.i18n import _

if TYPE_CHECKING:
    from secsc_tui.app.app import SecscApp
    from secsc_tui.core.catalogue import LoadedCatalogue

# Not a background group (key_order): keys typed after the one that asked for the
# catalogue wait until it is read, so they reach the picker it opens, in order.
WORKER_GROUP = "catalogue"


class CatalogueSource:
    """The app's catalogue: ``get`` hands it over as soon as it is read."""

    def __init__(self, app: SecscApp):
        self._app = app
        self._loaded: LoadedCatalogue | None = None
        self._waiting: list[tuple[Callable[[LoadedCatalogue], Any], Callable[[Exception], Any]]] = []
        self._reading = False

    @property
    def loaded(self) -> LoadedCatalogue | None:
        """The catalogue if it has been read already, else None."""
        return self._loaded

    def read(self) -> LoadedCatalogue:
        """Read the catalogue (in a worker thread): the built-in one, the trainer's entries in
        the database and any older trainer's files in the config folder (``Store.catalogue``)."""
        from secsc_tui.app.settings import config_dir
        from secsc_tui.core.catalogue import load_catalogue

        folder = self._app.config_dir or config_dir()
        store = self._app.store
        if store is None:  # no database could be opened: what this computer has
            return load_catalogue(folder)
        return store.catalogue(folder)

    def get(self, done: Callable[[LoadedCatalogue], Any], failed: Callable[[Exception], Any]) -> None:
        """Call ``done(catalogue)`` on the UI thread once it is read (at once if it is), or ``failed(error)``."""
        if self._loaded is not None:
            done(self._loaded)
            return
        self._waiting.append((done, failed))
        if self._reading:
            return
        self._reading = True
        in_thread(
            self._app,
            self.read,
            done=self._read,
            failed=self._failed,
            group=WORKER_GROUP,
            what=_("Reading the catalogue"),
        )

    def _read(self, loaded: LoadedCatalogue) -> None:
        self._loaded, self._reading = loaded, False
        if loaded.problems:
            # Said once per app: the files stay skipped until the trainer fixes them.
            shown = "\n".join(str(problem) for problem in loaded.problems[:3])
            more = len(loaded.problems) - 3
            if more > 0:
                shown += "\n" + _("… and {n} more", n=more)
            self._app.notify(
                _("Some of the trainer's catalogue files were skipped:\n{problems}", problems=shown),
                title=_("Catalogue"),
                severity="warning",
                timeout=10,
                markup=False,
            )
        waiting, self._waiting = self._waiting, []
        for done, _failed in waiting:
            done(loaded)

    def _failed(self, error: Exception) -> None:
        self._reading = False
        waiting, self._waiting = self._waiting, []
        for _done, failed in waiting:
            failed(error)
