"""Provides the attribution changes between an origin and its derivative: for each aligned pair
of sentences, who each side attributes the statement to, and the sources the derivative adds."""

from __future__ import annotations

from ..analysis import Analysis
from ..records import Attribution, Span
from .records import Aligned, Change, Party


def _party(analysis: Analysis, att: Attribution) -> Party | None:
    if att.source is None:
        return None
    entity = next((e for e in analysis.entities if e.id == att.entity), None)
    name = entity.name if entity else analysis.article.text[att.source.start:att.source.end]
    kind = (entity.media_kind or entity.kind) if entity else att.source_kind
    return Party(att.entity, att.source_id, name, kind)


def _same(x: Party, y: Party) -> bool:
    if x.source_id or y.source_id:
        return x.source_id == y.source_id
    return x.name.lower() == y.name.lower() or x.name.split()[-1].lower() == y.name.split()[-1].lower()


def attribution_changes(origin: Analysis, derivative: Analysis, aligned: list[Aligned],
                        derivative_is_b: bool) -> list[Change]:
    """Attributions of aligned origin sentences that the derivative drops, changes or launders,
    and the sources the derivative cites that the origin never does."""
    def parties(analysis: Analysis) -> dict[Span, list[Party]]:
        out: dict[Span, list[Party]] = {}
        for att in analysis.attributions:
            party = _party(analysis, att)
            if party is not None:
                out.setdefault(Span(*att.sentence), []).append(party)
        return out

    of_origin, of_derivative = parties(origin), parties(derivative)
    changes: list[Change] = []
    for pair in aligned:
        x, y = (pair.a, pair.b) if derivative_is_b else (pair.b, pair.a)
        before, after = of_origin.get(x, []), of_derivative.get(y, [])
        for party in before:
            if any(_same(party, other) for other in after):
                continue
            others = [p for p in after if not any(_same(p, q) for q in before)]
            target = others[0] if others else None
            if party.kind == "state_media" and (target is None or target.kind == "wire"):
                kind = "laundered" if target is not None else "dropped"
            else:
                kind = "changed" if target is not None else "dropped"
            a, b = (x, y) if derivative_is_b else (y, x)
            changes.append(Change(a, b, party, target, kind))
    everywhere = [p for ps in of_origin.values() for p in ps]
    for sentence, ps in of_derivative.items():
        for party in ps:
            if (party.kind in ("outlet", "wire", "state_media", "aggregator", "newspaper", "broadcaster")
                    or party.source_id) and not any(_same(party, other) for other in everywhere):
                span = sentence
                changes.append(Change(None, span, None, party, "added") if derivative_is_b
                               else Change(span, None, None, party, "added"))
    return changes
