"""Provides the checks stage's findings: each check rule whose condition holds and whose
threshold its metric crosses becomes a Finding, with its message filled in and the line and
column of the evidence its metric points at (metrics.py)."""

from __future__ import annotations

from .analysis import SEVERITY_RANK
from .kinds.checks import CheckRule, crossed
from .metrics import METRICS
from .records import Finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any

    from .doc import Doc


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    last = text.rfind("\n", 0, offset)
    return line, offset - last


def run_checks(doc: Doc) -> list[Finding]:
    """The findings of every check of the rule set, the most severe first."""
    findings = []
    metrics = doc.metrics
    for rule, condition in doc.compiled.checks:
        finding = evaluate_check(rule, condition, doc, metrics)
        if finding is not None:
            findings.append(finding)
    findings.sort(key=lambda f: -SEVERITY_RANK[f.severity])
    return findings


def evaluate_check(rule: CheckRule, condition: Any, doc: Doc, metrics: dict[str, float]) -> Finding | None:
    """The finding of one check, or None when its condition fails or its threshold is not crossed.

    A JSONL record's finding is placed on the record's line (the article is not the file); an
    article file's on the evidence of its metric, else on 1:1."""
    if not crossed(rule, condition, metrics):
        return None
    value = metrics[rule.metric]
    span = METRICS[rule.metric].evidence(doc)
    article = doc.article
    if article.line > 1 or (article.path or "").lower().endswith(".jsonl"):
        line, column = article.line, 1
    elif span is not None:
        line, column = line_column(article.text, span.start)
    else:
        line, column = 1, 1
    message = _format_message(rule.message, value, rule.threshold)
    if rule.metric == "rule_timeouts":  # {rules}: the ids of the rules the value counts
        message = message.replace("{rules}", ", ".join(rule_id for rule_id, _ in doc.rule_timeouts))
    return Finding(rule.id, rule.severity, message, value, span, line, column)


def _format_message(template: str, value: float, threshold: float) -> str:
    def show(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:.2f}"

    return template.replace("{value}", show(value)).replace("{threshold}", show(threshold))
