"""Provides compare() and find_pairs(), as engine/reuse/__init__.py describes them."""

from __future__ import annotations

from ..analysis import Analysis
from .align import align, reused_share
from .changes import attribution_changes
from .credit import find_credit, pick_origin
from .index import candidate_pairs
from .records import Reuse

# A pair is reuse when this many sentences align and they cover this share of the shorter body.
MIN_ALIGNED = 3
MIN_SHARE = 0.25


def compare(a: Analysis, b: Analysis) -> Reuse:
    """Two articles aligned sentence by sentence, with the origin, the credit and the changes
    (as asked for: `reused` says whether it is reuse at all)."""
    aligned = align(a, b)
    shares = {a.article.id: reused_share(a, [x.a for x in aligned]),
              b.article.id: reused_share(b, [x.b for x in aligned])}
    reused = len(aligned) >= MIN_ALIGNED and (min(shares.values()) >= MIN_SHARE
                                             or max(shares.values()) >= 2 * MIN_SHARE)
    origin, evidence = pick_origin(a, b, aligned) if aligned else (None, [])
    result = Reuse(a=a.article.id, b=b.article.id, origin=origin, reused_share=shares, aligned=aligned,
                   evidence=evidence, reused=reused)
    if origin is not None:
        source, derivative = (a, b) if origin == a.article.id else (b, a)
        result.credit = find_credit(source, derivative, aligned, derivative is b)
        result.credited = result.credit is not None
        result.changes = attribution_changes(source, derivative, aligned, derivative is b)
    return result


def digest(analysis: Analysis) -> Analysis:
    """What comparison needs of one article, small enough to send back from a worker process
    (score_all's `render`). For now the analysis itself."""
    return analysis


def find_pairs(analyses: list[Analysis]) -> list[Reuse]:
    """The pairs of `analyses` where one article reuses the other, from an index of candidates
    (never every pair aligned), in the order of the corpus."""
    out = []
    for i, j in candidate_pairs(analyses):
        found = compare(analyses[i], analyses[j])
        if found.reused:
            out.append(found)
    return out
