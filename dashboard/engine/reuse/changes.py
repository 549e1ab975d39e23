"""Provides the attribution changes between an origin and its derivative: for each aligned pair
of sentences, who each side attributes the statement to (parties matched across the two articles
by source id or normalised name: Kim Jong Un = Kim Jong-Un = Kim), quotes whose wording changed,
and the sources the derivative adds."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..records import Span
from .align import Alignment
from .credit import _is_credit
from .digest import Digest, Said
from .records import Change, Party

TITLES = frozenset("""the a an mr mrs ms dr president leader minister chairman chief secretary senator sen
rep gov governor official officials spokesman spokeswoman spokesperson""".split())
QUOTE_LIKE = 70  # a derivative quote this close (0-100) to an origin quote is that quote, reworded
OUTLET_KINDS = frozenset({"outlet", "wire", "state_media", "aggregator", "newspaper", "broadcaster"})
NEAR = 1  # a party still named this many sentences away from the aligned one is kept


def name_words(name: str) -> tuple[str, ...]:
    """A name as comparable words: lower-cased, hyphens as spaces, titles and possessives left out."""
    words = re.findall(r"\w+", name.lower().replace("’s", "").replace("'s", "").replace("-", " "))
    return tuple(w for w in words if w not in TITLES)


def same(x: Party, y: Party) -> bool:
    """Whether two parties are one: the same source rule, else the same name up to spelling, or
    one name's words all in the other's ("Kim" in "Kim Jong Un"), or the same surname."""
    if x.source_id and y.source_id:
        return x.source_id == y.source_id
    wx, wy = name_words(x.name), name_words(y.name)
    if not wx or not wy:  # a description only ("the president"): the same words
        return " ".join(x.name.lower().split()) == " ".join(y.name.lower().split())
    if set(wx) <= set(wy) or set(wy) <= set(wx):
        return True
    return x.kind == y.kind == "person" and wx[-1] == wy[-1]


def _named(said: tuple[Said, ...]) -> list[Party]:
    out: list[Party] = []
    for s in said:
        if not any(same(s.party, p) for p in out):
            out.append(s.party)
    return out


def _around(d: Digest, ks: tuple[int, ...]) -> list[Party]:
    lo, hi = max(0, ks[0] - NEAR), min(len(d.said), ks[-1] + NEAR + 1)
    return [s.party for k in range(lo, hi) for s in d.said[k]]


def _words(quote: str) -> str:
    return " ".join(re.findall(r"\w+", quote.lower()))


def attribution_changes(origin: Digest, derivative: Digest, alignment: Alignment,
                        derivative_is_b: bool) -> list[Change]:
    """Attributions of aligned origin sentences that the derivative drops, changes or launders,
    quotes it rewords, and the outlets it cites that the origin never does."""
    def change(x: Span | None, y: Span | None, before: Party | None, after: Party | None, kind: str) -> Change:
        return Change(x, y, before, after, kind) if derivative_is_b else Change(y, x, before, after, kind)

    changes: list[Change] = []
    for (pair, (ia, ib)) in zip(alignment.pairs, alignment.index):
        io, idv = (ia, ib) if derivative_is_b else (ib, ia)
        x, y = (pair.a, pair.b) if derivative_is_b else (pair.b, pair.a)
        vague = {s.party for k in io for s in origin.said[k] if s.vague or s.party.kind == "anonymous"}
        before = _named(tuple(s for k in io for s in origin.said[k]))
        after = _named(tuple(s for k in idv for s in derivative.said[k]))
        nearby = _around(derivative, idv)
        credit = [p for p in after if _is_credit(p.name, p.source_id, p.kind, origin)]
        others = [p for p in after if p not in credit and not any(same(p, q) for q in before)]
        for party in before:
            if any(same(party, other) for other in nearby):
                continue
            if party.kind == "state_media" and (credit or not others or others[0].kind == "wire"):
                target = credit[0] if credit else (others[0] if others else None)
                changes.append(change(x, y, party, target, "laundered" if target else "dropped"))
            elif others:
                changes.append(change(x, y, party, others[0], "changed"))
            elif party not in vague and not credit:
                changes.append(change(x, y, party, None, "dropped"))
        changes.extend(_quote_changes(origin, derivative, io, idv, before, after, derivative_is_b))
    # The credit: a wire or the origin's outlet named in a reused sentence is who the copy came
    # from; the same wire named only beside the derivative's own additions is a source it adds.
    taken = {k for ia, ib in alignment.index for k in (ib if derivative_is_b else ia)}
    credited = [s.party for k in taken for s in derivative.said[k]
                if _is_credit(s.party.name, s.party.source_id, s.party.kind, origin)]
    everywhere = [s.party for said in origin.said for s in said] + credited
    seen: list[Party] = []
    for k, said in enumerate(derivative.said):
        for s in said:
            p = s.party
            if ((p.kind in OUTLET_KINDS or p.source_id)
                    and not any(same(p, o) for o in everywhere) and not any(same(p, o) for o in seen)):
                seen.append(p)
                changes.append(change(None, derivative.sentences[k], None, p, "added"))
    return changes


def _quote_changes(origin: Digest, derivative: Digest, io: tuple[int, ...], idv: tuple[int, ...],
                   before: list[Party], after: list[Party], derivative_is_b: bool) -> list[Change]:
    """Direct quotes of the derivative's aligned sentences that reword one of the origin's."""
    theirs = [q for q in origin.quotes if q[0] in io]
    out = []
    for _, span, text in (q for q in derivative.quotes if q[0] in idv):
        words = _words(text)
        if not words:
            continue
        best = max(theirs, key=lambda q: fuzz.partial_ratio(words, _words(q[2])), default=None)
        if best is None:
            continue
        other = _words(best[2])
        if words in other or fuzz.partial_ratio(words, other) < QUOTE_LIKE:
            continue
        b4 = before[0] if before else None
        af = after[0] if after else None
        out.append(Change(best[1], span, b4, af, "quote_changed") if derivative_is_b
                   else Change(span, best[1], b4, af, "quote_changed"))
    return out
