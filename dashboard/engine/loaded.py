"""Provides the loaded-wording matcher and the voice of each hit (the author's or quoted speech)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .compiled import Compiled
from .text import Span, Tokens


@dataclass(frozen=True)
class LoadedHit:
    span: Span
    term: str
    category: str
    weight: float
    voice: str  # "author" or "quoted"
    rule: str


class SpanSet:
    """Answers "is this span inside any of these spans?" quickly for many lookups."""

    def __init__(self, spans: list[Span]) -> None:
        merged: list[list[int]] = []
        for span in sorted(spans, key=lambda s: s.start):
            if merged and span.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], span.end)
            else:
                merged.append([span.start, span.end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.ends[i]


def find_loaded(tokens: Tokens, sentence_tokens: list[tuple[int, int]], compiled: Compiled,
                reported: SpanSet) -> list[LoadedHit]:
    """Loaded terms in the body sentences; `reported` holds quotes and attributed content."""
    hits = []
    for a, b in sentence_tokens:
        for i, j, (rule, term) in compiled.loaded.finditer(tokens.lowers, a, b):
            start, end = tokens.starts[i], tokens.ends[j - 1]
            voice = "quoted" if reported.covers(start, end) else "author"
            hits.append(LoadedHit(Span(start, end), term, rule.category, rule.weight, voice, rule.id))
    return hits
