"""The engine's sentiment scores are VADER's own, sentence for sentence: engine/vaderport.py
ports polarity_scores, and these hold the two equal on the seeds, the annotated news, sentences
generated for each of VADER's rules and any text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.engine.sentiment import analyzer, polarity_scores
from dashboard.runtime.rulepacks import load_rules

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval" / "attribution_dev.jsonl"

# Each exercises one of VADER's rules: boosters, "kind of", "no", negation, capitals, "but",
# idioms, "least", punctuation emphasis, emoji (with and without spaces), emoticons, empty text.
CASES = [
    "", "   ", "The talks were very good.", "The talks were kind of good.", "It was no good at all.",
    "No problem, said the minister.", "It is not a bad deal.", "It was GREAT, the aide said.",
    "The plan is good but the timing is terrible.", "The deal was the bomb, she said.",
    "At least it was not the worst outcome.", "This is outrageous!!!", "Really??? Is it good?",
    "We love it 😍 and hate it😠.", "© 2021 All rights reserved.", "Great :) but sad :(",
    "Kim vowed to cut the head off the snake.", "They never, ever said it was awful.",
    "without a doubt, the least helpful response", "kind", "kind of", "no", "NO WAY, that's bad",
]


def _same(text: str) -> None:
    assert polarity_scores()(text) == analyzer().polarity_scores(text), text


@pytest.mark.parametrize("text", CASES)
def test_scores_equal_vader_on_its_special_cases(text: str) -> None:
    _same(text)


def test_scores_equal_vader_on_every_seed_sentence() -> None:
    rules = load_rules()
    sentences = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        article = Article(id=path.stem, text=path.read_text(encoding="utf-8"))
        sentences += [article.text[s.start:s.end] for s in analyse(article, rules).sentences]
    assert len(sentences) > 20
    for text in sentences:
        _same(text)


@pytest.mark.skipif(not EVAL.is_file(), reason="../shared/eval is not beside the repository")
def test_scores_equal_vader_on_annotated_news() -> None:
    rules = load_rules()
    with EVAL.open(encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(300), handle)]
    for record in records:
        article = Article(id="x", text=record["text"])
        for s in analyse(article, rules).sentences:
            _same(article.text[s.start:s.end])


# Sentences built for VADER's rules: each modifier (negations, "no ... or", "never so", "without
# doubt", "least", boosters and dampeners in capitals or not, "kind of", idioms' first words)
# before each word (lexicon words, capitals, idioms' last words, "no", "kind", emoticons), with
# tails that add "but", punctuation emphasis and emoji.
MODIFIERS = ["", "not", "Not", "NEVER", "never so", "never this", "no", "no or", "nor", "isn't", "mayn't",
             "without doubt", "without a doubt", "at least", "least", "the very least", "very",
             "VERY", "kind of", "sort of", "KIND OF", "just enough", "hardly", "the", "kiss of",
             "yeah", "bad", "no so", "cannot really", "uber"]
TARGETS = ["good", "GOOD", "GOOD!", "(BAD)", "bad", "BAD", "death", "bomb", "shit", "right", "ass", "no", "kind",
           "great", "doubt", "love", ":)", ":(", "die for", "heart", "stop"]
TAILS = ["", ".", " but it failed.", ", BUT it was terrible!!", " but but good??", "?? really",
         " :(", " 😍", "😠!", " and the least helpful", " kind of", " of death!!!!!"]
PREFIXES = ["", "The talks were", "Officials said it was", "NO", "bus", "beating", "to"]


def test_scores_equal_vader_on_sentences_built_for_its_rules() -> None:
    score, vader = polarity_scores(), analyzer()
    compared = 0
    for prefix in PREFIXES:
        for modifier in MODIFIERS:
            for target in TARGETS:
                for tail in TAILS:
                    text = " ".join(filter(None, (prefix, modifier, target))) + tail
                    assert score(text) == vader.polarity_scores(text), text
                    compared += 1
    assert compared > 40000


WORDS = st.sampled_from(["good", "bad", "not", "very", "kind", "of", "no", "but", "BAD", "GREAT",
                         "least", "the", "deal", "!", "?", "😍", ":)", "©", "never", "sort",
                         "or", "nor", "without", "doubt", "so", "this", "at", "isn't", "bomb",
                         "kiss", "death", "yeah", "right", "Kind", "OF", "But", "NOT", "VERY"])


@settings(max_examples=600, deadline=None)
@given(st.lists(WORDS, max_size=12).map(" ".join) | st.text(max_size=60))
def test_scores_equal_vader_on_any_text(text: str) -> None:
    _same(text)


def test_an_analyser_built_from_the_cached_lexicon_scores_as_a_fresh_one(monkeypatch, tmp_path) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from dashboard.runtime import vader

    monkeypatch.setenv("BIASDASH_CACHE_DIR", str(tmp_path))
    vader.cached_analyzer()  # parses the lexicon files and writes the cache
    assert list(tmp_path.glob("vader-*.json"))
    cached = vader.cached_analyzer()
    fresh = SentimentIntensityAnalyzer()
    assert cached.lexicon == fresh.lexicon and cached.emojis == fresh.emojis
    for text in CASES:
        assert cached.polarity_scores(text) == fresh.polarity_scores(text), text
