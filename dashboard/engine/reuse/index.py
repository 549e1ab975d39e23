"""Provides candidate pairs for comparison from postings of rare words, never all pairs."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..analysis import Analysis
from .align import body_sentences
from .similarity import words

MAX_POSTING = 50  # a word in more articles than this says nothing of reuse
MIN_SHARED = 8  # rare words two articles must share to be compared


def candidate_pairs(analyses: list[Analysis]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of articles that share enough rare words to be worth aligning."""
    postings: dict[str, list[int]] = defaultdict(list)
    for k, analysis in enumerate(analyses):
        text = analysis.article.text
        vocabulary: set[str] = set()
        for s in body_sentences(analysis):
            vocabulary |= words(text[s.start:s.end])
        for w in vocabulary:
            postings[w].append(k)
    shared: Counter[tuple[int, int]] = Counter()
    for docs in postings.values():
        if 2 <= len(docs) <= MAX_POSTING:
            for x in range(len(docs)):
                for y in range(x + 1, len(docs)):
                    shared[docs[x], docs[y]] += 1
    return sorted(pair for pair, count in shared.items() if count >= MIN_SHARED)
