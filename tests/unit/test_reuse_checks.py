"""The reuse checks (rules/reuse.yaml, engine/reuse/checks.py): each fires on the derivative at the
line and column of what it is about, by the threshold and severity of its rule, and not at all on
articles that are not reuse."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.engine.reuse import compare
from dashboard.engine.reuse.checks import reuse_findings
from dashboard.engine.ruleset import RuleSet
from dashboard.runtime.rulepacks import load_rules

BODY = ["The central bank raised its main interest rate by half a point on Tuesday to fight inflation.",
        "The governor said prices were rising faster than wages in every region of the country.",
        "Economists had expected a smaller rise after three months of weak retail sales.",
        "The currency gained two percent against the dollar after the announcement."]
LAST = "The bank will publish its next forecast in March."
XINHUA = ["The leaders of the two countries exchanged warm messages on the anniversary of their treaty.",
          "The president pledged to deepen economic cooperation between the two nations{credit}.",
          "The talks covered trade, energy and the security of the shared border region.",
          "Both sides agreed to meet again in the capital before the end of the year."]


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_rules(model=False)


def _findings(ruleset: RuleSet, origin: str, derivative: str, rule_id: str, *, line: int = 1,
              path: str | None = None, **changes: object) -> list:
    rule = ruleset.by_id[rule_id].replace(**changes)
    a = analyse(Article("origin", origin), ruleset)
    b = analyse(replace(Article("copy", derivative, path=path), line=line), ruleset)
    return reuse_findings(compare(a, b), a, b, ruleset, [rule])  # type: ignore[list-item]


def test_wire_copy_without_credit_is_found_at_the_first_sentence_taken(ruleset: RuleSet) -> None:
    origin = "\n".join(["Reuters", *BODY, LAST])
    copy = "Markets\n\n" + "\n".join(BODY)
    [f] = _findings(ruleset, origin, copy, "uncredited-wire-copy")
    assert (f.check, f.severity, f.line, f.column) == ("uncredited-wire-copy", "warning", 3, 1)
    assert "origin" in f.message and "Reuters" in f.message and "{" not in f.message


def test_copy_of_an_article_not_known_to_be_wire_copy_is_not_that_finding(ruleset: RuleSet) -> None:
    assert not _findings(ruleset, "\n".join([*BODY, LAST]), "\n".join(BODY), "uncredited-wire-copy")


def test_a_partial_credit_is_found_at_the_credit_by_the_rule_threshold(ruleset: RuleSet) -> None:
    origin = "\n".join([*BODY, LAST])
    copy = "\n".join([BODY[0][:-1] + ", the Associated Press reported.", *BODY[1:]])
    [f] = _findings(ruleset, origin, copy, "partial-wire-credit")  # 1 of 4 sentences credited, < 0.5
    assert (f.line, f.column) == (1, copy.index("the Associated Press") + 1)
    assert f.value == 0.25 and "25%" in f.message
    assert not _findings(ruleset, origin, copy, "partial-wire-credit", threshold=0.25)
    [f] = _findings(ruleset, origin, copy, "partial-wire-credit", severity="error")
    assert f.severity == "error"


def test_a_dropped_xinhua_attribution_is_found_on_the_rewritten_sentence(ruleset: RuleSet) -> None:
    origin = "\n".join(XINHUA).format(credit=", Xinhua News Agency reported")
    rewrite = "\n".join(XINHUA).format(credit="")
    [f] = _findings(ruleset, origin, rewrite, "state-media-laundered")
    assert (f.line, f.column) == (2, 1)
    assert f.message.startswith("Xinhua News Agency \u2192 no one")
    # Kept in the rewrite: nothing to report.
    assert not _findings(ruleset, origin, origin.replace("Xinhua News Agency reported", "Xinhua said"),
                         "state-media-laundered")


def test_a_jsonl_record_is_pointed_at_by_its_line(ruleset: RuleSet) -> None:
    origin = "\n".join(XINHUA).format(credit=", Xinhua News Agency reported")
    [f] = _findings(ruleset, origin, "\n".join(XINHUA).format(credit=""), "state-media-laundered",
                    line=7, path="corpus.jsonl")
    assert (f.line, f.column) == (7, 1)


def test_articles_that_are_not_reuse_get_no_findings(ruleset: RuleSet) -> None:
    unrelated = "The library will open on Sundays, the mayor said. Volunteers run a reading club."
    for rule_id in ("uncredited-wire-copy", "partial-wire-credit", "state-media-laundered"):
        assert not _findings(ruleset, "\n".join(["Reuters", *BODY, LAST]), unrelated, rule_id)


BAD_PACK = """\
kind: reuse
rules:
  - id: half-credit
    description: A wire credited for too little.
    test: partial-credits
    threshold: 1.5
    severity: warning
    message: "{credit}"
    examples:
      match: ["a\\n---\\nb"]
"""


def test_a_reuse_rule_is_validated_at_its_keys(tmp_path) -> None:
    from dashboard.runtime.rulepacks import RuleErrors

    (tmp_path / "reuse.yaml").write_text(BAD_PACK, encoding="utf-8")
    with pytest.raises(RuleErrors) as caught:
        load_rules([tmp_path], include_default=False)
    messages = sorted(str(e) for e in caught.value.errors)
    assert any(":5:11: test: expected one of" in m and "did you mean 'partial-credit'?" in m for m in messages)
    assert any(":6:16: threshold: expected a share from 0 to 1, got 1.5" in m for m in messages)
