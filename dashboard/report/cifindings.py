"""Provides one article's findings as the CI formats and baselines read them: each with where it
starts and ends and the digest of its sentence's text, made where the article was scored, and
the fingerprints that match a finding across runs (made where the run is written)."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace

from ..engine.findings import end_position
from ..engine.records import Finding, Span
from .contract import _finding_json
from .safe import plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ..engine.analysis import Analysis
    from ..engine.article import Article


@dataclass(frozen=True)
class Located:
    """One finding, with the end of its span (line, column) and the digest of the normalised
    text of the sentence it lies in (of the span itself when it lies in none; "" without a span)."""

    finding: Finding
    end_line: int | None
    end_column: int | None
    text_digest: str


@dataclass(frozen=True)
class ArticleFindings:
    """What `check` found in one article, in the form every CI format and the baselines read.
    `fingerprints` (one a finding) are filled in by `identified()`, in the writing process."""

    id: str
    path: str | None
    line: int  # the JSONL line of a record; 1 for a whole file
    findings: tuple[Located, ...]
    fingerprints: tuple[str, ...] = ()

    @property
    def in_jsonl(self) -> bool:
        return self.line > 1 or (self.path or "").lower().endswith(".jsonl")

    @property
    def identity(self) -> str:
        """The article as a baseline names it: its path (relative to the current folder when
        inside it, with / as separator), with `#id` for a JSONL record; `<stdin>#id` for input."""
        if self.path is None:
            return f"<stdin>#{self.id}"
        where = relative_path(self.path)
        return f"{where}#{self.id}" if self.in_jsonl else where

    def worst(self) -> str | None:
        from ..engine.analysis import SEVERITY_RANK

        if not self.findings:
            return None
        return max((f.finding.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)

    def label(self) -> str:
        """What a finding's message starts with: the record's id for a JSONL record."""
        return f"[{self.id}] " if self.in_jsonl else ""

    def text_lines(self) -> list[str]:
        """The text format's lines, as `check --format text` writes them."""
        where = self.path or "<stdin>"
        return [plain(f"{where}:{f.finding.line}:{f.finding.column}: {f.finding.severity} "
                      f"{f.finding.check}: {self.label()}{f.finding.message}") for f in self.findings]

    def json_body(self, indent: int | None) -> str:
        """The json/jsonl formats' record, as `check --format json|jsonl` writes it."""
        record = {"id": self.id, "path": self.path, "findings": [_finding_json(f.finding) for f in self.findings]}
        return json.dumps(record, ensure_ascii=True, indent=indent)


@dataclass(frozen=True)
class InputError:
    """An input that was never checked (unreadable, too large, timed out), as the CI formats tell
    it: where (`path` None for standard input), and why."""

    path: str | None
    line: int
    column: int
    message: str

    @property
    def where(self) -> str:
        return relative_path(self.path) if self.path is not None else "<stdin>"


def relative_path(path: str) -> str:
    """`path` relative to the current folder with / as separator when it lies inside it, else
    absolute: the same article gets the same name from `check seeds/` and `check ./seeds`."""
    absolute = os.path.abspath(path)
    here = os.getcwd()
    try:
        inside = os.path.commonpath([absolute, here]) == here
    except ValueError:  # another drive (Windows)
        inside = False
    chosen = os.path.relpath(absolute, here) if inside else absolute
    return chosen.replace(os.sep, "/")


def article_findings(analysis: Analysis) -> ArticleFindings:
    return with_located(analysis.article, analysis.sentences, analysis.findings, ())


def with_located(article: Article, sentences: Sequence[Span], findings: Iterable[Finding],
                 before: tuple[Located, ...]) -> ArticleFindings:
    """The article's findings: `before` (already located), then `findings` located in its text."""
    text = article.text
    starts = [s.start for s in sentences]
    located = list(before)
    for f in findings:
        end_line = end_column = None
        if f.span is not None and not (article.line > 1 or (article.path or "").lower().endswith(".jsonl")):
            end_line, end_column = end_position(article, f.span.end)
        located.append(Located(f, end_line, end_column, _digest(_finding_text(text, sentences, starts, f.span))))
    return ArticleFindings(article.id, article.path, article.line, tuple(located))


def _finding_text(text: str, sentences: Sequence[Span], starts: list[int], span: Span | None) -> str:
    """The sentence a span lies in, else the span's own text; "" without a span."""
    if span is None:
        return ""
    k = bisect_right(starts, span.start) - 1
    if k >= 0 and sentences[k].start <= span.start and span.end <= sentences[k].end:
        return text[sentences[k].start:sentences[k].end]
    return text[span.start:span.end]


def normalised(text: str) -> str:
    """Text as a fingerprint reads it: compatibility forms folded, case folded, runs of white
    space as one space (a rewrapped or re-indented sentence is the same sentence)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _digest(text: str) -> str:
    return hashlib.sha256(normalised(text).encode()).hexdigest()[:16] if text else ""


def identified(found: ArticleFindings, article_level: frozenset[str]) -> ArticleFindings:
    """`found` with a fingerprint for each finding: a hash of the check id, the article's
    identity and the digest of the finding's sentence (none for a check of the whole article, in
    `article_level`: its evidence moves as the article is edited), then `:N`, the finding's
    index among those with the same hash. Line numbers are not in it: a sentence added above a
    finding leaves its fingerprint as it was."""
    seen: dict[str, int] = {}
    prints = []
    for f in found.findings:
        key = "" if f.finding.check in article_level else f.text_digest
        base = hashlib.sha256("\0".join((f.finding.check, found.identity, key)).encode()).hexdigest()[:16]
        index = seen.get(base, 0)
        seen[base] = index + 1
        prints.append(f"{base}:{index}")
    return replace(found, fingerprints=tuple(prints))


def keep(found: ArticleFindings, wanted: Sequence[bool]) -> ArticleFindings:
    """`found` with only the findings whose `wanted` is true."""
    pairs = [(f, p) for f, p, w in zip(found.findings, found.fingerprints, wanted) if w]
    return replace(found, findings=tuple(f for f, _ in pairs), fingerprints=tuple(p for _, p in pairs))
