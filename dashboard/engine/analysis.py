"""Provides the Analysis: everything the engine found in one article, with the views of it that
faces and the contract read (sources, kinds, worst severity, sentiment per source)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from .article import Article
from .records import Attribution, Entity, Finding, Line, LoadedHit, Quote, Sentiment, Span

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Analysis:
    """Everything the engine found in one article."""

    article: Article
    lines: list[Line]
    sentences: list[Span]
    sentence_sentiment: list[Sentiment]
    words: int
    attributions: list[Attribution]
    quotes: list[Quote]
    loaded: list[LoadedHit]
    sentiment: Sentiment
    metrics: dict[str, float]
    findings: list[Finding] = field(default_factory=list)
    title: str | None = None
    obfuscated: int = 0  # words disguised with invisible characters, look-alikes, full-width forms
    obfuscated_span: Span | None = None  # the first of them
    # Furniture rules given up on in this article for taking too long: (rule id, line offset).
    rule_timeouts: list[tuple[str, int]] = field(default_factory=list)
    # The sources and speakers grouped by what they refer to (engine/entities.py).
    entities: list[Entity] = field(default_factory=list)

    @property
    def furniture(self) -> list[Line]:
        return [line for line in self.lines if line.furniture]

    def sources(self) -> Counter[str]:
        return Counter(a.source_id for a in self.attributions if a.source_id)

    def source_kinds(self) -> Counter[str]:
        return Counter(a.source_kind for a in self.attributions if a.source_kind)

    def worst_severity(self) -> str | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)

    def source_sentiment(self) -> dict[str, float]:
        """Mean compound sentiment of the sentences attributed to each source (by its entity's
        display name, else as written)."""
        starts = [s.start for s in self.sentences]
        scores: dict[str, list[float]] = {}
        names = {e.id: e.name for e in self.entities}
        for a in self.attributions:
            if a.source is None:
                continue
            key = names.get(a.entity or "") or self.article.text[a.source.start:a.source.end]
            index = bisect_left(starts, a.sentence.start)
            if index < len(self.sentences) and self.sentences[index] == a.sentence:
                scores.setdefault(key, []).append(self.sentence_sentiment[index].compound)
        return {k: round(sum(v) / len(v), 4) for k, v in scores.items()}
