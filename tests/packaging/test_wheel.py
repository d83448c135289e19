"""The built wheel carries every module, the stylesheet, the migrations, the themes, the samples, the catalogue
and the served page."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_everything_the_app_needs(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=tmp_path,
    )
    [wheel] = tmp_path.glob("secsc-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "secsc_tui").rglob("*")
        if (
            p.suffix in {".py", ".tcss", ".mako", ".html", ".css", ".js", ".mo"}
            or (p.parent.name == "catalogue" and p.suffix == ".yaml")
        )
        and "__pycache__" not in p.parts
    }
    assert expected - names == set()
    assert "secsc_tui/locale/ja/LC_MESSAGES/secsc.mo" in names  # the Japanese interface
    for folder in ("themes", "sample_sessions"):
        for file in (ROOT / folder).glob("*.yaml"):
            assert f"secsc_tui/_data/{folder}/{file.name}" in names
    assert any(n.endswith("entry_points.txt") for n in names)
