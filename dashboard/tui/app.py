"""Provides the biasdash dashboard: a Textual app over the scoring engine."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import shlex
import subprocess
import threading
import time
from collections import OrderedDict
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence, overload

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from ..engine.article import DEFAULT_MAX_BYTES, Article, LoadError, load_articles
from ..engine.corpus import default_jobs, score_all
from ..engine.rules import RuleErrors, RuleSet, default_rules_dir, discover_rule_files, load_rules
from ..engine.scoring import Analysis, analyse
from ..report.atomic import atomic_writer
from .messages import JumpTo
from .rows import Row, contract_json, summarise, write_json
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


class RuleSource:
    """Where the rules come from, and how to load them again after an edit."""

    def __init__(self, packs: list[Path], include_default: bool, disabled: frozenset[str],
                 overrides: dict[str, dict[str, object]]) -> None:
        self.packs = packs
        self.include_default = include_default
        self.disabled = disabled
        self.overrides = overrides

    def load(self) -> RuleSet:
        return load_rules(self.packs, include_default=self.include_default, disabled=self.disabled,
                          overrides=self.overrides)

    def files(self) -> list[Path]:
        dirs = ([default_rules_dir()] if self.include_default else []) + self.packs
        out: list[Path] = []
        for d in dirs:
            if d.exists():
                out.extend(discover_rule_files(d))
        return out

    def stamp(self) -> dict[str, tuple[float, int]]:
        """Modification time and size of every rule file (an edit changes one or the other)."""
        stamps: dict[str, tuple[float, int]] = {}
        for path in self.files():
            try:
                info = path.stat()
            except OSError:
                continue
            stamps[str(path)] = (info.st_mtime, info.st_size)
        return stamps


class _Job:
    """A background job that runs worker processes: asked to stop, it says when it has stopped."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.finished = threading.Event()


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


class Analyses(Sequence[Analysis]):
    """The listed articles' analyses, in input order. Each is scored again when asked for (the
    last few are kept): len() and indexing are cheap, going through 10,000 of them is not."""

    def __init__(self, app: "BiasDashApp") -> None:
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
        self.stamps: dict[str, tuple[float, int]] = {}
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
        yield Footer()

    def on_mount(self) -> None:
        for selector, title in (("#list", "Articles"), ("#cards", "Scores"), ("#sources", "Source mix"),
                                ("#sentiment", "Sentiment"), ("#text", "Article text"),
                                ("#loaded", "Loaded wording"), ("#checks", "Checks")):
            self.query_one(selector).border_title = title
        self._listing = self.query_one(ArticleList)
        self.query_one("#articles").focus()
        self.stamps = self.rules.stamp()
        if self.watch_rules:  # (also when the rules are broken: mending them starts the scoring)
            self.set_interval(RULE_POLL_SECONDS, self.check_rules)
        try:
            self.ruleset = self.rules.load()
        except RuleErrors as exc:
            self._rules_failed(exc)
            self.loading = False
            self._status()
            return
        self.score(first=True)

    def on_resize(self) -> None:
        # Below 120x32 the chrome goes (header, legend) so the panels keep their room.
        self.screen.set_class(self.size.width < 120 or self.size.height < 32, "compact")


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
        self._stop_jobs()
        super().exit(*args, **kwargs)

    def _stop_jobs(self) -> None:
        for job in list(self._jobs):
            job.stop.set()

    async def on_unmount(self) -> None:
        """Stop background jobs and wait until their worker processes are gone."""
        self._stop_jobs()
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        while any(not job.finished.is_set() for job in self._jobs) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        # A worker that did not stop within a second was killed; active_children() reaps it.
        while multiprocessing.active_children() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)

    # --- selection and drill-down ----------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        """One summary per listed article, in input order."""
        return self._listing.rows if self._listing is not None else []

    def analysis_of(self, article: Article, keep: bool = True) -> Analysis | None:
        """The article's full analysis with the current rules (the last few shown are kept)."""
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
        if not keep:
            return analysis
        self._kept[article] = analysis
        while len(self._kept) > ANALYSES_KEPT:
            self._kept.popitem(last=False)
        return analysis

    def current(self) -> Analysis | None:
        rows = self.rows
        if self.selected is None or self.selected >= len(rows):
            return None
        return self.analysis_of(rows[self.selected].article)

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        if event.index != self.selected:
            self.show_article(event.index)

    def show_article(self, index: int | None) -> None:
        self.selected = index
        analysis = self.current()
        self.query_one(ScoreCards).show(analysis)
        self.query_one(SourceMix).show(analysis)
        self.query_one(SentimentPanel).show(analysis)
        self.query_one(LoadedHits).show(analysis)
        self.query_one(ChecksPanel).show(analysis)
        self.query_one(ArticleText).show(analysis)
        where = (analysis.article.path or analysis.article.id) if analysis else ""
        # A long path keeps its end, the file name, in the border.
        self.query_one("#text").border_subtitle = safe(where if len(where) <= 60 else "…" + where[-59:])

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

    def check_rules(self) -> None:
        """Re-score when a rule file changes; a broken edit keeps the last good rules."""
        stamps = self.rules.stamp()
        if stamps != self.stamps:
            self.stamps = stamps
            self.reload_rules()

    def reload_rules(self) -> None:
        try:
            ruleset = self.rules.load()
        except RuleErrors as exc:
            self._rules_failed(exc)
            return
        if self.rule_error:
            self.notify("rule files valid again", title="rules", markup=False)
        self.rule_error = None
        self.ruleset = ruleset
        self._kept.clear()
        # The selected article at once with the new rules; the list follows when re-scored.
        self.show_article(self.selected)
        self.score(first=not self.read_all)

    def _rules_failed(self, exc: RuleErrors) -> None:
        first = exc.errors[0]
        more = f" (+{len(exc.errors) - 1} more)" if len(exc.errors) > 1 else ""
        self.rule_error = f"{first}{more}"
        self.notify("\n".join(str(e) for e in exc.errors[:5]), title="rule file error",
                    severity="error", markup=False, timeout=15)
        self._status()

    # --- actions ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter").focus()

    def action_sort(self) -> None:
        self.query_one(ArticleList).cycle_sort()

    def action_reload_rules(self) -> None:
        self.stamps = self.rules.stamp()
        self.reload_rules()

    def action_edit_rule(self) -> None:
        finding = self.query_one(ChecksPanel).selected_finding()
        rule = self.ruleset.by_id.get(finding.check) if finding and self.ruleset else None
        if rule is None:
            self.notify("select a finding in the Checks panel first", markup=False)
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        command = [*shlex.split(editor), f"+{rule.line}", rule.file]
        try:
            with self.suspend():
                subprocess.run(command, check=False)
        except (OSError, Exception) as exc:  # no terminal to suspend to, or no such editor
            self.notify(f"could not run {editor!r}: {exc}", severity="error", markup=False)
            return
        self.check_rules()

    def _export_path(self, suffix: str) -> Path:
        return self.export_dir / f"biasdash-{time.strftime('%Y%m%d-%H%M%S')}.{suffix}"

    def _shown(self) -> list[Row]:
        """The rows the list shows, in its order (what the exports write)."""
        listing = self.query_one(ArticleList)
        return [listing.rows[i] for i in listing.shown]

    def action_export_csv(self) -> None:
        from ..report.table import rows_to_csv

        self._write(self._export_path("csv"), rows_to_csv([r.record for r in self._shown()]), newline="")

    def action_export_json(self) -> None:
        """The score contract of every shown article; for many, scored again in the background."""
        path = self._export_path("json")
        articles = [r.article for r in self._shown()]
        if len(articles) > INLINE_EXPORT and self.ruleset is not None:
            job = _Job()
            self._jobs.add(job)
            self.notify(f"exporting {len(articles)} articles to {path}…", title="export", markup=False)
            self.run_worker(partial(self._export_json, job, path, articles, self.ruleset),
                            group="export", thread=True, exit_on_error=False)
            return
        analyses = [self.analysis_of(article, keep=False) for article in articles]
        records = [contract_json(a) for a in analyses if a is not None]
        try:
            with atomic_writer(path) as handle:
                write_json(handle, records)
        except OSError as exc:
            self.notify(f"{path}: cannot write: {exc.strerror or exc}", severity="error", markup=False)
            return
        self.notify(f"wrote {path}", title="export", markup=False)

    def _export_json(self, job: _Job, path: Path, articles: list[Article], ruleset: RuleSet) -> None:
        """(thread) Score the articles again on the worker processes, writing as they come."""
        worker = get_current_worker()
        results = score_all(articles, ruleset, jobs=self.jobs, render=contract_json)

        def records() -> Iterator[str]:
            for scored in results:
                if job.stop.is_set() or worker.is_cancelled:
                    raise _Stopped
                if scored.rendered is not None:
                    yield scored.rendered

        try:
            with atomic_writer(path) as handle:  # a stopped export leaves no file
                count = write_json(handle, records())
            self.post_message(Exported(path, count))
        except _Stopped:
            pass
        except Exception as exc:
            self.post_message(Exported(path, 0, exc.strerror if isinstance(exc, OSError) and exc.strerror
                                       else f"{type(exc).__name__}: {exc}"))
        finally:
            results.close()
            job.finished.set()

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self._jobs = {job for job in self._jobs if not job.finished.is_set()}
        if message.failure is not None:
            self.notify(f"{message.path}: cannot write: {message.failure}", severity="error",
                        markup=False)
        else:
            self.notify(f"wrote {message.path} ({message.count} articles)", title="export", markup=False)

    def action_export_svg(self) -> None:
        self._write(self._export_path("svg"), self.export_screenshot())

    def _write(self, path: Path, content: str, newline: str | None = None) -> None:
        try:
            with atomic_writer(path, newline=newline) as handle:
                handle.write(content)
        except OSError as exc:
            self.notify(f"{path}: cannot write: {exc.strerror or exc}", severity="error", markup=False)
            return
        self.notify(f"wrote {path}", title="export", markup=False)

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
