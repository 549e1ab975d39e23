"""Provides the dashboard's session: what it knows and does, apart from drawing it.

The rules in force and the reading of their files, the articles read, the analyses the panels
were shown (the last few are kept), the analysis the panels wait for, and the background jobs
(scoring passes, JSON exports) with their stopping. Nothing here imports Textual: the app
(tui/app.py) routes what the user does to its Session, runs the Session's thread bodies as
workers, and routes what they report (through the callbacks they are given) to the panels. So
this state can be reasoned about, and tested, without a terminal.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ..engine.analysis import Analysis
from ..engine.article import Article
from ..engine.pipeline import analyse
from ..engine.reuse.pairs import Kept
from ..engine.ruleset import RuleSet
from ..runtime.articles import LoadError, load_articles
from ..runtime.corpus import score_all
from ..runtime.rulepacks import RuleErrors
from ..runtime.watch import ArticleWatch
from ..runtime.yamlsafe import FileError
from .analyst import Analyst, Request, Result
from .export import write_new
from .reuse_links import Link, find_links
from .rows import Row, contract_json, summarise, write_json
from .rulewatch import Read, RuleSource

# The first article shows at once; after that, batches every half second keep the UI thread
# from costing more than the scoring itself.
BATCH_SECONDS = 0.5
# Full analyses kept for the articles last shown in the panels (the list keeps only summaries).
ANALYSES_KEPT = 16
# A JSON export of more articles than this scores them again on the worker processes; a smaller
# one on one thread, and quitting waits for it (quitting right after `j` still writes it).
INLINE_EXPORT = 50


# Called (on its thread) with a search's ticket, the links found (None: it failed) and why it failed.
DeliverPairs = Callable[[int, "dict[str, list[Link]] | None", "str | None"], object]


class Job:
    """A background job that runs worker processes: asked to stop, it says when it has stopped.

    finish: quitting waits for it to finish (a small export the user asked for) instead of
    stopping it."""

    def __init__(self, finish: bool = False) -> None:
        self.stop = threading.Event()
        self.finished = threading.Event()
        self.finish = finish


class Run(Job):
    """One pass of scoring: the first (articles loaded from the paths) or a re-score."""

    def __init__(self, generation: int, ruleset: RuleSet, articles: list[Article] | None) -> None:
        super().__init__()
        self.generation = generation
        self.ruleset = ruleset
        self.articles = articles  # None: load them from the paths
        self.cleared = False  # (a first pass) the list of an earlier first pass has been cleared

    @property
    def first(self) -> bool:
        return self.articles is None


class Stopped(Exception):
    """A background job was asked to stop."""


class Batch(NamedTuple):
    """Scoring progress, sent by a scoring thread: new rows (first pass), unreadable inputs."""

    run: Run
    rows: list[Row]  # new rows (a re-score: every row, in its final batch)
    errors: list[LoadError]
    done: int  # articles scored (or not, for an error) so far
    total: int | None
    articles: list[Article]  # (a first pass) articles newly read, scored or not
    final: bool = False
    failure: str | None = None  # why scoring stopped short


class ExportDone(NamedTuple):
    """A background export has been written (or could not be)."""

    path: Path
    written: int  # articles written
    failure: str | None = None


def analyse_article(article: Article, ruleset: RuleSet) -> Analysis:
    """The engine's analysis (looked up at each call, so that a test can slow it down)."""
    return analyse(article, ruleset)


class Session:
    """The dashboard's state and background work, for one set of paths and rule files."""

    def __init__(self, paths: list[str], rules: RuleSource, *, max_bytes: int, jobs: int,
                 deliver: Callable[[Result], object], watch_articles: bool = False) -> None:
        """jobs: worker processes that score the articles (1: a thread, no workers); deliver:
        called (on an analyst thread) with each analysis the panels asked for; watch_articles:
        the first pass notes the article files, for the inbox to see what changes."""
        self.paths = paths
        self.watch_articles = watch_articles
        self.rules = rules
        self.max_bytes = max_bytes
        self.jobs = jobs
        self.ruleset: RuleSet | None = None
        self.rule_error: str | None = None
        self.stamps: dict[str, Any] = {}  # the rule files as last read (see RuleSource.stamp)
        self.rule_files: list[str] = []  # the files of the rules in force
        self.articles: list[Article] = []  # every article read, scored or not (what a re-score scores)
        self.load_errors: list[LoadError] = []
        self.loading = True  # the first pass (reading and scoring the articles) is under way
        self.read_all = False  # a first pass has read and scored every article
        self.scoring = False  # a pass is under way (the first or a re-score)
        self.reading_rules = False  # a read of the rule files is under way in a worker thread
        self.read_again: bool | None = None  # asked to read them meanwhile (True: forced)
        self.quitting = False
        self.links: dict[str, list[Link]] = {}  # article id -> the articles it reuses or is reused by
        self.pairing = False  # the pairs of the scored articles are being found in a worker thread
        self._pair_ticket = 0
        self._pair_thread: threading.Thread | None = None
        self._pair_next: tuple[list[Row], DeliverPairs] | None = None  # the search asked for next
        self._kept_pairs = Kept()  # the last search's comparisons, for the next
        self.inbox: ArticleWatch | None = None  # the article files as the first pass found them
        self.looking = False  # a look at the article files is under way in a worker thread
        self.arrived: str | None = None  # what the last look brought, for the status bar
        self.run: Run | None = None
        self.waiting: Request | None = None  # the analysis the panels wait for
        self._generation = 0
        self._tickets = 0
        self._jobs: set[Job] = set()  # background jobs not yet stopped
        self._kept: OrderedDict[Article, Analysis] = OrderedDict()
        self._analyst = Analyst(lambda article, ruleset: analyse_article(article, ruleset), deliver)

    @property
    def busy(self) -> bool:
        """Scoring, finding the pairs, reading the rule files or looking at the article files, or
        analysing the selected article for the panels."""
        return (self.scoring or self.pairing or self.reading_rules or self.looking
                or self.waiting is not None)

    # --- rules -----------------------------------------------------------------------------

    def load_rules(self) -> list[FileError]:
        """The first read of the rules, before anything is shown (as the command line reads
        them): no errors, or the errors that leave no rules in force."""
        self.stamps = self.rules.stamp()
        files = [str(p) for p in self.rules.files()]
        try:
            self.ruleset = self.rules.load()
        except RuleErrors as exc:
            self.loading = False
            return self.rules_failed(list(exc.errors))
        self.rule_files = files
        return []

    def begin_read(self, force: bool) -> bool:
        """Whether a read of the rule files starts now; asked while one is under way, another
        follows it (forced if either asked for that)."""
        if self.quitting:
            return False
        if self.reading_rules:
            self.read_again = bool(self.read_again) or force
            return False
        self.reading_rules = True
        return True

    def read_rules(self, known: dict[str, Any], in_force: list[str], force: bool,
                   cancelled: Callable[[], bool]) -> Read | None:
        """(thread) One read of the rule files (None: nothing changed); never raises."""
        try:
            return self.rules.read(known, in_force, force=force,
                                   cancelled=lambda: cancelled() or self.quitting)
        except Exception as exc:  # the last good rules stay; the dashboard stays up
            return Read(known, None, [], [FileError("rules", 1, 1, f"cannot load the rules: {exc}")])

    def end_read(self) -> bool | None:
        """A read has been handled: whether to read again (True: forced), or None."""
        again, self.read_again = self.read_again, None
        return again

    def rules_loaded(self, ruleset: RuleSet, files: list[str]) -> bool:
        """New rules are in force (the kept analyses go); True if the last read had failed."""
        mended = self.rule_error is not None
        self.rule_error = None
        self.ruleset = ruleset
        self.rule_files = files
        self._kept.clear()
        return mended

    def rules_failed(self, errors: list[FileError]) -> list[FileError]:
        """The last good rules stay in force; returns the errors to report (never none)."""
        if not errors:
            errors = [FileError("rules", 1, 1, "the rules could not be loaded")]
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        self.rule_error = f"{errors[0]}{more}"
        return errors

    # --- scoring ---------------------------------------------------------------------------

    def start_run(self, first: bool) -> Run:
        """A new pass with the current rules; a pass under way is told to stop."""
        assert self.ruleset is not None
        if self.run is not None:
            self.run.stop.set()
        self._generation += 1
        run = Run(self._generation, self.ruleset, None if first else list(self.articles))
        self.run = run
        self.prune_jobs()
        self._jobs.add(run)
        self.scoring = True
        return run

    def score_run(self, run: Run, post: Callable[[Batch], object], cancelled: Callable[[], bool]) -> None:
        """(thread) One pass: articles out to score_all, rows back to `post` in batches."""
        first = run.first
        total = None if run.articles is None else len(run.articles)
        items: Iterable[Article | LoadError] = (
            load_articles(self.paths, max_bytes=self.max_bytes) if run.articles is None else run.articles)
        rows: list[Row] = []
        errors: list[LoadError] = []
        read: list[Article] = []  # (a first pass) articles read since the last batch, scored or not
        done = 0  # articles scored (or not) so far
        scored_ok = 0
        last = time.monotonic()
        if first and self.watch_articles:  # (before reading: a file saved while the pass runs is seen as changed)
            self.inbox = ArticleWatch(self.paths)
        results = score_all(items, run.ruleset, jobs=self.jobs, render=summarise, stop=run.stop)

        def batch(final: bool = False, failure: str | None = None) -> Batch:
            # A re-score keeps its rows until the end: the list changes all at once.
            return Batch(run, rows if first or final else [], errors, done, total,
                         read if first else [], final=final, failure=failure)

        try:
            for scored in results:
                if run.stop.is_set() or cancelled():
                    return
                item = scored.item
                if isinstance(item, LoadError):
                    errors.append(item)
                    continue
                done += 1
                if first:
                    read.append(item)
                if scored.error is not None:
                    errors.append(LoadError(item.path or item.id, scored.error, item.line))
                    continue
                rows.append(Row(item, scored.rendered))
                scored_ok += 1
                if scored_ok == 1 or time.monotonic() - last > BATCH_SECONDS:
                    post(batch())
                    if first:
                        rows, read = [], []
                    errors = []
                    last = time.monotonic()
            if not (run.stop.is_set() or cancelled()):
                post(batch(final=True))
        except Exception as exc:  # no worker could be started, say; the dashboard stays up
            if not run.stop.is_set():
                post(batch(final=True, failure=f"{type(exc).__name__}: {exc}"))
        finally:
            results.close()  # stops the worker processes
            run.finished.set()

    def is_current(self, run: Run) -> bool:
        """Whether a batch of this pass is still wanted (not from a pass since stopped)."""
        return run is self.run and not run.stop.is_set()

    def clear_for(self, run: Run, listed: bool) -> bool:
        """(a first pass's first batch) Whether the list must be emptied of what a first pass
        stopped by a rule edit had read; forgets those articles if so."""
        if not run.first or run.cleared:
            return False
        run.cleared = True
        if not (listed or self.articles):
            return False
        self.articles = []
        self.load_errors = []
        return True

    def finished(self, run: Run, failure: str | None) -> None:
        """The pass has sent its last batch."""
        if run.first and failure is None:
            self.read_all = True
        self.loading = False
        self.scoring = False

    # --- pairs where one article reuses another -----------------------------------------

    def find_pairs(self, rows: list[Row], deliver: DeliverPairs) -> None:
        """Find which of the rows' articles reuse which, on a daemon thread; `deliver(ticket,
        links, failure)` is called there with the outcome.

        A search asked for while one runs ends it at its next alignment (its outcome is not
        delivered) and starts then, on the latest rows only, so rule edits never pile searches
        up; the pairs whose digests a rescoring left as they were are not aligned again (Kept).
        Quitting ends a search at its next alignment (and does not wait for it: the thread is
        a daemon)."""
        self.pairing = True
        if self._pair_thread is not None and self._pair_thread.is_alive():
            self._pair_next = (rows, deliver)
            return
        self._pair_ticket += 1
        ticket = self._pair_ticket

        ruleset = self.ruleset  # the rules the rows were scored with: their reuse checks too

        def stale() -> bool:
            return self.quitting or self._pair_next is not None

        def body() -> None:
            try:
                links, failure = find_links([row.digest for row in rows], stop=stale, kept=self._kept_pairs,
                                            ruleset=ruleset), None
            except Exception as exc:  # the list goes on without the column; the dashboard stays up
                links, failure = None, f"{type(exc).__name__}: {exc}"
            if self._pair_next is not None:  # cut short for a newer search: its links are not all there
                links, failure = None, None
            if not self.quitting:
                deliver(ticket, links, failure)

        self._pair_thread = threading.Thread(target=body, name="biasdash-pairs", daemon=True)
        self._pair_thread.start()

    def paired(self, ticket: int, links: dict[str, list[Link]] | None) -> bool:
        """A search has ended (links None: it failed); True if its links are now in force.
        A search asked for meanwhile starts now."""
        if ticket != self._pair_ticket:
            return False
        self._pair_thread = None
        if links is not None:
            self.links = links
        waiting, self._pair_next = self._pair_next, None
        if waiting is not None and not self.quitting:
            self.find_pairs(*waiting)
        else:
            self.pairing = False
        return links is not None

    # --- analyses of the selected article ------------------------------------------------

    def kept(self, article: Article, touch: bool = True) -> Analysis | None:
        """The article's analysis if it is kept (touch: it counts as used now)."""
        analysis = self._kept.get(article)
        if analysis is not None and touch:
            self._kept.move_to_end(article)
        return analysis

    def keep(self, article: Article, analysis: Analysis) -> None:
        self._kept[article] = analysis
        self._kept.move_to_end(article)
        while len(self._kept) > ANALYSES_KEPT:
            self._kept.popitem(last=False)

    def analysis_of(self, article: Article, keep: bool = True) -> Analysis | None:
        """The article's analysis with the current rules, made on the calling thread if it is
        not kept (None: it could not be made, which was reported when it was scored)."""
        analysis = self.kept(article)
        if analysis is not None or self.ruleset is None:
            return analysis
        try:
            analysis = analyse_article(article, self.ruleset)
        except Exception:
            return None
        if keep:
            self.keep(article, analysis)
        return analysis

    def ask(self, article: Article) -> Request:
        """Have an analyst thread make the article's analysis (the panels wait for this one)."""
        assert self.ruleset is not None
        self._tickets += 1
        self.waiting = Request(self._tickets, article, self.ruleset)
        self._analyst.request(self.waiting)
        return self.waiting

    def still_waiting(self, ticket: int) -> bool:
        return self.waiting is not None and self.waiting.ticket == ticket

    def analysed(self, result: Result) -> bool:
        """Keep an analyst's result; True if the panels wait for it (it is then no longer
        waited for). A stale result is kept for later, but shown only if its article is the one
        the panels wait for (the cursor went away and came back)."""
        request, analysis, _ = result
        if request.ruleset is not self.ruleset:
            return False  # made with rules since replaced
        if analysis is not None:
            self.keep(request.article, analysis)
        if self.waiting is None or request.article is not self.waiting.article:
            return False
        self.waiting = None
        return True

    # --- exports and stopping ------------------------------------------------------------

    def export_job(self, count: int) -> tuple[Job, int]:
        """A job for a JSON export of `count` articles, with the worker processes it may use."""
        small = count <= INLINE_EXPORT
        job = Job(finish=small)
        self._jobs.add(job)
        return job, 1 if small else self.jobs

    def export_json(self, job: Job, folder: Path, stem: str, articles: list[Article], ruleset: RuleSet,
                    jobs: int, cancelled: Callable[[], bool]) -> ExportDone | None:
        """(thread) Score the articles again, writing as they come, to a new file (None: the
        job was stopped, and left no file)."""
        results = score_all(articles, ruleset, jobs=jobs, render=contract_json, stop=job.stop)

        def records() -> Iterator[str]:
            for scored in results:
                if job.stop.is_set() or cancelled():
                    raise Stopped
                if scored.rendered is not None:
                    yield scored.rendered
            if job.stop.is_set():  # score_all ended early for it: no partial file
                raise Stopped

        try:
            path, count = write_new(folder, stem, "json", lambda handle: write_json(handle, records()))
            return ExportDone(path, count)
        except Stopped:
            return None
        except Exception as exc:
            return ExportDone(folder / f"{stem}.json", 0,
                              exc.strerror if isinstance(exc, OSError) and exc.strerror
                              else f"{type(exc).__name__}: {exc}")
        finally:
            results.close()
            job.finished.set()

    def prune_jobs(self) -> None:
        """Forget the jobs that have finished."""
        self._jobs = {job for job in self._jobs if not job.finished.is_set()}

    def stop(self) -> None:
        """Quitting: every job stops its worker processes (but a small export finishes)."""
        self.quitting = True
        for job in list(self._jobs):
            if not job.finish:
                job.stop.set()
        self._analyst.stop()

    def stopped(self) -> bool:
        """Every background job has finished."""
        return all(job.finished.is_set() for job in self._jobs)
