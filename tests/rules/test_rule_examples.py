"""Every example of every default rule behaves as its rule file says (what `rules test` runs)."""

from __future__ import annotations

import pytest
import yaml

from dashboard.engine.kinds import KINDS, Rule
from dashboard.engine.ruletest import example_fires
from dashboard.runtime.rulepacks import default_rules_dir, load_rules

RULESET = load_rules(model=False)  # the rules alone (the learned layer: test_learned.py)
CASES = [
    pytest.param(rule, example, expected, id=f"{rule.id}-{'match' if expected else 'no_match'}-{n}")
    for rule in RULESET.rules
    for n, (example, expected) in enumerate(
        [(e, True) for e in rule.examples.match] + [(e, False) for e in rule.examples.no_match])
]


def test_every_example_written_in_the_shipped_files_is_run() -> None:
    """The examples as the YAML files hold them, rule by rule, are the ones `rules test` runs: none
    dropped, merged or reordered on the way (the cache included), and every kind of the registry
    is exercised by the shipped pack."""
    written: dict[str, tuple[list[str], list[str]]] = {}
    for path in sorted(default_rules_dir().glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            examples = entry["examples"]
            written[entry["id"]] = (examples.get("match", []), examples.get("no_match", []))
    loaded = {rule.id: (list(rule.examples.match), list(rule.examples.no_match)) for rule in RULESET.rules}
    assert loaded == written
    assert {rule.kind for rule in RULESET.rules} == set(KINDS)


@pytest.mark.parametrize(("rule", "example", "expected"), CASES)
def test_rule_example(rule: Rule, example: str, expected: bool) -> None:
    got = example_fires(rule, RULESET, example)
    assert got == expected, f"{rule.file}:{rule.line}: {rule.id} on {example!r}"
