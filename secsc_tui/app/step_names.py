"""Kept while step views move to secsc_tui.app.names."""

from secsc_tui.app.names import step_name  # noqa: F401
