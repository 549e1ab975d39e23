"""`biasdash rules validate | list | show | test | metrics`."""

from __future__ import annotations

import re

import pytest
from rule_snippets import GOOD_LOADED_RULE

from dashboard.engine.metrics import METRICS

pytestmark = pytest.mark.usefixtures("in_tmp")

# A loaded rule whose `match` example does not contain its term: `rules test` must fail it.
BROKEN_EXAMPLE_RULE = GOOD_LOADED_RULE.replace(
    'match: ["It was a fiendish plan."]',
    'match: ["It was a wicked plan."]\n      no_match: ["It was a plain plan."]')


def test_validate_default_pack(run_cli) -> None:
    result = run_cli("rules", "validate")
    assert result.code == 0, result.stderr
    assert re.match(r"ok: \d+ rules in \d+ files", result.stdout)


def test_validate_good_pack_given_as_path(run_cli, tmp_rules, good_loaded_rule) -> None:
    result = run_cli("rules", "validate", tmp_rules(good_loaded_rule))
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == "ok: 1 rules"


@pytest.mark.parametrize(("broken", "where", "message"), [
    # an unclosed flow list: the parser notices at the next line's key
    (("terms: [fiendish]", "terms: [fiendish"), "8:13", "YAML syntax error"),
    # a number where text is expected
    (("category: emotive", "category: [emotive]"), "5:15", "category: expected non-empty text"),
    # a misspelt key
    (("    weight: 1", "    wieght: 1"), "6:5", "unknown key 'wieght' in a loaded rule (did you mean 'weight'?)"),
])
def test_validate_bad_pack_exits_2_with_position(run_cli, tmp_rules, good_loaded_rule, broken, where,
                                                 message) -> None:
    pack = tmp_rules(good_loaded_rule.replace(*broken))
    result = run_cli("rules", "validate", pack)
    assert result.code == 2
    assert result.stdout == ""
    assert f"pack/rules.yaml:{where}: {message}" in result.stderr


def test_validate_with_extra_pack_through_rules_option(run_cli, tmp_rules, good_loaded_rule) -> None:
    pack = tmp_rules(good_loaded_rule.replace("weight: 1", "weight: 9"))
    result = run_cli("rules", "validate", "--rules", pack)
    assert result.code == 2
    assert "pack/rules.yaml:6:13: weight: expected a weight between 0.1 and 3" in result.stderr


def test_list_shows_the_sources(run_cli) -> None:
    result = run_cli("rules", "list")
    assert result.code == 0
    ids = {line.split()[0] for line in result.out_lines}
    assert {"kcna", "xinhua", "ap", "reuters", "yahoo-news", "cue-say", "min-attribution-density"} <= ids
    [kcna] = [line for line in result.out_lines if line.split()[0] == "kcna"]
    assert kcna.split()[1] == "sources"


def test_list_by_kind(run_cli) -> None:
    result = run_cli("rules", "list", "--kind", "checks")
    assert result.code == 0
    kinds = {line.split()[1] for line in result.out_lines}
    assert kinds == {"checks"}
    assert "min-attribution-density" in result.stdout and "kcna" not in result.stdout


def test_list_marks_rules_disabled_by_config(run_cli, write_file) -> None:
    write_file("pyproject.toml", '[tool.biasdash]\ndisable = ["single-source"]\n')
    result = run_cli("rules", "list", "--kind", "checks")
    [line] = [line for line in result.out_lines if line.startswith("single-source ")]
    assert line.endswith("(disabled)")


def test_show_prints_description_and_examples(run_cli) -> None:
    from dashboard.runtime.rulepacks import load_rules

    rule = load_rules().by_id["kcna"]
    result = run_cli("rules", "show", "kcna")
    assert result.code == 0, result.stderr
    assert result.out_lines[0] == "kcna (sources)"
    flat = " ".join(result.stdout.split())
    assert " ".join(rule.description.split()) in flat
    assert "Korean Central News Agency" in result.stdout
    for example in rule.examples.match:
        assert f"+ {example}" in result.stdout
    assert re.search(r"defined at .*sources\.yaml:\d+:\d+", result.stdout)


def test_show_unknown_id_suggests_the_closest(run_cli) -> None:
    result = run_cli("rules", "show", "kcan")
    assert result.code == 2
    assert result.stdout == ""
    assert "no rule with id 'kcan' (did you mean 'kcna'?)" in result.stderr


def test_show_a_rule_from_an_extra_pack(run_cli, tmp_rules, good_loaded_rule) -> None:
    pack = tmp_rules(good_loaded_rule)
    result = run_cli("rules", "show", "--rules", pack, "test-fiendish")
    assert result.code == 0
    assert "test-fiendish (loaded)" in result.stdout
    assert "+ It was a fiendish plan." in result.stdout


def test_default_pack_examples_all_pass(run_cli) -> None:
    result = run_cli("rules", "test")
    fails = [line for line in result.out_lines if line.startswith("FAIL")]
    assert not fails, "\n".join(fails)
    assert result.code == 0
    assert re.search(r"\d+ passed, 0 failed", result.stdout)


def test_rules_test_of_one_good_default_rule(run_cli) -> None:
    result = run_cli("rules", "test", "--only", "kcna")
    assert result.code == 0, result.stdout
    assert re.fullmatch(r"[1-9]\d* passed, 0 failed", result.stdout.strip())


@pytest.mark.parametrize("how", ["option", "positional"])
def test_rules_test_reports_a_failing_example(run_cli, tmp_rules, how: str) -> None:
    pack = tmp_rules(BROKEN_EXAMPLE_RULE)
    args = ["--rules", pack] if how == "option" else [pack]
    result = run_cli("rules", "test", *args, "--only", "test-fiendish")
    assert result.code == 1
    [fail] = [line for line in result.out_lines if line.startswith("FAIL")]
    assert "test-fiendish" in fail
    assert "pack/rules.yaml:3:5" in fail
    assert "'It was a wicked plan.'" in fail
    assert result.out_lines[-1] == "1 passed, 1 failed"  # the no_match example passes


def test_rules_test_with_whole_pack_fails_too(run_cli, tmp_rules) -> None:
    pack = tmp_rules(BROKEN_EXAMPLE_RULE)
    result = run_cli("rules", "test", "--no-default-rules", "--rules", pack)
    assert result.code == 1
    assert any(line.startswith("FAIL") and "test-fiendish" in line for line in result.out_lines)


def test_rules_test_unknown_only_id_exits_2(run_cli) -> None:
    result = run_cli("rules", "test", "--only", "no-such-rule")
    assert result.code == 2
    assert "no-such-rule" in result.stderr


def test_metrics_lists_every_metric(run_cli) -> None:
    result = run_cli("rules", "metrics")
    assert result.code == 0
    names = [line.split()[0] for line in result.out_lines]
    assert "attribution_density" in names
    assert set(names) == set(METRICS)
