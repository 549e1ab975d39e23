"""Direct quotes and their speakers, across sentences and paragraphs."""

from __future__ import annotations

import pytest

from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules()


def _quotes(text: str) -> list[tuple[str, str | None]]:
    analysis = analyse(Article(id="q", text=text), RULESET)
    return [(text[q.span.start:q.span.end], q.speaker and text[q.speaker.start:q.speaker.end])
            for q in analysis.quotes]


@pytest.mark.parametrize(("text", "want"), [
    # speaker in the same sentence, curly quotes
    ("“We will not give up,” the minister said.", [("“We will not give up,”", "the minister")]),
    # straight quotes, speaker named before the colon-less quote
    ('Kim said the treaty "is stronger than ever."', [('"is stronger than ever."', "Kim")]),
    # a second quoted sentence takes the speaker of the sentence before it
    ("“The world is changing,” Xi said. “I wish to lead relations to new levels.”",
     [("“The world is changing,”", "Xi"), ("“I wish to lead relations to new levels.”", "Xi")]),
    # a quote opening a paragraph whose speaker is named in the next sentence
    ("“This is the end of an era.” So said the mayor, Anne Hidalgo, on Monday.",
     [("“This is the end of an era.”", "the mayor")]),
    # a quote left open runs to the end of its paragraph, and the next paragraph's quote goes on
    # in the same voice, as news style does across paragraphs
    ("Smith said: “The first part of the plan is done.\n\n“The second part comes next year.”",
     [("“The first part of the plan is done.", "Smith"), ("“The second part comes next year.”", "Smith")]),
])
def test_quote_speakers(text: str, want: list[tuple[str, str | None]]) -> None:
    assert _quotes(text) == want


def test_cues_inside_a_quote_are_the_quoted_speakers_not_the_articles() -> None:
    text = "“I think we will win,” the senator said."
    analysis = analyse(Article(id="q", text=text), RULESET)
    assert [text[a.cue.start:a.cue.end] for a in analysis.attributions] == ["said"]


# -- speakers across sentences and paragraphs (issue 12) ----------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    # a speech tag splitting a quote: both halves are the pronoun's
    ('"The plan is dead," he says, "and nobody will revive it."',
     [('"The plan is dead,"', "he"), ('"and nobody will revive it."', "he")]),
    # a tag after a quote that ends with a question mark or an exclamation mark: a sentence of
    # its own for the splitter, and no attribution (no content beside the verb)
    ('"Why would anyone want to hurt our son?" Kim said. The police came later.',
     [('"Why would anyone want to hurt our son?"', "Kim")]),
    ("“Not us but can’t argue with it!” Murphy, the head of Right to Rise USA, tweeted on Friday.",
     [("“Not us but can’t argue with it!”", "Murphy")]),
    # a pronoun tag: the speaker is the pronoun as written (another stage resolves it)
    ('"We will appeal the ruling," she added.', [('"We will appeal the ruling,"', "she")]),
    # the speaker in the sentence before, and in the sentence after
    ('Smith was blunt. "We have lost the vote and we know why."',
     [('"We have lost the vote and we know why."', "Smith")]),
    ('"We have lost the vote and we know why."\n\nThat was how Smith put it.',
     [('"We have lost the vote and we know why."', "Smith")]),
    # a name line after a pull quote
    ('"We are going to enter the next recession without that consensus."\n\n'
     "- Josh Bivens, Economic Policy Institute.",
     [('"We are going to enter the next recession without that consensus."', "Josh Bivens")]),
    # a quote paragraph left open, the next opening again, the tag at the end of the run
    ("“The first part of the plan is done.\n\n“The second part comes next year,” Smith said.",
     [("“The first part of the plan is done.", "Smith"), ("“The second part comes next year,”", "Smith")]),
    # a quote paragraph after a tagged one goes on in the same voice
    ('"We will build a great wall!" he said to an enormous cheer.\n\n'
     '"And Mexico will pay for the wall. They don\'t know it yet."',
     [('"We will build a great wall!"', "he"), ('"And Mexico will pay for the wall. They don\'t know it yet."', "he")]),
    # a lead-in with an apposition before the verb
    ("In a statement, her senior policy adviser, Jake Sullivan, said: “Clinton believes that "
     "cooperation is essential.”",
     [("“Clinton believes that cooperation is essential.”", "Jake Sullivan")]),
    # a speaker after the verb, with what describes it
    ("“The drop is directly attributable to the emails,” said a person close to the Clintons.",
     [("“The drop is directly attributable to the emails,”", "a person close to the Clintons")]),
    # a name whose first word is also a word of the language, and a tag with abbreviations in it
    ('"It\'s a pretty expensive business model," said Will Doyle, a professor.',
     [('"It\'s a pretty expensive business model,"', "Will Doyle")]),
    ('"Let me make it perfectly clear," Senate Majority Leader Mitch McConnell, R-Ky., said. '
     '"That is not the view of Republicans."',
     [('"Let me make it perfectly clear,"', "Senate Majority Leader Mitch McConnell"),
      ('"That is not the view of Republicans."', "Senate Majority Leader Mitch McConnell")]),
    # a lead-in naming the speaker just before its colon
    ("The timing does not surprise Republican pollster Daron Shaw: “Lesser-known candidates "
     "often see the biggest boost.”",
     [("“Lesser-known candidates often see the biggest boost.”", "Republican pollster Daron Shaw")]),
])
def test_speakers_across_sentences_and_paragraphs(text: str, want: list[tuple[str, str | None]]) -> None:
    assert _quotes(text) == want


@pytest.mark.parametrize(("text", "want"), [
    # straight and curly marks mixed, as news copy does: the quote closes at the other mark
    ('“It\'s unusual," said Larry Noble. "It\'s a hard thing to do and pull off."',
     [('“It\'s unusual,"', "Larry Noble"), ('"It\'s a hard thing to do and pull off."', "Larry Noble")]),
    ("“It's unusual,“ said Larry Noble, an attorney.", [("“It's unusual,“", "Larry Noble")]),
    # a curly pair inside a straight one does not close it
    ('Ward said: "This is Lynch suing the state for its “Bathroom Bill,” which is about privacy."',
     [('"This is Lynch suing the state for its “Bathroom Bill,” which is about privacy."', "Ward")]),
])
def test_quotes_closed_by_the_other_kind_of_mark(text: str, want: list[tuple[str, str | None]]) -> None:
    assert _quotes(text) == want


def test_a_word_after_a_quoted_term_is_not_its_speech_tag() -> None:
    # "denounced her record": a verb after the quote, but its object is no speaker
    text = "The senator summed up the rival as “terrible,” denounced her record and left."
    assert _quotes(text) == [("“terrible,”", None)]


@pytest.mark.parametrize("text", [
    'The minister called the plan a "historic step" for the region.',  # three words or fewer
    'The so-called "peace dividend for the whole region" never came.',  # named, not said
    'The bill, dubbed "Obamacare for every single American", failed.',
    'The movie, "13 Hours: The Secret Soldiers of Benghazi," is based on a book.',  # a title
    '<tweet author="@cspan">Giuliani wears a hat<tweet/>',  # markup a page left in
])
def test_quoted_terms_are_not_unattributed_quotes(text: str) -> None:
    analysis = analyse(Article(id="q", text=text), RULESET)
    assert analysis.quotes  # still direct quotes
    assert analysis.metrics["unattributed_quotes"] == 0


def test_a_quote_with_no_speaker_anywhere_is_unattributed() -> None:
    text = 'The plan was discussed at length. "This will change everything for the region."'
    analysis = analyse(Article(id="q", text=text), RULESET)
    assert [q.speaker for q in analysis.quotes] == [None]
    assert analysis.metrics["unattributed_quotes"] == 1


@pytest.mark.parametrize(("text", "want"), [
    # a quote inside a sentence whose subject is a named person, with no cue the rules know
    ("Sanders credited Clinton's victory to “a closed primary, something I am not all that "
     "enthusiastic about.”",
     [("“a closed primary, something I am not all that enthusiastic about.”", "Sanders")]),
    # a sentence adverb is no subject
    ("Specifically, “that the white working class has been victimized by outside forces.”",
     [("“that the white working class has been victimized by outside forces.”", None)]),
])
def test_the_subject_of_the_quotes_sentence(text: str, want: list[tuple[str, str | None]]) -> None:
    assert _quotes(text) == want


def test_an_adverb_after_the_tag_verb() -> None:
    text = ('"I am calling from the Clinton campaign. How are you today?" Miller, a retired worker '
            "from a nuclear plant, said pleasantly into the phone.")
    assert _quotes(text) == [('"I am calling from the Clinton campaign. How are you today?"', "Miller")]


def test_the_speaker_not_the_outlet_that_reports_the_speaker() -> None:
    text = ("Xi said in his message that China and North Korea have “unswervingly supported each "
            "other,” according to China’s official Xinhua News Agency.")
    assert _quotes(text) == [("“unswervingly supported each other,”", "Xi")]


@pytest.mark.parametrize("text", [
    "In a later tweet he took credit for “being right on radical Islamic terrorism all along.”",
    "The letter called on people to “remember the campaigns that ended with millions dead.”",
    "Or maybe his act—“My tax plan will be a tremendous plan!”—is simply wearing thin.",
])
def test_a_quote_woven_into_the_authors_sentence_is_not_unattributed(text: str) -> None:
    """The sentence itself tells whose words they are; only a quote that stands on its own and
    has no speaker leaves a reader guessing."""
    analysis = analyse(Article(id="q", text=text), RULESET)
    assert analysis.quotes
    assert analysis.metrics["unattributed_quotes"] == 0


def test_a_short_quote_with_a_speech_tag_lends_its_speaker_to_the_next_quote() -> None:
    text = ("“It's unusual,“ said Larry Noble, an attorney with the Campaign Legal Center. "
            "“It's a hard thing to do and pull off without stepping over one line or another.”")
    assert [speaker for _, speaker in _quotes(text)] == ["Larry Noble", "Larry Noble"]
