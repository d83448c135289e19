"""The core stays independent of the UI, and cheap paths stay cheap."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import secsc_tui.core

CORE_MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(secsc_tui.core.__path__, prefix="secsc_tui.core.")
    if "migrations" not in m.name
)


def modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(result.stdout.split())


def test_core_modules_are_found():
    assert "secsc_tui.core.model" in CORE_MODULES
    assert "secsc_tui.core.store.repository" in CORE_MODULES


def test_core_never_imports_textual_or_rich_display():
    loaded = modules_after("\n".join(f"import {m}" for m in CORE_MODULES))
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    forbidden = {"rich.live", "rich.console", "rich.progress"}
    assert not loaded & forbidden


def test_validating_a_file_does_not_load_the_orm():
    loaded = modules_after(
        "from secsc_tui.cli import main\n"
        "import secsc_tui.core.yaml_io, secsc_tui.core.schema, secsc_tui.core.rules, secsc_tui.core.exchange"
    )
    assert "sqlalchemy" not in loaded
    assert "sqlmodel" not in loaded
    assert "alembic" not in loaded


def test_cli_help_does_not_load_textual_or_the_orm():
    loaded = modules_after("import secsc_tui.cli")
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "sqlalchemy", "sqlmodel", "pydantic", "yaml"}}
