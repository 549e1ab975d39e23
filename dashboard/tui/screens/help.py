"""Provides the help screen: keys (from the table of actions), panels and what the colours mean."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..actions import help_lines
from ..palette import LABELS
from ..widgets.article_text import legend
from .compare import COMPARE_KEYS
from .compare import legend as compare_legend


def label_key() -> Text:
    """What each label after a source in the article text stands for (shown under NO_COLOR)."""
    text = Text("\nWithout colour (NO_COLOR) each source is followed by its kind:\n", style="bold")
    for label, meaning in LABELS.values():
        text.append(f"[{label}]".ljust(9), style="bold")
        text.append(f"{meaning}\n")
    text.rstrip()
    return text


class HelpScreen(ModalScreen[None]):
    """Keys and legend; any of Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in help_lines():
            table.add_row(key, what)
        with VerticalScroll(id="help-box"):
            yield Static(Text("biasdash — keys", style="bold"))
            yield Static(table)
            yield Static(Text("\nColours in the article text (newspapers, broadcasters, magazines and "
                              "online outlets share the press colour)", style="bold"))
            yield Static(legend(self.app.current_theme.dark, labels=self.app.no_color))
            if self.app.no_color:
                yield Static(label_key())
            yield Static(Text("\nThe compare screen (c): the origin left, the article reusing it right",
                              style="bold"))
            keys = Table.grid(padding=(0, 2))
            keys.add_column(style="bold cyan", no_wrap=True)
            keys.add_column()
            for key, what in COMPARE_KEYS:
                keys.add_row(key, what)
            yield Static(keys)
            yield Static(compare_legend())
            yield Static(Text("\nScores: attribution density is the share of body sentences that say "
                              "where their information comes from; loaded wording is counted in the "
                              "author's own voice and in quoted speech separately. See the README.",
                              style="dim"))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
