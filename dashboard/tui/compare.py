"""Provides the compare screen as an app of its own, for `biasdash compare A B --tui`."""

from __future__ import annotations

from textual.app import App

from ..engine.analysis import Analysis
from ..engine.reuse import Reuse
from ..report.safe import plain
from .screens.compare import CompareScreen

# The screen failed (a bug): the command line's ExitCode.INTERNAL, as the dashboard's.
CRASHED = 3


def run_compare(analyses: list[Analysis], reuse: Reuse) -> int:
    """Open the compare screen on `reuse`, whose two articles are among `analyses`, until Escape
    or q; returns the exit code (0, or 3 if the screen failed)."""
    by_id = {analysis.article.id: analysis for analysis in analyses}
    missing = [i for i in (reuse.a, reuse.b) if i not in by_id]
    if missing:
        raise ValueError(f"run_compare: no analysis of {', '.join(missing)}")
    app = CompareApp(reuse, by_id[reuse.a], by_id[reuse.b])
    app.run()
    return int(app.return_code or 0)


class CompareApp(App[int]):
    """The compare screen alone: closing it quits."""

    TITLE = "biasdash compare"

    def __init__(self, reuse: Reuse, a: Analysis, b: Analysis) -> None:
        super().__init__()
        self.reuse, self.a, self.b = reuse, a, b
        self.sub_title = plain(f"{a.article.id} · {b.article.id}")

    def on_mount(self) -> None:
        titles = {analysis.article.id: analysis.title for analysis in (self.a, self.b) if analysis.title}
        self.push_screen(CompareScreen(self.reuse, self.a.article, self.b.article, titles),
                         callback=lambda _: self.exit(0))

    def _handle_exception(self, error: Exception) -> None:
        # Textual exits with 1 after an unexpected exception; 1 is not a crash on the command line.
        super()._handle_exception(error)
        self._return_code = CRASHED
