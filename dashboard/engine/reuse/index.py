"""Provides candidate pairs for comparison from postings of rare words, never all pairs: each
article is indexed by its rarest words in the corpus (its signature), and two articles are
aligned only when their signatures share enough of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from sys import intern

from .digest import Digest
from .similarity import STOP, WORD, stem

SIGNATURE = 60  # an article is indexed by this many of its rarest words (a rewrite keeps names, numbers)
MAX_POSTING = 500  # a signature word of more articles than this says nothing of reuse
MIN_SHARED = 4  # signature words two articles must share to be compared ...
MIN_RARE_SHARE = 0.25  # ... and this share of the shorter signature
MIN_LETTERS = 4  # shorter words (and STOP words) are not indexed; numbers always are
# A signature also keeps every word of at most this many articles, up to MAX_SIGNATURE words: an
# article and a verbatim copy share all their words, which would otherwise fill the signature of
# each with words of two articles and leave out those shared with a third, the origin.
RARE = 5
MAX_SIGNATURE = 300
# The most earlier articles an article is aligned with: the work grows with the corpus, not its square.
MAX_CANDIDATES = 25


def vocabulary(d: Digest) -> set[str]:
    """The words of a digest's body that the index keeps."""
    found = set()
    for text in d.texts:
        for w in WORD.findall(text):
            if w.lower() not in STOP and (len(w) >= MIN_LETTERS or w[:1].isdigit()):
                found.add(intern(stem(w)))  # one string per word across the corpus, not one per article
    return found


def candidate_pairs(digests: list[Digest], max_posting: int = MAX_POSTING, min_shared: int = MIN_SHARED,
                    min_rare_share: float = MIN_RARE_SHARE, signature: int = SIGNATURE) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of articles whose signatures share at least `min_shared` words and
    `min_rare_share` of the shorter signature, in order of j then i. A signature is an article's
    `signature` rarest words found in another article too, and any further ones of at most RARE
    articles. A word's rarity is its number of articles, counted in a first pass; the second
    keeps only the signatures, so memory grows with the corpus, not with its vocabulary or the
    number of pairs."""
    df: Counter[str] = Counter()
    for d in digests:
        df.update(vocabulary(d))
    signatures = []
    for d in digests:
        words = [w for w in vocabulary(d) if df[w] > 1]
        words.sort(key=lambda w: (df[w], w))
        kept = words[:signature] + [w for w in words[signature:MAX_SIGNATURE] if df[w] <= RARE]
        signatures.append(kept)

    postings: dict[str, list[int]] = {}
    for k, words in enumerate(signatures):
        for w in words:
            postings.setdefault(w, []).append(k)
    for j, words in enumerate(signatures):
        shared: Counter[int] = Counter()
        for w in words:
            docs = postings[w]
            if len(docs) <= max_posting:
                for i in docs:
                    if i >= j:
                        break
                    shared[i] += 1
        close = [(count, i) for i, count in shared.items()
                 if count >= min_shared and count >= min_rare_share * min(len(signatures[i]), len(words))]
        # Many near-copies of one story (a wire story run by every outlet, a template) would make
        # every pair a candidate: each article is aligned with its MAX_CANDIDATES closest only.
        close = sorted(close, reverse=True)[:MAX_CANDIDATES]
        for i in sorted(i for _, i in close):
            yield i, j
