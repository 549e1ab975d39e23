"""Provides the alignment of two articles' body sentences: pairs in the order of both texts (a
monotone alignment by dynamic programming), where one sentence may stand for two of the other
(a rewrite splits a long sentence in two), each pair with its similarity and kind."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..records import Span
from .digest import Digest
from .records import Aligned
from .similarity import Sentence, idf_table, sentence, similarity, weighted_dice

# Below this two sentences are not taken as one. Lower than a paraphrase's 0.5: a rewrite's
# sentences keep the gist, not the meaning word for word (the seed rewrite's score .27 to .72),
# and the order of both texts and the rarity of what they share carry the rest of the decision.
THRESHOLD = 0.25
NEAR = 0.85  # character-level likeness from which a pair is near-verbatim
MERGE_GAIN = 0.05  # two sentences are taken as one only when together they match this much better
# Outside their quotes, two aligned sentences must still share this much (rarity-weighted), or
# they are one quote reported twice rather than one text reused.
UNQUOTED = 0.3


@dataclass(frozen=True, slots=True)
class Parsed:
    """A digest's sentences as similarity reads them (computed once per article)."""

    digest: Digest
    sentences: tuple[Sentence, ...]


def parse(d: Digest) -> Parsed:
    return Parsed(d, tuple(sentence(t) for t in d.texts))


@dataclass(frozen=True, slots=True)
class Alignment:
    """The aligned pairs, and how many of them share words outside their quotes."""

    pairs: list[Aligned]
    structural: int  # aligned pairs similar outside their quotes too
    index: list[tuple[tuple[int, ...], tuple[int, ...]]]  # body sentence indices behind each pair


def kind(x: str, y: str) -> str:
    """verbatim (same words), near-verbatim (a few characters differ) or paraphrase."""
    px, py = " ".join(x.split()), " ".join(y.split())
    if px == py:
        return "verbatim"
    return "near-verbatim" if fuzz.ratio(px, py) / 100 >= NEAR else "paraphrase"


def _join(x: Sentence, y: Sentence) -> Sentence:
    return Sentence(x.stems | y.stems, x.numbers | y.numbers, x.names | y.names, x.plain + " " + y.plain,
                    x.unquoted | y.unquoted, x.words + y.words, x.pairs | y.pairs)


def align(pa: Parsed, pb: Parsed, threshold: float = THRESHOLD) -> Alignment:
    """The sentence pairs of A and B in the order of both, maximising total similarity."""
    sa, sb = pa.sentences, pb.sentences
    idf = idf_table(sa + sb)
    rarest = max(idf.values(), default=1.0)
    n, m = len(sa), len(sb)
    sims: dict[tuple[int, int], float] = {}
    for i, x in enumerate(sa):
        for j, y in enumerate(sb):
            if len(x.stems & y.stems) >= 2:
                s = similarity(x, y, idf, rarest)
                if s >= threshold / 2:
                    sims[i, j] = s
    # Merges: one sentence of A against two neighbours of B, or two of A against one of B.
    merged: dict[tuple[int, int, int, int], float] = {}
    for i, j in sims:
        for i0, i1, j0, j1 in ((i, i, j, j + 1), (i, i + 1, j, j), (i, i, j - 1, j), (i - 1, i, j, j)):
            if i0 < 0 or j0 < 0 or i1 >= n or j1 >= m or (i0, i1, j0, j1) in merged:
                continue
            x = sa[i0] if i0 == i1 else _join(sa[i0], sa[i1])
            y = sb[j0] if j0 == j1 else _join(sb[j0], sb[j1])
            singles = max(sims.get((a, b), 0.0) for a in {i0, i1} for b in {j0, j1})
            both = similarity(x, y, idf, rarest)
            if both >= threshold and both >= singles + MERGE_GAIN:
                merged[i0, i1, j0, j1] = both
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    ends: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
    for (i, j), s in sims.items():
        if s >= threshold:
            ends.setdefault((i + 1, j + 1), []).append((1, 1, s))
    for (i0, i1, j0, j1), s in merged.items():
        ends.setdefault((i1 + 1, j1 + 1), []).append((i1 - i0 + 1, j1 - j0 + 1, s))
    for i in range(1, n + 1):
        row, prev = score[i], score[i - 1]
        for j in range(1, m + 1):
            best, how = (prev[j], None) if prev[j] >= row[j - 1] else (row[j - 1], None)
            for di, dj, s in ends.get((i, j), ()):
                value = score[i - di][j - dj] + s
                if value > best + 1e-12:
                    best, how = value, (di, dj, s)
            row[j], back[i][j] = best, how
    pairs: list[Aligned] = []
    index: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    structural = 0
    da, db = pa.digest, pb.digest
    i, j = n, m
    while i and j:
        how = back[i][j]
        if how is None:
            if score[i][j] == score[i - 1][j]:
                i -= 1
            else:
                j -= 1
            continue
        di, dj, s = how
        ia, ib = tuple(range(i - di, i)), tuple(range(j - dj, j))
        span_a = Span(da.sentences[ia[0]].start, da.sentences[ia[-1]].end)
        span_b = Span(db.sentences[ib[0]].start, db.sentences[ib[-1]].end)
        xa = " ".join(da.texts[k] for k in ia)
        yb = " ".join(db.texts[k] for k in ib)
        pairs.append(Aligned(span_a, span_b, round(s, 3), kind(xa, yb)))
        index.append((ia, ib))
        ua = frozenset().union(*(sa[k].unquoted for k in ia))
        ub = frozenset().union(*(sb[k].unquoted for k in ib))
        if weighted_dice(ua, ub, idf, rarest) >= UNQUOTED:
            structural += 1
        i, j = i - di, j - dj
    pairs.reverse()
    index.reverse()
    return Alignment(pairs, structural, index)


def reused_share(d: Digest, spans: list[Span]) -> float:
    """The share of the article's body characters that `spans` cover."""
    body = d.body_chars
    return round(min(1.0, sum(s.end - s.start for s in set(spans)) / body), 3) if body else 0.0
