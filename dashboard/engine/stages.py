"""Provides the analysis stages, in the order analyse() runs them on a Doc: page furniture,
sentences, direct quotes, the token pass (words, attributions, loaded wording), quote speakers,
entities (the mentions of one source grouped), sentiment, metrics, the mapping of spans back to
the article's own text, and the checks.

Each stage names what it reads from the Doc and what it sets (tests/unit/test_stages.py holds
every need to an earlier stage's gift).
"""

from __future__ import annotations

from .body import TOKEN_PASS, set_quotes
from .doc import Doc, Stage
from .entities import find_entities
from .findings import run_checks
from .metrics import compute_metrics
from .quotes import assign_speakers, find_quotes
from .records import Line, Span
from .sentiment import mean, score_sentences
from .text import SpanSet, split_lines, split_sentences

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from .compiled import Compiled


def classify_lines(text: str, compiled: Compiled,
                   gave_up: list[tuple[str, int]] | None = None) -> list[Line]:
    """Every line, with the furniture rule that marks it (None for body text and blank lines).

    A furniture pattern that takes too long in this article is given up on for the rest of it;
    `gave_up` (when given) receives the id of each such rule and the offset of the line where
    that happened."""
    lines = split_lines(text)
    nonblank = [i for i, line in enumerate(lines) if text[line.start:line.end].strip()]
    half = len(nonblank) / 2
    rest_rule: str | None = None
    scan = compiled.furniture_scan(len(text))  # this article's own time budgets
    for position, index in enumerate(nonblank):
        line = lines[index]
        marked = rest_rule
        if marked is None:
            content = text[line.start:line.end]
            for rule, pattern in compiled.furniture if scan.may_be_furniture(content, line.start) else ():
                if (rule.where == "head" and position >= half) or (rule.where == "tail" and position < half):
                    continue
                if scan.match(rule, pattern, content, line.start):
                    marked = rule.id
                    if rule.scope == "rest":
                        rest_rule = rule.id
                    break
        if marked:
            lines[index] = Line(line.start, line.end, marked)
    if gave_up is not None:
        gave_up.extend(scan.gave_up)
    return lines


def _furniture(doc: Doc) -> None:
    doc.lines = classify_lines(doc.text, doc.compiled, doc.rule_timeouts)


def _paragraphs(text: str, lines: list[Line]) -> list[Span]:
    return [Span(l.start, l.end) for l in lines if not l.furniture and text[l.start:l.end].strip()]


def _title(text: str, paragraphs: list[Span]) -> str | None:
    """A first body line short enough to be a headline."""
    if not paragraphs:
        return None
    first = text[paragraphs[0].start:paragraphs[0].end].strip().lstrip("# ")
    return first if 0 < len(first) <= 150 and first[-1] not in ".:" else None


def _sentences(doc: Doc) -> None:
    text = doc.text
    doc.paragraphs = paragraphs = _paragraphs(text, doc.lines)
    doc.sentences = [s for p in paragraphs for s in split_sentences(text, p.start, p.end)]
    doc.title = doc.article.title or _title(text, paragraphs)


def _quotes(doc: Doc) -> None:
    set_quotes(doc, find_quotes(doc.text, doc.paragraphs))


def _speakers(doc: Doc) -> None:
    doc.quotes = assign_speakers(doc.text, doc.quote_spans, doc.attributions, doc.sentences, doc.compiled)


def _entities(doc: Doc) -> None:
    doc.entities, doc.attributions, doc.quotes = find_entities(
        doc.text, doc.sentences, doc.attributions, doc.quotes, doc.compiled.sources)


def _sentiment(doc: Doc) -> None:
    text = doc.text
    doc.sentence_sentiment = score_sentences(text[s.start:s.end] for s in doc.sentences)
    doc.sentiment = mean(doc.sentence_sentiment)


def _metrics(doc: Doc) -> None:
    doc.metrics = compute_metrics(doc)  # for text that is not ASCII, names as the rules read them


def _restore(doc: Doc) -> None:
    """For text that is not ASCII: point every span into the article's own text, and count the
    soft-hyphenated words that hid a match (engine/matchtext.py)."""
    matching = doc.matching
    if matching is None:
        return
    if matching.offsets is not None:
        span = matching.span

        article = doc.article = doc.original or doc.article
        doc.text = text = article.text
        doc.lines = [Line(*span(Span(l.start, l.end)), l.furniture) for l in doc.lines]
        doc.sentences = [span(s) for s in doc.sentences]
        for name in RECORDS:  # every Span field of every record, mapped back
            setattr(doc, name, [_restored(record, span) for record in getattr(doc, name)])
        doc.rule_timeouts = [(rule, span(Span(at, at)).start) for rule, at in doc.rule_timeouts]
        doc.title = article.title or _title(text, _paragraphs(text, doc.lines))
    if _count_hidden_matches(doc, matching.hyphenated):
        doc.metrics["obfuscated_words"] = doc.obfuscated


def _restored(record: Any, span: Callable[[Span], Span]) -> Any:
    """A record (a namedtuple) with each of its Span fields, and each Span of a tuple of them,
    mapped by `span`."""
    return record._replace(**{
        name: span(value) if type(value) is Span else tuple(span(s) for s in value)
        for name, value in zip(record._fields, record)
        if type(value) is Span or (type(value) is tuple and value and type(value[0]) is Span)})


def _count_hidden_matches(doc: Doc, hyphenated: list[Span]) -> bool:
    """Count as disguised the words with soft hyphens in them that hid a match: a source, a cue,
    a speaker or a loaded term (spans of the original text). Elsewhere a soft hyphen is a web
    page's hyphenation hint. True when some were counted."""
    if not hyphenated:
        return False
    matched = SpanSet([s for a in doc.attributions for s in (a.cue, a.source) if s is not None]
                      + [q.speaker for q in doc.quotes if q.speaker is not None]
                      + [h.span for h in doc.loaded])
    hidden = [w for w in hyphenated if matched.overlaps(w.start, w.end)]
    if hidden:
        doc.obfuscated += len(hidden)
        first = doc.obfuscated_span
        doc.obfuscated_span = hidden[0] if first is None or hidden[0].start < first.start else first
    return bool(hidden)


def _checks(doc: Doc) -> None:
    doc.findings = run_checks(doc)


# The Doc attributes that are lists of records (namedtuples whose Span fields the restore stage
# maps back into the article's own text); a stage that finds a new kind of thing adds its list.
RECORDS = ("attributions", "quotes", "loaded", "entities")
# What the metrics and their evidence read (a new list of records, when a metric counts it).
FOUND = ("words", "sentences", *RECORDS, "sentiment", "obfuscated", "obfuscated_span", "rule_timeouts")
STAGES: tuple[Stage, ...] = (
    Stage("furniture", _furniture, needs=("text", "compiled"), gives=("lines", "rule_timeouts")),
    Stage("sentences", _sentences, needs=("text", "article", "lines"),
          gives=("paragraphs", "sentences", "title")),
    Stage("quotes", _quotes, needs=("text", "paragraphs"), gives=("quote_spans", "quote_ends", "closed_quotes")),
    TOKEN_PASS,
    Stage("speakers", _speakers, needs=("text", "compiled", "quote_spans", "attributions", "sentences"),
          gives=("quotes",)),
    Stage("entities", _entities, needs=("text", "sentences", "attributions", "quotes", "compiled"),
          gives=("entities", "attributions", "quotes")),
    Stage("sentiment", _sentiment, needs=("text", "sentences"), gives=("sentence_sentiment", "sentiment")),
    Stage("metrics", _metrics, needs=("article", *FOUND), gives=("metrics",)),
    Stage("restore", _restore, needs=("matching", "original", "lines", "metrics", *FOUND),
          gives=("article", "text", "lines", "title", "metrics", *FOUND)),
    Stage("checks", _checks, needs=("article", "compiled", "metrics", *FOUND), gives=("findings",)),
)
