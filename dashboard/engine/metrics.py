"""Provides the registry of per-article metrics that checks compare: each Metric's name, meaning
and range, how it is computed from what the engine found, and the span a finding on it points at.

A metric is computed from the findings of an article (the pipeline's Doc, or an Analysis: both
have the attributes of `Found`), so the registry needs nothing above the records at run time; the
rule kinds read the names and ranges from here to check the rule files.
"""

from __future__ import annotations

from .records import Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Protocol

    from .article import Article
    from .records import Attribution, Entity, LoadedHit, Quote, Sentiment

    class Found(Protocol):
        """What the metrics read: the findings of one article."""

        article: Article
        sentences: list[Span]
        words: int
        attributions: list[Attribution]
        quotes: list[Quote]
        loaded: list[LoadedHit]
        entities: list[Entity]
        sentiment: Sentiment
        obfuscated: int
        obfuscated_span: Span | None
        rule_timeouts: list[tuple[str, int]]

def _nothing(found: Found) -> Span | None:
    return None


class Metric:
    """One metric checks can compare: its name, what it means, its range (high None: no upper
    bound), its computation, and the first span that made it what it is (None for a metric of
    the whole article, such as its length). A plain class: a frozen dataclass takes half a
    millisecond to define, of a one-article run's import time."""

    __slots__ = ("compute", "evidence", "high", "low", "meaning", "name", "occurrences")

    def __init__(self, name: str, meaning: str, low: float, high: float | None,
                 compute: Callable[[Found], float],
                 evidence: Callable[[Found], Span | None] = _nothing,
                 occurrences: Callable[[Found], list[Span]] | None = None) -> None:
        self.name, self.meaning, self.low, self.high = name, meaning, low, high
        self.compute, self.evidence = compute, evidence
        # For a metric that counts things a reader can point at (the quotes with no speaker):
        # each one's span, and a check on it gives one finding per occurrence.
        self.occurrences = occurrences

    def __repr__(self) -> str:
        return f"Metric({self.name!r}, low={self.low}, high={self.high})"


def compute_metrics(found: Found) -> dict[str, float]:
    """Every metric of the registry, in its order (the order of the JSON contract's metrics)."""
    return {name: metric.compute(found) for name, metric in METRICS.items()}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _per_100(hits: int, words: int) -> float:
    return min(100.0, round(100 * hits / words, 3)) if words else 0.0


def _of_kind(found: Found, kind: str) -> float:
    """Share of the attributions credited to sources of one kind (state media, wire, aggregator)."""
    return _share(sum(1 for a in found.attributions if a.source_kind == kind), len(found.attributions))


def _vague(found: Found) -> int:
    return sum(1 for a in found.attributions if a.vague)


def _author(found: Found) -> int:
    return sum(1 for h in found.loaded if h.voice == "author")


# A quoted phrase of this many words or fewer is a term, a title or a scare quote unless an
# attribution or a speech tag gives it a speaker (engine/quotes.py reads these too).
SHORT_QUOTE_WORDS = 3
# Words before a quote that make it a name for something, not speech: the so-called "death tax".
NAMING_WORDS = frozenset("so-called called dubbed termed titled entitled named nicknamed labeled labelled "
                         "branded headlined".split())
# Words a title leaves in lower case ("The Secret Soldiers of Benghazi").
TITLE_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from vs".split())


def is_term(text: str, quote: Span) -> bool:
    """A quoted term, title or scare quote rather than speech: a few words, a title in title case
    (“13 Hours: The Secret Soldiers of Benghazi”), markup a page left in, or named by the words
    before it ("the so-called “death tax”", "a bill dubbed “Obamacare for everyone”")."""
    inside = text[quote.start:quote.end]
    words = inside.split()
    if len(words) <= SHORT_QUOTE_WORDS or "<" in inside or ">" in inside:
        return True
    bare = [w.strip("“”\"«»„") for w in words]
    if all(w[:1].isupper() or not w[:1].isalpha() or w in TITLE_SMALL_WORDS for w in bare):
        return True
    before = text[max(0, quote.start - 20):quote.start].split()
    return bool(before) and before[-1].lower().strip(",:") in NAMING_WORDS


def woven(text: str, quote: Span) -> bool:
    """A quote woven into the author's own sentence ("he took credit for “being right”", "called
    on people to “remember ...”", "his act—“My tax plan ...”"): it follows a word, a comma or a
    dash, so the sentence itself says whose words they are, where a quote that opens a sentence
    or a paragraph stands on its own."""
    before = text[max(0, quote.start - 3):quote.start].rstrip(" \t")
    return bool(before) and (before[-1].isalnum() or before[-1] in ",—–-")


def unattributed_quotes(found: Found) -> list[Span]:
    """Direct quotes that stand on their own with no speaker: quoted terms, titles and scare
    quotes (three words or fewer, or "so-called ...") are not speech (is_term), and a quote woven
    into the author's sentence is read with that sentence (woven)."""
    text = found.article.text
    return [q.span for q in found.quotes
            if q.speaker is None and not is_term(text, q.span) and not woven(text, q.span)]


# The kinds of entity a reader can look up by name (engine/entities.py): not groups or anonymous sources.
NAMED_KINDS = frozenset(("person", "organisation", "outlet", "government"))


def _named_sources(found: Found) -> int:
    return sum(1 for e in found.entities if e.kind in NAMED_KINDS)


# -- evidence: the first span behind a metric ---------------------------------------------------

def _first_unattributed(found: Found) -> Span | None:
    return next(iter(unattributed_quotes(found)), None)


def _first_loaded(voice: str) -> Callable[[Found], Span | None]:
    return lambda found: next((h.span for h in found.loaded if h.voice == voice), None)


def _first_cue(test: Callable[[Attribution], bool]) -> Callable[[Found], Span | None]:
    return lambda found: next((a.cue for a in found.attributions if test(a)), None)


def _gave_up_line(found: Found) -> Span | None:
    """The line where the first furniture rule given up on was given up on."""
    if not found.rule_timeouts:
        return None
    text = found.article.text
    start = found.rule_timeouts[0][1]
    end = text.find("\n", start)
    return Span(start, len(text) if end < 0 else end)


METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("words", "words in the article body (page furniture excluded)", 0, None,
           lambda f: f.words),
    Metric("sentences", "sentences in the article body", 0, None, lambda f: len(f.sentences)),
    Metric("attributions", "statements attributed to a source by a cue", 0, None,
           lambda f: len(f.attributions)),
    Metric("attribution_density", "share of body sentences that carry an attribution", 0, 1,
           lambda f: _share(len({a.sentence for a in f.attributions}), len(f.sentences))),
    Metric("named_sources", "distinct named sources: entities that are people, organisations, outlets "
                            "or government bodies (a pronoun or title counts as the one it refers to; "
                            "not groups, not vague sources)", 0, None, _named_sources),
    Metric("resolved_sources", "distinct sources found in the source rule files", 0, None,
           lambda f: len({a.source_id for a in f.attributions if a.source_id})),
    Metric("vague_attributions", "attributions to vague or anonymous sources", 0, None,
           _vague, _first_cue(lambda a: a.vague)),
    Metric("anonymous_share", "share of attributions whose source is vague or anonymous", 0, 1,
           lambda f: _share(_vague(f), len(f.attributions)), _first_cue(lambda a: a.vague)),
    Metric("state_media_share", "share of attributions credited to state media", 0, 1,
           lambda f: _of_kind(f, "state_media"), _first_cue(lambda a: a.source_kind == "state_media")),
    Metric("wire_share", "share of attributions credited to wire services", 0, 1,
           lambda f: _of_kind(f, "wire")),
    Metric("aggregator_share", "share of attributions credited to aggregators", 0, 1,
           lambda f: _of_kind(f, "aggregator")),
    Metric("loaded_cue_share", "share of attributions made with a loaded verb "
                               "(claimed, admitted, insisted)", 0, 1,
           lambda f: _share(sum(1 for a in f.attributions if a.neutrality == "loaded"), len(f.attributions)),
           _first_cue(lambda a: a.neutrality == "loaded")),
    Metric("quotes", "direct quotations", 0, None, lambda f: len(f.quotes)),
    Metric("unattributed_quotes", "direct quotations with no speaker found (quoted terms, titles and "
                                  "scare quotes of three words or fewer left out)", 0, None,
           lambda f: len(unattributed_quotes(f)), _first_unattributed, unattributed_quotes),
    Metric("loaded_author", "loaded-wording hits in the author's own voice", 0, None,
           _author, _first_loaded("author")),
    Metric("loaded_quoted", "loaded-wording hits inside quotes or attributed statements", 0, None,
           lambda f: len(f.loaded) - _author(f), _first_loaded("quoted")),
    Metric("loaded_author_per_100", "loaded hits in the author's voice per 100 body words", 0, 100,
           lambda f: _per_100(_author(f), f.words), _first_loaded("author")),
    Metric("loaded_quoted_per_100", "loaded hits in quoted speech per 100 body words", 0, 100,
           lambda f: _per_100(len(f.loaded) - _author(f), f.words), _first_loaded("quoted")),
    Metric("sentiment_compound", "mean VADER compound score of the body sentences", -1, 1,
           lambda f: f.sentiment.compound),
    Metric("obfuscated_words", "words disguised from the rules: invisible characters inside, "
                               "look-alike letters of another script, full-width letters", 0, None,
           lambda f: f.obfuscated, lambda f: f.obfuscated_span),
    Metric("rule_timeouts", "furniture rules given up on in the article for taking too long "
                            "(its furniture, and so its scores, may be incomplete)", 0, None,
           lambda f: len(f.rule_timeouts), _gave_up_line),
)}
