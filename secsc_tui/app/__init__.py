"""The Textual app. Nothing in ``secsc_tui.core`` may import from here."""

from __future__ import annotations


def run_app(db: str | None = None, language: str | None = None) -> int:
    from secsc_tui.app import collector

    collector.pause_while_starting()  # before the imports: see collector
    from secsc_tui.app.app import SecscApp

    app = SecscApp(db=db, language=language)
    app.run()
    return app.return_code or 0
