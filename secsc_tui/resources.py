"""Where the files that ship with secsc live: sample sessions, themes and the catalogue.

In a checkout they are the top-level ``sample_sessions/`` and ``themes/`` folders;
in an installed wheel the same folders are packaged as ``secsc_tui/_data/...``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name  # a checkout or an editable install


def sample_sessions_dir() -> Path:
    return _data_dir("sample_sessions")


def themes_dir() -> Path:
    return _data_dir("themes")


def catalogue_dir() -> Path:
    """The built-in catalogue's files: package data in a checkout and in a wheel alike."""
    return _PACKAGE / "catalogue"


def sample_session_files() -> list[Path]:
    return sorted(sample_sessions_dir().glob("*.yaml"))
