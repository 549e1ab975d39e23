"""Provides the records the engine finds: spans, lines, attributions, quotes, loaded hits,
sentence sentiment and findings (records.pyi gives their field types to type checkers)."""

from __future__ import annotations

from collections import namedtuple

# Records are collections.namedtuple rather than typing.NamedTuple: importing typing costs a
# one-article run 3 ms. The field types are in each docstring.

Span = namedtuple("Span", "start end")
Span.__doc__ = """Character offsets into the article text, end exclusive (a tuple: cheap to build and pickle).

start: int, end: int"""


Line = namedtuple("Line", "start end furniture", defaults=(None,))
Line.__doc__ = """One line of the article; `furniture` names the rule that marked it as page furniture.

start: int, end: int, furniture: str | None = None"""


Attribution = namedtuple("Attribution", "cue source content source_id source_kind vague sentence "
                                        "cue_rule neutrality vague_rule pattern why entity",
                          defaults=(None, "", None, None))
Attribution.__doc__ = """A statement attributed to a source (or to no one in particular, `vague`).

cue: Span, source: Span | None, content: Span | None, source_id: str | None,
source_kind: str | None, vague: bool, sentence: Span, cue_rule: str, neutrality: str,
vague_rule: str | None = None, pattern: str = "" (the name of the attribution pattern that found it),
why: tuple[float, tuple[tuple[str, float], ...]] | None = None (when the learned layer decided:
its probability that the cue is one, and the strongest features with their weights),
entity: str | None = None (the id of the source's Entity)"""


Quote = namedtuple("Quote", "span speaker source_id entity", defaults=(None,))
Quote.__doc__ = """A direct quote and, when found, its speaker.

span: Span, speaker: Span | None, source_id: str | None, entity: str | None = None (the speaker's Entity)"""


Entity = namedtuple("Entity", "id name kind source_id media_kind mentions")
Entity.__doc__ = """One source as the article refers to it, by name, title, role or pronoun (engine/entities.py).

id: str ("e1", ...), name: str (display name), kind: str (person, organisation, outlet, government,
group, anonymous), source_id: str | None (its source rule), media_kind: str | None (an outlet's
source kind: wire, state_media, ...), mentions: tuple[Span, ...] (the source and speaker spans)"""


LoadedHit = namedtuple("LoadedHit", "span term category weight voice rule")
LoadedHit.__doc__ = """A loaded term found in the text, in the author's voice or in quoted speech.

span: Span, term: str, category: str, weight: float, voice: str ("author" or "quoted"),
rule: str"""


Sentiment = namedtuple("Sentiment", "compound pos neg neu", defaults=(0.0, 0.0, 0.0, 1.0))
Sentiment.__doc__ = """VADER's scores: compound in [-1, 1], and the positive, negative and neutral shares.

compound: float = 0.0, pos: float = 0.0, neg: float = 0.0, neu: float = 1.0"""


Finding = namedtuple("Finding", "check severity message value span line column", defaults=(None, None, None))
Finding.__doc__ = """A check that fired: its severity, message and value, and where in the text it applies.

check: str, severity: str, message: str, value: float, span: Span | None = None,
line: int | None = None, column: int | None = None"""
