"""Provides the score cards of the selected article."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...engine.analysis import Analysis


def _card(label: str, value: str, style: str = "bold") -> Text:
    text = Text(value + "\n", style=style, justify="center")
    text.append(label, style="dim")
    return text


class ScoreCards(Static):
    """Attribution density, named sources, anonymous share, sentiment, loaded wording by voice."""

    def on_resize(self) -> None:
        # What is drawn depends on the width: draw again for the new one.
        if getattr(self, "shown_analysis", None) is not None:
            self.show(self.shown_analysis)

    def show(self, analysis: Analysis | None, placeholder: str | None = None) -> None:
        """The article's scores; without one, the placeholder ("scoring…") or "no article selected"."""
        self.shown_analysis = analysis
        if analysis is None:
            self.update(Text(placeholder or "no article selected", style="dim"))
            return
        m = analysis.metrics
        if self.size.width and self.size.width < 60:
            self.update(Text(
                f"attr {m['attribution_density']:.0%} · named {int(m['named_sources'])} · "
                f"anon {m['anonymous_share']:.0%} · sent {m['sentiment_compound']:+.2f} · "
                f"loaded {int(m['loaded_author'])}|{int(m['loaded_quoted'])} (author|quoted) · "
                f"state {m['state_media_share']:.0%}"))
            return
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in range(5):
            grid.add_column(justify="center", ratio=1)
        density = m["attribution_density"]
        grid.add_row(
            _card("attribution density", f"{density:.0%}", "bold green" if density >= 0.2 else "bold yellow"),
            _card("named sources", f"{int(m['named_sources'])}"),
            _card("anonymous share", f"{m['anonymous_share']:.0%}",
                  "bold yellow" if m["anonymous_share"] > 0.5 else "bold"),
            _card("sentiment", f"{m['sentiment_compound']:+.2f}",
                  "bold green" if m["sentiment_compound"] > 0.05 else
                  "bold red" if m["sentiment_compound"] < -0.05 else "bold"),
            _card("loaded author | quoted",
                  f"{int(m['loaded_author'])} | {int(m['loaded_quoted'])}",
                  "bold yellow" if m["loaded_author_per_100"] > 1 else "bold"),
        )
        items = [f"{int(m['words'])} words", f"{int(m['sentences'])} sentences",
                 f"{int(m['attributions'])} attributions", f"{int(m['quotes'])} quotes",
                 f"state media {m['state_media_share']:.0%}", f"wire {m['wire_share']:.0%}"]
        # Two short lines rather than one that a narrow panel would wrap mid-item.
        words = Text(" · ".join(items[:4]) + "\n" + " · ".join(items[4:]), style="dim", justify="center")
        self.update(Group(grid, words))
