"""The YAML exchange format: one session per document, diff-friendly and safe to read.

This module is the public face of the format; the work is done in
``yaml_write`` (sessions -> text) and ``yaml_read`` (bytes/text -> sessions).
The JSON Schema of a session document is in ``schema``.
"""

from __future__ import annotations

from secsc_tui.core.yaml_read import MAX_FILE_BYTES, load_sessions, read_sessions_file
from secsc_tui.core.yaml_write import dump_session, dump_sessions

__all__ = ["MAX_FILE_BYTES", "dump_session", "dump_sessions", "load_sessions", "read_sessions_file"]
