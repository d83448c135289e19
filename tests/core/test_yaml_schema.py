"""The JSON Schema of a session document: well formed, strict, and true to the writer."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from factories import bulk_session, minimal_session, rich_session
from jsonschema import Draft202012Validator, FormatChecker

from secsc_tui.core.model import SCHEMA_VERSION, Direction, Session, Step
from secsc_tui.core.schema import json_schema
from secsc_tui.core.yaml_io import dump_session

SAMPLES = Path(__file__).resolve().parents[2] / "sample_sessions"


# jsonschema has no "date-time" check without optional packages; the writer's form
# (RFC 3339, always with a zone) is checked here so a malformed timestamp is refused.
FORMATS = FormatChecker()
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True  # "format" constrains strings only
    if not _DATE_TIME.fullmatch(value):
        return False
    dt.datetime.fromisoformat(value.replace("Z", "+00:00"))  # a real date and time (no 25:00)
    return True


def errors(schema: dict[str, Any], value: Any) -> list[str]:
    """Where and why ``value`` breaks ``schema``, as "<JSON path>: <keyword>" lines."""
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    return sorted(f"{e.json_path}: {e.validator}" for e in validator.iter_errors(value))


def as_json(value: Any) -> Any:
    """What a YAML-to-JSON conversion gives: timestamps and dates become strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def document(session: Session) -> dict[str, Any]:
    return as_json(yaml.safe_load(dump_session(session)))


def test_schema_header():
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://secsc.dev/schema/session-{SCHEMA_VERSION}.json"
    assert schema["title"] == "Security Scorecard session"
    assert "one per document" in schema["description"]
    assert schema["type"] == "object"
    assert list(schema)[:4] == ["$schema", "$id", "title", "description"]


def test_schema_is_plain_json_and_a_fresh_copy():
    schema = json_schema()
    assert json.loads(json.dumps(schema)) == schema
    schema["title"] = "changed"
    assert json_schema()["title"] == "Security Scorecard session"


def test_every_section_is_described_and_in_model_order():
    properties = json_schema()["properties"]
    assert list(properties) == list(Session.model_fields)
    for name, spec in properties.items():
        assert len(spec.get("description", "")) > 15, name


def test_required_fields_and_version():
    schema = json_schema()
    assert schema["required"] == ["schema_version", "id", "title", "created", "updated"]
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_every_object_refuses_unknown_keys():
    schema = json_schema()
    objects = [schema] + [d for d in schema["$defs"].values() if d.get("type") == "object"]
    assert len(objects) > 15
    assert all(o["additionalProperties"] is False for o in objects)


def test_enums_list_their_values():
    defs = json_schema()["$defs"]
    assert defs["Direction"]["enum"] == [d.value for d in Direction]
    assert defs["Step"]["enum"] == [s.value for s in Step]
    assert defs["Approach"]["enum"] == ["i", "ii", "iii"]


def test_ratings_and_ids_are_constrained():
    defs = json_schema()["$defs"]
    severity = defs["Gap"]["properties"]["severity"]["anyOf"][0]
    assert (severity["minimum"], severity["maximum"]) == (1, 5)
    assert defs["Kpi"]["properties"]["id"]["pattern"].startswith("^[A-Za-z0-9]")


@pytest.mark.parametrize(
    "make", [minimal_session, rich_session, lambda: bulk_session(2)], ids=["minimal", "rich", "bulk"]
)
def test_dumped_sessions_are_valid(make):
    assert errors(json_schema(), document(make())) == []


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_sample_files_are_valid(path):
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        if doc is not None:
            assert errors(json_schema(), as_json(doc)) == []


def test_the_validator_can_refuse():
    doc = document(rich_session())
    doc["titel"] = "typo"
    doc["schema_version"] = SCHEMA_VERSION + 1
    doc["scorecard"]["financial"]["kpis"][0]["direction"] = "below"
    doc["evaluation"]["responses"][0]["usefulness"] = 7
    del doc["people"]["participants"][0]["name"]
    doc["scorecard"]["customer"]["last_numbers"] = {"gaols": 2, "kpis": -1}
    doc["scorecard"]["customer"]["goals"][0]["number"] = 0
    doc["created"] = "2025-08-26 09:00"  # no "T", no zone
    found = errors(json_schema(), doc)
    assert found == [
        "$.created: format",
        "$.evaluation.responses[0].usefulness: anyOf",
        "$.people.participants[0]: required",
        "$.schema_version: const",
        "$.scorecard.customer.goals[0].number: anyOf",
        "$.scorecard.customer.last_numbers.kpis: minimum",
        "$.scorecard.customer.last_numbers: enum",  # the key "gaols" (propertyNames)
        "$.scorecard.financial.kpis[0].direction: enum",
        "$: additionalProperties",  # titel
    ]


def test_the_schema_itself_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(json_schema())
