# The field types of the records of records.py, for type checkers (at run time they are
# collections.namedtuple: importing typing would cost a one-article run 3 ms).
from typing import NamedTuple

class Span(NamedTuple):
    start: int
    end: int

class Line(NamedTuple):
    start: int
    end: int
    furniture: str | None = None

class Attribution(NamedTuple):
    cue: Span
    source: Span | None
    content: Span | None
    source_id: str | None
    source_kind: str | None
    vague: bool
    sentence: Span
    cue_rule: str
    neutrality: str
    vague_rule: str | None = None
    pattern: str = ""
    why: tuple[float, tuple[tuple[str, float], ...]] | None = None
    entity: str | None = None

class Quote(NamedTuple):
    span: Span
    speaker: Span | None
    source_id: str | None
    entity: str | None = None

class Entity(NamedTuple):
    id: str
    name: str
    kind: str
    source_id: str | None
    media_kind: str | None
    mentions: tuple[Span, ...]

class LoadedHit(NamedTuple):
    span: Span
    term: str
    category: str
    weight: float
    voice: str
    rule: str

class Sentiment(NamedTuple):
    compound: float = 0.0
    pos: float = 0.0
    neg: float = 0.0
    neu: float = 1.0

class Finding(NamedTuple):
    check: str
    severity: str
    message: str
    value: float
    span: Span | None = None
    line: int | None = None
    column: int | None = None
