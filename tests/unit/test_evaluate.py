import json
import random
from pathlib import Path

import pytest

from dashboard.evaluate import (
    EvalReport,
    RuleScore,
    Score,
    evaluate_attribution,
    evaluate_loaded,
    format_text,
    overlap_score,
    read_eval_file,
)
from dashboard.runtime.rulepacks import load_rules

TEXT = "The talks stalled, the minister said."


def span(label: str, fragment: str, text: str = TEXT) -> dict:
    start = text.index(fragment)
    return {"start": start, "end": start + len(fragment), "label": label, "text": fragment}


@pytest.fixture(scope="module")
def ruleset():
    return load_rules()


# -- overlap_score ----------------------------------------------------------------------------

def test_touching_spans_do_not_overlap():
    s = overlap_score([(0, 5)], [(5, 10)])
    assert (s.predicted, s.gold, s.true_pred, s.found_gold) == (1, 1, 0, 0)
    assert s.precision == s.recall == s.f1 == 0.0


def test_one_shared_character_is_enough():
    s = overlap_score([(0, 6)], [(5, 10)])
    assert (s.true_pred, s.found_gold) == (1, 1)
    assert s.f1 == 1.0


def test_one_prediction_over_two_gold_finds_both():
    s = overlap_score([(0, 20)], [(2, 4), (10, 12)])
    assert s == Score(predicted=1, gold=2, true_pred=1, found_gold=2)
    assert s.precision == 1.0 and s.recall == 1.0


def test_contained_and_partial_counts():
    s = overlap_score([(0, 3), (10, 11), (30, 40)], [(2, 5), (8, 20), (25, 28)])
    assert s == Score(3, 3, 2, 2)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)


def test_long_gold_span_found_after_later_starting_short_ones():
    # the gold span (0, 100) starts first; a prediction far right still overlaps it
    s = overlap_score([(90, 95)], [(0, 100), (10, 12)])
    assert (s.true_pred, s.found_gold) == (1, 1)


def test_empty_lists_give_zeros():
    for pred, gold in (([], []), ([(0, 3)], []), ([], [(0, 3)])):
        s = overlap_score(pred, gold)
        assert s.precision == 0.0 and s.recall == 0.0 and s.f1 == 0.0
    assert overlap_score([], []) == Score(0, 0, 0, 0)


def test_empty_span_overlaps_nothing():
    s = overlap_score([(4, 4)], [(0, 10)])
    assert (s.true_pred, s.found_gold) == (0, 0)


def test_overlap_matches_brute_force():
    rng = random.Random(7)

    def spans(n):
        out = []
        for _ in range(n):
            a = rng.randrange(200)
            out.append((a, a + rng.randrange(15)))
        return out

    def shares(a, b):
        return max(a[0], b[0]) < min(a[1], b[1])

    for _ in range(200):
        pred, gold = spans(rng.randrange(12)), spans(rng.randrange(12))
        expected = Score(len(pred), len(gold), sum(any(shares(p, g) for g in gold) for p in pred),
                         sum(any(shares(p, g) for p in pred) for g in gold))
        assert overlap_score(pred, gold) == expected


def test_scores_add_for_micro_average():
    total = Score(2, 4, 1, 1) + Score(2, 0, 2, 0)
    assert total == Score(4, 4, 3, 1)
    assert total.precision == 0.75 and total.recall == 0.25


# -- evaluate_attribution / evaluate_loaded ---------------------------------------------------

def test_evaluate_attribution_on_a_hand_made_record(ruleset):
    record = {"id": 1, "text": TEXT, "spans": [
        span("Cue", "said"), span("Source", "the minister"), span("Content", "The talks stalled")]}
    report = evaluate_attribution([record], ruleset)
    assert report.task == "attribution"
    assert report.articles == 1
    assert report.errors == []
    assert set(report.figures) == {"cue", "source", "content", "statement"}
    assert report.figures["cue"].f1 == 1.0
    assert report.figures["cue"] == Score(1, 1, 1, 1)
    assert report.figures["source"].f1 == 1.0
    assert report.figures["content"].f1 == 1.0
    assert report.figures["statement"].recall == 1.0
    assert len(report.rules) == 1 and report.rules[0].correct == 1
    data = report.to_json()
    assert data["figures"]["cue"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "predicted": 1,
                                      "gold": 1, "true_pred": 1, "found_gold": 1}
    json.dumps(data)


def test_evaluate_attribution_sums_counts_over_articles(ruleset):
    records = [
        {"id": "a", "text": TEXT, "spans": [span("Cue", "said")]},
        {"id": "b", "text": "Nothing to report here.", "spans": [
            {"start": 0, "end": 7, "label": "Cue", "text": "Nothing"}]},
    ]
    report = evaluate_attribution(records, ruleset)
    assert report.articles == 2
    assert report.figures["cue"] == Score(1, 2, 1, 1)
    assert report.figures["cue"].recall == 0.5


def test_evaluate_reports_bad_records_as_errors(ruleset):
    records = ["f.jsonl:3:1: invalid JSON", {"id": "x", "text": 5, "spans": []}]
    report = evaluate_attribution(records, ruleset)
    assert report.articles == 0
    assert len(report.errors) == 2
    assert report.figures["cue"] == Score(0, 0, 0, 0)


def test_evaluate_loaded_shape(ruleset):
    text = "The corrupt, disgraceful regime's thugs unleashed a vicious assault."
    record = {"id": "p", "text": text, "spans": [span("Loaded_Language", "vicious assault", text),
                                                 span("Name_Calling,Labeling", "thugs", text),
                                                 span("Doubt", "regime", text)]}
    report = evaluate_loaded([record], ruleset)
    assert report.task == "loaded"
    assert list(report.figures) == ["loaded"]
    score = report.figures["loaded"]
    assert score.gold == 2  # other labels are not gold
    assert score.predicted == sum(r.predicted for r in report.rules)
    assert score.true_pred == sum(r.correct for r in report.rules)


# -- reports ----------------------------------------------------------------------------------

def test_to_json_sorts_rules_worst_first_and_rounds():
    report = EvalReport("loaded", 3, {"loaded": Score(3, 7, 1, 2)},
                        [RuleScore("good", 10, 9), RuleScore("bad", 10, 1), RuleScore("mid", 6, 3)], [])
    data = report.to_json()
    assert [r["rule"] for r in data["rules"]] == ["bad", "mid", "good"]
    assert data["figures"]["loaded"]["precision"] == 0.3333
    assert data["figures"]["loaded"]["recall"] == 0.2857


def test_format_text_lists_figures_and_worst_rules():
    report = EvalReport("loaded", 3, {"loaded": Score(3, 7, 1, 2)},
                        [RuleScore("good", 10, 9), RuleScore("bad", 10, 1), RuleScore("rare", 2, 0)], [])
    out = format_text(report, worst=1)
    assert "loaded" in out and "0.333" in out and "0.286" in out
    assert "worst rules" in out
    assert "bad" in out
    assert "good" not in out  # only `worst` rows
    assert "rare" not in out  # fewer than 5 predictions
    assert "textual" not in out


# -- read_eval_file ---------------------------------------------------------------------------

def test_read_eval_file_good_and_malformed_lines(tmp_path: Path):
    good = {"id": "a", "dataset": "t", "text": TEXT, "spans": [span("Cue", "said")], "meta": {}}
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(good) + "\n\n" + '{"id": "b", "text": \n', encoding="utf-8")
    items = list(read_eval_file(path))
    assert items[0] == good
    assert len(items) == 2
    error = items[1]
    assert isinstance(error, str)
    assert error.startswith(f"{path}:3:")


@pytest.mark.parametrize("line, why", [
    ('[1, 2]', "object"),
    ('{"id": "a", "text": 3, "spans": []}', "text"),
    ('{"id": "a", "text": "abc", "spans": {}}', "spans"),
    ('{"id": "a", "text": "abc", "spans": [7]}', "spans[0]"),
    ('{"id": "a", "text": "abc", "spans": [{"start": "0", "end": 2, "label": "Cue"}]}', "integer"),
    ('{"id": "a", "text": "abc", "spans": [{"start": 1, "end": 9, "label": "Cue"}]}', "inside"),
    ('{"id": "a", "text": "abc", "spans": [{"start": 2, "end": 1, "label": "Cue"}]}', "inside"),
])
def test_read_eval_file_bad_records_are_errors(tmp_path: Path, line: str, why: str):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    (item,) = list(read_eval_file(path))
    assert isinstance(item, str) and item.startswith(f"{path}:1:") and why in item


def test_read_eval_file_never_raises(tmp_path: Path):
    path = tmp_path / "odd.jsonl"
    path.write_bytes(b'\xff\xfe garbage\n' + b'[' * 100000 + b'\n')
    items = list(read_eval_file(path))
    assert len(items) == 2 and all(isinstance(i, str) for i in items)
    (missing,) = list(read_eval_file(tmp_path / "missing.jsonl"))
    assert isinstance(missing, str) and "missing.jsonl:1:1" in missing


DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "attribution_dev.jsonl"


@pytest.mark.skipif(not DEV.exists(), reason="shared evaluation data not present")
def test_dev_file_reads_cleanly():
    first = next(iter(read_eval_file(DEV)))
    assert isinstance(first, dict) and first["text"]


def test_attribution_patterns_are_ranked_by_precision(ruleset):
    # one attribution by each of two patterns: the first right (cue and source gold), the second
    # with a gold cue but a source the annotator did not mark
    text = "The talks stalled, the minister said. “The deal is dead,” said Kim."
    record = {"id": "p", "text": text, "spans": [
        span("Cue", "said", text), span("Source", "the minister", text),
        {"start": text.index("said Kim"), "end": text.index("said Kim") + 4, "label": "Cue"}]}
    report = evaluate_attribution([record], ruleset)
    assert [(p.rule, p.predicted, p.correct) for p in report.patterns] == [
        ("inverted", 1, 0), ("subject_verb", 1, 1)]
    assert report.to_json()["patterns"] == [
        {"pattern": "inverted", "predicted": 1, "correct": 0, "precision": 0.0},
        {"pattern": "subject_verb", "predicted": 1, "correct": 1, "precision": 1.0}]
    out = format_text(report)
    assert "attribution patterns by precision" in out
    assert out.index("inverted") < out.index("subject_verb")


def test_loaded_reports_have_no_patterns(ruleset):
    record = {"id": "p", "text": "The thugs attacked.", "spans": []}
    report = evaluate_loaded([record], ruleset)
    assert report.patterns == [] and "patterns" not in report.to_json()
    assert "attribution patterns" not in format_text(report)
