"""Provides the comparison of articles: which article reuses which (wire copy, rewrites), whether
the reuse is credited, and which attributions changed on the way.

    compare(a, b)        two analyses (or digests) aligned sentence by sentence: a Reuse
    find_pairs(items)    the pairs of a corpus (analyses or digests) where one article reuses the other
    digest(analysis)     what comparison needs of one article (a Digest), small and picklable

The parts: the digest (digest.py), sentence similarity (similarity.py), the alignment of two articles' sentences in
order (align.py), candidate pairs from an index rather than all pairs (index.py), the origin and
the credit (credit.py), and the attribution changes of aligned sentences (changes.py)."""

from __future__ import annotations

from .digest import Digest
from .pairs import compare, digest, find_pairs
from .records import CHANGE_KINDS, KINDS, Aligned, Change, Party, Reuse

__all__ = ["CHANGE_KINDS", "KINDS", "Aligned", "Change", "Digest", "Party", "Reuse", "compare", "digest",
           "find_pairs"]
