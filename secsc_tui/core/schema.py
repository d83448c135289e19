"""The JSON Schema of one session document of the YAML exchange format.

Built from the pydantic model, so it cannot drift from what secsc reads; this
module adds what an editor or a validator needs on top: the draft, an id that
names the format version, ``schema_version`` as a required constant, and a
description of every top-level section. Editors with a YAML language server can
use it for completion and checks (``# yaml-language-server: $schema=...``).
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from secsc_tui.core.model import SCHEMA_VERSION, Session

__all__ = ["SCHEMA_ID", "json_schema"]

SCHEMA_ID = f"https://secsc.dev/schema/session-{SCHEMA_VERSION}.json"

SECTION_DESCRIPTIONS: dict[str, str] = {
    "schema_version": (
        f"Version of this file format. Always {SCHEMA_VERSION} for files this secsc writes; "
        "a newer secsc may write a higher number."
    ),
    "id": (
        "The session's id: 1 to 64 letters, digits, '_', '.' or '-'. Importing a file updates the session with this id."
    ),
    "title": "A short name for the session, shown in lists.",
    "language": "Language the team works in (en or ja).",
    "currency": (
        'ISO 4217 code of the currency of every budget in the session, e.g. JPY; "" when the session does not say.'
    ),
    "created": "When the session was created (UTC, e.g. 2025-08-26T09:00:00Z).",
    "updated": "When the session was last changed (UTC).",
    "revision": "Counts the saves of this session; used to detect a file exported from an older state.",
    "progress": (
        "Where the team is in the eight steps of the exercise, which steps are done, and whether the team "
        "has opened the review (review is done once it has and every other step is)."
    ),
    "organisation": "Step 1, context: the organisation the exercise is about.",
    "people": "Step 1, context: the facilitator and the participants, each from one of the three layers.",
    "gap_analysis": (
        "Step 2: for each Balanced Scorecard perspective, the business view and the security view, "
        "the cause of the gap between them, a countermeasure and a severity from 1 to 5."
    ),
    "strategic_goal": "Step 3: the one strategic goal the scorecard serves.",
    "approach": (
        "Step 4: the bridging approach the team chose: i aligns security to the business strategy, "
        "ii develops both with equal weight, iii steers the business strategy from the security side."
    ),
    "scorecard": (
        "Step 5: the Security Scorecard. For each perspective, four lists: strategy goals, critical "
        "success factors (supports: goal ids), KPIs (measures: CSF ids; leading or lagging, baseline and "
        "current values with the day each was measured) and action plans (moves: KPI ids; a budget in the "
        "session's currency). Any item may list the METI Cybersecurity Management Guidelines v3.0 directives "
        "(meti: 1-10) and the NIST CSF 2.0 categories or subcategories (nist_csf: e.g. RS.MA, GV.OC-01) it serves. "
        "Each item's number is what the team calls it (goal 2 of financial is F-G2) and never changes; an "
        "item without one is numbered after the others when the file is read. last_numbers keeps the "
        "highest number of a list whose item was deleted, so that it is not given again."
    ),
    "strategy_map": "Step 6: cause-and-effect links between strategy goals (cause and effect are goal ids).",
    "evaluation": "Step 7: how the participants rated the exercise (usefulness and availability, 1 to 5).",
    "history": (
        "Kept by secsc, not meant to be edited: content digests of the versions this one descends from, "
        "newest first, the first being the version the file was exported as. Importing uses it to tell a "
        "newer file from an older one; a file corrected by hand keeps it as it is."
    ),
}


@lru_cache(maxsize=1)
def _build() -> dict[str, Any]:
    body = Session.model_json_schema()
    properties = body["properties"]
    missing = set(properties) ^ set(SECTION_DESCRIPTIONS)
    if missing:  # a field was added to or removed from Session
        raise RuntimeError(f"schema.py: describe or drop these sections: {sorted(missing)}")
    for name, description in SECTION_DESCRIPTIONS.items():
        properties[name]["description"] = description

    # Files must say which version of the format they are; this one is the only one.
    version = properties["schema_version"]
    version.pop("default", None)
    version["const"] = SCHEMA_VERSION
    body["required"] = ["schema_version", *[r for r in body.get("required", []) if r != "schema_version"]]

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Security Scorecard session",
        "description": (
            "One session of a Security Scorecard workshop, as exported by secsc. A YAML file may hold "
            "several sessions, one per document (separated by ---). Keys not listed here are refused."
        ),
        **{key: value for key, value in body.items() if key not in ("title", "description")},
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one session document; a fresh copy each call."""
    return copy.deepcopy(_build())
