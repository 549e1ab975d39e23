"""`rules learn`: forms that mostly misfire are proposed for `except`, and except lists take effect."""

from __future__ import annotations

from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.learn import FormScore, exclusions, learn, with_exclusions
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules()


def _record(text: str, cue: str | None) -> dict:
    spans = []
    if cue is not None:
        start = text.index(cue)
        spans.append({"start": start, "end": start + len(cue), "label": "Cue", "text": cue})
    return {"id": text[:20], "text": text, "spans": spans}


def test_a_form_annotators_never_mark_is_proposed_and_a_good_one_is_kept() -> None:
    # "reported" is marked every time; "announced" never is, in six articles.
    records = [_record(f"Troops moved north on day {n}, Reuters reported.", "reported") for n in range(6)]
    records += [_record(f"The ministry announced that the fair opens on day {n}.", None) for n in range(6)]
    scores = {(s.rule, s.form): s for s in learn(records, RULESET, "attribution")}
    assert scores[("cue-report", "reported")].precision == 1.0
    assert scores[("cue-report", "announced")].precision == 0.0
    proposed = exclusions(scores.values(), RULESET)
    assert "announced" in proposed["cue-report"]
    assert "reported" not in proposed["cue-report"]


def test_rare_forms_are_not_judged() -> None:
    scores = [FormScore("cue-report", "announced", 0, 4)]
    assert exclusions(scores, RULESET, min_support=5) == {}


def test_except_list_stops_a_cue_form_from_matching() -> None:
    text = "The ministry announced that the border would reopen."
    before = analyse(Article(id="a", text=text), RULESET)
    after = analyse(Article(id="a", text=text), with_exclusions(RULESET, {"cue-report": ("announced",)}))
    assert [a.cue_rule for a in before.attributions] == ["cue-report"]
    assert after.attributions == []
