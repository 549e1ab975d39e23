"""Every example of every default rule behaves as its rule file says (what `rules test` runs)."""

from __future__ import annotations

import pytest

from dashboard.engine.rules import load_rules
from dashboard.engine.ruletest import example_analysis, fires, furniture_fires

RULESET = load_rules()
CASES = [
    pytest.param(rule, example, expected, id=f"{rule.id}-{'match' if expected else 'no_match'}-{n}")
    for rule in RULESET.rules
    for n, (example, expected) in enumerate(
        [(e, True) for e in rule.examples.match] + [(e, False) for e in rule.examples.no_match])
]


def test_default_pack_has_examples_for_every_rule() -> None:
    assert all(rule.examples.match for rule in RULESET.rules)
    assert len(CASES) > len(RULESET.rules)


@pytest.mark.parametrize(("rule", "example", "expected"), CASES)
def test_rule_example(rule, example: str, expected: bool) -> None:
    if rule.kind == "furniture":
        got = furniture_fires(rule, RULESET, example)
    else:
        got = fires(rule, example_analysis(rule, RULESET, example))
    assert got == expected, f"{rule.file}:{rule.line}: {rule.id} on {example!r}"
