"""Provides the JSON score contract (docs/contract.md, ARCHITECTURE.md) of one Analysis."""

from __future__ import annotations

from ..engine.analysis import Analysis
from ..engine.records import Attribution, Finding, Span
from ..runtime.articles import HTML_SUFFIXES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def to_contract(analysis: Analysis, *, lazy: bool = False) -> dict[str, Any]:
    """The JSON score contract of ARCHITECTURE.md for one article.

    `lazy`: the attributions, quotes and loaded hits as iterators that make each item's dict when
    it is asked for, so that a writer encoding one item at a time never holds them all (an
    article with an attribution in every line has more of them than it has words)."""
    text = analysis.article.text
    art = analysis.article

    def span(s: Span | None, with_text: bool = True) -> dict[str, Any] | None:
        if s is None:
            return None
        out: dict[str, Any] = {"start": s.start, "end": s.end}
        if with_text:
            out["text"] = text[s.start:s.end]
        return out

    attributions = ({
        "cue": span(a.cue), "source": span(a.source), "content": span(a.content, False),
        "source_id": a.source_id, "source_kind": a.source_kind, "vague": a.vague,
        "sentence": span(a.sentence, False), "pattern": a.pattern, "why": _why(a), "entity": a.entity,
    } for a in analysis.attributions)
    quotes = ({**span(q.span), "speaker": span(q.speaker), "source_id": q.source_id,  # type: ignore[dict-item]
               "entity": q.entity} for q in analysis.quotes)
    entities = ({"id": e.id, "name": e.name, "kind": e.kind, "source_id": e.source_id, "media_kind": e.media_kind,
                 "mentions": [span(m) for m in e.mentions]} for e in analysis.entities)
    loaded = ({**span(h.span), "term": h.term, "category": h.category, "weight": h.weight,  # type: ignore[dict-item]
               "voice": h.voice} for h in analysis.loaded)
    per_sentence = ({"start": s.start, "end": s.end, "compound": v.compound, "pos": v.pos, "neg": v.neg,
                     "neu": v.neu} for s, v in zip(analysis.sentences, analysis.sentence_sentiment))
    record: dict[str, Any] = {
        "id": art.id, "path": art.path, "title": analysis.title, "outlet": art.outlet, "url": art.url,
        "words": analysis.words, "sentences": len(analysis.sentences),
        "attribution_density": analysis.metrics["attribution_density"],
        "attributions": attributions if lazy else list(attributions),
        "quotes": quotes if lazy else list(quotes),
        "entities": entities if lazy else list(entities),
        "loaded": loaded if lazy else list(loaded),
        "sentiment": {"compound": analysis.sentiment.compound, "pos": analysis.sentiment.pos,
                      "neg": analysis.sentiment.neg, "neu": analysis.sentiment.neu},
        "sentence_sentiment": per_sentence if lazy else list(per_sentence),
        "sources": dict(analysis.sources()),
        "source_kinds": dict(analysis.source_kinds()),
        "metrics": dict(analysis.metrics),
        "findings": [_finding_json(f) for f in analysis.findings],
    }
    if art.positions is not None or (art.path or "").lower().endswith(HTML_SUFFIXES):
        # A web page's offsets index the text extracted from it, which is nowhere else to be read.
        record["date"] = art.date
        record["text"] = text
    return record


def _why(a: Attribution) -> dict[str, Any]:
    """Why an attribution was taken: its cue rule and pattern, and when the learned layer decided,
    its probability and strongest features ([name, weight], strongest first)."""
    model = None
    if a.why is not None:
        p, features = a.why
        model = {"p": p, "features": [[name, weight] for name, weight in features]}
    return {"pattern": a.pattern, "rule": a.cue_rule, "model": model}


def _finding_json(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {"check": f.check, "severity": f.severity, "message": f.message}
    if f.span is not None:
        out["start"], out["end"] = f.span.start, f.span.end
    if f.line is not None:
        out["line"], out["column"] = f.line, f.column
    return out
