"""Provides the Digest: what comparison needs of one article (its body sentences, who each is
attributed to, its quotes and its credits to outlets and wires), small and picklable, so that a
worker process sends back a digest rather than a whole analysis."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..analysis import Analysis
from ..article import Article
from ..records import Attribution, Span
from .records import Party

MAX_SENTENCES = 400  # a longer body is compared on its first sentences: memory per article stays bounded
MAX_SENTENCE_CHARS = 1500
HEADING_WORDS = 12  # a line of one sentence, this short and without a closing mark, is a heading
CLOSING = re.compile(r"[.!?…”\"’')\]]\s*$")
# Kinds of source whose credit stands for copy taken from them.
CREDIT_KINDS = frozenset({"wire", "outlet", "newspaper", "broadcaster", "aggregator", "state_media"})


@dataclass(frozen=True, slots=True)
class Said:
    """One attribution of a body sentence: who (as a Party) and where the source is written."""

    party: Party
    source: Span
    vague: bool


@dataclass(frozen=True, slots=True)
class Digest:
    """What comparison reads of one article; spans index the article's text."""

    id: str
    date: str | None
    outlet: str | None
    sentences: tuple[Span, ...]  # the body: sentences outside page furniture and headings
    texts: tuple[str, ...]  # their text
    said: tuple[tuple[Said, ...], ...]  # per body sentence, its attributions with a source
    quotes: tuple[tuple[int, Span, str], ...]  # (body sentence index, span, text) of direct quotes
    outlets: tuple[str, ...]  # source ids of the outlets and wires the article names
    # The article itself (its text, path and line): what the faces show and point into
    article: Article | None = None
    furniture: tuple[Span, ...] = ()  # its lines of page furniture (a dateline, a credit line)

    @property
    def body_chars(self) -> int:
        return sum(s.end - s.start for s in self.sentences)


def _heading(text: str, line: Span, sentence: Span) -> bool:
    """A sentence that is its whole line, short and without a closing mark: a heading or a label
    ("China and North Korea's Strong Ties", "Related Article:")."""
    if text[line.start:line.end].strip() != text[sentence.start:sentence.end].strip():
        return False
    body = text[sentence.start:sentence.end].rstrip()
    words = body.split()
    if body.endswith(":") or (not CLOSING.search(body) and len(words) <= HEADING_WORDS):
        return True
    # Headline case ("Rand Paul Scores Direct Hit On Donald Trump."): a related-stories list.
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return len(words) >= 4 and capitalised >= 0.8 * len(words)


def body_sentences(analysis: Analysis) -> list[Span]:
    """The sentences of an article outside its page furniture and headings."""
    text = analysis.article.text
    out = []
    lines = analysis.lines
    k = 0
    for s in analysis.sentences:
        while k < len(lines) and lines[k].end < s.start:
            k += 1
        line = lines[k] if k < len(lines) else None
        inside = line is not None and line.start <= s.start and s.end <= line.end
        if inside and line is not None and (line.furniture or _heading(text, Span(line.start, line.end), s)):
            continue
        out.append(Span(s.start, s.end))
    return out


def _party(analysis: Analysis, att: Attribution, names: dict[str, tuple[str, str, str | None]]) -> Party:
    assert att.source is not None
    text = analysis.article.text
    if att.entity and att.entity in names:
        name, kind, media = names[att.entity]
        return Party(att.entity, att.source_id, name, media or kind)
    return Party(None, att.source_id, text[att.source.start:att.source.end], att.source_kind)


def make_digest(analysis: Analysis) -> Digest:
    """The digest of one analysed article."""
    text = analysis.article.text
    body = body_sentences(analysis)[:MAX_SENTENCES]
    starts = {s.start: k for k, s in enumerate(body)}
    names = {e.id: (e.name, e.kind, e.media_kind) for e in analysis.entities}
    said: list[list[Said]] = [[] for _ in body]
    for att in analysis.attributions:
        k = starts.get(att.sentence.start)
        if k is None or att.source is None or body[k].end != att.sentence.end:
            continue
        said[k].append(Said(_party(analysis, att, names), Span(att.source.start, att.source.end), att.vague))
    quotes = []
    for q in analysis.quotes:
        k = _index(body, q.span.start)
        if k is not None:
            quotes.append((k, Span(q.span.start, q.span.end), text[q.span.start:q.span.end]))
    outlets = tuple(sorted({e.source_id for e in analysis.entities
                            if e.source_id and (e.media_kind or e.kind) in CREDIT_KINDS}))
    return Digest(
        id=analysis.article.id, date=analysis.article.date, outlet=analysis.article.outlet,
        sentences=tuple(body), texts=tuple(text[s.start:s.end][:MAX_SENTENCE_CHARS] for s in body),
        said=tuple(tuple(x) for x in said), quotes=tuple(quotes), outlets=outlets, article=analysis.article,
        furniture=tuple(Span(line.start, line.end) for line in analysis.lines if line.furniture))


def _index(body: list[Span], offset: int) -> int | None:
    k = bisect_right([s.start for s in body], offset) - 1
    return k if k >= 0 and offset < body[k].end else None


def as_digest(item: Analysis | Digest) -> Digest:
    """A digest, from an analysis or as given."""
    return item if isinstance(item, Digest) else make_digest(item)
