"""Provides analyse(): an article and a RuleSet in, an Analysis with metrics and findings out."""

from __future__ import annotations

from dataclasses import replace

from .analysis import SEVERITY_RANK, Analysis
from .article import Article
from .attribution import PRONOUNS, assign_speakers, find_quotes
from .body import scan_body
from .compiled import Compiled
from .kinds.checks import CheckRule, crossed
from .matchers import normalise
from .records import Finding, Line, Span
from .ruleset import RuleSet
from .sentiment import mean, score_sentences
from .text import SpanSet, split_lines, split_sentences

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

UNATTRIBUTED_QUOTE_WORDS = 4


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


def analyse(article: Article, ruleset: RuleSet) -> Analysis:
    """Score one article with a rule set; never raises for any text.

    Text that is not ASCII is analysed in its matching form (engine/matchtext.py: NFKC, invisible
    characters removed, look-alike letters folded to Latin), so that "Xinhua" with a zero-width
    space or a Cyrillic "a" in it resolves as Xinhua does; every span of the result is then
    mapped back, so that offsets, span texts and line:column of findings index the article's
    own text."""
    if article.text.isascii():  # the common case: no map, no copy, no import
        analysis = _analyse(article, ruleset.compiled)
        analysis.metrics = compute_metrics(analysis)
    else:
        from .matchtext import match_text

        matching = match_text(article.text)
        if matching.offsets is None:
            analysis = _analyse(article, ruleset.compiled)
        else:
            analysis = _analyse(replace(article, text=matching.text), ruleset.compiled)
        analysis.obfuscated, analysis.obfuscated_span = matching.obfuscated, matching.first
        analysis.metrics = compute_metrics(analysis)  # names as the rules read them
        if matching.offsets is not None:
            _restore(analysis, article, matching.span)
        if _count_hidden_matches(analysis, matching.hyphenated):
            analysis.metrics["obfuscated_words"] = analysis.obfuscated
    analysis.findings = run_checks(analysis, ruleset)
    return analysis


def _count_hidden_matches(analysis: Analysis, hyphenated: list[Span]) -> bool:
    """Count as disguised the words with soft hyphens in them that hid a match: a source, a cue,
    a speaker or a loaded term (spans of the original text). Elsewhere a soft hyphen is a web
    page's hyphenation hint. True when some were counted."""
    if not hyphenated:
        return False
    matched = SpanSet([s for a in analysis.attributions for s in (a.cue, a.source) if s is not None]
                      + [q.speaker for q in analysis.quotes if q.speaker is not None]
                      + [h.span for h in analysis.loaded])
    hidden = [w for w in hyphenated if matched.overlaps(w.start, w.end)]
    if hidden:
        analysis.obfuscated += len(hidden)
        first = analysis.obfuscated_span
        analysis.obfuscated_span = hidden[0] if first is None or hidden[0].start < first.start else first
    return bool(hidden)


def _restore(analysis: Analysis, article: Article, span: Callable[[Span], Span]) -> None:
    """Point every span of an analysis of the matching text into the article's own text."""

    def maybe(s: Span | None) -> Span | None:
        return None if s is None else span(s)

    analysis.article = article
    analysis.lines = [Line(*span(Span(l.start, l.end)), l.furniture) for l in analysis.lines]
    analysis.sentences = [span(s) for s in analysis.sentences]
    analysis.attributions = [a._replace(cue=span(a.cue), source=maybe(a.source), content=maybe(a.content),
                                        sentence=span(a.sentence)) for a in analysis.attributions]
    analysis.quotes = [q._replace(span=span(q.span), speaker=maybe(q.speaker)) for q in analysis.quotes]
    analysis.loaded = [h._replace(span=span(h.span)) for h in analysis.loaded]
    analysis.rule_timeouts = [(rule, span(Span(at, at)).start) for rule, at in analysis.rule_timeouts]
    text = article.text
    paragraphs = [Span(l.start, l.end) for l in analysis.lines
                  if not l.furniture and text[l.start:l.end].strip()]
    analysis.title = article.title or _title(text, paragraphs)


def _analyse(article: Article, compiled: Compiled) -> Analysis:
    """Lines, sentences, attributions, quotes, loaded wording and sentiment of `article.text`;
    metrics and findings are left to analyse()."""
    text = article.text
    rule_timeouts: list[tuple[str, int]] = []
    lines = classify_lines(text, compiled, rule_timeouts)
    paragraphs = [Span(l.start, l.end) for l in lines
                  if not l.furniture and text[l.start:l.end].strip()]
    sentences = [s for p in paragraphs for s in split_sentences(text, p.start, p.end)]
    quote_spans = find_quotes(text, paragraphs)
    # Tokens are made and dropped a chunk of sentences at a time (engine/body.py): a token costs
    # 37 bytes per character of text as Python objects, too much to hold for a big article.
    words, attributions, loaded = scan_body(text, sentences, quote_spans, compiled)
    quotes = assign_speakers(quote_spans, attributions, sentences)
    sentence_sentiment = score_sentences(text[s.start:s.end] for s in sentences)

    analysis = Analysis(
        article=article, lines=lines, sentences=sentences, sentence_sentiment=sentence_sentiment,
        words=words, attributions=attributions, quotes=quotes, loaded=loaded,
        sentiment=mean(sentence_sentiment), metrics={},
        title=article.title or _title(text, paragraphs), rule_timeouts=rule_timeouts,
    )
    return analysis


def _title(text: str, paragraphs: list[Span]) -> str | None:
    """A first body line short enough to be a headline."""
    if not paragraphs:
        return None
    first = text[paragraphs[0].start:paragraphs[0].end].strip().lstrip("# ")
    return first if 0 < len(first) <= 150 and first[-1] not in ".:" else None


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _named_source_keys(analysis: Analysis) -> set[str]:
    """Distinct named sources: by source id, else by name; "Kim" joins an earlier "Kim Jong Un"."""
    text = analysis.article.text
    keys: set[str] = set()
    names: list[str] = []
    for a in analysis.attributions:
        if a.source is None or a.vague:
            continue
        if a.source_id:
            keys.add("id:" + a.source_id)
            continue
        name = normalise(text[a.source.start:a.source.end])
        if not name or name in PRONOUNS or not any(c.isupper() for c in text[a.source.start:a.source.end]):
            continue
        names.append(name)
    full = sorted(set(names), key=len, reverse=True)
    # Each word of a name, and the first name in `full` (the longest) it is a word of: one pass
    # over the words, where asking every name about every other name was quadratic (20,000
    # distinct names: 22 s, now 0.09 s; benchmarks/named_sources.py).
    within: dict[str, str] = {}
    for n in full:
        for word in n.split():
            if word != n:
                within.setdefault(word, n)
    for name in full:
        longer = within.get(name) if " " not in name else None
        keys.add("name:" + (longer or name))
    return keys


def compute_metrics(analysis: Analysis) -> dict[str, float]:
    attributions = analysis.attributions
    n_attr = len(attributions)
    attributed_sentences = {a.sentence for a in attributions}
    kinds = analysis.source_kinds()
    author = sum(1 for h in analysis.loaded if h.voice == "author")
    quoted = len(analysis.loaded) - author
    words = analysis.words
    text = analysis.article.text
    unattributed = sum(1 for q in analysis.quotes if q.speaker is None
                       and len(text[q.span.start:q.span.end].split()) >= UNATTRIBUTED_QUOTE_WORDS)
    return {
        "words": words,
        "sentences": len(analysis.sentences),
        "attributions": n_attr,
        "attribution_density": _share(len(attributed_sentences), len(analysis.sentences)),
        "named_sources": len(_named_source_keys(analysis)),
        "resolved_sources": len(analysis.sources()),
        "vague_attributions": sum(1 for a in attributions if a.vague),
        "anonymous_share": _share(sum(1 for a in attributions if a.vague), n_attr),
        "state_media_share": _share(kinds.get("state_media", 0), n_attr),
        "wire_share": _share(kinds.get("wire", 0), n_attr),
        "aggregator_share": _share(kinds.get("aggregator", 0), n_attr),
        "loaded_cue_share": _share(sum(1 for a in attributions if a.neutrality == "loaded"), n_attr),
        "quotes": len(analysis.quotes),
        "unattributed_quotes": unattributed,
        "loaded_author": author,
        "loaded_quoted": quoted,
        "loaded_author_per_100": min(100.0, round(100 * author / words, 3)) if words else 0.0,
        "loaded_quoted_per_100": min(100.0, round(100 * quoted / words, 3)) if words else 0.0,
        "sentiment_compound": analysis.sentiment.compound,
        "obfuscated_words": analysis.obfuscated,
        "rule_timeouts": len(analysis.rule_timeouts),
    }


def _evidence(analysis: Analysis, metric: str) -> Span | None:
    """The first span that made a metric what it is, so a finding can point at it."""
    text = analysis.article.text
    if metric == "unattributed_quotes":
        for q in analysis.quotes:
            if q.speaker is None and len(text[q.span.start:q.span.end].split()) >= UNATTRIBUTED_QUOTE_WORDS:
                return q.span
    if metric.startswith("loaded_author"):
        return next((h.span for h in analysis.loaded if h.voice == "author"), None)
    if metric.startswith("loaded_quoted"):
        return next((h.span for h in analysis.loaded if h.voice == "quoted"), None)
    if metric == "state_media_share":
        return next((a.cue for a in analysis.attributions if a.source_kind == "state_media"), None)
    if metric in ("anonymous_share", "vague_attributions"):
        return next((a.cue for a in analysis.attributions if a.vague), None)
    if metric == "loaded_cue_share":
        return next((a.cue for a in analysis.attributions if a.neutrality == "loaded"), None)
    if metric == "obfuscated_words":
        return analysis.obfuscated_span
    if metric == "rule_timeouts" and analysis.rule_timeouts:  # the line where the first gave up
        start = analysis.rule_timeouts[0][1]
        end = text.find("\n", start)
        return Span(start, len(text) if end < 0 else end)
    return None


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    last = text.rfind("\n", 0, offset)
    return line, offset - last


def run_checks(analysis: Analysis, ruleset: RuleSet) -> list[Finding]:
    findings = []
    metrics = analysis.metrics
    for rule, condition in ruleset.compiled.checks:
        finding = evaluate_check(rule, condition, analysis, metrics)
        if finding is not None:
            findings.append(finding)
    findings.sort(key=lambda f: -SEVERITY_RANK[f.severity])
    return findings


def evaluate_check(rule: CheckRule, condition: Any, analysis: Analysis,
                   metrics: dict[str, float]) -> Finding | None:
    if not crossed(rule, condition, metrics):
        return None
    value = metrics[rule.metric]
    span = _evidence(analysis, rule.metric)
    article = analysis.article
    if article.line > 1 or (article.path or "").lower().endswith(".jsonl"):
        line, column = article.line, 1
    elif span is not None:
        line, column = line_column(article.text, span.start)
    else:
        line, column = 1, 1
    message = _format_message(rule.message, value, rule.threshold)
    if rule.metric == "rule_timeouts":  # {rules}: the ids of the rules the value counts
        message = message.replace("{rules}", ", ".join(rule_id for rule_id, _ in analysis.rule_timeouts))
    return Finding(rule.id, rule.severity, message, value, span, line, column)


def _format_message(template: str, value: float, threshold: float) -> str:
    def show(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:.2f}"

    return template.replace("{value}", show(value)).replace("{threshold}", show(threshold))
