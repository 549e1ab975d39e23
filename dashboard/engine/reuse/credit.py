"""Provides the origin of a reused pair (which article the other took from) and the credit the
derivative gives it: an attribution to the origin's outlet or to a wire, or a wire's dateline."""

from __future__ import annotations

import re

from ..records import Span
from .align import Alignment
from .digest import Digest

# "NEW YORK (AP) —": a wire's dateline credits it for the whole story.
DATELINE = re.compile(r"\((AP|Reuters|AFP|UPI|Xinhua|Yonhap|KCNA|dpa|Bloomberg)\)\s*[—–-]")


def _key(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.lower().replace("the ", " ")))


def _is_credit(name: str, source_id: str | None, kind: str | None, origin: Digest) -> bool:
    if kind == "wire":
        return True
    return bool(origin.outlet) and (_key(origin.outlet or "") in (_key(name), source_id or ""))


def credits(origin: Digest, derivative: Digest, taken: set[int]) -> list[Span]:
    """Where the derivative credits the origin's outlet or a wire, those in its reused sentences
    (body sentence indices `taken`) first, then in the order of the text."""
    found: list[tuple[int, int, Span]] = []
    for k, said in enumerate(derivative.said):
        for s in said:
            if _is_credit(s.party.name, s.party.source_id, s.party.kind, origin):
                found.append((0 if k in taken else 1, s.source.start, s.source))
    for k, text in enumerate(derivative.texts[:2]):
        m = DATELINE.search(text)
        if m:
            start = derivative.sentences[k].start + m.start(1)
            found.append((0, start, Span(start, start + len(m.group(1)))))
    found.sort()
    return [span for _, _, span in found]


def find_credit(origin: Digest, derivative: Digest, taken: set[int]) -> Span | None:
    """The derivative's first credit to the origin (see credits())."""
    found = credits(origin, derivative, taken)
    return found[0] if found else None


def pick_origin(a: Digest, b: Digest, alignment: Alignment) -> tuple[str | None, list[str]]:
    """The article the other reuses, with the evidence in words: the earlier date when both have
    one, else a credit to a wire or to the other's outlet in one only, the fuller body, the
    fuller quotes."""
    if a.date and b.date and a.date != b.date:
        first = a.id if a.date < b.date else b.id
        return first, [f"dated earlier ({min(a.date, b.date)})"]
    taken_a = {k for ia, _ in alignment.index for k in ia}
    taken_b = {k for _, ib in alignment.index for k in ib}
    votes = {a.id: 0, b.id: 0}
    evidence: dict[str, list[str]] = {a.id: [], b.id: []}
    credit_in = {a.id: find_credit(b, a, taken_a), b.id: find_credit(a, b, taken_b)}
    if (credit_in[a.id] is None) != (credit_in[b.id] is None):
        crediting = a.id if credit_in[a.id] is not None else b.id
        other = b.id if crediting == a.id else a.id
        votes[other] += 2
        evidence[other].append(f"{crediting} credits a wire or {other}'s outlet")
    quoted = {d.id: sum(len(q[2]) for q in d.quotes) for d in (a, b)}
    size = {d.id: d.body_chars for d in (a, b)}
    for what, values in (("fuller quotes", quoted), ("fuller text", size)):
        if values[a.id] != values[b.id]:
            more = a.id if values[a.id] > values[b.id] else b.id
            votes[more] += 1
            evidence[more].append(what)
    if votes[a.id] == votes[b.id]:
        return None, []
    first = a.id if votes[a.id] > votes[b.id] else b.id
    return first, evidence[first]
