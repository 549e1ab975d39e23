"""A rule kind added as CONTRIBUTING.md says (a module, a registry entry, its YAML) is validated,
compiled, cached and run by `rules test` with no other change: here a small `hedges` kind is
registered for the length of a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.engine import kinds
from dashboard.engine.analysis import Analysis
from dashboard.engine.kinds.base import Field, Kind, Rule, is_text_list, texts
from dashboard.engine.matchers import PhraseMatcher, phrase_tokens
from dashboard.engine.ruletest import run_examples
from dashboard.runtime import rulecache, rulepacks

PACK = """\
kind: hedges
rules:
  - id: hedge-might
    description: Words that soften a claim.
    words: [might, could possibly]
    examples:
      match: ["It might rain."]
"""


class HedgeRule(Rule):
    """Words that soften a claim."""

    words: tuple[str, ...] = ()


def compile_hedges(rules: list[HedgeRule]) -> dict[str, PhraseMatcher]:
    hedges = PhraseMatcher()
    for rule in rules:
        for word in rule.words:
            hedges.add(phrase_tokens(word), rule)
    hedges.freeze()
    return {"hedges": hedges}


def fires_alone(rule: HedgeRule, text: str) -> bool:
    lowers = [t.lower() for t in text.split()]
    return any(w in lowers for w in rule.words)


def took_part(rule: HedgeRule, analysis: Analysis) -> bool:
    return False


HEDGES = Kind(name="hedges", summary="Words that soften a claim.", record=HedgeRule,
              fields={"words": Field("list of str", "the hedging words", is_text_list, required=True,
                                     convert=texts)},
              example=("be a hedge", "be no hedge"), took_part=took_part, fires_alone=fires_alone,
              compile=compile_hedges)


@pytest.fixture
def with_hedges(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The hedges kind registered, a pack of it, and a cache folder of this test's own."""
    monkeypatch.setitem(kinds.KINDS, "hedges", HEDGES)
    monkeypatch.setitem(kinds.RULE_CLASSES, "hedges", HedgeRule)
    monkeypatch.setattr(rulepacks, "RULE_KINDS", (*kinds.RULE_KINDS, "hedges"))
    monkeypatch.setenv("BIASDASH_CACHE_DIR", str(tmp_path / "cache"))
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "hedges.yaml").write_text(PACK, encoding="utf-8")
    return pack


def test_a_new_kind_is_validated_compiled_and_tested(with_hedges: Path) -> None:
    ruleset = rulepacks.load_rules([with_hedges])
    rule = ruleset.by_id["hedge-might"]
    assert isinstance(rule, HedgeRule) and rule.words == ("might", "could possibly")
    assert ruleset.compiled.hedges.match_at(["it", "might", "rain"], 1, 3) is not None
    results = list(run_examples(ruleset, {"hedge-might"}))
    assert [(r.example, r.passed) for r in results] == [("It might rain.", True)]


def test_a_new_kind_is_cached_and_read_back_the_same(with_hedges: Path) -> None:
    first = rulepacks.load_rules([with_hedges])
    assert list((with_hedges.parent / "cache").glob("rules-*.json")), "the rule set was not cached"
    reads = []
    real = rulecache.load

    def load(key: str) -> object:
        found = real(key)
        reads.append(found is not None)
        return found

    second_loader = pytest.MonkeyPatch()
    second_loader.setattr(rulecache, "load", load)
    try:
        second = rulepacks.load_rules([with_hedges])
    finally:
        second_loader.undo()
    assert reads == [True], "the second load did not come from the cache"
    assert second.rules == first.rules
    assert second.compiled.hedges.match_at(["could", "possibly"], 0, 2) is not None


def test_a_misspelt_key_of_the_new_kind_is_reported_with_a_suggestion(with_hedges: Path) -> None:
    (with_hedges / "hedges.yaml").write_text(PACK.replace("    words:", "    wrods:"), encoding="utf-8")
    with pytest.raises(rulepacks.RuleErrors) as caught:
        rulepacks.load_rules([with_hedges])
    messages = [e.message for e in caught.value.errors]
    assert any("unknown key 'wrods' in a hedges rule (did you mean 'words'?)" in m for m in messages), messages
