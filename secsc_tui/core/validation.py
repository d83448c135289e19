"""``secsc validate``'s verdict on one file, as plain data (it may come from a forked child)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from secsc_tui.core.problems import InvalidInput, Problem


@dataclass
class Verdict:
    path: Path
    sessions: int = 0  # read, if the file is accepted
    problems: list[Problem] = field(default_factory=list)  # why it is refused
    warnings: list[Problem] = field(default_factory=list)


def validated(path: Path) -> Verdict:
    """Read the session file at ``path`` and say what was found."""
    from secsc_tui.core.yaml_io import read_sessions_file

    verdict = Verdict(path)
    try:
        verdict.sessions = len(read_sessions_file(path, warnings=verdict.warnings))
    except InvalidInput as exc:
        verdict.problems = exc.problems
    return verdict
