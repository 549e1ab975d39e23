"""Provides the origin of a reused pair (which article the other took from) and the credit the
derivative gives it: an attribution to the origin's outlet or to a wire."""

from __future__ import annotations

from ..analysis import Analysis
from ..records import Span
from .records import Aligned

CREDIT_KINDS = frozenset({"wire"})  # outlets whose credit stands for the copy they sell


def _outlets(analysis: Analysis) -> set[str]:
    return {e.source_id for e in analysis.entities if e.kind == "outlet" and e.source_id}


def find_credit(origin: Analysis, derivative: Analysis, aligned: list[Aligned], derivative_is_b: bool) -> Span | None:
    """Where the derivative credits the origin: the source span of its first attribution to the
    origin's outlet, or to a wire, preferring one in an aligned sentence."""
    taken = {x.b if derivative_is_b else x.a for x in aligned}
    own = {origin.article.outlet.lower()} if origin.article.outlet else set()
    best: tuple[int, int, Span] | None = None
    for att in derivative.attributions:
        if att.source is None:
            continue
        name = derivative.article.text[att.source.start:att.source.end].lower()
        if att.source_kind in CREDIT_KINDS or (att.source_id and att.source_id in own) or name in own:
            rank = (0 if att.sentence in taken else 1, att.source.start)
            if best is None or rank < best[:2]:
                best = (*rank, att.source)
    return best[2] if best else None


def pick_origin(a: Analysis, b: Analysis, aligned: list[Aligned]) -> tuple[str | None, list[str]]:
    """The article the other reuses, with the evidence in words: the earlier date when both have
    one, else a credit to a wire in one only, the fuller body, the fuller quotes."""
    ida, idb = a.article.id, b.article.id
    if a.article.date and b.article.date and a.article.date != b.article.date:
        first = ida if a.article.date < b.article.date else idb
        return first, [f"dated earlier ({min(a.article.date, b.article.date)})"]
    votes = {ida: 0, idb: 0}
    evidence: dict[str, list[str]] = {ida: [], idb: []}
    credits = {ida: find_credit(b, a, aligned, False), idb: find_credit(a, b, aligned, True)}
    if (credits[ida] is None) != (credits[idb] is None):
        credited = ida if credits[ida] is not None else idb
        other = idb if credited == ida else ida
        votes[other] += 2
        evidence[other].append(f"{credited} credits a wire or outlet for it")
    size = {x.article.id: sum(s.end - s.start for s in x.sentences) for x in (a, b)}
    quoted = {x.article.id: sum(q.span.end - q.span.start for q in x.quotes) for x in (a, b)}
    for what, values in (("fuller quotes", quoted), ("fuller text", size)):
        if values[ida] != values[idb]:
            more = ida if values[ida] > values[idb] else idb
            votes[more] += 1
            evidence[more].append(what)
    if votes[ida] == votes[idb]:
        return None, []
    first = ida if votes[ida] > votes[idb] else idb
    return first, evidence[first]
