"""Provides direct quotes: where they open and close in body paragraphs, and the speaker of each,
taken from the attributions of its sentences or of the sentence before or after it."""

from __future__ import annotations

from bisect import bisect_left

from .records import Attribution, Quote, Span

OPENING_QUOTES = "“\"«„"
CLOSING_QUOTES = {"“": "”", "\"": "\"", "«": "»", "„": "“"}
CLOSING_MARKS = frozenset(CLOSING_QUOTES.values())


def find_quotes(text: str, paragraphs: list[Span]) -> list[Span]:
    """Direct quotations in body paragraphs; a quote left open runs to the end of its paragraph."""
    quotes: list[Span] = []
    for para in paragraphs:
        pos = para.start
        while pos < para.end:
            open_at = _next_open(text, pos, para.end)
            if open_at < 0:
                break
            closer = CLOSING_QUOTES[text[open_at]]
            close_at = text.find(closer, open_at + 1, para.end)
            if close_at < 0:
                end = para.end
            else:
                end = close_at + 1
            if any(c.isalnum() for c in text[open_at:end]):
                quotes.append(Span(open_at, end))
            pos = end
    return quotes


def _next_open(text: str, pos: int, end: int) -> int:
    best = -1
    for mark in OPENING_QUOTES:
        at = text.find(mark, pos, end)
        if at >= 0 and (best < 0 or at < best):
            best = at
    return best


def assign_speakers(quotes: list[Span], attributions: list[Attribution],
                    sentences: list[Span]) -> list[Quote]:
    """A speaker for each quote: an attribution in its sentences, else the one before or after."""
    starts = [s.start for s in sentences]
    by_sentence: dict[int, Attribution] = {}
    for attribution in attributions:
        if attribution.source is not None:
            index = bisect_left(starts, attribution.sentence.start)
            by_sentence.setdefault(index, attribution)
    out = []
    for quote in quotes:
        first = max(0, bisect_left(starts, quote.start + 1) - 1)
        last = max(0, bisect_left(starts, quote.end) - 1)
        chosen = None
        for index in list(range(first, last + 1)) + [first - 1, last + 1]:
            found = by_sentence.get(index)
            if found is not None and index >= 0:
                chosen = found
                break
        out.append(Quote(quote, chosen.source if chosen else None,
                         chosen.source_id if chosen else None))
    return out
