"""The rule-set cache: a second load skips parsing and scores exactly as the first, and no edit,
corruption, wrong value or unwritable folder ever gives stale or broken rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rule_snippets import GOOD_LOADED_RULE

from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.report.contract import to_contract
from dashboard.runtime import rulecache
from dashboard.runtime import rulepacks as rules_module
from dashboard.runtime.rulepacks import RuleErrors, load_rules

pytestmark = pytest.mark.usefixtures("in_tmp")

TEXT = "It was a fiendish plan, and a grimbly one, the minister said on Monday."
SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))[:5]

# Every kind of phrase a matcher files: one-word and multi-word terms, one-word wildcards (two
# under the same three letters: the earlier one wins), a multi-word wildcard, cue verbs, forms
# and phrases with a source after them, and sources with aliases and domains.
WILDCARD_PACK = """\
kind: loaded
rules:
  - id: test-fiend
    description: Wildcards of the cache tests.
    category: emotive
    weight: 1.5
    terms: [fiend*, fiendi*, "so-called expert*", grimbly one, fiendish]
    except: [fiends]
    examples:
      match: ["It was a fiendish plan."]
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BIASDASH_CACHE_DIR", str(folder))
    return folder


def _terms(pack: Path) -> list[str]:
    ruleset = load_rules([pack])
    return [h.term for h in analyse(Article(id="a", text=TEXT), ruleset).loaded if h.rule == "test-fiendish"]


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a cached rule set was parsed again")

    monkeypatch.setattr(rules_module, "parse_rule_file", fail)


def _scores(ruleset: Any, texts: list[str]) -> list[dict[str, Any]]:
    return [to_contract(analyse(Article(id=str(i), text=text), ruleset)) for i, text in enumerate(texts)]


PACKS = [
    # the default pack alone: what every `biasdash check` loads
    pytest.param(None, id="default-pack"),
    # the default pack and a pack of wildcards
    pytest.param(WILDCARD_PACK, id="with-wildcards"),
]


@pytest.mark.parametrize("extra", PACKS)
def test_a_second_load_comes_from_the_cache_and_scores_the_same(cache, tmp_rules, monkeypatch, extra) -> None:
    packs = [tmp_rules(extra)] if extra else []
    texts = [TEXT, "So-called experts said a fiendi plan was fiendishly grim, Reuters reported.",
             *(p.read_text(encoding="utf-8") for p in SEEDS)]
    first = _scores(load_rules(packs), texts)
    assert list(cache.glob("rules-*.json")), "the rule set was not stored"
    _no_parsing(monkeypatch)
    second = _scores(load_rules(packs), texts)
    assert second == first
    assert any(hit["term"] for record in second for hit in record["loaded"])


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


DAMAGED = [
    # bytes that are not an entry at all
    pytest.param(lambda data: b"\x80\x05not a pickle", id="garbage"),
    # an empty file
    pytest.param(lambda data: b"", id="empty"),
    # the first half of the entry
    pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
    # one byte of the body changed: its CRC no longer matches
    pytest.param(lambda data: data[:-20] + bytes([data[-20] ^ 1]) + data[-19:], id="one-byte-changed"),
    # an entry of another format version
    pytest.param(lambda data: data.replace(b"biasdash-cache-", b"biasdash-cache-9", 1), id="other-format"),
]


@pytest.mark.parametrize("damage", DAMAGED)
def test_a_damaged_cache_entry_is_rebuilt(cache, tmp_rules, damage: Callable[[bytes], bytes]) -> None:
    pack = tmp_rules(GOOD_LOADED_RULE)
    _terms(pack)
    entries = list(cache.glob("rules-*.json"))
    assert entries
    for entry in entries:
        entry.write_bytes(damage(entry.read_bytes()))
    assert _terms(pack) == ["fiendish"]
    assert all(rulecache.load(_key(entry)) is not None for entry in entries), "not rebuilt"


def _key(entry: Path) -> str:
    """An entry's key, from its first line (format, kind, key, CRC of the body)."""
    return entry.read_bytes().split(b"\n", 1)[0].split()[2].decode()


def _column(data: dict[str, Any], kind: str, field: str) -> list[Any]:
    return data["rules"][kind][data["fields"][kind].index(field)]


def _set_first(column: list[Any], value: Any) -> None:
    column[0] = value


WRONG_SHAPE = [
    # a loaded rule's weight as text
    pytest.param(lambda d: _set_first(_column(d, "loaded", "weight"), "heavy"), id="weight-text"),
    # a loaded rule's weight out of its range
    pytest.param(lambda d: _set_first(_column(d, "loaded", "weight"), 50.0), id="weight-range"),
    # a check's severity not one of info, warning, error
    pytest.param(lambda d: _set_first(_column(d, "checks", "severity"), "fatal"), id="severity"),
    # a check on a metric that does not exist
    pytest.param(lambda d: _set_first(_column(d, "checks", "metric"), "no_such_metric"), id="metric"),
    # a rule id a rule file could not have
    pytest.param(lambda d: _set_first(_column(d, "loaded", "id"), "Not An Id!"), id="rule-id"),
    # a rule at line 0
    pytest.param(lambda d: _set_first(_column(d, "loaded", "line"), 0), id="line-0"),
    # a term list holding a number
    pytest.param(lambda d: _set_first(_column(d, "loaded", "terms"), [7]), id="term-number"),
    # one rule fewer than the rule set lists
    pytest.param(lambda d: d["kinds"].append("loaded"), id="rule-missing"),
    # a field of another engine version's rules
    pytest.param(lambda d: d["fields"]["loaded"].append("colour"), id="other-fields"),
    # a loaded phrase naming a rule that does not exist
    pytest.param(lambda d: _set_first(d["matchers"]["loaded"]["exact"][3], 10**6), id="rule-index"),
    # a cue phrase naming a loaded rule
    pytest.param(lambda d: _set_first(d["matchers"]["cues"]["exact"][3], d["kinds"].index("loaded")),
                 id="rule-of-another-kind"),
    # a phrase that does not start with the word it is filed under (its other words are stored
    # after a space: "fiendish" + "x" is another word)
    pytest.param(lambda d: _set_first(d["matchers"]["loaded"]["exact"][2], "x"), id="misfiled"),
    # an empty phrase
    pytest.param(lambda d: (_set_first(d["matchers"]["loaded"]["exact"][0], ""),
                            _set_first(d["matchers"]["loaded"]["exact"][2], "")), id="empty-phrase"),
    # a matcher without its table of wildcards
    pytest.param(lambda d: d["matchers"]["loaded"].pop("single"), id="table-missing"),
    # a source alias naming a loaded rule
    pytest.param(lambda d: _set_first(d["sources"]["by_alias"][1], d["kinds"].index("loaded")),
                 id="alias-rule"),
    # cue flags as text
    pytest.param(lambda d: _set_first(d["matchers"]["cues"]["exact"][4], "yes"), id="cue-flag"),
]


@pytest.mark.parametrize("damage", WRONG_SHAPE)
def test_a_well_formed_entry_of_the_wrong_shape_is_rebuilt(cache, tmp_rules, damage) -> None:
    pack = tmp_rules(GOOD_LOADED_RULE)
    expected = _terms(pack)
    (entry,) = cache.glob("rules-*.json")
    key = _key(entry)
    data = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    damage(data)
    rulecache.write("rules", key, data)  # a valid envelope: right key, right CRC
    assert rulecache.read("rules", key) == data
    assert rulecache.load(key) is None, "the wrong entry was trusted"
    assert _terms(pack) == expected
    assert rulecache.load(key) is not None, "not rebuilt"


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

