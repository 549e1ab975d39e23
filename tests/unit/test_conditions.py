"""Conditions over metrics (a check's `condition:`): what they accept, what they refuse, and that a
check applies only to the articles its condition holds for."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.engine.article import Article
from dashboard.engine.kinds.conditions import ConditionError, holds, metrics_of, parse
from dashboard.engine.metrics import METRICS
from dashboard.engine.pipeline import analyse
from dashboard.runtime.rulepacks import RuleErrors, load_rules

METRICS_SEEN = {"sentences": 6.0, "attributions": 2.0, "quotes": 0.0, "named_sources": 1.0}


@pytest.mark.parametrize(("text", "expected"), [
    ("sentences >= 5", True),
    ("sentences >= 7", False),
    ("sentences >= 5 and attributions >= 3", False),
    ("sentences >= 7 or attributions >= 2", True),
    ("not quotes > 0", True),
    ("sentences > 5 and (quotes > 0 or named_sources == 1)", True),
    ("attributions > named_sources", True),
    ("sentences >= 5 and not (attributions == 2)", False),
])
def test_conditions_evaluate_as_written(text: str, expected: bool) -> None:
    assert holds(parse(text, METRICS), METRICS_SEEN) is expected


def test_and_binds_tighter_than_or() -> None:
    # (sentences >= 7 and quotes > 0) or attributions == 2, not sentences >= 7 and (...)
    assert holds(parse("sentences >= 7 and quotes > 0 or attributions == 2", METRICS), METRICS_SEEN)


@pytest.mark.parametrize(("text", "message"), [
    ("sentences >= ", "expected a metric name or a number at the end"),
    ("sentence >= 5", "unknown metric 'sentence' at character 1 (did you mean 'sentences'?)"),
    ("sentences => 5", "unexpected '=' at character 11"),
    ("(sentences >= 5", "expected ')' at the end"),
    ("sentences >= 5 quotes > 1", "unexpected 'quotes' at character 16"),
    ("__import__('os') > 1", "unexpected \"'\" at character 12"),  # read, never run
])
def test_a_bad_condition_says_what_and_where(text: str, message: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(text, METRICS)
    assert message in str(caught.value)


def test_metrics_of_names_what_a_condition_reads() -> None:
    assert metrics_of(parse("sentences >= 5 or not quotes > attributions", METRICS)) == {
        "sentences", "quotes", "attributions"}


def _pack(tmp_path: Path, condition: str) -> Path:
    (tmp_path / "c.yaml").write_text(
        "kind: checks\nrules:\n  - id: no-quotes\n    description: d\n    examples: {match: [x]}\n"
        "    metric: quotes\n    op: \"==\"\n    threshold: 0\n    severity: info\n    message: m\n"
        f"    condition: {condition}\n", encoding="utf-8")
    return tmp_path


def test_a_check_fires_only_where_its_condition_holds(tmp_path: Path) -> None:
    ruleset = load_rules([_pack(tmp_path, "sentences >= 3")])
    short = analyse(Article(id="short", text="Officials said the talks failed."), ruleset)
    longer = analyse(Article(id="long", text="Officials said the talks failed. They met again. "
                                             "Nothing came of it. The end."), ruleset)
    assert "no-quotes" not in {f.check for f in short.findings}
    assert "no-quotes" in {f.check for f in longer.findings}


def test_a_bad_condition_in_a_rule_file_names_file_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(RuleErrors) as caught:
        load_rules([_pack(tmp_path, "sentences >= 3 and atributions > 0")])
    (error,) = caught.value.errors
    assert (Path(error.path).name, error.line, error.column) == ("c.yaml", 11, 16)
    assert "unknown metric 'atributions'" in error.message and "did you mean 'attributions'" in error.message


def test_min_sentences_is_shorthand_for_a_condition(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "kind: checks\nrules:\n  - id: guarded\n    description: d\n    examples: {match: [x]}\n"
        "    metric: quotes\n    op: \"==\"\n    threshold: 0\n    severity: info\n    message: m\n"
        "    min_sentences: 3\n    min_attributions: 1\n    condition: quotes == 0\n", encoding="utf-8")
    rule = load_rules([tmp_path]).by_id["guarded"]
    assert rule.condition == "sentences >= 3 and attributions >= 1 and (quotes == 0)"
