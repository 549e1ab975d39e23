"""Provides what `check` and `score` write for one article, made where the article was scored:
with `--jobs N` that is in a worker, so only the text (or table row) crosses to the writer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

from ..engine.analysis import Analysis
from .contract import to_contract
from .safe import plain
from .table import row

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..engine.article import Article
    from ..engine.records import Finding

# Each command's --format choices, the first its default, with what each writes: the one table
# the parser's choices, its help and the CLI's checks of a config's format are made from.
FORMAT_HELP = {
    "check": {
        "text": "one line per finding: path:line:column: severity check: message",
        "json": "a JSON array, one object per article with its findings",
        "jsonl": "one JSON object per line, an article's findings each",
        # check's CI formats (report/ci.py)
        "sarif": "SARIF 2.1.0, for code scanning (GitHub, GitLab, sarif-tools)",
        "junit": "JUnit XML: a test case per article and check",
        "github": "GitHub Actions workflow annotations (::warning file=...,line=...)",
    },
    "score": {
        "table": "a table of the main metrics, fitted to the terminal",
        "json": "the score contract (docs/contract.md), a JSON array of articles",
        "jsonl": "the score contract, one article per line",
        "csv": "one row per article with every metric (pandas)",
        "parquet": "the same frame as Parquet (needs biasdash[parquet]; binary, give -o)",
    },
    "compare": {
        "text": "each pair: who reuses whom, the credit given, the attribution changes",
        "json": "the compare contract (docs/contract.md), a JSON array of pairs",
        "jsonl": "the compare contract, one pair per line",
    },
    "eval": {
        "text": "precision, recall and the worst rules, for reading",
        "json": "the same figures as one JSON object",
    },
}
FORMATS = {command: tuple(formats) for command, formats in FORMAT_HELP.items()}
# What a worker sends back when the run is written by report/ci.py (a CI format, a baseline).
FINDINGS = "findings"


@dataclass(frozen=True)
class Record:
    """One article's output: `body` is its text (text, json, jsonl) or its table row (table,
    csv, parquet); the counts are what the exit code and the summary line need."""

    findings: int
    worst: str | None
    body: Any


def renderer(fmt: str, is_check: bool) -> Callable[[Analysis], Record]:
    """A picklable function from an analysis to its Record in this format."""
    return partial(render, fmt=fmt, is_check=is_check)


def render(analysis: Analysis, *, fmt: str, is_check: bool) -> Record:
    body: Any
    if fmt == FINDINGS:
        from .cifindings import article_findings

        body = article_findings(analysis)
    elif fmt == "text":
        body = "\n".join(finding_lines(analysis))
    elif fmt == "jsonl" and not is_check:
        body = one_line_json(to_contract(analysis, lazy=True))
    elif fmt in ("json", "jsonl"):
        record = check_record(analysis) if is_check else to_contract(analysis)
        body = json.dumps(record, ensure_ascii=True, indent=2 if fmt == "json" else None)
    else:
        body = row(analysis)
    return Record(len(analysis.findings), analysis.worst_severity(), body)


def one_line_json(record: dict[str, Any]) -> str:
    """`json.dumps(record, ensure_ascii=True)`, byte for byte, for a record whose lists may be
    iterators: each item is encoded as it is made, so the items' dicts are never all held."""
    encode = json.JSONEncoder(ensure_ascii=True).encode
    parts = []
    for key, value in record.items():
        if isinstance(value, (list, dict)) or not hasattr(value, "__next__"):
            parts.append(f"{encode(key)}: {encode(value)}")
        else:
            parts.append(f"{encode(key)}: [{', '.join(encode(item) for item in value)}]")
    return "{" + ", ".join(parts) + "}"


def finding_parts(article: Article, finding: Finding) -> tuple[str, str, str]:
    """A finding of the article as `check` prints it, in its three parts, terminal-safe: where
    (`path:line:column`), the severity, and what (`check: message`, with `[id] ` before the
    message for a JSONL record)."""
    label = f"[{article.id}] " if (article.path or "").lower().endswith(".jsonl") else ""
    return (plain(f"{article.path or '<stdin>'}:{finding.line}:{finding.column}"), finding.severity,
            plain(f"{finding.check}: {label}{finding.message}"))


def finding_line(article: Article, finding: Finding) -> str:
    """`path:line:column: severity check: message`, terminal-safe."""
    where, severity, what = finding_parts(article, finding)
    return f"{where}: {severity} {what}"


def finding_lines(analysis: Analysis) -> list[str]:
    """`path:line:column: severity check: message`, one line per finding, terminal-safe."""
    return [finding_line(analysis.article, f) for f in analysis.findings]


def check_record(analysis: Analysis) -> dict[str, Any]:
    contract = to_contract(analysis)
    return {"id": contract["id"], "path": contract["path"], "findings": contract["findings"]}
