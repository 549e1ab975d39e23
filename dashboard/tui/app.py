"""Provides the biasdash dashboard: a Textual app over the scoring engine."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
from pathlib import Path
from typing import Iterable

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from ..engine.article import DEFAULT_MAX_BYTES, Article, LoadError, load_articles
from ..engine.rules import RuleErrors, RuleSet, default_rules_dir, discover_rule_files, load_rules
from ..engine.scoring import Analysis, analyse, to_contract
from ..report.atomic import atomic_writer
from .messages import JumpTo
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
# (which shares the GIL with scoring) from costing more than the scoring itself.
BATCH_SECONDS = 0.5
RULE_POLL_SECONDS = 0.5


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
                 export_dir: Path | None = None, watch: bool = True) -> None:
        super().__init__()
        self.paths = paths
        self.rules = rules
        self.max_bytes = max_bytes
        self.export_dir = export_dir or Path.cwd()
        self.watch_rules = watch
        self.ruleset: RuleSet | None = None
        self.rule_error: str | None = None
        self.stamps: dict[str, tuple[float, int]] = {}
        self.articles: list[Article] = []
        self.load_errors: list[LoadError] = []
        self.selected: int | None = None
        self.loading = True

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
        self.query_one("#articles").focus()
        self.stamps = self.rules.stamp()
        try:
            self.ruleset = self.rules.load()
        except RuleErrors as exc:
            self._rules_failed(exc)
            self.loading = False
            self._status()
            return
        self.score(first=True)
        if self.watch_rules:
            self.set_interval(RULE_POLL_SECONDS, self.check_rules)

    def on_resize(self) -> None:
        # Below 120x32 the chrome goes (header, legend) so the panels keep their room.
        self.screen.set_class(self.size.width < 120 or self.size.height < 32, "compact")


    # --- scoring ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="score")
    def score(self, first: bool = False) -> None:
        """Load (the first time) and score every article; the table fills as articles come."""
        worker = get_current_worker()
        ruleset = self.ruleset
        assert ruleset is not None
        source: Iterable[Article | LoadError]
        if first:
            source = load_articles(self.paths, max_bytes=self.max_bytes)
        else:
            source = list(self.articles)
        total = None if first else len(self.articles)
        self.call_from_thread(self._progress, 0, total)
        batch: list[Analysis] = []
        rescored: list[Analysis] = []
        last = time.monotonic()
        done = 0
        for item in source:
            if worker.is_cancelled:
                return
            if isinstance(item, LoadError):
                self.call_from_thread(self._load_error, item)
                continue
            try:
                analysis = analyse(item, ruleset)
            except Exception as exc:  # an engine bug must not take the dashboard down
                self.call_from_thread(self._load_error, LoadError(
                    item.path or item.id, f"internal error while scoring: {type(exc).__name__}: {exc}",
                    item.line))
                continue
            done += 1
            if first:
                self.articles.append(item)
                batch.append(analysis)
            else:
                rescored.append(analysis)
            if done == 1 or time.monotonic() - last > BATCH_SECONDS:
                if batch:
                    self.call_from_thread(self._add_batch, batch)
                    batch = []
                self.call_from_thread(self._progress, done, total)
                last = time.monotonic()
        if worker.is_cancelled:
            return
        if batch:
            self.call_from_thread(self._add_batch, batch)
        if not first:
            self.call_from_thread(self._replace_all, rescored)
        self.call_from_thread(self._finished, done)

    def _add_batch(self, batch: list[Analysis]) -> None:
        self.query_one(ArticleList).append(batch)
        self._status()

    def _replace_all(self, analyses: list[Analysis]) -> None:
        self.query_one(ArticleList).set_analyses(analyses)
        self.show_article(self.selected)

    def _progress(self, done: int, total: int | None) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=done)
        self._status(scoring=True)

    def _finished(self, done: int) -> None:
        self.loading = False
        bar = self.query_one(ProgressBar)
        bar.update(total=max(done, 1), progress=max(done, 1))
        self._status()

    def _load_error(self, error: LoadError) -> None:
        self.load_errors.append(error)
        self.notify(str(error), title="could not read", severity="warning", markup=False, timeout=8)
        self._status()

    def _status(self, scoring: bool = False) -> None:
        analyses = self.query_one(ArticleList).analyses
        text = Text()
        text.append(f"{len(analyses)} articles", style="bold")
        if scoring or self.loading:
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

    # --- selection and drill-down ----------------------------------------------------------

    @property
    def analyses(self) -> list[Analysis]:
        return self.query_one(ArticleList).analyses

    def current(self) -> Analysis | None:
        if self.selected is None or self.selected >= len(self.analyses):
            return None
        return self.analyses[self.selected]

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
        self.score(first=False)

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

    def _shown(self) -> list[Analysis]:
        listing = self.query_one(ArticleList)
        return [listing.analyses[i] for i in listing.shown]

    def action_export_csv(self) -> None:
        from ..report.table import to_csv

        self._write(self._export_path("csv"), to_csv(self._shown()), newline="")

    def action_export_json(self) -> None:
        payload = json.dumps([to_contract(a) for a in self._shown()], ensure_ascii=True, indent=2)
        self._write(self._export_path("json"), payload + "\n")

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
