"""The Textual app. Nothing in ``secsc_tui.core`` may import from here."""

from __future__ import annotations


def run_app(db: str | None = None, language: str | None = None) -> int:
    from secsc_tui.app import start_up_gc

    start_up_gc.pause_while_starting()  # before the imports: see start_up_gc
    from secsc_tui.app.app import SecscApp

    app = SecscApp(db=db, language=language)
    app.run()
    return app.return_code or 0
