"""Provides the biasdash dashboard: a Textual app over the scoring engine."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import shlex
import signal
import subprocess
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TextIO, overload

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from ..engine.analysis import Analysis
from ..engine.article import Article
from ..engine.pipeline import analyse
from ..engine.ruleset import RuleSet
from ..report.safe import plain
from ..runtime.articles import DEFAULT_MAX_BYTES, LoadError, load_articles
from ..runtime.corpus import default_jobs, score_all
from ..runtime.rulepacks import RuleErrors
from ..runtime.yamlsafe import FileError
from .analyst import Analyst, Request, Result
from .export import stem_for, write_new
from .messages import JumpTo
from .rows import Row, contract_json, summarise, write_json
from .rulewatch import Read, RuleSource
from .safe import safe
from .screens.help import HelpScreen
from .widgets.article_list import COLUMNS, ArticleList
from .widgets.article_text import ArticleText
from .widgets.checks import ChecksPanel
from .widgets.loaded_hits import LoadedHits
from .widgets.score_cards import ScoreCards
from .widgets.sentiment import SentimentPanel
from .widgets.source_mix import SourceMix

PANELS = {"1": "#cards", "2": "#sources", "3": "#sentiment", "4": "#loaded", "5": "#checks",
          "6": "#text"}
# The first article shows at once; after that, batches every half second keep the UI thread
# from costing more than the scoring itself.
BATCH_SECONDS = 0.5
RULE_POLL_SECONDS = 0.5
# Full analyses kept for the articles last shown in the panels (the list keeps only summaries).
ANALYSES_KEPT = 16
# A JSON export of more articles than this scores them again in the background.
INLINE_EXPORT = 50
# How long quitting waits for background scoring to stop its worker processes.
STOP_WAIT_SECONDS = 10.0
# Below this the panels cannot be laid out (Textual fails on widgets of no width): the dashboard
# says so instead, and comes back when the terminal grows.
MIN_WIDTH, MIN_HEIGHT = 60, 16
# Signals that close the dashboard as `q` does (terminal restored, workers stopped), with the exit
# code of a process killed by them (128 + the signal number), as the command line documents.
EXIT_SIGNALS = {signal.SIGTERM: 143, signal.SIGHUP: 129, signal.SIGINT: 130}
# The dashboard failed (a bug): the command line's ExitCode.INTERNAL, never 1, which a CI gate
# would read as findings.
CRASHED = 3
# How long the panels go on showing the last article before "scoring…" replaces it.
PLACEHOLDER_DELAY = 0.2
# Article and rule text in the header and panel borders is cut to this many characters.
NAME_CHARS = 60


class _Job:
    """A background job that runs worker processes: asked to stop, it says when it has stopped.

    finish: quitting waits for it to finish (a small export the user asked for) instead of
    stopping it."""

    def __init__(self, finish: bool = False) -> None:
        self.stop = threading.Event()
        self.finished = threading.Event()
        self.finish = finish


class _Run(_Job):
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


class _Stopped(Exception):
    """A background job was asked to stop."""


class Scored(Message):
    """Scoring progress, posted by the scoring thread: new rows (first pass), unreadable inputs."""

    def __init__(self, run: _Run, rows: list[Row], errors: list[LoadError], done: int,
                 total: int | None, articles: list[Article], final: bool = False,
                 failure: str | None = None) -> None:
        super().__init__()
        self.run = run
        self.rows = rows  # new rows (a re-score: every row, in its final message)
        self.errors = errors
        self.done = done  # articles scored (or not, for an error) so far
        self.total = total
        self.articles = articles  # (a first pass) articles newly read, scored or not
        self.final = final
        self.failure = failure  # why scoring stopped short


class Exported(Message):
    """A background export has been written (or could not be)."""

    def __init__(self, path: Path, count: int, failure: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.count = count
        self.failure = failure


class RulesRead(Message):
    """A read of the rule files in a worker thread has finished (read is None: nothing changed)."""

    def __init__(self, read: Read | None) -> None:
        super().__init__()
        self.read = read


class Analysed(Message):
    """The analysis of an article asked for by the panels is ready (or failed)."""

    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result


def shorten(text: str, limit: int = NAME_CHARS) -> str:
    """A long path keeps its end, the file name."""
    return text if len(text) <= limit else "…" + text[-(limit - 1):]


class Analyses(Sequence[Analysis]):
    """The listed articles' analyses, in input order. Each is scored again when asked for (the
    last few are kept): len() and indexing are cheap, going through 10,000 of them is not."""

    def __init__(self, app: BiasDashApp) -> None:
        self.app = app

    def __len__(self) -> int:
        return len(self.app.rows)

    @overload
    def __getitem__(self, index: int) -> Analysis: ...

    @overload
    def __getitem__(self, index: slice) -> list[Analysis]: ...

    def __getitem__(self, index: int | slice) -> Analysis | list[Analysis]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        rows = self.app.rows
        analysis = self.app.analysis_of(rows[index].article)
        if analysis is None:
            raise LookupError(f"article {rows[index].article.id!r} could not be scored")
        return analysis

    def __iter__(self) -> Iterator[Analysis]:
        return (self[i] for i in range(len(self)))


class BiasDashApp(App[int]):
    """Article list, score cards, source mix, sentiment, loaded wording, checks and the text."""

    CSS_PATH = "app.tcss"
    TITLE = "biasdash"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("slash", "filter", "Filter"),
        Binding("s", "sort", "Sort"),
        Binding("r", "reload_rules", "Reload rules"),
        Binding("e", "edit_rule", "Edit rule"),
        Binding("x", "export_csv", "CSV"),
        Binding("j", "export_json", "JSON"),
        Binding("ctrl+s", "export_svg", "SVG"),
        Binding("t", "toggle_theme", "Theme"),
        Binding("question_mark", "help", "Help"),
        *[Binding(key, f"toggle_panel('{key}')", show=False) for key in PANELS],
    ]

    def __init__(self, paths: list[str], rules: RuleSource, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 export_dir: Path | None = None, watch: bool = True, jobs: int | None = None) -> None:
        """jobs: worker processes that score the articles (None: one per core; 1: a thread of
        this process, no workers)."""
        super().__init__()
        self.paths = paths
        self.rules = rules
        self.max_bytes = max_bytes
        self.export_dir = export_dir or Path.cwd()
        self.watch_rules = watch
        self.jobs = max(1, jobs) if jobs is not None else default_jobs()
        self.ruleset: RuleSet | None = None
        self.rule_error: str | None = None
        self.stamps: dict[str, Any] = {}  # the rule files as last read (see RuleSource.stamp)
        self.rule_files: list[str] = []  # the files of the rules in force
        self.articles: list[Article] = []  # every article read, scored or not (what a re-score scores)
        self.load_errors: list[LoadError] = []
        self.selected: int | None = None
        self.loading = True  # the first pass (reading and scoring the articles) is under way
        self.read_all = False  # a first pass has read and scored every article
        self.scoring = False  # a pass is under way (the first or a re-score)
        self.analyses = Analyses(self)
        self._run: _Run | None = None
        self._generation = 0
        self._jobs: set[_Job] = set()  # background jobs not yet stopped
        self._kept: OrderedDict[Article, Analysis] = OrderedDict()
        self._listing: ArticleList | None = None
        self._reading_rules = False  # a read of the rule files is under way in a worker thread
        self._read_again: bool | None = None  # asked to read them meanwhile (True: forced)
        self._analyst = Analyst(lambda article, ruleset: analyse(article, ruleset),
                                lambda result: self.post_message(Analysed(result)))
        self._waiting: Request | None = None  # the analysis the panels wait for
        self._tickets = 0
        self._signals: list[tuple[int, Any]] = []  # handlers installed, with what they replaced
        self._quitting = False
        self.sub_title = shorten(", ".join(paths))

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="status-bar"):
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Static(id="status")
        with Horizontal(id="top"):
            yield ArticleList(id="list")
            with Vertical(id="summary"):
                yield ScoreCards(id="cards")
                with Horizontal(id="mix"):
                    yield SourceMix(id="sources")
                    yield SentimentPanel(id="sentiment")
        with Horizontal(id="bottom"):
            yield ArticleText(id="text")
            with Vertical(id="side"):
                yield LoadedHits(id="loaded")
                yield ChecksPanel(id="checks")
        yield Static(id="too-small")
        yield Footer()

    def on_mount(self) -> None:
        self._fit()
        for selector, title in (("#list", "Articles"), ("#cards", "Scores"), ("#sources", "Source mix"),
                                ("#sentiment", "Sentiment"), ("#text", "Article text"),
                                ("#loaded", "Loaded wording"), ("#checks", "Checks")):
            self.query_one(selector).border_title = title
        self._listing = self.query_one(ArticleList)
        self.query_one("#articles").focus()
        self._catch_signals()
        self.stamps = self.rules.stamp()
        if self.watch_rules:  # (also when the rules are broken: mending them starts the scoring)
            self.set_interval(RULE_POLL_SECONDS, self._poll_rules)
        # The first read is here, before anything is shown (as the command line reads them);
        # every later one is in a worker thread.
        files = [str(p) for p in self.rules.files()]
        try:
            self.ruleset = self.rules.load()
        except RuleErrors as exc:
            self._rules_failed(list(exc.errors))
            self.loading = False
            self._status()
            return
        self.rule_files = files
        self.score(first=True)

    def on_resize(self, event: events.Resize) -> None:
        # (This runs before App's own handler has recorded the new size: event.size is it.)
        self._fit(event.size)

    def _fit(self, size: Size | None = None) -> None:
        """Lay the main screen out for the terminal's size (it may be any, 1x1 included)."""
        width, height = size or self.size
        main = self.screen_stack[0] if self.screen_stack else self.screen
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        # Below 120x32 the chrome goes (header, legend) so the panels keep their room.
        main.set_class(width < 120 or height < 32, "compact")
        # Set on the widgets, not by a class: the screen is laid out for the new size before
        # a class change reaches the styles, and the panels must be gone by then.
        # (Shown again by dropping that inline style: the CSS decides, .compact hiding the header.)
        for widget in main.query("Header, #status-bar, #top, #bottom, Footer"):
            if small:
                widget.styles.display = "none"
            else:
                widget.styles.clear_rule("display")
        note = main.query_one("#too-small", Static)
        note.display = small
        if small:
            note.update(Text(f"terminal too small: need at least {MIN_WIDTH}x{MIN_HEIGHT} "
                             f"(this one is {width}x{height}); q quits", style="bold"))

    def format_title(self, title: str, sub_title: str) -> Content:
        # The header shows what was opened: file names, shown as written, never as escapes.
        return super().format_title(plain(str(title)), plain(str(sub_title)))

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A toast, always plain text: messages name files and rules, which may hold markup such
        as "[bold]" or escape sequences; both are shown as written (markup is never parsed)."""
        super().notify(plain(str(message), keep_newlines=True), title=plain(str(title)),
                       severity=severity, timeout=timeout, markup=False)

    # --- scoring ---------------------------------------------------------------------------

    def score(self, first: bool = False) -> None:
        """Score every article (the first time: read them too) with the current rules.

        A pass already under way is stopped (its worker processes shut down) and this one starts
        from the beginning; the rows of a stopped first pass stay listed until the new pass sends
        its first rows.
        """
        assert self.ruleset is not None
        if self._run is not None:
            self._run.stop.set()
        self._generation += 1
        run = _Run(self._generation, self.ruleset, None if first else list(self.articles))
        self._run = run
        self._jobs = {job for job in self._jobs if not job.finished.is_set()}
        self._jobs.add(run)
        self.scoring = True
        self._progress(0, None if first else len(self.articles))
        self.run_worker(partial(self._score_run, run), name=f"score-{run.generation}", group="score",
                        thread=True, exit_on_error=False)

    def _score_run(self, run: _Run) -> None:
        """(thread) One pass: articles out to score_all, rows back to the UI in batches."""
        worker = get_current_worker()
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
        results = score_all(items, run.ruleset, jobs=self.jobs, render=summarise)

        def batch(final: bool = False, failure: str | None = None) -> Scored:
            # A re-score keeps its rows until the end: the list changes all at once.
            return Scored(run, rows if first or final else [], errors, done, total,
                          read if first else [], final=final, failure=failure)

        try:
            for scored in results:
                if run.stop.is_set() or worker.is_cancelled:
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
                    self.post_message(batch())
                    if first:
                        rows, read = [], []
                    errors = []
                    last = time.monotonic()
            if not (run.stop.is_set() or worker.is_cancelled):
                self.post_message(batch(final=True))
        except Exception as exc:  # no worker could be started, say; the dashboard stays up
            if not run.stop.is_set():
                self.post_message(batch(final=True, failure=f"{type(exc).__name__}: {exc}"))
        finally:
            results.close()  # stops the worker processes
            run.finished.set()

    @on(Scored)
    def _scored(self, message: Scored) -> None:
        run = message.run
        listing = self._listing
        if run is not self._run or run.stop.is_set() or listing is None or not listing.is_attached:
            return  # from a pass that has been stopped, or the app is closing
        if run.first and not run.cleared:
            run.cleared = True
            if listing.rows or self.articles:  # what a first pass stopped by a rule edit read
                listing.set_rows([])
                self.articles = []
                self.load_errors = []
        for error in message.errors:
            self._load_error(error)
        if run.first:
            self.articles.extend(message.articles)
            if message.rows:
                listing.append(message.rows)
        elif message.final and message.failure is None:
            listing.set_rows(message.rows)
            self.show_article(listing.selected_index())
        if message.failure is not None:
            self.notify(f"scoring stopped: {message.failure}", title="scoring", severity="error",
                        markup=False, timeout=15)
        if message.final:
            if run.first and message.failure is None:
                self.read_all = True
            self._finished(message.done)
        else:
            self._progress(message.done, message.total)

    def _progress(self, done: int, total: int | None) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
        self._status()

    def _finished(self, done: int) -> None:
        self.loading = False
        self.scoring = False
        bar = self.query_one(ProgressBar)
        bar.update(total=max(done, 1), progress=max(done, 1))
        self._status()

    def _load_error(self, error: LoadError) -> None:
        self.load_errors.append(error)
        self.notify(str(error), title="could not read", severity="warning", markup=False, timeout=8)
        self._status()

    def _status(self) -> None:
        text = Text()
        text.append(f"{len(self.rows)} articles", style="bold")
        if self.scoring or self.loading:
            text.append(" · scoring…", style="yellow")
        if self.load_errors:
            text.append(f" · {len(self.load_errors)} unreadable", style="yellow")
        if self.rule_error:
            text.append(" · rules: ", style="bold red")
            text.append_text(safe(self.rule_error, "red"))
            text.append(" (last good rules in force)", style="red")
        elif self.ruleset is not None:
            text.append(f" · {len(self.ruleset.rules)} rules", style="dim")
        self.query_one("#status", Static).update(text)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        # Background jobs start stopping their worker processes while the app closes.
        self._quitting = True
        self._stop_jobs()
        super().exit(*args, **kwargs)

    def _stop_jobs(self) -> None:
        for job in list(self._jobs):
            if not job.finish:
                job.stop.set()
        self._analyst.stop()

    async def on_unmount(self) -> None:
        """Stop background jobs and wait until their worker processes are gone."""
        self._quitting = True
        self._stop_jobs()
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        while any(not job.finished.is_set() for job in self._jobs) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        # A worker that did not stop within a second was killed; active_children() reaps it.
        while multiprocessing.active_children() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        # Only now: a second SIGTERM while the workers stop must not kill the process before
        # Textual has restored the terminal.
        self._release_signals()

    # --- signals and failures --------------------------------------------------------------

    def _catch_signals(self) -> None:
        """SIGTERM, SIGHUP and SIGINT close the dashboard as `q` does, with 143, 129 or 130.

        Left alone when ignored (started with nohup, or as a background job) or when this is not
        the main thread (no signal can be caught there).
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        for signum, code in EXIT_SIGNALS.items():
            try:
                previous = signal.getsignal(signum)
                if previous == signal.SIG_IGN:
                    continue
                loop.add_signal_handler(signum, self._signalled, code)
            except (ValueError, RuntimeError, NotImplementedError, OSError):
                continue
            self._signals.append((signum, previous))

    def _release_signals(self) -> None:
        signals, self._signals = self._signals, []
        for signum, previous in signals:
            try:
                asyncio.get_running_loop().remove_signal_handler(signum)
                if previous is not None:
                    signal.signal(signum, previous)
            except (ValueError, RuntimeError, OSError):
                pass

    def _signalled(self, code: int) -> None:
        if not self._quitting:
            self.exit(return_code=code)

    def _handle_exception(self, error: Exception) -> None:
        # Textual exits with 1 after an unexpected exception: here 1 means "findings".
        super()._handle_exception(error)
        self._return_code = CRASHED

    # --- selection and drill-down ----------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        """One summary per listed article, in input order."""
        return self._listing.rows if self._listing is not None else []

    @property
    def busy(self) -> bool:
        """Scoring, reading the rule files, or analysing the selected article for the panels."""
        return self.scoring or self._reading_rules or self._waiting is not None

    def analysis_of(self, article: Article, keep: bool = True) -> Analysis | None:
        """The article's full analysis with the current rules (the last few shown are kept).

        This analyses on the calling thread: the panels use it only for what is kept, and ask
        the analyst threads for the rest (see show_article).
        """
        analysis = self._kept.get(article)
        if analysis is not None:
            self._kept.move_to_end(article)
            return analysis
        if self.ruleset is None:
            return None
        try:
            analysis = analyse(article, self.ruleset)
        except Exception:  # reported when the article was scored; the panels show nothing
            return None
        if keep:
            self._keep(article, analysis)
        return analysis

    def _keep(self, article: Article, analysis: Analysis) -> None:
        self._kept[article] = analysis
        self._kept.move_to_end(article)
        while len(self._kept) > ANALYSES_KEPT:
            self._kept.popitem(last=False)

    def current(self) -> Analysis | None:
        """The selected article's analysis, if it is ready (None while it is being made)."""
        article = self._selected_article()
        return self._kept.get(article) if article is not None else None

    def _selected_article(self) -> Article | None:
        rows = self.rows
        if self.selected is None or not 0 <= self.selected < len(rows):
            return None
        return rows[self.selected].article

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        if event.index != self.selected:
            self.show_article(event.index)

    def show_article(self, index: int | None) -> None:
        """Show an article in every panel: at once if its analysis is kept, else once an analyst
        thread has made it ("scoring…" meanwhile; a slow article never holds up the UI)."""
        self.selected = index
        article = self._selected_article()
        where = (article.path or article.id) if article is not None else ""
        # A long path keeps its end, the file name, in the border.
        self.query_one("#text").border_subtitle = safe(shorten(where))
        analysis = self._kept.get(article) if article is not None else None
        if analysis is not None:
            self._kept.move_to_end(article)
        if article is None or analysis is not None or self.ruleset is None:
            self._waiting = None
            self._show_panels(analysis)
            return
        self._tickets += 1
        self._waiting = Request(self._tickets, article, self.ruleset)
        self._analyst.request(self._waiting)
        # Most articles take milliseconds: the panels are emptied for "scoring…" only if this
        # one does not (emptied and filled again, they would flicker as the cursor moves).
        self.set_timer(PLACEHOLDER_DELAY, partial(self._still_waiting, self._waiting.ticket))

    def _still_waiting(self, ticket: int) -> None:
        if self._waiting is not None and self._waiting.ticket == ticket:
            self._show_panels(None, waiting=True)

    def _show_panels(self, analysis: Analysis | None, waiting: bool = False, failure: str | None = None) -> None:
        placeholder = "scoring…" if waiting else "could not analyse this article" if failure else None
        self.query_one(ScoreCards).show(analysis, placeholder=placeholder)
        self.query_one(SourceMix).show(analysis)
        self.query_one(SentimentPanel).show(analysis)
        self.query_one(LoadedHits).show(analysis)
        self.query_one(ChecksPanel).show(analysis)
        text_panel = self.query_one(ArticleText)
        text_panel.show(analysis)
        if placeholder:
            text_panel.explain(safe(placeholder + (f": {failure}" if failure else ""), "italic"))

    @on(Analysed)
    def _analysed(self, message: Analysed) -> None:
        request, analysis, failure = message.result
        if request.ruleset is not self.ruleset:
            return  # made with rules since replaced
        if analysis is not None:
            self._keep(request.article, analysis)
        waiting = self._waiting
        # A stale request's result is kept for later, but shown only if its article is still
        # the one selected (the cursor went away and came back).
        if waiting is None or request.article is not waiting.article:
            return
        self._waiting = None
        self._show_panels(analysis, failure=failure)

    @on(JumpTo)
    def _jump(self, event: JumpTo) -> None:
        analysis = self.current()
        if analysis is None:
            return
        text_panel = self.query_one(ArticleText)
        text_panel.show(analysis, focus=(event.start, event.end))
        text_panel.scroll_to_offset(event.start)
        explanation = Text()
        explanation.append_text(safe(event.what, "bold"))
        rule = self.ruleset.by_id.get(event.rule_id) if self.ruleset and event.rule_id else None
        if rule is not None:
            explanation.append("\nrule ", style="dim")
            explanation.append_text(safe(rule.id, "cyan"))
            explanation.append_text(safe(f" ({rule.file}:{rule.line}): ", "dim"))
            explanation.append_text(safe(" ".join(rule.description.split())))
        if event.end > event.start:
            explanation.append("\nmatched: ", style="dim")
            explanation.append_text(safe(analysis.article.text[event.start:event.end][:200], "italic"))
        text_panel.explain(explanation)

    @on(SourceMix.Picked)
    def _source_picked(self, event: SourceMix.Picked) -> None:
        analysis = self.current()
        if analysis is None:
            return
        a = analysis.attributions[event.index]
        text = analysis.article.text
        who = text[a.source.start:a.source.end] if a.source else "no source"
        what = (f"attribution to {who!r}" + (f" = {a.source_id} ({a.source_kind})" if a.source_id else "")
                + (" (vague)" if a.vague else "") + f", cue {text[a.cue.start:a.cue.end]!r}")
        self.post_message(JumpTo(a.cue.start, a.cue.end, a.source_id or a.vague_rule or a.cue_rule, what))

    # --- rules in the loop -----------------------------------------------------------------

    def _poll_rules(self) -> None:
        """(timer) Look for edits, unless a read is already under way (it will look again)."""
        if not self._reading_rules:
            self.check_rules()

    def check_rules(self, force: bool = False) -> None:
        """Re-score when a rule file changes; a broken edit keeps the last good rules.

        The files are read in a worker thread, once they stop changing; asked again while a read
        is under way, another read follows it. force: read them even if unchanged, and leave out
        files that are gone (the user pressed r).
        """
        if self._quitting:
            return
        if self._reading_rules:
            self._read_again = bool(self._read_again) or force
            return
        self._reading_rules = True
        self.run_worker(partial(self._read_rules, dict(self.stamps), list(self.rule_files), force),
                        name="rules", group="rules", thread=True, exit_on_error=False)

    def _read_rules(self, known: dict[str, Any], in_force: list[str], force: bool) -> None:
        """(thread) One read of the rule files; always answers with one RulesRead."""
        worker = get_current_worker()
        read: Read | None = None
        try:
            read = self.rules.read(known, in_force, force=force,
                                   cancelled=lambda: worker.is_cancelled or self._quitting)
        except Exception as exc:  # the last good rules stay; the dashboard stays up
            read = Read(known, None, [], [FileError("rules", 1, 1, f"cannot load the rules: {exc}")])
        finally:
            self.post_message(RulesRead(read))

    @on(RulesRead)
    def _rules_read(self, message: RulesRead) -> None:
        self._reading_rules = False
        read = message.read
        if read is not None and not self._quitting:
            self.stamps = read.stamps
            if read.errors or read.ruleset is None:
                self._rules_failed(read.errors)
            else:
                self._rules_loaded(read.ruleset, read.files)
        again, self._read_again = self._read_again, None
        if again is not None:
            self.check_rules(force=again)

    def _rules_loaded(self, ruleset: RuleSet, files: list[str]) -> None:
        if self.rule_error:
            self.notify("rule files valid again", title="rules")
        self.rule_error = None
        self.ruleset = ruleset
        self.rule_files = files
        self._kept.clear()
        # The selected article at once with the new rules; the list follows when re-scored.
        self.show_article(self.selected)
        self.score(first=not self.read_all)

    def _rules_failed(self, errors: list[FileError]) -> None:
        if not errors:
            errors = [FileError("rules", 1, 1, "the rules could not be loaded")]
        first = errors[0]
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        self.rule_error = f"{first}{more}"
        self.notify("\n".join(str(e) for e in errors[:5]), title="rule file error",
                    severity="error", timeout=15)
        self._status()

    # --- actions ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter").focus()

    def action_sort(self) -> None:
        self.query_one(ArticleList).cycle_sort()

    def action_reload_rules(self) -> None:
        self.check_rules(force=True)

    def action_edit_rule(self) -> None:
        finding = self.query_one(ChecksPanel).selected_finding()
        rule = self.ruleset.by_id.get(finding.check) if finding and self.ruleset else None
        if rule is None:
            self.notify("select a finding in the Checks panel first")
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        command = [*shlex.split(editor), f"+{rule.line}", rule.file]
        try:
            with self.suspend():
                subprocess.run(command, check=False)
        except (OSError, Exception) as exc:  # no terminal to suspend to, or no such editor
            self.notify(f"could not run {editor!r}: {exc}", severity="error")
            return
        self.check_rules()

    def _shown(self) -> list[Row]:
        """The rows the list shows, in its order (what the exports write)."""
        listing = self.query_one(ArticleList)
        return [listing.rows[i] for i in listing.shown]

    def action_export_csv(self) -> None:
        from ..report.table import rows_to_csv

        self._write("csv", rows_to_csv([r.record for r in self._shown()]), newline="")

    def action_export_json(self) -> None:
        """The score contract of every shown article, scored again in the background (on the
        worker processes for many; an article can take seconds, which the UI must not wait for)."""
        stem = stem_for()
        articles = [r.article for r in self._shown()]
        if self.ruleset is None:
            self.notify("no rules in force: nothing to export", severity="error")
            return
        small = len(articles) <= INLINE_EXPORT
        job = _Job(finish=small)  # quitting right after `j` still writes a small export
        self._jobs.add(job)
        jobs = 1 if small else self.jobs
        if not small:
            self.notify(f"exporting {len(articles)} articles to {self.export_dir}…", title="export")
        self.run_worker(partial(self._export_json, job, stem, articles, self.ruleset, jobs),
                        group="export", thread=True, exit_on_error=False)

    def _export_json(self, job: _Job, stem: str, articles: list[Article], ruleset: RuleSet,
                     jobs: int) -> None:
        """(thread) Score the articles again, writing as they come, to a new file."""
        worker = get_current_worker()
        results = score_all(articles, ruleset, jobs=jobs, render=contract_json)

        def records() -> Iterator[str]:
            for scored in results:
                if job.stop.is_set() or worker.is_cancelled:
                    raise _Stopped
                if scored.rendered is not None:
                    yield scored.rendered

        folder = self.export_dir
        try:
            path, count = write_new(folder, stem, "json", lambda handle: write_json(handle, records()))
            self.post_message(Exported(path, count))
        except _Stopped:  # a stopped export leaves no file
            pass
        except Exception as exc:
            self.post_message(Exported(folder / f"{stem}.json", 0,
                                       exc.strerror if isinstance(exc, OSError) and exc.strerror
                                       else f"{type(exc).__name__}: {exc}"))
        finally:
            results.close()
            job.finished.set()

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self._jobs = {job for job in self._jobs if not job.finished.is_set()}
        if message.failure is not None:
            self.notify(f"{message.path}: cannot write: {message.failure}", severity="error")
        else:
            self.notify(f"wrote {message.path} ({message.count} articles)", title="export")

    def action_export_svg(self) -> None:
        self._write("svg", self.export_screenshot())

    def _write(self, suffix: str, content: str, newline: str | None = None) -> None:
        """Write an export to a new file (never over an existing one) and say which."""
        stem = stem_for()

        def fill(handle: TextIO) -> None:
            handle.write(content)

        try:
            path, _ = write_new(self.export_dir, stem, suffix, fill, newline=newline)
        except OSError as exc:
            self.notify(f"{self.export_dir / (stem + '.' + suffix)}: cannot write: {exc.strerror or exc}",
                        severity="error")
            return
        self.notify(f"wrote {path}", title="export")

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_toggle_panel(self, key: str) -> None:
        widget = self.query_one(PANELS[key])
        widget.display = not widget.display

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Filter articles", "Focus the filter box of the article list", self.action_filter)
        for column in COLUMNS[1:]:
            yield SystemCommand(f"Sort by {column.label.lower()}", "Sort the article list (again: reverse)",
                                lambda key=column.key: self.query_one(ArticleList).sort_by(key))
        yield SystemCommand("Reload rules", "Load the rule files again and re-score", self.action_reload_rules)
        yield SystemCommand("Open rule file", "Edit the rule behind the selected finding in $EDITOR",
                            self.action_edit_rule)
        yield SystemCommand("Export CSV", "Write the article table as CSV", self.action_export_csv)
        yield SystemCommand("Export JSON", "Write the scores as JSON (the score contract)",
                            self.action_export_json)
        yield SystemCommand("Export SVG", "Save the current view as SVG", self.action_export_svg)
        names = {"1": "score cards", "2": "source mix", "3": "sentiment", "4": "loaded wording",
                 "5": "checks", "6": "article text"}
        for key, name in names.items():
            yield SystemCommand(f"Toggle {name}", f"Show or hide the {name} panel ({key})",
                                lambda key=key: self.action_toggle_panel(key))
        yield SystemCommand("Toggle light/dark theme", "Switch between light and dark", self.action_toggle_theme)
        yield SystemCommand("Help", "Keys and colours", self.action_help)
