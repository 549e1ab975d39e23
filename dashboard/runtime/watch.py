"""Provides watching of article files and folders for what was added, changed or removed, and the
loop of `biasdash check --watch`, which re-checks the articles that changed and prints only the
findings that changed.

A look stats every article file the paths name (folders walked as the loader walks them), so it
costs about as much as listing them; a change is reported once the files have looked the same
for one poll (an editor's save or a copy in progress counts as one change), or after
MAX_SETTLE_SECONDS when they never stop changing. Nothing here imports a UI.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from ..engine.analysis import Analysis
from ..engine.ruleset import RuleSet
from .articles import DEFAULT_MAX_BYTES, LoadError, expand_paths, load_articles
from .corpus import score_all

# How often the files are looked at: a change shows within two polls and its scoring.
POLL_SECONDS = 0.3
# Files that never stop changing (a log appended to all the time) are read after this long.
MAX_SETTLE_SECONDS = 2.0

# What a stat of one file gives: inode, modification time and size.
Stamp = tuple[int, int, int]


class Changes(NamedTuple):
    """The article files that appeared, changed or went since the last look that reported."""

    added: list[str]
    changed: list[str]
    removed: list[str]

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def to_read(self) -> list[str]:
        """The files to read again, in path order."""
        return sorted(self.added + self.changed)


NOTHING = Changes([], [], [])


class ArticleWatch:
    """The article files under some paths, and what changed since they were last reported."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = [path for path in paths if path != "-"]  # (standard input is read once)
        self.known = self.look()
        self._seen = self.known  # the latest look, reported or not
        self._since: float | None = None  # when a look first differed from the known files

    def look(self) -> dict[str, Stamp]:
        """Every article file the paths name now, with its stamp (files that cannot be looked
        at are left out: reading them says what is wrong)."""
        stamps: dict[str, Stamp] = {}
        for item in expand_paths(self.paths):
            if isinstance(item, LoadError):
                continue
            try:
                info = os.stat(item)
            except OSError:
                continue
            stamps[item] = (info.st_ino, info.st_mtime_ns, info.st_size)
        return stamps

    def changes(self) -> Changes:
        """What changed since the last report, once the files have stopped changing (NOTHING
        meanwhile); the files are then known as they are now."""
        now = self.look()
        if now == self.known:
            self._seen, self._since = now, None
            return NOTHING
        settled = now == self._seen
        if self._since is None:
            self._since = time.monotonic()
        self._seen = now
        if not settled and time.monotonic() - self._since < MAX_SETTLE_SECONDS:
            return NOTHING
        before, self.known, self._since = self.known, now, None
        return Changes(added=sorted(set(now) - set(before)),
                       changed=sorted(p for p in now if p in before and now[p] != before[p]),
                       removed=sorted(set(before) - set(now)))


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class Finding(NamedTuple):
    """One finding as `check` prints it: `where: severity what`."""

    where: str  # path:line:column
    severity: str
    what: str  # check: message

    @property
    def same(self) -> str:
        """What two findings must share to be the same one: the text with its numbers left out.
        A finding of the whole article says its value, which a neutral line added above changes
        ("15.38 loaded terms per 100 words" then "14.54 ..."): that fixes nothing."""
        return _NUMBER.sub("#", self.what)

    @property
    def line(self) -> str:
        return f"{self.where}: {self.severity} {self.what}"

    @property
    def fixed(self) -> str:
        return f"{self.where}: fixed: {self.severity} {self.what}"


class Checked(NamedTuple):
    """What a check of one article gives, made where it was scored (a score_all render): its own
    findings, and what the reuse checks compare it by (an engine.reuse Digest; None: not compared)."""

    findings: list[Finding]
    digest: Any = None


Render = Callable[[Analysis], Checked]
# The reuse checks over the corpus: the digests of every article watched, to the findings on each
# article that reuses another, by (path, article id).
ReuseCheck = Callable[[list[Any]], dict[tuple[str, str], list[Finding]]]


def check_watch(paths: list[str], ruleset: RuleSet, render: Render, *, out: Callable[[str], Any],
                err: Callable[[str], Any], max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1,
                stop: Callable[[], bool] = lambda: False, poll: float = POLL_SECONDS,
                note: Callable[[str], Any] | None = None, reuse: ReuseCheck | None = None) -> None:
    """Check every article once (every finding printed with `out`), then, until `stop()` or
    Ctrl-C, re-check those that change and print only the findings that are new (as `check`
    prints them) or gone (`path:line:column: fixed: severity check: message`, where it was), and
    `path: removed` for an article file that went. With `reuse`, the reuse checks run over every
    article watched after each re-check, as `check` runs them on a corpus, and what changed in
    their findings is printed too (an edit of an origin changes its copies' findings). Unreadable
    articles are reported with `err`, what it is watching and each re-check with `note` (default
    `err`)."""
    watch = ArticleWatch(paths)
    said = note or err

    def check(files: list[str]) -> dict[str, dict[str, Checked]]:
        """path -> article id -> what its check gave, for the articles read from these files."""
        found: dict[str, dict[str, Checked]] = {}
        for scored in score_all(load_articles(files, max_bytes=max_bytes), ruleset, jobs=jobs, render=render):
            item = scored.item
            if isinstance(item, LoadError):
                err(f"{item.path}:{item.line}:{item.column}: error: {item.message}")
                continue
            if scored.error is not None:
                err(f"{item.path or '<stdin>'}:{item.line}:1: error: {item.id!r}: {scored.error}")
                continue
            found.setdefault(item.path or "-", {})[item.id] = scored.rendered
        return found

    def reuse_findings() -> dict[tuple[str, str], list[Finding]]:
        digests = [c.digest for articles in known.values() for c in articles.values() if c.digest is not None]
        return reuse(digests) if reuse is not None and len(digests) > 1 else {}

    known = check(paths)
    reused = reuse_findings()
    for path, articles in known.items():
        for article_id, checked in articles.items():
            for finding in checked.findings + reused.get((path, article_id), []):
                out(finding.line)
    said(f"biasdash: watching {len(watch.known)} article file(s) for changes (Ctrl-C ends)")
    while not stop():
        time.sleep(poll)
        changes = watch.changes()
        if not changes:
            continue
        for path in changes.removed:
            known.pop(path, None)
            out(f"{path}: removed")
        found = check(changes.to_read)
        for path in changes.to_read:
            before, articles = known.get(path, {}), found.get(path, {})
            for article_id, checked in articles.items():
                old = before.get(article_id)
                for line in diff(old.findings if old else [], checked.findings):
                    out(line)
            for article_id in before.keys() - articles.keys():  # gone from a JSONL file, or unreadable
                for finding in before[article_id].findings:
                    out(finding.fixed)
            known[path] = articles
        if reuse is not None:
            now = reuse_findings()
            for key in [*reused, *(k for k in now if k not in reused)]:
                path, _ = key
                if path in changes.removed and key not in now:
                    continue  # its file went: said as removed
                for line in diff(reused.get(key, []), now.get(key, [])):
                    out(line)
            reused = now
        said(f"biasdash: {time.strftime('%H:%M:%S')} re-checked {len(changes.to_read)} file(s), "
            f"{len(changes.removed)} removed")


def diff(before: list[Finding], after: list[Finding]) -> list[str]:
    """What changed between two checks of one article: the findings that are new, then those
    gone. A finding that only moved (a sentence added above it) is neither."""
    return (_unmatched(after, before, lambda f: f.line)
            + _unmatched(before, after, lambda f: f.fixed))


def _unmatched(findings: list[Finding], others: list[Finding],
               shown: Callable[[Finding], str]) -> list[str]:
    """How each of `findings` is shown, for those with no like finding (same severity and text)
    left among `others`: each of the others matches one finding at most."""
    left = Counter((f.severity, f.same) for f in others)
    lines = []
    for finding in findings:
        key = (finding.severity, finding.same)
        if left[key] > 0:
            left[key] -= 1
        else:
            lines.append(shown(finding))
    return lines
