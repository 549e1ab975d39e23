"""Attribution: cue, source and content of reported statements, and which known source it is."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.engine.ruleset import RuleSet
from dashboard.runtime.rulepacks import load_rules


@dataclass(frozen=True)
class Want:
    """The attribution expected in a sentence (None fields are not checked)."""

    cue: str
    source: str | None
    source_id: str | None = None
    vague: bool = False
    content: str | None = None


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_rules(model=False)  # the rules alone (the learned layer: test_learned.py)


def attributions(text: str, ruleset: RuleSet) -> list[dict]:
    analysis = analyse(Article(id="case", text=text), ruleset)

    def cut(span):
        return None if span is None else text[span.start:span.end]

    return [{"cue": cut(a.cue), "source": cut(a.source), "source_id": a.source_id,
             "source_kind": a.source_kind, "vague": a.vague, "content": cut(a.content)}
            for a in analysis.attributions]


CASES = [
    # "X said": the source is the subject, left of the verb; the content is what follows
    pytest.param("Kim Jong Un said the treaty was strong.",
                 Want("said", "Kim Jong Un", None, content="the treaty was strong"), id="x-said"),
    # "X said" with a known source as the subject
    pytest.param("Reuters said the talks had stalled.", Want("said", "Reuters", "reuters"), id="outlet-said"),
    # inverted order after a closing quote: the source follows the verb, the quote is the content
    pytest.param("“The treaty is strong,” said Kim.",
                 Want("said", "Kim", None, content="“The treaty is strong,”"), id="inverted-curly"),
    pytest.param('"The treaty is strong," said Kim.', Want("said", "Kim", None), id="inverted-straight"),
    # "according to X": the source is the noun phrase after the cue, the content before it
    pytest.param("The treaty is strong, according to Kim Jong Un.",
                 Want("according to", "Kim Jong Un", None, content="The treaty is strong"), id="according-to"),
    # an apposition between source and verb: the source is X, not Y
    pytest.param("John Smith, a spokesman for the ministry, said the talks would resume.",
                 Want("said", "John Smith", None, content="the talks would resume"), id="apposition"),
    # a descriptive phrase around an alias resolves to the source (seed 000)
    pytest.param("The talks will resume, the state-run Korean Central News Agency said.",
                 Want("said", "the state-run Korean Central News Agency", "kcna"), id="kcna-state-run"),
    pytest.param("China and North Korea supported each other, according to China’s official Xinhua News Agency.",
                 Want("according to", "China’s official Xinhua News Agency", "xinhua"), id="xinhua-possessive"),
    # a small misspelling of a long name resolves by fuzzy matching
    pytest.param("The talks will resume, Xinhau News Agency reported.",
                 Want("reported", "Xinhau News Agency", "xinhua"), id="xinhua-misspelt"),
    # a domain resolves to the outlet that registered it
    pytest.param("The talks will resume, reuters.com reported.",
                 Want("reported", "reuters.com", "reuters"), id="domain"),
    # all-caps alias in capitals
    pytest.param("Troops massed at the border, the AP reported.", Want("reported", "the AP", "ap"), id="ap-caps"),
    # "the economist" in lower case is a person's job, not The Economist magazine
    pytest.param("The talks will resume, the economist said.",
                 Want("said", "the economist", None), id="economist-lowercase"),
    pytest.param("The talks will resume, The Economist said.",
                 Want("said", "The Economist", "economist"), id="economist-capitalised"),
    # a pronoun is a source but never a known one
    pytest.param("He said the talks would resume.", Want("said", "He", None), id="pronoun"),
    # a vague source noun phrase makes the attribution vague
    pytest.param("Some experts say the talks will resume.", Want("say", "Some experts", None, vague=True),
                 id="vague-some-experts"),
    # "reported" used as an adjective ("the reported cases") is not a cue
    pytest.param("The reported cases rose sharply last week.", None, id="participle-adjective"),
    # "according to plan": a plain noun cannot be a source
    pytest.param("The project went according to plan.", None, id="according-to-plan"),
    # a reporting verb with no reported statement ("claimed three lives")
    pytest.param("The storm claimed three lives.", None, id="claimed-lives"),
    # "United States" is not the verb "state"
    pytest.param("The United States imposed new sanctions on Monday.", None, id="united-states"),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_attribution(ruleset: RuleSet, text: str, want: Want | None) -> None:
    found = attributions(text, ruleset)
    if want is None:
        assert found == []
        return
    matching = [a for a in found if a["cue"] == want.cue]
    assert matching, f"no attribution with cue {want.cue!r}: {found}"
    got = matching[0]
    assert got["source"] == want.source, found
    assert got["source_id"] == want.source_id, found
    assert got["vague"] is want.vague, found
    if want.content is not None:
        assert got["content"] == want.content, found


def test_according_to_plan_does_not_hide_a_real_attribution(ruleset: RuleSet) -> None:
    found = attributions("Everything went according to plan, officials said.", ruleset)
    assert [(a["cue"], a["source"]) for a in found] == [("said", "officials")]


def test_source_kind_comes_from_the_source_rule(ruleset: RuleSet) -> None:
    kinds = {a["source_id"]: a["source_kind"] for a in attributions(
        "The leaders met, KCNA said. The talks were warm, Reuters reported. "
        "Sanctions followed, Yahoo News reported.", ruleset)}
    assert kinds == {"kcna": "state_media", "reuters": "wire", "yahoo-news": "aggregator"}


def test_vague_rules_flag_vague_sources_and_standalone_words(tmp_rules, in_tmp) -> None:
    """With a vague pack the engine marks vague sources and cue-less "reportedly"."""
    pack = tmp_rules("""
        kind: vague
        rules:
          - id: test-vague
            description: Vague sources used only by the tests.
            phrases: [experts, some experts, sources]
            standalone: [reportedly]
            examples:
              match: ["Some experts say the deal is close."]
        """)
    ruleset = load_rules([pack])
    [experts] = attributions("Some experts say the talks will resume.", ruleset)
    assert (experts["source"], experts["vague"], experts["source_id"]) == ("Some experts", True, None)
    [sources] = attributions("The deal is close, sources said.", ruleset)
    assert sources["vague"] is True
    [reportedly] = attributions("The deal was reportedly close.", ruleset)
    assert (reportedly["cue"], reportedly["source"], reportedly["vague"]) == ("reportedly", None, True)
    [named] = attributions("The deal is close, Reuters reported.", ruleset)
    assert named["vague"] is False


def test_spans_index_the_text(ruleset: RuleSet) -> None:
    text = ("In a message to Chinese President Xi Jinping, North Korean leader Kim Jong Un said it is "
            "“the fixed stand” of his government to “ceaselessly develop the friendly and cooperative "
            "relations” between the countries, the state-run Korean Central News Agency said.")
    analysis = analyse(Article(id="x", text=text), ruleset)
    assert {a.source_id for a in analysis.attributions} == {None, "kcna"}
    for a in analysis.attributions:
        for span in (a.cue, a.source, a.content):
            assert span is None or (a.sentence.start <= span.start < span.end <= a.sentence.end)
    # both quotes are assigned a speaker from their sentence
    assert len(analysis.quotes) == 2
    assert all(q.speaker is not None for q in analysis.quotes)
