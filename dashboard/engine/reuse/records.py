"""Provides the records of a comparison of two articles (engine/reuse): aligned sentence pairs,
attribution changes and the Reuse of one article by another, as the compare contract gives them."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field

from ..records import Span

Aligned = namedtuple("Aligned", "a b similarity kind")
Aligned.__doc__ = """A sentence of article A aligned with one of article B.

a: Span (in A's text), b: Span (in B's text), similarity: float in [0, 1],
kind: str ("verbatim", "near-verbatim" or "paraphrase")"""

Party = namedtuple("Party", "entity source_id name kind")
Party.__doc__ = """Who a statement is attributed to on one side of a change.

entity: str | None (the Entity id in its article), source_id: str | None (its source rule),
name: str (display name), kind: str | None (the entity kind, or an outlet's media kind)"""

Change = namedtuple("Change", "a b before after change")
Change.__doc__ = """An attribution that differs between an aligned origin sentence and its reuse.

a: Span | None (the attribution's sentence or quote in A), b: Span | None (in B),
before: Party | None (as the origin attributes it), after: Party | None (as the derivative does),
change: str (one of CHANGE_KINDS)"""

KINDS = ("verbatim", "near-verbatim", "paraphrase")
# dropped: B attributes to no one what A attributed; changed: to someone else; laundered: a
# state-media attribution in A given to a wire or to no one in B; added: a source B cites that A
# does not have; quote_changed: a direct quote whose wording B changed.
CHANGE_KINDS = ("dropped", "changed", "laundered", "added", "quote_changed")


@dataclass
class Reuse:
    """Two articles compared: `a` and `b` are article ids, `origin` the one the other reuses
    (None when it cannot be told), the share of each article's body that the aligned sentences
    cover, the aligned pairs in A's order, whether and where the derivative credits the origin's
    outlet or wire, and the attribution changes. `evidence` says, in words, why `origin` was chosen."""

    a: str
    b: str
    origin: str | None
    reused_share: dict[str, float]
    aligned: list[Aligned]
    credited: bool = False
    credit: Span | None = None
    changes: list[Change] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    reused: bool = True  # whether B reuses A (or A B) at all, rather than two texts compared on request
    credit_text: str | None = None  # the derivative's words at `credit`

    @property
    def derivative(self) -> str | None:
        if self.origin is None:
            return None
        return self.b if self.origin == self.a else self.a
