"""Sessions written in an older version of the file format, brought to the current one.

Each step turns the plain data of one ``schema_version`` into the next, before the
model validates it, so a file a team exported last year still imports. The database
migration of the same change (``store/migrations/versions/0003_method.py``) maps
stored sessions the same way; keep the two in step.
"""

from __future__ import annotations

import copy
from typing import Any

from secsc_tui.core.model import SCHEMA_VERSION
from secsc_tui.i18n import _

# An error in the old data, shaped like one of pydantic's (type, loc, input), so that
# the reader words it like every other problem in a file.
UpgradeError = dict[str, Any]


def _v1_to_v2(data: dict[str, Any], errors: list[UpgradeError]) -> None:
    """Version 2: regulation strength, a currency, review done only once opened."""
    organisation = data.get("organisation")
    if isinstance(organisation, dict) and "regulated" in organisation:
        regulated = organisation.pop("regulated")
        if isinstance(regulated, bool):
            # "Regulated" said nothing about how strongly; the paper keeps approach iii for
            # heavy regulation and critical infrastructure, so a plain yes is "some".
            organisation.setdefault("regulation", "some" if regulated else "none")
        else:
            errors.append({"type": "bool_type", "loc": ("organisation", "regulated"), "input": regulated})

    # Version 1 files said nothing about money; a Japanese session's budgets are in yen.
    data.setdefault("currency", "JPY" if data.get("language") == "ja" else "")

    # Review used to count as done as soon as every other step was; now it is done once
    # the team has opened it, which an old file shows only by being on it.
    progress = data.get("progress")
    if isinstance(progress, dict):
        reviewed = progress.get("current_step") == "review"
        progress.setdefault("reviewed", reviewed)
        done = progress.get("done")
        if not progress["reviewed"] and isinstance(done, list):
            progress["done"] = [step for step in done if step != "review"]


_STEPS = {1: _v1_to_v2}


def upgrade(data: dict[str, Any], version: int) -> tuple[dict[str, Any], list[UpgradeError]]:
    """The session ``data`` of format ``version``, as the current format (a new dict).

    Returns the upgraded data and the errors found in values that had to be mapped;
    ``version`` must be between 1 and ``SCHEMA_VERSION``.
    """
    if not 1 <= version <= SCHEMA_VERSION:
        raise ValueError(_("no upgrade from schema_version {version}", version=version))
    if version == SCHEMA_VERSION:
        # Nothing to change: no deep copy (a tenth of an import's time for current files).
        return dict(data), []
    data = copy.deepcopy(data)
    errors: list[UpgradeError] = []
    for step in range(version, SCHEMA_VERSION):
        _STEPS[step](data, errors)
    data["schema_version"] = SCHEMA_VERSION
    return data, errors
