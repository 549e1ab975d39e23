"""Provides the bodies of the dashboard's actions that do not touch the rules (actions.py lists
every action; the rule actions, r and e, are in app.py beside the rules' routing): filtering and
sorting the list, the exports, the theme, the panels, the help screen and the command palette.

BiasDashApp is made of this and app.py's composition and routing.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TextIO

from textual import on
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widgets import ProgressBar
from textual.worker import get_current_worker

from ..engine.article import Article
from ..engine.ruleset import RuleSet
from .actions import palette
from .export import stem_for, write_new
from .messages import Exported
from .panels import BY_KEY
from .rows import Row
from .screens.corpus import CorpusScreen
from .screens.help import HelpScreen
from .session import Job, Session
from .widgets.article_list import COLUMNS, ArticleList


class Commands(App[int]):
    """The actions of the table in actions.py (action_<name>) that are not about the rules."""

    session: Session
    export_dir: Path  # where exports are written

    def action_filter(self) -> None:
        self.query_one("#filter").focus()

    def action_sort(self) -> None:
        self.query_one(ArticleList).cycle_sort()

    def action_corpus(self) -> None:
        """The corpus view on the current scores of every listed article; a row chosen there
        filters the list to its articles."""
        listing = self.query_one(ArticleList)
        rows = [{**row.record, "date": row.article.date} for row in listing.rows]
        self.push_screen(CorpusScreen(rows, self._scoring_progress()), callback=self._drill_down)

    def _scoring_progress(self) -> str:
        """What scoring still has to do, said for the corpus view ("": all scored)."""
        session = self.session
        if not (session.scoring or session.loading):
            return ""
        bar = self.query_one(ProgressBar)
        done = int(bar.progress)
        total = f" of {int(bar.total)}" if bar.total else ""
        if not session.read_all:  # (the first pass reads the articles as it scores them: no total yet)
            return f"{done}{total} scored" + ("" if total else ", still reading articles")
        return f"re-scoring ({done}{total} done): these are the scores before it"

    def _drill_down(self, chosen: str | None) -> None:
        if chosen is not None:
            self.query_one(ArticleList).filter_to(chosen)
            self.query_one("#articles").focus()

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
        ruleset = self.session.ruleset
        if ruleset is None:
            self.notify("no rules in force: nothing to export", severity="error")
            return
        job, jobs = self.session.export_job(len(articles))
        if jobs > 1:
            self.notify(f"exporting {len(articles)} articles to {self.export_dir}…", title="export")
        self.run_worker(partial(self._export_json, job, stem, articles, ruleset, jobs),
                        group="export", thread=True, exit_on_error=False)

    def _export_json(self, job: Job, stem: str, articles: list[Article], ruleset: RuleSet, jobs: int) -> None:
        """(thread) The export, its outcome posted to the UI (nothing, if it was stopped)."""
        worker = get_current_worker()
        done = self.session.export_json(job, self.export_dir, stem, articles, ruleset, jobs,
                                        lambda: worker.is_cancelled)
        if done is not None:
            self.post_message(Exported(done))

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self.session.prune_jobs()
        done = message.done
        if done.failure is not None:
            self.notify(f"{done.path}: cannot write: {done.failure}", severity="error")
        else:
            self.notify(f"wrote {done.path} ({done.written} articles)", title="export")

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
        widget = self.query_one(f"#{BY_KEY[key].id}")
        widget.display = not widget.display

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, description, callback in palette(self.run_action):
            yield SystemCommand(title, description, callback)
        for column in COLUMNS[1:]:
            yield SystemCommand(f"Sort by {column.label.lower()}", "Sort the article list (again: reverse)",
                                lambda key=column.key: self.query_one(ArticleList).sort_by(key))
