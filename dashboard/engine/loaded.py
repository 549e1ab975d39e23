"""Provides the loaded-wording matcher and the voice of each hit (the author's or quoted speech)."""

from __future__ import annotations

from .compiled import Compiled
from .records import LoadedHit, Span
from .text import SpanSet, Tokens


def find_loaded(tokens: Tokens, sentence_tokens: list[tuple[int, int]], compiled: Compiled,
                reported: SpanSet) -> list[LoadedHit]:
    """Loaded terms in the body sentences; `reported` holds quotes and attributed content."""
    hits = []
    candidates = compiled.loaded.candidates(tokens.lowers)
    for a, b in sentence_tokens:
        for i, j, (rule, term) in compiled.loaded.finditer(tokens.lowers, a, b, candidates):
            start, end = tokens.starts[i], tokens.ends[j - 1]
            voice = "quoted" if reported.covers(start, end) else "author"
            hits.append(LoadedHit(Span(start, end), term, rule.category, rule.weight, voice, rule.id))
    return hits
