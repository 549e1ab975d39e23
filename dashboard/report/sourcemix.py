"""Provides the source mix of one article as a reader asks for it: the outlets first, with their
display name and kind ("Yahoo News · aggregator"), then the people and organisations by entity,
then groups and vague sources; each with how often and how it was cited (its cue words, and how
many of them are loaded). The dashboard's Source mix panel draws these rows; nothing here
imports the dashboard."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from ..engine.analysis import Analysis
from ..engine.records import Entity, Span

SECTIONS = ("outlets", "people & bodies", "groups & vague", "no source")
# What a source's kind is called, and its mark: a reader without colour (NO_COLOR, a monochrome
# terminal, colour blindness) tells the kinds apart by these.
LABELS = {
    "state_media": ("state media", "■"), "wire": ("wire", "▲"), "aggregator": ("aggregator", "◆"),
    "public_broadcaster": ("public broadcaster", "□"), "newspaper": ("newspaper", "□"),
    "broadcaster": ("broadcaster", "□"), "magazine": ("magazine", "□"), "online": ("online", "□"),
    "person": ("person", "●"), "organisation": ("organisation", "◇"), "government": ("government", "▣"),
    "group": ("group", "○"), "anonymous": ("vague", "?"), None: ("no source", "·"),
}


class MixRow(NamedTuple):
    """One line of the source mix."""

    section: str  # one of SECTIONS
    mark: str  # the kind's symbol
    name: str  # display name (rule-file name for an outlet, fullest name for a person)
    label: str  # the kind as a word: "wire", "person", "vague"
    style_kind: str | None  # the source kind the colour follows (an outlet's media kind, else its kind)
    times: int  # attributions and quotes credited to it
    cited: str  # how: its cue words by frequency, "said 3, told 1" (quotes as "quoted 2")
    loaded: int  # of them, by a loaded cue ("claimed", "admitted")
    first: Span  # the first attribution cue or quote, to jump to
    source_id: str | None


def _section(entity: Entity | None) -> str:
    if entity is None:
        return SECTIONS[3]
    if entity.kind == "outlet":
        return SECTIONS[0]
    if entity.kind in ("group", "anonymous"):
        return SECTIONS[2]
    return SECTIONS[1]


def source_mix(analysis: Analysis) -> list[MixRow]:
    """The rows, section by section, most cited first within each."""
    text = analysis.article.text
    by_id = {e.id: e for e in analysis.entities}
    cues: dict[str | None, Counter[str]] = {}
    loaded: Counter[str | None] = Counter()
    first: dict[str | None, Span] = {}
    for a in analysis.attributions:
        key = a.entity if a.entity in by_id else None
        cues.setdefault(key, Counter())[text[a.cue.start:a.cue.end].lower()] += 1
        loaded[key] += a.neutrality != "neutral"
        if key not in first or a.cue.start < first[key].start:
            first[key] = a.cue
    for q in analysis.quotes:
        if q.entity in by_id:
            cues.setdefault(q.entity, Counter())["quoted"] += 1
            if q.entity not in first or q.span.start < first[q.entity].start:
                first[q.entity] = q.span
    rows = []
    for key, counts in cues.items():
        entity = by_id.get(key) if key else None
        kind = None if entity is None else (entity.media_kind or entity.kind)
        label, mark = LABELS.get(kind, (kind or "source", "□"))
        rows.append(MixRow(
            section=_section(entity), mark=mark, name=entity.name if entity else "(no source)",
            label=label, style_kind=kind,
            times=sum(counts.values()), cited=", ".join(f"{cue} {n}" for cue, n in counts.most_common()),
            loaded=loaded[key], first=first[key], source_id=entity.source_id if entity else None))
    order = {name: n for n, name in enumerate(SECTIONS)}
    return sorted(rows, key=lambda r: (order[r.section], -r.times, r.first.start))
