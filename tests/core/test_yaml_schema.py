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

from secsc_tui.core.model import SCHEMA_VERSION, Direction, Session, Step
from secsc_tui.core.schema import json_schema
from secsc_tui.core.yaml_io import dump_session

SAMPLES = Path(__file__).resolve().parents[2] / "sample_sessions"


# A small validator for the parts of JSON Schema the session schema uses, so the
# test needs no extra dependency. It refuses keywords it does not know, so a
# schema that grows new constraints fails here instead of passing untested.
KNOWN = {
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "default",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "enum",
    "const",
    "anyOf",
    "pattern",
    "maxLength",
    "minimum",
    "maximum",
    "format",
    "maxItems",
}


def errors(schema: dict[str, Any], value: Any, root: dict[str, Any] | None = None, path: str = "$") -> list[str]:
    root = root or schema
    unknown = set(schema) - KNOWN
    assert not unknown, f"validator does not know {unknown} at {path}"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        found = errors(root["$defs"][name], value, root, path)
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        return found + errors(rest, value, root, path)
    found: list[str] = []
    if "anyOf" in schema and all(errors(option, value, root, path) for option in schema["anyOf"]):
        found.append(f"{path}: matches no option")
    kind = schema.get("type")
    if kind is not None:
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            "boolean": lambda v: isinstance(v, bool),
            "null": lambda v: v is None,
        }
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(checks[k](value) for k in kinds):
            return [f"{path}: expected {kind}, found {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        found.append(f"{path}: {value!r} is not {schema['const']!r}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append(f"{path}: too long")
        if schema.get("format") == "date" and not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            found.append(f"{path}: not a date")
        date_time = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)"
        if schema.get("format") == "date-time" and not re.fullmatch(date_time, value):
            found.append(f"{path}: not a date-time")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{path}: below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            found.append(f"{path}: above {schema['maximum']}")
    if isinstance(value, list) and "maxItems" in schema and len(value) > schema["maxItems"]:
        found.append(f"{path}: too many items")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                found.append(f"{path}: missing {key}")
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if "propertyNames" in schema:
                found += errors(schema["propertyNames"], key, root, f"{path} key {key!r}")
            if key in properties:
                found += errors(properties[key], item, root, f"{path}.{key}")
            elif extra is False:
                found.append(f"{path}: unknown key {key}")
            elif isinstance(extra, dict):  # a mapping such as a card's last numbers, by column
                found += errors(extra, item, root, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += errors(schema["items"], item, root, f"{path}[{i}]")
    return found


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
    found = errors(json_schema(), doc)
    assert any(e.startswith("$.scorecard.customer.last_numbers key 'gaols'") for e in found)
    assert "$.scorecard.customer.last_numbers.kpis: below 0" in found
    assert "$.scorecard.customer.goals[0].number: matches no option" in found
    assert "$: unknown key titel" in found
    assert f"$.schema_version: {SCHEMA_VERSION + 1} is not {SCHEMA_VERSION}" in found
    assert any(e.startswith("$.scorecard.financial.kpis[0].direction:") for e in found)
    assert any(e.startswith("$.evaluation.responses[0].usefulness:") for e in found)
    assert "$.people.participants[0]: missing name" in found
