"""Provides the biasdash dashboard: a Textual app over the scoring engine.

This module is the composition and the routing: it lays the panels out (panels.py lists them),
binds the keys (actions.py lists them), hands what the user does to the Session (session.py:
rules and their watching, the analyses, scoring runs and exports, none of which needs Textual),
runs the Session's thread bodies as Textual workers and brings what they report back to the
panels as messages.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import shlex
import subprocess
import time
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from ..engine.analysis import Analysis
from ..engine.article import Article
from ..engine.ruleset import RuleSet
from ..report.safe import plain
from ..runtime.articles import DEFAULT_MAX_BYTES, LoadError
from ..runtime.corpus import default_jobs
from ..runtime.rulecopy import is_shipped
from ..runtime.watch import ArticleWatch
from ..runtime.yamlsafe import FileError
from . import inbox
from .actions import bindings
from .commands import Commands
from .messages import Analysed, Arrived, JumpTo, Paired, RulesRead, Scored
from .panels import PANELS, make
from .reuse_links import Link, describe, reuse_findings_of
from .rows import Analyses, Row
from .rulecopy import offer_copy
from .rulewatch import Read, RuleSource
from .safe import safe
from .screens.compare import CompareScreen
from .screens.pick import PickScreen
from .session import INLINE_EXPORT, Run, Session
from .signals import Signals
from .view import fit, shorten, status_line
from .widgets.article_list import ArticleList
from .widgets.article_text import ArticleText
from .widgets.checks import ChecksPanel
from .widgets.score_cards import ScoreCards

__all__ = ["INLINE_EXPORT", "BiasDashApp", "RuleSource"]

RULE_POLL_SECONDS = 0.5
# How long quitting waits for background scoring to stop its worker processes.
STOP_WAIT_SECONDS = 10.0
# The dashboard failed (a bug): the command line's ExitCode.INTERNAL, never 1, which a CI gate
# would read as findings.
CRASHED = 3
# How long the panels go on showing the last article before "scoring…" replaces it.
PLACEHOLDER_DELAY = 0.2


class BiasDashApp(Commands):
    """Article list, score cards, source mix, sentiment, loaded wording, checks and the text."""

    CSS_PATH = "app.tcss"
    TITLE = "biasdash"
    BINDINGS: ClassVar[list[BindingType]] = bindings()

    def __init__(self, paths: list[str], rules: RuleSource, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 export_dir: Path | None = None, watch: bool = True, jobs: int | None = None,
                 watch_articles: bool | None = None) -> None:
        """jobs: worker processes that score the articles (None: one per core; 1: a thread of
        this process, no workers); watch: watch the rule files, and (unless watch_articles says
        otherwise) the article files and folders, for edits."""
        super().__init__()
        self.paths = paths
        self.export_dir = export_dir or Path.cwd()
        self.watch_rules = watch
        self.watch_articles = watch if watch_articles is None else watch_articles
        self.session = Session(paths, rules, max_bytes=max_bytes,
                               jobs=max(1, jobs) if jobs is not None else default_jobs(),
                               deliver=lambda result: self.post_message(Analysed(result)),
                               watch_articles=self.watch_articles)
        self.selected: int | None = None
        self.analyses = Analyses(lambda: self.rows, self.session.analysis_of)
        self._listing: ArticleList | None = None
        self._signals = Signals()
        self.sub_title = shorten(", ".join(paths))

    # What the session knows, read as the app's own state (the tests and benchmarks read it).
    @property
    def ruleset(self) -> RuleSet | None:
        return self.session.ruleset

    @property
    def rule_error(self) -> str | None:
        return self.session.rule_error

    @property
    def articles(self) -> list[Article]:
        return self.session.articles

    @property
    def load_errors(self) -> list[LoadError]:
        return self.session.load_errors

    @property
    def loading(self) -> bool:
        return self.session.loading

    @property
    def scoring(self) -> bool:
        return self.session.scoring

    @property
    def busy(self) -> bool:
        """Scoring, reading the rule files, or analysing the selected article for the panels."""
        return self.session.busy

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="status-bar"):
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Static(id="status")
        with Horizontal(id="top"):
            yield make("list")
            with Vertical(id="summary"):
                yield make("cards")
                with Horizontal(id="mix"):
                    yield make("sources")
                    yield make("sentiment")
        with Horizontal(id="bottom"):
            yield make("text")
            with Vertical(id="side"):
                yield make("loaded")
                yield make("checks")
        yield Static(id="too-small")
        yield Footer()

    def on_mount(self) -> None:
        self._fit()
        for panel in PANELS:
            self.query_one(f"#{panel.id}").border_title = panel.title
        self._listing = self.query_one(ArticleList)
        self.query_one("#articles").focus()
        self._signals.catch(self._signalled)
        # The first read is here, before anything is shown (as the command line reads them);
        # every later one is in a worker thread. Watched also when the rules are broken:
        # mending them starts the scoring.
        errors = self.session.load_rules()
        if self.watch_rules:
            self.set_interval(RULE_POLL_SECONDS, self._poll_rules)
        if self.watch_articles:
            self.set_interval(inbox.POLL_SECONDS, self._poll_articles)
        if errors:
            self._report_rule_errors(errors)
            return
        self.score(first=True)

    def on_resize(self, event: events.Resize) -> None:
        # (This runs before App's own handler has recorded the new size: event.size is it.)
        self._fit(event.size)

    def _fit(self, size: Size | None = None) -> None:
        width, height = size or self.size
        fit(self.screen_stack[0] if self.screen_stack else self.screen, width, height)

    def format_title(self, title: str, sub_title: str) -> Content:
        # The header shows what was opened: file names, shown as written, never as escapes.
        return super().format_title(plain(str(title)), plain(str(sub_title)))

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A toast, always plain text: messages name files and rules, which may hold markup such
        as "[bold]" or escape sequences; both are shown as written (markup is never parsed)."""
        super().notify(plain(str(message), keep_newlines=True), title=plain(str(title)),
                       severity=severity, timeout=timeout, markup=False)

    def _status(self) -> None:
        # A message handled while the app closes (pairs found, an article arrived) finds the
        # main screen gone: there is no status bar left to update.
        if not self.query("#status"):
            return
        listing = self._listing
        filtered = (len(listing.shown), listing.filter_text) if listing is not None and listing.filter_text else None
        self.query_one("#status", Static).update(status_line(self.session, len(self.rows), filtered))

    @on(ArticleList.Filtered)
    def _filtered(self) -> None:
        self._status()

    # --- scoring ---------------------------------------------------------------------------

    def score(self, first: bool = False) -> None:
        """Score every article (the first time: read them too) with the current rules.

        A pass already under way is stopped (its worker processes shut down) and this one starts
        from the beginning; the rows of a stopped first pass stay listed until the new pass sends
        its first rows.
        """
        run = self.session.start_run(first)
        self._progress(0, None if first else len(self.session.articles))
        self.run_worker(partial(self._score_run, run), name=f"score-{run.generation}", group="score",
                        thread=True, exit_on_error=False)

    def _score_run(self, run: Run) -> None:
        """(thread) One pass, its batches posted to the UI."""
        worker = get_current_worker()
        self.session.score_run(run, lambda batch: self.post_message(Scored(batch)),
                               lambda: worker.is_cancelled)

    @on(Scored)
    def _scored(self, message: Scored) -> None:
        batch, session, listing = message.batch, self.session, self._listing
        run = batch.run
        if not session.is_current(run) or listing is None or not listing.is_attached:
            return  # from a pass that has been stopped, or the app is closing
        if session.clear_for(run, listed=bool(listing.rows)):
            listing.set_rows([])
        for error in batch.errors:
            self._load_error(error)
        if run.first:
            session.articles.extend(batch.articles)
            if batch.rows:
                listing.append(batch.rows)
        elif batch.final and batch.failure is None:
            listing.set_rows(batch.rows)
            self.show_article(listing.selected_index())
        if batch.failure is not None:
            self.notify(f"scoring stopped: {batch.failure}", title="scoring", severity="error",
                        markup=False, timeout=15)
        if batch.final:
            session.finished(run, batch.failure)
            if batch.failure is None:
                self.find_pairs()
            done = max(batch.done, 1)
            self.query_one(ProgressBar).update(total=done, progress=done)
            self._status()
        else:
            self._progress(batch.done, batch.total)

    def _progress(self, done: int, total: int | None) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        self._status()

    def _load_error(self, error: LoadError) -> None:
        self.session.load_errors.append(error)
        self.notify(str(error), title="could not read", severity="warning", markup=False, timeout=8)
        self._status()

    # --- the inbox: article files added, changed or removed while the dashboard is open -------

    def _poll_articles(self) -> None:
        """(timer) Look at the article files, once every article has been read and while no
        pass is scoring them (a change made meanwhile is seen at the next look)."""
        session = self.session
        if (session.inbox is None or session.looking or session.scoring or not session.read_all
                or session.ruleset is None or session.quitting):
            return
        session.looking = True
        self.run_worker(partial(self._look, session.inbox, session.ruleset), name="inbox", group="inbox",
                        thread=True, exit_on_error=False)

    def _look(self, watch: ArticleWatch, ruleset: RuleSet) -> None:
        """(thread) One look; always answers with one Arrived."""
        worker = get_current_worker()
        arrival = None
        try:
            arrival = inbox.look(watch, ruleset, max_bytes=self.session.max_bytes,
                                 cancelled=lambda: worker.is_cancelled or self.session.quitting)
        finally:
            self.post_message(Arrived(arrival))

    @on(Arrived)
    def _arrived(self, message: Arrived) -> None:
        session, listing, arrival = self.session, self._listing, message.arrival
        session.looking = False
        if (arrival is None or session.quitting or not self.is_running or listing is None
                or not listing.is_attached or not self.screen_stack[0].query("#text")):
            return
        session.articles = inbox.merge(session.articles, arrival.articles, arrival.gone)
        for error in arrival.errors:
            self._load_error(error)
        session.arrived = inbox.describe(arrival)
        if session.scoring or arrival.ruleset is not session.ruleset:
            # A pass started meanwhile scores the articles it was given: this one scores them all.
            self.score()
            return
        listing.set_rows(inbox.merge_rows(listing.rows, arrival))
        self.show_article(listing.selected_index())
        self.find_pairs()
        self._status()

    # --- pairs where one article reuses another ---------------------------------------------

    def find_pairs(self) -> None:
        """Find, off the UI thread, which listed articles reuse which (after each pass of
        scoring: the rules decide the sentences and attributions the pairs are made of)."""
        self.session.find_pairs(list(self.rows),
                                lambda ticket, links, failure: self.post_message(Paired(ticket, links, failure)))
        self._status()

    @on(Paired)
    def _paired(self, message: Paired) -> None:
        listing = self._listing
        if self.session.paired(message.ticket, message.links) and listing is not None and listing.is_attached:
            listing.set_links(self.session.links)
            current = self.current()
            if current is not None and self.query("#checks"):  # its reuse findings, in the Checks panel
                checks = self.query_one(ChecksPanel)
                checks.reuse_findings = reuse_findings_of(self.session.links.get(current.article.id, []))
                checks.show(current)
        if message.failure is not None:
            self.notify(f"could not compare the articles: {message.failure}", title="reuse",
                        severity="error", timeout=15)
        self._status()

    def action_compare(self) -> None:
        """Open the compare screen on the selected article and the one it reuses or that reuses
        it (a chooser first when there are several)."""
        article = self._selected_article()
        if article is None:
            self.notify("select an article first")
            return
        links = self.session.links.get(article.id, [])
        if not links:
            busy = self.session.pairing or self.session.scoring
            self.notify(f"{article.id}: still comparing the articles, try again in a moment" if busy
                        else f"{article.id}: no listed article reuses it or is reused by it",
                        title="compare")
            return
        if len(links) == 1:
            self._open_compare(links[0])
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self._open_compare(links[index])

        self.push_screen(PickScreen(f"compare {article.id} with", [describe(link) for link in links]),
                         callback=chosen)

    def _open_compare(self, link: Link) -> None:
        reuse = link.reuse
        rows = {row.article.id: row for row in reversed(self.rows)}  # (the first of a repeated id)
        a, b = rows.get(reuse.a), rows.get(reuse.b)
        if a is None or b is None:
            self.notify(f"{link.other} is no longer listed", title="compare")
            return
        self.push_screen(CompareScreen(reuse, a.article, b.article, {row.article.id: row.title for row in (a, b)}))

    # --- closing ---------------------------------------------------------------------------

    def exit(self, *args: Any, **kwargs: Any) -> None:
        # Background jobs start stopping their worker processes while the app closes.
        self.session.stop()
        super().exit(*args, **kwargs)

    async def on_unmount(self) -> None:
        """Stop background jobs and wait until their worker processes are gone."""
        self.session.stop()
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        while not self.session.stopped() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        # A worker that did not stop within a second was killed; active_children() reaps it.
        while multiprocessing.active_children() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        # Only now: a second SIGTERM while the workers stop must not kill the process before
        # Textual has restored the terminal.
        self._signals.release()

    def _signalled(self, code: int) -> None:
        if not self.session.quitting:
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

    def analysis_of(self, article: Article, keep: bool = True) -> Analysis | None:
        """The article's full analysis with the current rules (the last few shown are kept).

        This analyses on the calling thread: the panels use it only for what is kept, and ask
        the analyst threads for the rest (see show_article).
        """
        return self.session.analysis_of(article, keep)

    def current(self) -> Analysis | None:
        """The selected article's analysis, if it is ready (None while it is being made)."""
        article = self._selected_article()
        return self.session.kept(article, touch=False) if article is not None else None

    def _selected_article(self) -> Article | None:
        rows = self.rows
        if self.selected is None or not 0 <= self.selected < len(rows):
            return None
        return rows[self.selected].article

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        # A selection made by a list refresh (an article arrived) can be delivered while the app
        # is closing, when its panels are gone: there is nothing left to show it in.
        if event.index != self.selected and self.query("#text"):
            self.show_article(event.index)

    def show_article(self, index: int | None) -> None:
        """Show an article in every panel: at once if its analysis is kept, else once an analyst
        thread has made it ("scoring…" meanwhile; a slow article never holds up the UI)."""
        self.selected = index
        article = self._selected_article()
        where = (article.path or article.id) if article is not None else ""
        # A long path keeps its end, the file name, in the border.
        self.query_one("#text").border_subtitle = safe(shorten(where))
        analysis = self.session.kept(article) if article is not None else None
        if article is None or analysis is not None or self.session.ruleset is None:
            self.session.waiting = None
            self._show_panels(analysis)
            return
        ticket = self.session.ask(article).ticket
        # Most articles take milliseconds: the panels are emptied for "scoring…" only if this
        # one does not (emptied and filled again, they would flicker as the cursor moves).
        self.set_timer(PLACEHOLDER_DELAY, partial(self._still_waiting, ticket))

    def _still_waiting(self, ticket: int) -> None:
        if self.session.still_waiting(ticket):
            self._show_panels(None, waiting=True)

    def _show_panels(self, analysis: Analysis | None, waiting: bool = False, failure: str | None = None) -> None:
        placeholder = "scoring…" if waiting else "could not analyse this article" if failure else None
        links = self.session.links.get(analysis.article.id, []) if analysis is not None else []
        self.query_one(ChecksPanel).reuse_findings = reuse_findings_of(links)
        for panel in PANELS:
            if panel.analysis and panel.widget is not ScoreCards:
                widget: Any = self.query_one(f"#{panel.id}")  # (each has show(analysis))
                widget.show(analysis)
        # The cards are coloured by the findings of the rules in force (those of the analysis).
        self.query_one(ScoreCards).show(analysis, placeholder=placeholder, ruleset=self.session.ruleset)
        if placeholder:
            self.query_one(ArticleText).explain(safe(placeholder + (f": {failure}" if failure else ""), "italic"))

    @on(Analysed)
    def _analysed(self, message: Analysed) -> None:
        if self.session.analysed(message.result):
            self._show_panels(message.result.analysis, failure=message.result.error)

    @on(JumpTo)
    def _jump(self, event: JumpTo) -> None:
        analysis = self.current()
        if analysis is None:
            return
        ruleset = self.session.ruleset
        rule = ruleset.by_id.get(event.rule_id) if ruleset and event.rule_id else None
        self.query_one(ArticleText).jump(analysis, event.start, event.end, event.what, rule)

    # --- rules in the loop -----------------------------------------------------------------

    def _poll_rules(self) -> None:
        """(timer) Look for edits, unless a read is already under way (it will look again)."""
        if not self.session.reading_rules:
            self.check_rules()

    def check_rules(self, force: bool = False) -> None:
        """Re-score when a rule file changes; a broken edit keeps the last good rules.

        The files are read in a worker thread, once they stop changing; asked again while a read
        is under way, another read follows it. force: read them even if unchanged, and leave out
        files that are gone (the user pressed r).
        """
        session = self.session
        if session.begin_read(force):
            self.run_worker(partial(self._read_rules, dict(session.stamps), list(session.rule_files), force),
                            name="rules", group="rules", thread=True, exit_on_error=False)

    def _read_rules(self, known: dict[str, Any], in_force: list[str], force: bool) -> None:
        """(thread) One read of the rule files; always answers with one RulesRead."""
        worker = get_current_worker()
        read: Read | None = None
        try:
            read = self.session.read_rules(known, in_force, force, lambda: worker.is_cancelled)
        finally:
            self.post_message(RulesRead(read))

    @on(RulesRead)
    def _rules_read(self, message: RulesRead) -> None:
        session = self.session
        session.reading_rules = False
        read = message.read
        if read is not None and not session.quitting:
            session.stamps = read.stamps
            if read.errors or read.ruleset is None:
                self._report_rule_errors(session.rules_failed(read.errors))
            else:
                self._rules_loaded(read.ruleset, read.files)
        again = session.end_read()
        if again is not None:
            self.check_rules(force=again)

    def _rules_loaded(self, ruleset: RuleSet, files: list[str]) -> None:
        if self.session.rules_loaded(ruleset, files):
            self.notify("rule files valid again", title="rules")
        # The selected article at once with the new rules; the list follows when re-scored.
        self.show_article(self.selected)
        self.score(first=not self.session.read_all)

    def _report_rule_errors(self, errors: list[FileError]) -> None:
        self.notify("\n".join(str(e) for e in errors[:5]), title="rule file error",
                    severity="error", timeout=15)
        self._status()

    def action_reload_rules(self) -> None:
        self.check_rules(force=True)

    def action_edit_rule(self) -> None:
        finding = self.query_one(ChecksPanel).selected_finding()
        ruleset = self.session.ruleset
        rule = ruleset.by_id.get(finding.check) if finding and ruleset else None
        if rule is None:
            self.notify("select a finding in the Checks panel first")
            return
        if is_shipped(rule):  # the installed package's file: offer a copy in the user's pack
            offer_copy(self, rule)
            return
        self.edit_file(rule.file, rule.line)

    def edit_file(self, path: str, line: int) -> None:
        """Open a rule file in $VISUAL or $EDITOR at a line, then read the rules again."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        command = [*shlex.split(editor), f"+{line}", path]
        try:
            # (With no terminal, headless, there is nothing to hand over to the editor.)
            with nullcontext() if self.is_headless else self.suspend():
                subprocess.run(command, check=False)
        except (OSError, Exception) as exc:  # no terminal to suspend to, or no such editor
            self.notify(f"could not run {editor!r}: {exc}", severity="error")
            return
        self.check_rules()
