"""Sentences, lines and tokens, each with character offsets into the article text."""

from __future__ import annotations

import pytest

from dashboard.engine.text import Tokens, split_lines, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text, 0, len(text))]


@pytest.mark.parametrize(("text", "expected"), [
    # "U.S." inside a sentence is an abbreviation, not a full stop
    ("The U.S. military said it was ready. China disagreed.",
     ["The U.S. military said it was ready.", "China disagreed."]),
    # titles before names
    ("Mr. Kim met Dr. Lee and Gen. Park. They talked.",
     ["Mr. Kim met Dr. Lee and Gen. Park.", "They talked."]),
    # U.N. and D.C. as in the seed articles
    ("U.S.-led U.N. forces supported South Korea. The war ended in 1953.",
     ["U.S.-led U.N. forces supported South Korea.", "The war ended in 1953."]),
    ("Officials met in Washington, D.C. on Monday.", ["Officials met in Washington, D.C. on Monday."]),
    # an initial in a name
    ("John F. Kennedy spoke. Then he left.", ["John F. Kennedy spoke.", "Then he left."]),
    # a full stop followed by an opening curly quote starts a new sentence (seed 000)
    ("“The world has changed,” Xi said. “I wish to lead bilateral relations.”",
     ["“The world has changed,” Xi said.", "“I wish to lead bilateral relations.”"]),
    ("Xi said. “I wish to lead,” he added.", ["Xi said.", "“I wish to lead,” he added."]),
    # a closing quote after the full stop belongs to the sentence it closes
    ('He said "we are ready." Then he left.', ['He said "we are ready."', "Then he left."]),
    # ! and ? end sentences; decimals do not
    ("Prices rose 3.5 percent. Wages fell! Why? Nobody knows.",
     ["Prices rose 3.5 percent.", "Wages fell!", "Why?", "Nobody knows."]),
    # a lowercase word after a full stop does not start a sentence
    ("The talks resumed at 3 p.m. on Monday.", ["The talks resumed at 3 p.m. on Monday."]),
    # a full stop at the very end, and surrounding whitespace trimmed
    ("  One sentence only.  ", ["One sentence only."]),
    # punctuation alone is not a sentence
    ("... ---", []),
])
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentence_offsets_are_into_the_whole_text() -> None:
    text = "Headline\n\nFirst one. Second one.\n"
    start = text.index("First")
    end = text.index("\n", start)
    spans = split_sentences(text, start, end)
    assert [(s.start, s.end) for s in spans] == [(start, start + 10), (start + 11, end)]
    assert [text[s.start:s.end] for s in spans] == ["First one.", "Second one."]


def test_tokens_offsets_and_possessives() -> None:
    text = "China’s Xinhua said U.S.-led talks can’t wait, Kim's aide said."
    tokens = Tokens(text)
    for start, end, token in zip(tokens.starts, tokens.ends, tokens.texts):
        assert text[start:end] == token
    assert tokens.texts[:4] == ["China", "’s", "Xinhua", "said"]  # the possessive is its own token
    assert "can’t" in tokens.texts  # a contraction stays whole
    assert tokens.texts[tokens.texts.index("Kim"):tokens.texts.index("Kim") + 3] == ["Kim", "'s", "aide"]
    assert tokens.lowers[1] == "'s"  # curly apostrophe normalised in the lowercase form
    assert len(tokens) == len(tokens.texts) == len(tokens.starts) == len(tokens.ends)


def test_tokens_of_a_range_keep_absolute_offsets() -> None:
    text = "Ignored words. Kim said so."
    start = text.index("Kim")
    tokens = Tokens(text, start)
    assert tokens.texts == ["Kim", "said", "so", "."]
    assert tokens.starts[0] == start


def test_tokens_of_non_ascii_text() -> None:
    text = "Zürich’s naïve café owner — “Montréal” — said so."
    tokens = Tokens(text)
    assert {"Zürich", "naïve", "café", "Montréal"} <= set(tokens.texts)
    for start, end, token in zip(tokens.starts, tokens.ends, tokens.texts):
        assert text[start:end] == token


@pytest.mark.parametrize(("text", "expected"), [
    ("a\nb", ["a", "b"]),
    ("a\r\nb\r\n", ["a", "b", ""]),
    ("a\rb\n\nc", ["a", "b", "", "c"]),
    ("", [""]),
])
def test_split_lines(text: str, expected: list[str]) -> None:
    lines = split_lines(text)
    assert [text[line.start:line.end] for line in lines] == expected
    assert all(line.furniture is None for line in lines)
