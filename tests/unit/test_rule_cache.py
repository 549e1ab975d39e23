"""The rule-set cache: a second load skips parsing, and no edit, corruption or unwritable folder
ever gives stale or broken rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.engine import rules as rules_module
from dashboard.engine.article import Article
from dashboard.engine.rules import RuleErrors, load_rules
from dashboard.engine.scoring import analyse, to_contract
from rule_snippets import GOOD_LOADED_RULE

pytestmark = pytest.mark.usefixtures("in_tmp")

TEXT = "It was a fiendish plan, and a grimbly one, the minister said on Monday."


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BIASDASH_CACHE_DIR", str(folder))
    return folder


def _terms(pack: Path) -> list[str]:
    ruleset = load_rules([pack])
    return [h.term for h in analyse(Article(id="a", text=TEXT), ruleset).loaded if h.rule == "test-fiendish"]


def test_a_second_load_comes_from_the_cache_and_scores_the_same(cache, tmp_rules, monkeypatch) -> None:
    pack = tmp_rules(GOOD_LOADED_RULE)
    first = to_contract(analyse(Article(id="a", text=TEXT), load_rules([pack])))
    assert list(cache.glob("rules-*.pickle"))

    def no_parsing(*args, **kwargs):
        raise AssertionError("a cached rule set was parsed again")

    monkeypatch.setattr(rules_module, "parse_rule_file", no_parsing)
    second = to_contract(analyse(Article(id="a", text=TEXT), load_rules([pack])))
    assert second == first
    assert any(h["term"] == "fiendish" for h in second["loaded"])


def test_an_edited_rule_file_is_read_again(cache, tmp_rules) -> None:
    pack = tmp_rules(GOOD_LOADED_RULE)
    assert _terms(pack) == ["fiendish"]
    tmp_rules(GOOD_LOADED_RULE.replace("terms: [fiendish]", "terms: [grimbly]")
              .replace("a fiendish plan", "a grimbly plan"))
    assert _terms(pack) == ["grimbly"]


def test_a_rule_file_with_errors_is_reported_every_time(cache, tmp_rules) -> None:
    pack = tmp_rules(GOOD_LOADED_RULE.replace("weight: 1", "weight: heavy"))
    for _ in range(2):
        with pytest.raises(RuleErrors) as caught:
            load_rules([pack])
        assert "weight" in str(caught.value.errors[0])


def test_a_corrupt_cache_entry_is_rebuilt(cache, tmp_rules) -> None:
    pack = tmp_rules(GOOD_LOADED_RULE)
    _terms(pack)
    for entry in cache.glob("rules-*.pickle"):
        entry.write_bytes(b"\x80\x05not a pickle")
    assert _terms(pack) == ["fiendish"]


def test_an_unwritable_cache_costs_nothing_but_speed(tmp_path, tmp_rules, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BIASDASH_CACHE_DIR", str(blocker / "cache"))
    assert _terms(tmp_rules(GOOD_LOADED_RULE)) == ["fiendish"]


def test_the_cache_can_be_turned_off(tmp_path, tmp_rules, monkeypatch) -> None:
    monkeypatch.setenv("BIASDASH_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _terms(tmp_rules(GOOD_LOADED_RULE)) == ["fiendish"]
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_disabling_a_rule_is_not_answered_from_the_cache_of_the_enabled_set(cache, tmp_rules) -> None:
    pack = tmp_rules(GOOD_LOADED_RULE)
    assert _terms(pack) == ["fiendish"]
    ruleset = load_rules([pack], disabled=frozenset({"test-fiendish"}))
    assert not [h for h in analyse(Article(id="a", text=TEXT), ruleset).loaded if h.rule == "test-fiendish"]
