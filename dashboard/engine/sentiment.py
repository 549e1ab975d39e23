"""Provides VADER sentiment per sentence, per article and per source."""

from __future__ import annotations

from itertools import compress
from string import punctuation as PUNCTUATION

from .records import Sentiment

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


class PolarityScores:
    """VADER's `polarity_scores`, scoring each sentence exactly as it does, with two of its
    costs skipped where they cannot change a score:

    - its character-by-character pass that swaps emoji for their descriptions (about a fifth of
      its time), for a sentence with no emoji in it;
    - its call into the valence rules for a word that is neither in its lexicon nor a booster,
      whose valence those rules leave at 0;
    - its per-word function calls when splitting a sentence into words (the same split, inline).

    Everything else (negation, boosters, capitals, "but", idioms, punctuation emphasis) is
    VADER's own code. tests/unit/test_sentiment.py holds the two equal on every sentence.
    """

    def __init__(self) -> None:
        from vaderSentiment import vaderSentiment as vs

        self.vader = analyzer()
        self.sentitext = vs.SentiText
        self.boosters = vs.BOOSTER_DICT
        self.lexicon = self.vader.lexicon
        # VADER tests one character at a time, so only one-character keys can ever match.
        self.emoji_chars = frozenset(k for k in self.vader.emojis if len(k) == 1)

    def __call__(self, text: str) -> dict[str, float]:
        vader = self.vader
        if not self.emoji_chars.isdisjoint(text):
            return vader.polarity_scores(text)
        text = text.strip()
        # SentiText's words: punctuation stripped from each end unless that leaves 2 characters
        # or fewer (an emoticon such as ":)" stays whole).
        words = [w if len(bare := w.strip(PUNCTUATION)) <= 2 else bare for w in text.split()]
        lowers = list(map(str.lower, words))
        lexicon, boosters = self.lexicon, self.boosters
        # Only lexicon words get a valence; VADER gives every other word 0, which is where the
        # list starts. Each lexicon word's rules read the words around it, never the list.
        sentiments: list[float] = [0] * len(words)
        hits = list(compress(range(len(lowers)), map(lexicon.__contains__, lowers)))
        if not hits:
            return vader.score_valence(sentiments, text)
        sentitext = self.sentitext.__new__(self.sentitext)
        sentitext.text = text
        sentitext.words_and_emoticons = words
        capitals = sum(map(str.isupper, words))  # VADER's allcap_differential
        sentitext.is_cap_diff = 0 < len(words) - capitals < len(words)
        last = len(words) - 1
        for i in hits:
            low = lowers[i]
            if low in boosters or (low == "kind" and i < last and lowers[i + 1] == "of"):
                continue
            sentiments[i] = vader.sentiment_valence(0, sentitext, words[i], i, [])[0]
        sentiments = vader._but_check(words, sentiments)
        return vader.score_valence(sentiments, text)


def polarity_scores() -> PolarityScores:
    global _FAST
    if _FAST is None:
        _FAST = PolarityScores()
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
