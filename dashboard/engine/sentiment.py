"""Provides VADER sentiment per sentence, per article and per source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_ANALYZER: Any = None


@dataclass(frozen=True)
class Sentiment:
    compound: float = 0.0
    pos: float = 0.0
    neg: float = 0.0
    neu: float = 1.0


def analyzer() -> Any:
    """One VADER analyser per process: loading its lexicon is the expensive part."""
    global _ANALYZER
    if _ANALYZER is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _ANALYZER = SentimentIntensityAnalyzer()
    return _ANALYZER


def score_sentences(texts: list[str]) -> list[Sentiment]:
    vader = analyzer()
    out = []
    for text in texts:
        s = vader.polarity_scores(text)
        out.append(Sentiment(s["compound"], s["pos"], s["neg"], s["neu"]))
    return out


def mean(scores: list[Sentiment]) -> Sentiment:
    """The article's sentiment: the mean of its sentences' scores (neutral when it has none)."""
    if not scores:
        return Sentiment()
    n = len(scores)
    return Sentiment(
        round(sum(s.compound for s in scores) / n, 4), round(sum(s.pos for s in scores) / n, 4),
        round(sum(s.neg for s in scores) / n, 4), round(sum(s.neu for s in scores) / n, 4))
