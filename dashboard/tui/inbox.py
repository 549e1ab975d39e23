"""Provides the dashboard's inbox: the article files and folders it was opened on, watched, so
that articles added or changed while it is open are read, scored and listed, and those removed
leave the list (runtime.watch says what changed). Nothing here imports Textual: the app polls
(a worker thread runs `look`) and puts the arrival in the list (`merge`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

from ..engine.article import Article
from ..engine.ruleset import RuleSet
from ..runtime.articles import LoadError, load_articles
from ..runtime.corpus import score_all
from ..runtime.watch import ArticleWatch, Changes
from .rows import Row, summarise

# How often the dashboard looks at the files: a saved article is listed within a second.
POLL_SECONDS = 0.3
# The status bar names this many of the files that arrived, then says how many more.
NAMED = 2


class Arrival(NamedTuple):
    """What one look found: the changes, the articles read again, scored, and what failed."""

    changes: Changes
    ruleset: RuleSet  # the rules the rows were scored with
    rows: list[Row]
    articles: list[Article]  # every article read from the added and changed files, scored or not
    errors: list[LoadError]
    at: str  # when it arrived, HH:MM:SS

    @property
    def gone(self) -> set[str]:
        """The files whose old articles leave the list (changed ones come back as read now)."""
        return set(self.changes.changed) | set(self.changes.removed)


def look(watch: ArticleWatch, ruleset: RuleSet, *, max_bytes: int,
         cancelled: Callable[[], bool] = lambda: False) -> Arrival | None:
    """(worker thread) Read and score what changed since the last look (None: nothing did)."""
    changes = watch.changes()
    if not changes:
        return None
    rows: list[Row] = []
    articles: list[Article] = []
    errors: list[LoadError] = []
    for scored in score_all(load_articles(changes.to_read, max_bytes=max_bytes), ruleset, render=summarise):
        if cancelled():
            return None
        item = scored.item
        if isinstance(item, LoadError):
            errors.append(item)
            continue
        articles.append(item)
        if scored.error is not None:
            errors.append(LoadError(item.path or item.id, scored.error, item.line))
            continue
        rows.append(Row(item, scored.rendered))
    return Arrival(changes, ruleset, rows, articles, errors, time.strftime("%H:%M:%S"))


def merge(old: list[Article], new: list[Article], gone: set[str]) -> list[Article]:
    """The old items without those of the `gone` files, the new ones in the place of the first
    one they replace (a changed file keeps its place in the list), else at the end."""
    by_path: dict[str | None, list[Article]] = {}
    for article in new:
        by_path.setdefault(article.path, []).append(article)
    out: list[Article] = []
    for article in old:
        if article.path in gone:
            out.extend(by_path.pop(article.path, []))
        else:
            out.append(article)
    for articles in by_path.values():
        out.extend(articles)
    return out


def merge_rows(old: list[Row], arrival: Arrival) -> list[Row]:
    """The list's rows with the arrival in it (as merge does for the articles)."""
    rows = {id(row.article): row for row in old + arrival.rows}
    merged = merge([row.article for row in old], [row.article for row in arrival.rows], arrival.gone)
    return [rows[id(article)] for article in merged]


def describe(arrival: Arrival) -> str:
    """ "08:12:03 new a.txt, b.txt (+1) · changed c.txt · removed d.txt", for the status bar."""
    # A file that gave no article, only errors, is named as unreadable rather than as new (a
    # JSONL file with one bad line is both); the status bar counts every unreadable input besides.
    unreadable = list(dict.fromkeys(error.path for error in arrival.errors))
    nothing_read = set(unreadable) - {article.path for article in arrival.articles}
    parts = []
    for word, paths in (("new", arrival.changes.added), ("changed", arrival.changes.changed),
                        ("removed", arrival.changes.removed), ("unreadable", unreadable)):
        if word != "unreadable":
            paths = [path for path in paths if path not in nothing_read]
        if paths:
            names = ", ".join(path.rsplit("/", 1)[-1] for path in paths[:NAMED])
            more = f" (+{len(paths) - NAMED})" if len(paths) > NAMED else ""
            parts.append(f"{word} {names}{more}")
    return f"{arrival.at} " + " · ".join(parts)
