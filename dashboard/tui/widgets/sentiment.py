"""Provides the sentiment panel: a sparkline across the sentences and the sentiment per source."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Sparkline, Static

from ...engine.analysis import Analysis
from ..safe import safe


class SentimentPanel(Vertical):
    """VADER compound per body sentence (a sparkline) and the mean per source."""

    def compose(self) -> ComposeResult:
        yield Static(Text("sentence sentiment (VADER compound)", style="dim"), id="sentiment-label")
        yield Sparkline([], id="sparkline", summary_function=max)
        yield Static(id="per-source")

    def on_resize(self) -> None:
        # What is drawn depends on the width: draw again for the new one.
        if getattr(self, "shown_analysis", None) is not None:
            self.show(self.shown_analysis)

    def show(self, analysis: Analysis | None) -> None:
        self.shown_analysis = analysis
        spark = self.query_one(Sparkline)
        per_source = self.query_one("#per-source", Static)
        if analysis is None:
            spark.data = []
            per_source.update("")
            return
        # Shifted to 0..2 so that negative sentences draw low and positive ones high.
        spark.data = [s.compound + 1 for s in analysis.sentence_sentiment] or [1.0]
        lines = Text()
        overall = analysis.sentiment.compound
        lines.append(f"article {overall:+.2f}  ", style="bold")
        lines.append(f"pos {analysis.sentiment.pos:.2f} neg {analysis.sentiment.neg:.2f} "
                     f"neu {analysis.sentiment.neu:.2f}\n", style="dim")
        width = max(6, min(24, (self.size.width or 30) - 9))
        for name, value in sorted(analysis.source_sentiment().items(), key=lambda kv: kv[1]):
            style = "green" if value > 0.05 else "red" if value < -0.05 else ""
            lines.append_text(safe(f"{name[:width]:<{width}} "))
            lines.append(f"{value:+.2f}\n", style=style)
        per_source.update(lines)
