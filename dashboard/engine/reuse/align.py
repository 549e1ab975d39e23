"""Provides the alignment of two articles' body sentences: pairs in the order of both texts
(a monotone alignment by dynamic programming), each with its similarity and kind."""

from __future__ import annotations

from ..analysis import Analysis
from ..records import Span
from .records import Aligned
from .similarity import similarity, words

THRESHOLD = 0.35  # below this two sentences are not taken as one
NEAR = 0.8  # from this, near-verbatim


def body_sentences(analysis: Analysis) -> list[Span]:
    """The sentences of an article outside its page furniture."""
    furniture = [line for line in analysis.lines if line.furniture]
    return [s for s in analysis.sentences
            if not any(line.start <= s.start and s.end <= line.end for line in furniture)]


def _kind(x: str, y: str, score: float) -> str:
    if " ".join(x.split()) == " ".join(y.split()):
        return "verbatim"
    return "near-verbatim" if score >= NEAR else "paraphrase"


def align(a: Analysis, b: Analysis) -> list[Aligned]:
    """The sentence pairs of A and B in the order of both, maximising total similarity."""
    sa, sb = body_sentences(a), body_sentences(b)
    ta, tb = a.article.text, b.article.text
    wa = [words(ta[s.start:s.end]) for s in sa]
    wb = [words(tb[s.start:s.end]) for s in sb]
    n, m = len(sa), len(sb)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    sims: dict[tuple[int, int], float] = {}
    for i in range(1, n + 1):
        row, prev = score[i], score[i - 1]
        for j in range(1, m + 1):
            best = max(prev[j], row[j - 1])
            s = similarity(wa[i - 1], wb[j - 1])
            if s >= THRESHOLD:
                sims[i - 1, j - 1] = s
                best = max(best, prev[j - 1] + s)
            row[j] = best
    out = []
    i, j = n, m
    while i and j:
        found = sims.get((i - 1, j - 1))
        if found is not None and abs(score[i][j] - (score[i - 1][j - 1] + found)) < 1e-9:
            x, y = sa[i - 1], sb[j - 1]
            out.append(Aligned(x, y, round(found, 3), _kind(ta[x.start:x.end], tb[y.start:y.end], found)))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    out.reverse()
    return out


def reused_share(analysis: Analysis, spans: list[Span]) -> float:
    """The share of the article's body characters that `spans` cover."""
    body = sum(s.end - s.start for s in body_sentences(analysis))
    return round(sum(s.end - s.start for s in set(spans)) / body, 3) if body else 0.0
