"""Provides the JSON Schema of rule files (rules/schema.json), written from the registry of rule
kinds, so that an editor validates and completes a rule file as it is typed. `biasdash rules
schema` prints it; tests/unit/test_rule_schema.py fails when rules/schema.json drifts."""

from __future__ import annotations

import json

from ..engine.kinds import ID_PATTERN, KINDS, Field
from ..engine.kinds.base import (
    OneOf,
    finite_number,
    is_bool,
    is_count,
    is_number,
    is_text,
    is_text_list,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA_FILE = "schema.json"
# The first line of a rule file that points yaml-language-server (VS Code's YAML extension, and
# editors using it) at the schema beside it.
MODELINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"
REGENERATE = "biasdash rules schema > rules/schema.json"

_TEXT: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
# The schema of each value check of engine/kinds/base.py; a key with another check says its own
# (Field.json_schema).
_CHECKS: dict[Any, dict[str, Any]] = {
    is_text: _TEXT,
    is_bool: {"type": "boolean"},
    is_number: {"type": "number"},
    finite_number: {"type": "number"},
    is_count: {"type": "integer", "minimum": 0},
    is_text_list: {"type": "array", "items": _TEXT},
}
_EXAMPLES: dict[str, Any] = {
    "type": "object",
    "properties": {
        "match": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                  "description": "texts the rule must fire on (at least one)"},
        "no_match": {"type": "array", "items": {"type": "string"},
                     "description": "texts the rule must not fire on"},
    },
    "required": ["match"],
    "additionalProperties": False,
}


class SchemaError(Exception):
    """A key whose check the schema cannot express (give its Field a json_schema)."""


def key_schema(kind: str, key: str, spec: Field) -> dict[str, Any]:
    """The JSON Schema of one key of a rule, with its documentation."""
    if key == "examples":
        schema = dict(_EXAMPLES)
    elif key == "id":
        schema = {"type": "string", "pattern": ID_PATTERN.pattern}
    elif spec.json_schema is not None:
        schema = dict(spec.json_schema)
    elif isinstance(spec.check, OneOf):
        schema = {"type": "string", "enum": list(spec.check.choices)}
    elif spec.check in _CHECKS:
        schema = dict(_CHECKS[spec.check])
    else:
        raise SchemaError(f"{kind}.{key}: its check {spec.check!r} has no JSON Schema; "
                          "give its Field a json_schema")
    return {**schema, "description": " ".join(spec.doc.split())}


def rule_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one rule of a kind."""
    fields = KINDS[kind].schema
    return {
        "type": "object",
        "description": " ".join(KINDS[kind].summary.split()),
        "properties": {key: key_schema(kind, key, spec) for key, spec in fields.items()},
        "required": [key for key, spec in fields.items() if spec.required],
        "additionalProperties": False,
    }


def rule_file_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07, which editors support best) of a rule file of any kind."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "biasdash rule file",
        "description": f"Written by `{REGENERATE}` from the rule kinds (dashboard/engine/kinds/); "
                       "edit the kinds, not this file. docs/rules.md says what every key means.",
        "type": "object",
        "properties": {
            "kind": {"type": "string", "enum": list(KINDS),
                     "description": "what the rules of this file are"},
            "description": {"type": "string", "description": "what the file holds (optional)"},
            "rules": {"type": "array", "description": "the rules of the file"},
        },
        "required": ["kind", "rules"],
        "additionalProperties": False,
        "allOf": [{"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                   "then": {"properties": {"rules": {"items": {"$ref": f"#/definitions/{name}"}}}}}
                  for name in KINDS],
        "definitions": {name: rule_schema(name) for name in KINDS},
    }


def schema_text() -> str:
    """rules/schema.json, as text."""
    return json.dumps(rule_file_schema(), indent=2, ensure_ascii=False) + "\n"
