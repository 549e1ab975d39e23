"""The engine's sentiment scores are VADER's own, sentence for sentence, fast path or not."""

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


WORDS = st.sampled_from(["good", "bad", "not", "very", "kind", "of", "no", "but", "BAD", "GREAT",
                         "least", "the", "deal", "!", "?", "😍", ":)", "©", "never", "sort"])


@settings(max_examples=300, deadline=None)
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
