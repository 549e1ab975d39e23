"""Provides the dashboard's per-article summary (one row of the article list) and what the scoring
workers send back to make it: a few hundred bytes per article, and the digest that comparing
articles needs (engine.reuse.digest, the engine's to keep small), instead of a whole Analysis.

The list, its sorting and filtering, and the CSV export need only this summary; the Reuse column
the digests (see reuse_links.py); the panels of the selected article get its full Analysis,
scored again on selection (see Analyses, and Session.analysis_of).
The functions here run in the worker processes (runtime.corpus.score_all's `render`), so they are
module-level and import nothing of Textual.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO, overload

from ..engine.analysis import SEVERITY_RANK, Analysis
from ..engine.article import Article
from ..engine.records import Finding
from ..engine.reuse import Digest, digest
from ..report.aggregate import UNKNOWN, day
from ..report.contract import to_contract
from ..report.table import row as csv_row

# What a worker sends back for one article: its CSV record, its findings' check ids (worst
# first), its source ids and what comparing it with the others needs (engine.reuse.digest).
Summary = tuple[dict[str, Any], tuple[str, ...], tuple[str, ...], Digest]


# Worker processes run at a lower priority than the dashboard, whose UI would otherwise wait
# for a core each time they keep both busy.
WORKER_NICENESS = 5
_niced = False


def _yield_to_the_ui() -> None:
    """(in a worker process, once) Lower its priority below the dashboard's."""
    global _niced
    if _niced:
        return
    _niced = True
    from multiprocessing import parent_process

    if parent_process() is not None and hasattr(os, "nice"):
        try:
            os.nice(WORKER_NICENESS)
        except OSError:
            pass


def summarise(analysis: Analysis) -> Summary:
    """The summary of one article, made where it was scored (a score_all `render`)."""
    _yield_to_the_ui()
    return (csv_row(analysis), tuple(f.check for f in analysis.findings),
            tuple(analysis.sources()), digest(analysis))


def contract_json(analysis: Analysis) -> str:
    """One article's score contract as it sits in the JSON export (a score_all `render`)."""
    _yield_to_the_ui()
    return json.dumps(to_contract(analysis), ensure_ascii=True, indent=2)


def write_json(handle: TextIO, records: Iterable[str]) -> int:
    """Write the JSON export of contract_json records as they come; returns how many.

    The text is json.dumps(list_of_contracts, ensure_ascii=True, indent=2) + "\n", written one
    article at a time (a newline inside a JSON string is escaped, so each line can be indented).
    """
    n = 0
    handle.write("[")
    for record in records:
        handle.write(",\n  " if n else "\n  ")
        handle.write(record.replace("\n", "\n  "))
        n += 1
    handle.write("\n]\n" if n else "]\n")
    return n


class Row:
    """One scored article as the list shows it: the article itself and its summary."""

    __slots__ = ("_haystack", "article", "checks", "digest", "record", "reuse", "reuse_findings", "source_ids")

    def __init__(self, article: Article, summary: Summary) -> None:
        self.article = article
        self.record, self.checks, self.source_ids, self.digest = summary
        self.reuse = ""  # the Reuse column's cell (reuse_links.label), once the pairs are found
        # The reuse checks' findings on it (it reuses another article), most severe first
        self.reuse_findings: list[Finding] = []
        self._haystack: str | None = None

    @property
    def title(self) -> str:
        return self.record["title"] or self.article.id

    def _reuse_is_worst(self) -> bool:
        own = self.record["worst_finding"]
        return bool(self.reuse_findings) and (
            not own or SEVERITY_RANK[self.reuse_findings[0].severity] > SEVERITY_RANK[own])

    @property
    def worst_severity(self) -> str | None:
        """The worst finding's severity: of its own checks, or of the reuse checks (as `check`)."""
        return self.reuse_findings[0].severity if self._reuse_is_worst() else self.record["worst_finding"] or None

    @property
    def worst_check(self) -> str:
        if self._reuse_is_worst():
            return self.reuse_findings[0].check
        return self.checks[0] if self.checks else ""

    def metric(self, name: str) -> float:
        return self.record[name]

    def haystack(self) -> str:
        """What the filter box searches: id, title, outlet, source ids and check ids."""
        if self._haystack is None:
            self._haystack = " ".join([self.article.id, self.record["title"], self.article.outlet or "",
                                       *self.source_ids, *self.checks]).lower()
        return self._haystack

    def __repr__(self) -> str:
        return f"Row({self.article.id!r})"


# The filter box's prefixes that keep the articles of one outlet or one day exactly (the corpus
# view's rows filter the list with them).
OUTLET_FILTER, DATE_FILTER = "outlet:", "date:"


def keeps(text: str) -> Callable[[Row], bool]:
    """Which rows the filter box's `text` keeps: `outlet:NAME` those of that outlet, written as
    the corpus view writes it (`outlet:(unknown)`: those naming none), `date:YYYY-MM-DD` those
    published that day, anything else those whose id, title, outlet, sources or checks contain
    it (case ignored), and nothing every row."""
    if text.startswith(OUTLET_FILTER):
        outlet = text[len(OUTLET_FILTER):].strip()
        wanted = "" if outlet == UNKNOWN else outlet
        return lambda row: (row.record["outlet"] or "") == wanted
    if text.startswith(DATE_FILTER):
        published = text[len(DATE_FILTER):].strip()
        return lambda row: day(row.article.date) == published
    needle = text.lower()
    return lambda row: not needle or needle in row.haystack()


class Analyses(Sequence[Analysis]):
    """The listed articles' analyses, in input order. Each is scored again when asked for (the
    last few are kept): len() and indexing are cheap, going through 10,000 of them is not."""

    def __init__(self, rows: Callable[[], list[Row]], analysis_of: Callable[[Article], Analysis | None]) -> None:
        self.rows = rows
        self.analysis_of = analysis_of

    def __len__(self) -> int:
        return len(self.rows())

    @overload
    def __getitem__(self, index: int) -> Analysis: ...

    @overload
    def __getitem__(self, index: slice) -> list[Analysis]: ...

    def __getitem__(self, index: int | slice) -> Analysis | list[Analysis]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        article = self.rows()[index].article
        analysis = self.analysis_of(article)
        if analysis is None:
            raise LookupError(f"article {article.id!r} could not be scored")
        return analysis

    def __iter__(self) -> Iterator[Analysis]:
        return (self[i] for i in range(len(self)))
