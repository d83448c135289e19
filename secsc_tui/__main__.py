"""``python -m secsc_tui`` does what the ``secsc`` command does."""

from secsc_tui.cli import run

run()
