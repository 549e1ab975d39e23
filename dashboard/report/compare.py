"""Provides what `biasdash compare` writes for one compared pair (the compare contract of
docs/contract.md as JSON, or plain text for a fact-checker at a terminal), and the reuse checks'
findings added to an article's `check` output."""

from __future__ import annotations

import json

from ..engine.analysis import Analysis
from ..engine.article import Article
from ..engine.findings import position
from ..engine.records import Finding, Span
from ..engine.reuse import Change, Party, Reuse
from .contract import _finding_json
from .records import Record, finding_line
from .safe import plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

SHORT = 72  # characters of a sentence the text format shows


def pair_json(reuse: Reuse, a: Analysis, b: Analysis, findings: Sequence[Finding] = ()) -> dict[str, Any]:
    """The compare contract of one pair: the keys of docs/contract.md, then what it adds (paths,
    whether it is reuse, the derivative, the evidence for the origin, names and kinds of the
    parties, line and column of every span, the reuse checks' findings)."""
    aa, ab = a.article, b.article

    def span(article: Article, s: Span | None, with_text: bool = True) -> dict[str, Any] | None:
        """The span's offsets in the article's text; its line and column in the article's file
        (in a web page's markup, as a finding's)."""
        if s is None:
            return None
        line, column = position(article, s.start)
        out: dict[str, Any] = {"start": s.start, "end": s.end}
        if with_text:
            out["text"] = article.text[s.start:s.end]
        out["line"], out["column"] = line, column
        return out

    def party(p: Party | None) -> dict[str, Any] | None:
        return None if p is None else {"entity": p.entity, "source_id": p.source_id, "name": p.name, "kind": p.kind}

    derivative = ab if reuse.derivative == b.article.id else aa
    return {
        "a": reuse.a, "b": reuse.b, "origin": reuse.origin,
        "reused_share": dict(reuse.reused_share),
        "aligned": [{"a": span(aa, x.a, False), "b": span(ab, x.b, False), "similarity": x.similarity,
                     "kind": x.kind} for x in reuse.aligned],
        "credited": reuse.credited,
        "credit": span(derivative, reuse.credit),
        "attribution_changes": [{"a": span(aa, c.a), "b": span(ab, c.b), "from": party(c.before),
                                 "to": party(c.after), "change": c.change} for c in reuse.changes],
        "reused": reuse.reused, "derivative": reuse.derivative, "evidence": list(reuse.evidence),
        "paths": {reuse.a: a.article.path, reuse.b: b.article.path},
        "findings": [_finding_json(f) for f in findings],
    }


def pair_body(fmt: str, reuse: Reuse, a: Analysis, b: Analysis, findings: Sequence[Finding] = ()) -> str:
    """One pair in `fmt`: text lines, an indented JSON object (json) or one line (jsonl)."""
    if fmt == "text":
        return "\n".join(pair_lines(reuse, a, b, findings))
    return json.dumps(pair_json(reuse, a, b, findings), ensure_ascii=True, indent=2 if fmt == "json" else None)


def _name(article: Article) -> str:
    where = article.path or "<stdin>"
    return f"{article.id} ({where}:{article.line})" if article.line > 1 or where.lower().endswith(".jsonl") \
        else f"{article.id} ({where})"


def _at(article: Article, s: Span) -> str:
    """Where a span starts in the article's file (in a web page's markup, as a finding's)."""
    line, column = position(article, s.start)
    return f"{line}:{column}"


def _short(text: str, s: Span, size: int = SHORT) -> str:
    words = " ".join(text[s.start:s.end].split())
    return words if len(words) <= size else words[:size - 1].rstrip() + "…"


def _who(p: Party | None) -> str:
    return "no one" if p is None else p.name


def pair_lines(reuse: Reuse, a: Analysis, b: Analysis, findings: Sequence[Finding] = ()) -> list[str]:
    """The pair for a terminal: who, the origin and why, the shares, the credit, each aligned
    pair and each attribution change in words; plain text, control characters neutralised."""
    aa, ab = a.article, b.article
    ta, tb = aa.text, ab.text
    ids = {reuse.a: "A", reuse.b: "B"}
    out = [f"A {_name(a.article)}", f"B {_name(b.article)}"]
    if not reuse.reused:
        out.append(f"  no reuse: {len(reuse.aligned)} sentence(s) align, "
                   + ", ".join(f"{ids[k]} {v:.0%}" for k, v in reuse.reused_share.items()) + " of each body")
    if reuse.origin is None:
        out.append("  origin: cannot be told" if reuse.reused else "  origin: none")
    else:
        why = "; ".join(reuse.evidence)
        out.append(f"  origin: {ids[reuse.origin]} {reuse.origin}" + (f" ({why})" if why else ""))
    out.append("  reused share: " + ", ".join(f"{ids[k]} {v:.0%}" for k, v in reuse.reused_share.items()))
    if reuse.derivative is not None:
        side = ids[reuse.derivative]
        article = ab if side == "B" else aa
        if reuse.credit is not None:
            out.append(f"  credit: {side} {_at(article, reuse.credit)} \"{_short(article.text, reuse.credit)}\"")
        else:
            out.append(f"  credit: none ({side} does not credit the origin's outlet or a wire)")
    if reuse.aligned:
        out.append(f"  aligned sentences ({len(reuse.aligned)}):")
    for x in reuse.aligned:
        out.append(f"    A {_at(aa, x.a)} \u2194 B {_at(ab, x.b)}  {x.kind} {x.similarity:.2f}")
        out.append(f"      A: {_short(ta, x.a)}")
        out.append(f"      B: {_short(tb, x.b)}")
    if reuse.changes:
        out.append(f"  attribution changes ({len(reuse.changes)}):")
    for c in reuse.changes:
        out.append(f"    {c.change}: {_who(c.before)} \u2192 {_who(c.after)}: {_change_where(c, aa, ab)}")
    if findings:
        out.append(f"  findings ({len(findings)}):")
    side = ids.get(reuse.derivative or "", "?")
    for f in findings:
        out.append(f"    {side} {f.line}:{f.column}: {f.severity} {f.check}: {f.message}")
    return [plain(line) for line in out]


def _change_where(c: Change, aa: Article, ab: Article) -> str:
    parts = []
    if c.a is not None:
        parts.append(f"A {_at(aa, c.a)} \"{_short(aa.text, c.a, 48)}\"")
    if c.b is not None:
        parts.append(f"B {_at(ab, c.b)} \"{_short(ab.text, c.b, 48)}\"")
    return " \u2194 ".join(parts)


def with_findings(record: Record, fmt: str, article: Article, findings: list[Finding],
                  sentences: Sequence[Span] = ()) -> Record:
    """An article's `check` output with the reuse checks' findings on it added after its own
    (`sentences`: its body's, which the fingerprints of report/cifindings.py read)."""
    if not findings:
        return record
    from .cifindings import ArticleFindings, with_located

    if isinstance(record.body, ArticleFindings):
        found = with_located(article, sentences, findings, record.body.findings)
        return Record(len(found.findings), found.worst(), found)
    from ..engine.analysis import SEVERITY_RANK

    worst = max([f.severity for f in findings] + ([record.worst] if record.worst else []),
                key=SEVERITY_RANK.__getitem__)
    if fmt == "text":
        lines = [finding_line(article, f) for f in findings]
        body = "\n".join(([record.body] if record.body else []) + lines)
    else:
        data = json.loads(record.body)
        data["findings"].extend(_finding_json(f) for f in findings)
        body = json.dumps(data, ensure_ascii=True, indent=2 if fmt == "json" else None)
    return Record(record.findings + len(findings), worst, body)


def record_and_digest(analysis: Analysis, *, fmt: str) -> tuple[Record, Any]:
    """`check`'s Record of an article and its digest for comparison (score_all's picklable
    `render` when the reuse checks run: they need the whole corpus)."""
    from ..engine.reuse import digest
    from .records import render

    return render(analysis, fmt=fmt, is_check=True), digest(analysis)
