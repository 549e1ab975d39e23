"""Provides the Doc, the one document object the analysis stages work on, and the Stage record.

A Doc starts with an article and the compiled rules; each stage reads some of its attributes (its
`needs`) and sets others (its `gives`), so that no stage function takes more than the Doc, and
the order of the stages is checked by what they say rather than by their argument lists
(tests/unit/test_stages.py). At the end the Doc becomes the Analysis that faces and reports read.
"""

from __future__ import annotations

from .analysis import Analysis
from .article import Article
from .records import Attribution, Entity, Finding, Line, LoadedHit, Quote, Sentiment, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable

    from .compiled import Compiled
    from .matchtext import MatchText
    from .text import SpanSet, Tokens

# What a new Doc already holds: the stages' first needs.
GIVEN = ("article", "text", "compiled", "matching", "original", "obfuscated", "obfuscated_span")


class Chunk:
    """A run of body sentences and their tokens, all the token pass holds at once (body.py)."""

    __slots__ = ("attributions", "refused", "sentence_tokens", "sentences", "start", "stop", "tokens")

    def __init__(self, tokens: Tokens, sentences: list[Span], sentence_tokens: list[tuple[int, int]],
                 start: int, stop: int) -> None:
        self.tokens, self.sentences, self.start, self.stop = tokens, sentences, start, stop
        self.sentence_tokens = sentence_tokens  # each sentence's tokens [a, b) among `tokens`
        self.attributions: list[Attribution] = []  # those found in this chunk
        # Cue words the rules read in a sense that reports no speech ("continued to support")
        self.refused: list[Span] = []


class Doc:
    """One article as the stages see it. `text` is the text the rules read: the article's own,
    or for text that is not ASCII its matching form (`matching`, matchtext.py), until the restore
    stage maps every span back to the article's own text and `article` back to `original`.

    A plain class with slots (a dataclass of its 24 fields costs 3 ms to define, of a one-article
    run's import time)."""

    __slots__ = ("article", "attributions", "chunk", "closed_quotes", "compiled", "entities", "findings", "lines",
                 "loaded", "matching", "metrics", "obfuscated", "obfuscated_span", "original",
                 "paragraphs", "quote_ends", "quote_spans", "quotes", "rule_timeouts",
                 "sentence_sentiment", "sentences", "sentiment", "text", "title", "words")

    def __init__(self, article: Article, compiled: Compiled, matching: MatchText | None = None,
                 original: Article | None = None, obfuscated: int = 0,
                 obfuscated_span: Span | None = None) -> None:
        self.article, self.text, self.compiled = article, article.text, compiled
        self.matching, self.original = matching, original  # the article as given, in its own text
        self.obfuscated = obfuscated  # words disguised with invisible characters, look-alikes, ...
        self.obfuscated_span = obfuscated_span  # ... the first of them
        self.lines: list[Line] = []
        self.rule_timeouts: list[tuple[str, int]] = []  # (furniture rule given up on, line offset)
        self.paragraphs: list[Span] = []  # body lines that are not blank
        self.sentences: list[Span] = []
        self.title: str | None = None
        self.quote_spans: list[Span] = []  # direct quotes, in text order
        self.quote_ends: list[int] = []
        self.closed_quotes: SpanSet | None = None  # the quotes that close: cues inside are quoted speech
        self.chunk: Chunk | None = None  # during the token pass, the sentences whose tokens are held
        self.words = 0
        self.attributions: list[Attribution] = []
        self.loaded: list[LoadedHit] = []
        self.quotes: list[Quote] = []
        self.entities: list[Entity] = []
        self.sentence_sentiment: list[Sentiment] = []
        self.sentiment = Sentiment()
        self.metrics: dict[str, float] = {}
        self.findings: list[Finding] = []

    def analysis(self) -> Analysis:
        """What was found, as the faces and the contract read it."""
        return Analysis(
            article=self.article, lines=self.lines, sentences=self.sentences,
            sentence_sentiment=self.sentence_sentiment, words=self.words,
            attributions=self.attributions, quotes=self.quotes, loaded=self.loaded,
            sentiment=self.sentiment, metrics=self.metrics, findings=self.findings, title=self.title,
            obfuscated=self.obfuscated, obfuscated_span=self.obfuscated_span,
            rule_timeouts=self.rule_timeouts, entities=self.entities,
        )


class Stage:
    """One step of the analysis: `run` reads the Doc attributes named in `needs` and sets those
    in `gives`. A stage with `parts` runs them, in order, within its own run (the token pass
    runs its parts on each chunk of sentences)."""

    __slots__ = ("gives", "name", "needs", "parts", "run")

    def __init__(self, name: str, run: Callable[[Doc], None], needs: tuple[str, ...],
                 gives: tuple[str, ...], parts: tuple[Stage, ...] = ()) -> None:
        self.name, self.run, self.needs, self.gives, self.parts = name, run, needs, gives, parts

    def __repr__(self) -> str:
        return f"Stage({self.name!r}, needs={self.needs}, gives={self.gives})"
