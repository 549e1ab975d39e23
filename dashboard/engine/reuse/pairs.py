"""Provides compare(), find_pairs() and digest(), as engine/reuse/__init__.py describes them."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from ..analysis import Analysis
from ..records import Span
from .align import THRESHOLD, Parsed, align, parse, reused_share
from .changes import attribution_changes
from .credit import find_credit, pick_origin
from .digest import Digest, as_digest, make_digest
from .index import MAX_POSTING, MIN_RARE_SHARE, MIN_SHARED, SIGNATURE, candidate_pairs
from .records import Reuse

# A pair is reuse when this many aligned sentences are alike outside their quotes too, and they
# cover this share of one of the two bodies (the derivative may add much of its own).
MIN_ALIGNED = 3
MIN_SHARE = 0.3
PARSED_KEPT = 256


def _compare(pa: Parsed, pb: Parsed, threshold: float, min_aligned: int, min_share: float) -> Reuse:
    a, b = pa.digest, pb.digest
    alignment = align(pa, pb, threshold)
    aligned = alignment.pairs
    shares = {a.id: reused_share(a, [x.a for x in aligned]), b.id: reused_share(b, [x.b for x in aligned])}
    reused = alignment.structural >= min_aligned and max(shares.values()) >= min_share
    origin, evidence = pick_origin(a, b, alignment) if aligned else (None, [])
    result = Reuse(a=a.id, b=b.id, origin=origin, reused_share=shares, aligned=aligned,
                   evidence=evidence, reused=reused)
    if origin is not None:
        derivative_is_b = origin == a.id
        source, derivative = (a, b) if derivative_is_b else (b, a)
        taken = {k for ia, ib in alignment.index for k in (ib if derivative_is_b else ia)}
        result.credit = find_credit(source, derivative, taken)
        result.credited = result.credit is not None
        if result.credit is not None:
            result.credit_text = derivative_text(derivative, result.credit)
        result.changes = attribution_changes(source, derivative, alignment, derivative_is_b)
    return result


def derivative_text(d: Digest, span: Span) -> str | None:
    """The text of a span inside one of the digest's body sentences."""
    for s, text in zip(d.sentences, d.texts):
        if s.start <= span.start and span.end <= s.end:
            return text[span.start - s.start:span.end - s.start]
    return None


def compare(a: Analysis | Digest, b: Analysis | Digest, *, threshold: float = THRESHOLD,
            min_aligned: int = MIN_ALIGNED, min_share: float = MIN_SHARE) -> Reuse:
    """Two articles (analyses or digests) aligned sentence by sentence, with the origin, the
    credit and the changes; `reused` says whether one reuses the other at all."""
    return _compare(parse(as_digest(a)), parse(as_digest(b)), threshold, min_aligned, min_share)


def digest(analysis: Analysis) -> Digest:
    """What comparison needs of one article, small and picklable, to send back from a worker
    process (score_all's `render`)."""
    return make_digest(analysis)


class Kept:
    """The comparisons of one search kept for the next (the dashboard searches again after each
    pass of scoring, a rule edit's included): a pair whose two digests are what they were is not
    aligned again. Only the pairs of the latest search are kept; one Kept serves one caller,
    whose searches use the same thresholds."""

    def __init__(self) -> None:
        self._before: dict[tuple[object, object], Reuse] = {}
        self._now: dict[tuple[object, object], Reuse] = {}

    def new_search(self) -> None:
        self._before, self._now = self._now or self._before, {}

    def get(self, key: tuple[object, object]) -> Reuse | None:
        found = self._now.get(key) or self._before.get(key)
        if found is not None:
            self._now[key] = found
        return found

    def put(self, key: tuple[object, object], reuse: Reuse) -> None:
        self._now[key] = reuse


def _key(d: Digest) -> object:
    """All that a comparison reads of a digest (not the article it points to)."""
    return (d.id, d.date, d.outlet, d.sentences, d.texts, d.said, d.quotes, d.outlets, d.furniture)


def find_pairs(items: Sequence[Analysis | Digest], *, threshold: float = THRESHOLD,
               min_aligned: int = MIN_ALIGNED, min_share: float = MIN_SHARE,
               max_posting: int = MAX_POSTING, min_shared: int = MIN_SHARED,
               min_rare_share: float = MIN_RARE_SHARE, signature: int = SIGNATURE,
               stop: Callable[[], bool] | None = None, kept: Kept | None = None) -> list[Reuse]:
    """The pairs of a corpus (analyses or digests) where one article reuses the other, from an
    index of candidates (never every pair aligned), in the order of the corpus. `stop`, asked
    before each alignment, ends the search early (the pairs found so far are returned): a
    dashboard that quits does not wait for it. `kept`: the comparisons of the caller's last
    search, used again where both digests are unchanged (and this search's kept for the next)."""
    digests = [as_digest(x) for x in items]
    keys = [_key(d) for d in digests] if kept is not None else []
    if kept is not None:
        kept.new_search()
    # Parsed sentences weigh some 30 times their digest: only the latest few are kept (parsing
    # again costs a twentieth of an alignment), so memory follows the corpus's digests.
    parsed: OrderedDict[int, Parsed] = OrderedDict()

    def get(k: int) -> Parsed:
        if k in parsed:
            parsed.move_to_end(k)
        else:
            parsed[k] = parse(digests[k])
            if len(parsed) > PARSED_KEPT:
                parsed.popitem(last=False)
        return parsed[k]

    out = []
    for i, j in candidate_pairs(digests, max_posting, min_shared, min_rare_share, signature):
        if stop is not None and stop():
            break
        found = kept.get((keys[i], keys[j])) if kept is not None else None
        if found is None:
            found = _compare(get(i), get(j), threshold, min_aligned, min_share)
            if kept is not None:
                kept.put((keys[i], keys[j]), found)
        if found.reused:
            out.append((i, j, found))
    out.sort(key=lambda x: x[:2])
    return [found for _, _, found in out]
