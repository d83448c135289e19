"""What the app remembers between runs, and the user's key remapping.

Two files in the user's config folder (platformdirs; or ``$SECSC_CONFIG_DIR``):

- ``state.json``, written by the app (atomically, by ``core/files.py``): the chosen
  theme, with a copy of its definition so the next start can paint in it before
  reading any theme file.
- ``keys.toml``, written by the user, never by the app: binding id = "keys".
  ``F1`` → Help lists every binding id with its keys.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from secsc_tui.core.files import write_text_atomically

APP_NAME = "secsc"
KEYS_FILE_EXAMPLE = """\
# secsc key bindings: binding id = "key[,key...]". F1 shows every binding id.
[keys]
"session.next_step" = "f8,ctrl+right"
"""


def config_dir() -> Path:
    """``$SECSC_CONFIG_DIR``, else the user's config folder as platformdirs names it.

    Where platformdirs names another folder than secsc used before it asked
    platformdirs (on macOS with ``$XDG_CONFIG_HOME`` set, say), the earlier folder
    stays in use as long as the new one does not exist: a user's remembered theme,
    keys and own themes are not left behind.
    """
    override = os.environ.get("SECSC_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    folder = Path(user_config_dir(APP_NAME, appauthor=False, roaming=True))
    earlier = _earlier_config_dir()
    if earlier != folder and not folder.exists() and earlier.is_dir():
        return earlier
    return folder


def _earlier_config_dir() -> Path:
    """The folder secsc chose by hand before it asked platformdirs; kept only to find a user's files there."""
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / APP_NAME


@dataclass
class Settings:
    theme: str | None = None
    theme_definition: dict[str, Any] | None = None  # the chosen theme as last read from its file
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # shown as notifications at start


def load_settings(folder: Path | None = None) -> Settings:
    folder = folder or config_dir()
    settings = Settings()
    state = folder / "state.json"
    try:
        data = json.loads(state.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("theme"), str):
            settings.theme = data["theme"]
            if isinstance(data.get("theme_definition"), dict):
                settings.theme_definition = data["theme_definition"]
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        settings.problems.append(f"{state}: could not read the remembered settings ({exc}); using defaults")

    keys = folder / "keys.toml"
    try:
        text = keys.read_text(encoding="utf-8")
    except FileNotFoundError:
        return settings
    except OSError as exc:
        settings.problems.append(f"{keys}: {exc}; key remapping ignored")
        return settings
    import tomllib  # only when there is a keys file

    try:
        table = tomllib.loads(text).get("keys", {})
    except ValueError as exc:
        settings.problems.append(f"{keys}: {exc}; key remapping ignored")
        table = {}
    if not isinstance(table, dict):
        settings.problems.append(f'{keys}: [keys] must be a table of id = "keys"; ignored')
        table = {}
    for binding_id, value in table.items():
        if isinstance(value, str) and value.strip():
            settings.keymap[binding_id] = value
        else:
            settings.problems.append(f'{keys}: {binding_id} must be a string such as "f8,ctrl+right"')
    return settings


def remember_theme(theme: str, definition: dict[str, Any] | None = None, folder: Path | None = None) -> str | None:
    """Save the theme choice; returns an error message instead of raising."""
    folder = folder or config_dir()
    path = folder / "state.json"
    state = {"theme": theme, "theme_definition": definition} if definition else {"theme": theme}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomically(path, json.dumps(state, ensure_ascii=False) + "\n")
    except OSError as exc:
        return f"could not remember the theme in {path}: {exc.strerror or exc}"
    return None
