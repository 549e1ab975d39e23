"""Provides candidate pairs for comparison from postings of rare words, never all pairs: two
articles are aligned only when they share enough words that few other articles have."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from sys import intern

from .digest import Digest
from .similarity import STOP, WORD, stem

MAX_POSTING = 50  # a word in more articles than this says nothing of reuse ...
COMMON_SHARE = 0.05  # ... nor one in more than this share of a small corpus
MIN_SHARED = 8  # rare words two articles must share to be compared
MIN_RARE_SHARE = 0.2  # ... and this share of the rare words of the one with fewer
MIN_LETTERS = 4  # shorter words (and STOP words) are not indexed; numbers always are


def vocabulary(d: Digest) -> set[str]:
    """The words of a digest's body that the index keeps."""
    found = set()
    for text in d.texts:
        for w in WORD.findall(text):
            if w.lower() not in STOP and (len(w) >= MIN_LETTERS or w[:1].isdigit()):
                found.add(intern(stem(w)))  # one string per word across the corpus, not one per article
    return found


def candidate_pairs(digests: list[Digest], max_posting: int = MAX_POSTING, min_shared: int = MIN_SHARED,
                    min_rare_share: float = MIN_RARE_SHARE) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of articles sharing at least `min_shared` words that at most
    `max_posting` articles (and COMMON_SHARE of them) have, and `min_rare_share` of such words of the one with fewer (a
    rewrite keeps its origin's names, numbers and distinctive words), in order of j then i.
    The postings are built in one pass; each
    article's candidates are then counted on their own, so memory grows with the corpus, not
    with the number of pairs."""
    vocabularies = [vocabulary(d) for d in digests]
    max_posting = min(max_posting, max(2, int(COMMON_SHARE * len(digests))))
    postings: dict[str, list[int]] = {}
    for k, words in enumerate(vocabularies):
        for w in words:
            postings.setdefault(w, []).append(k)
    rare = [sum(1 for w in words if len(postings[w]) <= max_posting) for words in vocabularies]
    for j, words in enumerate(vocabularies):
        shared: Counter[int] = Counter()
        for w in words:
            docs = postings[w]
            if len(docs) <= max_posting:
                for i in docs:
                    if i >= j:
                        break
                    shared[i] += 1
        for i in sorted(i for i, count in shared.items()
                        if count >= min_shared and count >= min_rare_share * min(rare[i], rare[j])):
            yield i, j
