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
    # The end of a relative clause ("to be named") is no subject: the source is the phrase it is about.
    pytest.param("A diplomat who asked not to be named said the talks had failed.",
                 Want("said", "A diplomat who asked not to be named", None, vague=True, content="the talks had failed"),
                 id="relative-clause-subject"),
    pytest.param("The state officials whose laws have been invalidated say the ruling is wrong.",
                 Want("say", "The state officials whose laws have been invalidated", None),
                 id="whose-clause-subject"),
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
    # a phrase that merely contains an outlet's name is about something else: the clips, the poll,
    # the interview; the outlet itself, its news agency or its own report still resolve
    pytest.param("CCTV clips showed the troops crossing the river.",
                 Want("showed", "CCTV clips", None), id="outlet-modifier-clips"),
    pytest.param("A Bloomberg interview showed that he was angry.",
                 Want("showed", "A Bloomberg interview", None), id="outlet-modifier-fuzzy"),
    pytest.param("A CNN poll found that most voters oppose the plan.",
                 Want("found", "A CNN poll", None), id="outlet-modifier-poll"),
    pytest.param("CCTV reported that the troops crossed the river.", Want("reported", "CCTV", "cctv"),
                 id="outlet-cctv"),
    pytest.param("The talks failed, the Reuters news agency reported.",
                 Want("reported", "the Reuters news agency", "reuters"), id="outlet-news-agency"),
    pytest.param("A Washington Post analysis found that most donors were men.",
                 Want("found", "A Washington Post analysis", "washington-post"), id="outlet-own-analysis"),
    # an organisation's spokesman speaks for it
    pytest.param("White House press secretary Josh Earnest said the talks failed.",
                 Want("said", "White House press secretary Josh Earnest", "white-house"), id="organisation-spokesman"),
    # an inverted source that goes on after its noun ("one owner of a shop", "an official who ...")
    pytest.param("“We were lied to,” said one owner of a shop that sells shoes.",
                 Want("said", "one owner", None), id="inverted-source-of"),
    pytest.param("The email was sent in error, said an official who spoke on condition of anonymity.",
                 Want("said", "an official", None, vague=True), id="inverted-source-who"),
    # "said, adding that ...": what follows belongs to "adding"; the quote before is what was said
    pytest.param("“We will win,” Cruz said, adding that Trump was wrong.",
                 Want("said", "Cruz", None, content="“We will win,”"), id="said-adding-quote"),
    pytest.param("“We will win,” Cruz said, adding that Trump was wrong.",
                 Want("adding", "Cruz", None, content="Trump was wrong"), id="said-adding-adding"),
    # a quote closed before the source is what was said, whatever follows the verb
    pytest.param("“It improved communications,” Powell’s office said in a statement on Monday.",
                 Want("said", "Powell’s office", None, content="“It improved communications,”"),
                 id="quote-then-said-in"),
    # a subject too long to be an apposition, then ", said that ..." or ", said, “...”": the
    # content follows the verb, the name opening the sentence is the source
    pytest.param("Gov. John Kasich (R-OH), after winning the Ohio primary on Tuesday, said, “I’m getting ready.”",
                 Want("said", "Gov. John Kasich", None, content="“I’m getting ready.”"), id="long-subject-quote"),
    pytest.param("Jason Sorens, the founder of a project that encourages libertarians to move to New Hampshire "
                 "from other states, said that he had seen a change.",
                 Want("said", "Jason Sorens", None, content="he had seen a change"), id="long-subject-that"),
    pytest.param("Democrats — and some Republicans — say that Trump is alienating voters.",
                 Want("say", "Democrats", None, content="Trump is alienating voters"), id="long-subject-dashes"),
    # a sentence opening with "And", "Then", "Still," before its subject: the subject is the source
    pytest.param("Then Graham called Trump crazy and said the party would lose.",
                 Want("said", "Graham", None, content="the party would lose"), id="leading-then"),
    # contractions: "don't" is no part of the subject, "we've" is a pronoun
    pytest.param("Most Republicans don't believe the plan works.", Want("believe", "Most Republicans", None),
                 id="subject-dont"),
    pytest.param("Voters hope they'd agree that the plan works.", Want("agree", "they'd", None),
                 id="pronoun-contraction"),
    # "issued a statement calling for ...": the statement's makers are the source
    pytest.param("Hours later, the senators issued a statement calling on the party to unite.",
                 Want("calling on", "the senators", None, content="the party to unite"), id="statement-calling"),
    # a time between subject and verb is not the subject
    pytest.param("Beck, who supported Cruz, last week said the party was lost.",
                 Want("said", "Beck", None, content="the party was lost"), id="last-week-said"),
    pytest.param("The governor on Monday said the party was lost.",
                 Want("said", "The governor", None, content="the party was lost"), id="on-monday-said"),
    # poll figures as speakers: a number that "said they ..." is a subject, whole ("21,000", "six in 10")
    pytest.param("On economic issues, 42% say they are liberal.", Want("say", "42%", None), id="percent-say"),
    pytest.param("More than six in 10 said they were not looking forward to the campaign.",
                 Want("said", "six in 10", None), id="n-in-m-said"),
    pytest.param("Since June, 21,000 said they would run for office.", Want("said", "21,000", None),
                 id="thousands-said"),
    # a pronoun is a source but never a known one
    pytest.param("He said the talks would resume.", Want("said", "He", None), id="pronoun"),
    # a vague source noun phrase makes the attribution vague
    pytest.param("Some experts say the talks will resume.", Want("say", "Some experts", None, vague=True),
                 id="vague-some-experts"),
    # "reported" used as an adjective ("the reported cases") is not a cue
    pytest.param("The reported cases rose sharply last week.", None, id="participle-adjective"),
    # a participle after a quantifier or a number, before a noun, is an adjective too
    pytest.param("She will have the most pledged delegates by June.", None, id="quantifier-participle"),
    pytest.param("Clinton leads with 1,237 pledged delegates.", None, id="number-participle"),
    # "according to plan": a plain noun cannot be a source
    pytest.param("The project went according to plan.", None, id="according-to-plan"),
    # a reporting verb with no reported statement ("claimed three lives")
    pytest.param("The storm claimed three lives.", None, id="claimed-lives"),
    # titles, abbreviations and middle initials are part of the source's name, on either side of the verb
    pytest.param("Rep. Ronald R. Smith, a Democrat from Ohio, said the bill would fail.",
                 Want("said", "Rep. Ronald R. Smith", None, content="the bill would fail"), id="title-apposition"),
    pytest.param("The bill would fail, said Rep. Ronald R. Smith, a Democrat from Ohio.",
                 Want("said", "Rep. Ronald R. Smith", None, content="The bill would fail"), id="title-inverted"),
    pytest.param("Mr. Trump said on Jan. 5 that he would win.",
                 Want("said", "Mr. Trump", None, content="he would win"), id="abbreviated-date-before-that"),
    # a relative clause: the noun before "who" is the speaker, whether or not a comma opens the clause
    pytest.param("Rep. Jim Jordan, who said the bill would fail, left early.",
                 Want("said", "Rep. Jim Jordan, who", None), id="relative-after-comma"),
    pytest.param("Polls that show him leading are wrong.", Want("show", "Polls that", None), id="relative-plural"),
    # "that" before a noun or a gerund does not open a relative clause
    pytest.param("He had to keep that promise to voters.", None, id="that-determiner"),
    # non-speech senses, told by what follows the cue: an aspectual verb before a plain infinitive or
    # object, "add to", "appear" in a place; but "continued to insist" is still speech
    pytest.param("The two nations have continued to support each other.", None, id="continued-to-support"),
    pytest.param("Many legislators have continued their crackdown on China.", None, id="continued-object"),
    pytest.param("Sanders continued to insist that he would win.",
                 Want("continued", "Sanders", None, content="he would win"), id="continued-to-insist"),
    pytest.param("Clinton is adding to her lead in the South.", None, id="adding-to"),
    pytest.param("The senator appeared on television on Monday.", None, id="appeared-on"),
    # a cue rule's `not_after`: after "in" a gerund names an action ("in defending"), but the
    # same verb after its subject still reports a position
    pytest.param("The treaty is stronger than before in defending the socialist cause.", None, id="in-defending"),
    pytest.param("Christie defended his record on Monday.",
                 Want("defended", "Christie", None), id="defended-record"),
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


def test_the_topic_of_a_question_is_not_its_speaker(ruleset: RuleSet) -> None:
    # "Asked about Trump, ...": Trump is what the congressman was asked about; the words are his
    found = attributions("Asked about Trump, Rep. Ronald Smith said the president was dangerous.", ruleset)
    assert [a["source"] for a in found] == ["Rep. Ronald Smith"]
    assert found[0]["content"] == "the president was dangerous"


def test_an_attribution_with_no_source_is_vague() -> None:
    """The contract: `vague` is true when the attribution has no source ("is expected to"):
    the reader is not told who holds the view, and vague_attributions counts it."""
    text = "The country's leaders are expected to seek out support from China this year."
    analysis = analyse(Article(id="x", text=text), load_rules())
    assert [(text[a.cue.start:a.cue.end], a.source, a.vague) for a in analysis.attributions] == [
        ("expected", None, True)]
    assert analysis.metrics["vague_attributions"] == 1
