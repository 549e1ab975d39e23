"""Provides what the article list shows of reuse: for each article, the articles it is derived
from or reused by, found by the engine's find_pairs over the digests the scoring sent back.

Nothing here imports Textual: the session finds the links in a worker thread, the list shows
them (a "Reuse" column) and `c` opens the compare screen on one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..engine.analysis import SEVERITY_RANK, Analysis
from ..engine.records import Finding
from ..engine.reuse import Digest, Reuse, find_pairs
from ..engine.reuse.checks import corpus_findings
from ..engine.reuse.pairs import Kept
from ..engine.ruleset import RuleSet

# "from": this article is derived from the other; "by": the other reuses it; "with": they share
# text but which is the origin cannot be told.
ARROWS = {"from": "←", "by": "→", "with": "↔"}
DIRECTIONS = {"from": "derived from", "by": "reused by", "with": "shares text with"}


class Link(NamedTuple):
    """One article's side of a pair of the corpus where one reuses the other."""

    other: str  # the other article's id
    direction: str  # a key of ARROWS
    reuse: Reuse
    # The reuse checks' findings on this article, where it is the pair's derivative (as `check`
    # reports them on a corpus): the Checks panel and the list's marks show them too.
    findings: tuple[Finding, ...] = ()


def short_id(article_id: str, limit: int = 8) -> str:
    """An id cut to `limit` characters, its start kept (seed ids start with their number)."""
    return article_id if len(article_id) <= limit else article_id[:limit - 1] + "…"


def links_of(pairs: Sequence[tuple[Reuse, Sequence[Finding]]]) -> dict[str, list[Link]]:
    """Each article's links, in the order of the pairs (the corpus order), each pair with its
    reuse findings, which go on the derivative's side."""
    links: dict[str, list[Link]] = {}
    for pair, findings in pairs:
        if pair.origin is None:
            a_way = b_way = "with"
        else:
            a_way, b_way = ("by", "from") if pair.origin == pair.a else ("from", "by")
        found = tuple(findings)
        links.setdefault(pair.a, []).append(Link(pair.b, a_way, pair, found if pair.derivative == pair.a else ()))
        links.setdefault(pair.b, []).append(Link(pair.a, b_way, pair, found if pair.derivative == pair.b else ()))
    return links


def reuse_findings_of(links: Sequence[Link]) -> list[Finding]:
    """An article's reuse findings (those of the pairs it is the derivative of), most severe first."""
    found = [f for link in links for f in link.findings]
    found.sort(key=lambda f: -SEVERITY_RANK[f.severity])
    return found


def label(links: Sequence[Link]) -> str:
    """The list's cell, 6 cells at most: the link's arrow and the other article's id cut short
    ("← 000…"), or how many links there are ("→ ×2"; the compare screen offers a choice)."""
    if not links:
        return ""
    arrow = ARROWS[links[0].direction]
    if len(links) == 1:
        return f"{arrow} {short_id(links[0].other, 4)}"
    return f"{arrow} ×{len(links)}"


def describe(link: Link) -> str:
    """A link in words, for the chooser of the compare screen."""
    share = max(link.reuse.reused_share.values(), default=0.0)
    return (f"{DIRECTIONS[link.direction]} {link.other} ({len(link.reuse.aligned)} aligned sentences, "
            f"up to {share:.0%} reused)")


def find_links(digests: Sequence[Analysis | Digest | None], stop: Callable[[], bool] | None = None,
               kept: Kept | None = None, ruleset: RuleSet | None = None) -> dict[str, list[Link]]:
    """(thread) The links of the scored articles (None: an article without a digest); `stop`
    ends the search early (find_pairs asks it before each alignment); `kept` as find_pairs takes
    it; with `ruleset`, the derivatives' links carry the findings of its reuse checks."""
    found = [d for d in digests if d is not None]
    if ruleset is None:
        return links_of([(pair, []) for pair in find_pairs(found, stop=stop, kept=kept)])
    return links_of(corpus_findings(found, ruleset, stop=stop, kept=kept))
