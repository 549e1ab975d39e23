"""Provides the checks stage's findings: each check rule whose condition holds and whose
threshold its metric crosses becomes a Finding, with its message filled in and the line and
column of the evidence its metric points at (metrics.py)."""

from __future__ import annotations

from .analysis import SEVERITY_RANK
from .kinds.checks import CheckRule, crossed
from .metrics import METRICS
from .records import Finding, Span

# Words of a quote a finding's message names it by.
QUOTE_WORDS = 6

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any

    from .article import Article
    from .doc import Doc


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    last = text.rfind("\n", 0, offset)
    return line, offset - last


def position(article: Article, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset of the article's text in its file: of the
    web page's markup for a page (1:1 where the text could not be placed in it uniquely)."""
    if article.positions is None:
        return line_column(article.text, offset)
    return article.positions.at(offset) or (1, 1)


def end_position(article: Article, end: int) -> tuple[int, int]:
    """The line and column just past a span ending at `end` (exclusive), in the article's file."""
    if article.positions is None or end <= 0:
        return position(article, end)
    return article.positions.past(end - 1) or (1, 1)


def run_checks(doc: Doc) -> list[Finding]:
    """The findings of every check of the rule set, the most severe first (in the order of the
    checks, and of the text, within a severity)."""
    findings = []
    metrics = doc.metrics
    for rule, condition in doc.compiled.checks:
        findings.extend(evaluate_check(rule, condition, doc, metrics))
    findings.sort(key=lambda f: -SEVERITY_RANK[f.severity])
    return findings


def evaluate_check(rule: CheckRule, condition: Any, doc: Doc, metrics: dict[str, float]) -> list[Finding]:
    """The findings of one check: none when its condition fails or its threshold is not crossed;
    one for each occurrence of a metric that lists them (each quote with no speaker, its `{quote}`
    the quote's first words), else one at the evidence of its metric.

    A JSONL record's finding is placed on the record's line (the article is not the file); an
    article file's on its span, else on 1:1."""
    if not crossed(rule, condition, metrics):
        return []
    value = metrics[rule.metric]
    metric = METRICS[rule.metric]
    message = _format_message(rule.message, value, rule.threshold, share=metric.meaning.startswith("share of"))
    if rule.metric == "rule_timeouts":  # {rules}: the ids of the rules the value counts
        message = message.replace("{rules}", ", ".join(rule_id for rule_id, _ in doc.rule_timeouts))
    spans: list[Span | None] = list(metric.occurrences(doc)) if metric.occurrences is not None else []
    if not spans:
        spans = [metric.evidence(doc)]
    return [_finding(rule, doc, value, span, message) for span in spans]


def _finding(rule: CheckRule, doc: Doc, value: float, span: Span | None, message: str) -> Finding:
    article = doc.article
    if article.line > 1 or (article.path or "").lower().endswith(".jsonl"):
        line, column = article.line, 1
    elif span is not None:
        line, column = position(article, span.start)
    else:
        line, column = 1, 1
    if "{quote}" in message:
        message = message.replace("{quote}", first_words(article.text, span) if span is not None else "")
    return Finding(rule.id, rule.severity, message, value, span, line, column)


def first_words(text: str, span: Span, words: int = QUOTE_WORDS) -> str:
    """The first words of a span on one line, with an ellipsis when there are more:
    `“This will change everything for…”`."""
    parts = text[span.start:span.end].split()
    if len(parts) <= words:
        return " ".join(parts)
    head = " ".join(parts[:words]).rstrip(",;:")
    closer = parts[-1][-1] if parts[-1][-1] in "”\"»“" else ""
    return f"{head}…{closer}"


def _format_message(template: str, value: float, threshold: float, share: bool = False) -> str:
    """{value} and {threshold} filled in: a share as a percentage ("100% of attributions ...",
    not "1 of attributions ..."), a count as a whole number, other numbers to two places."""
    def show(x: float) -> str:
        if share:
            return f"{x:.0%}"
        return str(int(x)) if float(x).is_integer() else f"{x:.2f}"

    return template.replace("{value}", show(value)).replace("{threshold}", show(threshold))
