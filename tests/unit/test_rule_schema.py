"""rules/schema.json is what the registry of rule kinds says, and it judges rule files as biasdash
does: a kind or key changed in dashboard/engine/kinds/ without regenerating the schema fails here,
with the command to run; an editor using the schema flags the mistakes biasdash would refuse."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from dashboard.engine.kinds import KINDS
from dashboard.report.ruleschema import MODELINE, REGENERATE, schema_text
from dashboard.runtime.rulepacks import parse_rule_file

RULES = Path(__file__).resolve().parents[2] / "rules"
SCHEMA = RULES / "schema.json"
SHIPPED = sorted(RULES.glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    import json

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_the_committed_schema_is_the_one_the_kinds_write() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), (
        f"rules/schema.json is out of date: run `{REGENERATE}`")


def test_every_key_of_every_kind_is_in_the_schema(validator: jsonschema.Draft7Validator) -> None:
    definitions = validator.schema["definitions"]
    assert set(definitions) == set(KINDS)
    for name, kind in KINDS.items():
        assert set(definitions[name]["properties"]) == set(kind.schema), name


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_each_shipped_rule_file_points_editors_at_the_schema_and_meets_it(
        path: Path, validator: jsonschema.Draft7Validator) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    errors = [e.message for e in validator.iter_errors(yaml.safe_load(text))]
    assert errors == []


GOOD = """\
kind: loaded
rules:
  - id: test-fiendish
    description: A test term.
    terms: [fiendish]
    category: emotive
    weight: 1
    examples:
      match: ["A fiendish plan."]
"""

# Each mistake made in the good file above: the schema (an editor) and biasdash both refuse it.
MISTAKES = [
    ("weight: 1", "weigth: 1"),                 # a misspelt key (and so the required key missing)
    ("weight: 1", "weight: 7"),                 # out of range
    ("weight: 1", 'weight: "heavy"'),           # wrong type
    ("kind: loaded", "kind: loded"),            # an unknown kind
    ("id: test-fiendish", "id: Test Fiendish"),  # an id that is not lowercase-with-dashes
    ('      match: ["A fiendish plan."]', "      no_match: []"),  # no match example
]


def test_the_good_file_passes_both(tmp_path: Path, validator: jsonschema.Draft7Validator) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert list(validator.iter_errors(yaml.safe_load(GOOD))) == []
    assert parse_rule_file(path)[1] == []


@pytest.mark.parametrize(("old", "new"), MISTAKES)
def test_a_mistake_is_refused_by_the_schema_as_by_biasdash(
        tmp_path: Path, validator: jsonschema.Draft7Validator, old: str, new: str) -> None:
    text = GOOD.replace(old, new)
    assert text != GOOD
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    assert list(validator.iter_errors(yaml.safe_load(text))), "the schema accepts it"
    assert parse_rule_file(path)[1], "biasdash accepts it"


def test_a_check_names_a_metric_the_schema_lists(validator: jsonschema.Draft7Validator) -> None:
    check = {"kind": "checks", "rules": [{
        "id": "x", "description": "d", "examples": {"match": ["a"]}, "metric": "attribution_densty",
        "op": "<", "threshold": 0.2, "severity": "warning", "message": "m"}]}
    assert any("attribution_densty" in e.message for e in validator.iter_errors(check))
