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
