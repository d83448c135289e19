"""Theme files (``themes/*.yaml``) turned into Textual themes.

A theme file that cannot be read or has a bad colour is skipped with a message
for the user; the app always has a working theme to fall back on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from secsc_tui.i18n import _

DEFAULT_THEME = "secsc-dark"
FALLBACK_THEME = "textual-dark"  # built into Textual, always there

_COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_TOP_KEYS = {"name", "label", "dark", "colors", "variables", "text_alpha", "luminosity_spread"}


@dataclass
class LoadedThemes:
    themes: list[Theme] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # theme name -> label for people
    definitions: dict[str, dict[str, Any]] = field(default_factory=dict)  # theme name -> the file's data
    problems: list[str] = field(default_factory=list)


def load_themes(*folders: Path) -> LoadedThemes:
    import yaml  # only here: keeps it off the import path of everything else

    loaded = LoadedThemes()
    paths = [path for folder in folders if folder.is_dir() for path in sorted(folder.glob("*.yaml"))]
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            theme, label = theme_from_data(data)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ThemeError) as exc:
            loaded.problems.append(_("theme {name} skipped: {exc}", name=path.name, exc=exc))
            continue
        loaded.themes.append(theme)
        loaded.labels[theme.name] = label
        loaded.definitions[theme.name] = data
    return loaded


class ThemeError(ValueError):
    pass


def theme_from_data(data: object) -> tuple[Theme, str]:
    if not isinstance(data, dict):
        raise ThemeError(_("expected a mapping with name and colors"))
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ThemeError(_("unknown key(s): {items}", items=", ".join(sorted(map(str, unknown)))))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeError(_("'name' is required"))
    colours = data.get("colors") or {}
    if not isinstance(colours, dict):
        raise ThemeError(_("'colors' must be a mapping of colour names to colours"))
    for key, value in colours.items():
        if key not in _COLOUR_KEYS:
            raise ThemeError(_("unknown colour '{key}' (known: {items})", key=key, items=", ".join(_COLOUR_KEYS)))
        _check_colour(f"colors.{key}", value)
    if "primary" not in colours:
        raise ThemeError(_("'colors' needs at least 'primary'"))
    variables = data.get("variables") or {}
    if not isinstance(variables, dict):
        raise ThemeError(_("'variables' must be a mapping"))
    for key, value in variables.items():
        _check_colour(f"variables.{key}", value, allow_words=True)
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError(_("'dark' must be true or false"))
    extra: dict[str, Any] = {}  # keyword arguments of Theme
    for key in ("text_alpha", "luminosity_spread"):
        if key in data:
            if not isinstance(data[key], (int, float)) or not 0 <= data[key] <= 1:
                raise ThemeError(_("'{key}' must be a number from 0 to 1", key=key))
            extra[key] = float(data[key])
    theme = Theme(name=name, dark=dark, variables={k: str(v) for k, v in variables.items()}, **colours, **extra)
    label = data.get("label")
    return theme, label if isinstance(label, str) else name


def _check_colour(where: str, value: object, *, allow_words: bool = False) -> None:
    if not isinstance(value, str):
        raise ThemeError(_('{where}: expected a colour such as "#1e90ff", found {value!r}', where=where, value=value))
    try:
        # Variables may carry an alpha suffix ("#ffffff 60%") or a style word; check the colour part.
        Color.parse(value.split()[0] if allow_words else value)
    except ColorParseError:
        if allow_words and value.split()[0] in {"auto", "ansi_default", "bold", "reverse", "underline", "not", "none"}:
            return
        raise ThemeError(_("{where}: '{value}' is not a colour", where=where, value=value)) from None
