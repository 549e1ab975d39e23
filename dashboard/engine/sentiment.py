"""Provides VADER sentiment per sentence, per article and per source."""

from __future__ import annotations

from .records import Sentiment
from .vaderport import PolarityScores

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

_ANALYZER: Any = None
_FAST: Any = None


def analyzer() -> Any:
    """One VADER analyser per process: the one the runtime handed in (built from its cache of
    VADER's parsed lexicons), else VADER's own, which parses its lexicon files (16 ms)."""
    global _ANALYZER
    if _ANALYZER is None:
        from vaderSentiment import vaderSentiment as vs

        _ANALYZER = vs.SentimentIntensityAnalyzer()
    return _ANALYZER


def use_analyzer(vader: Any) -> None:
    """Score with this VADER analyser from now on (runtime/vader.py builds one from its cache)."""
    global _ANALYZER, _FAST
    _ANALYZER, _FAST = vader, None


def has_analyzer() -> bool:
    return _ANALYZER is not None


def polarity_scores() -> PolarityScores:
    """VADER's `polarity_scores` with the analyser in use: the same scores, sentence for
    sentence, from the port in vaderport.py, which lower-cases each sentence's words once."""
    global _FAST
    if _FAST is None:
        _FAST = PolarityScores(analyzer())
    return _FAST


def score_sentences(texts: Iterable[str]) -> list[Sentiment]:
    """Each sentence's scores; `texts` may be a generator, so that a big article's sentences are
    sliced from its text one at a time rather than all held at once."""
    score = polarity_scores()
    out = []
    for text in texts:
        s = score(text)
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
