"""Provides the help screen: keys, panels and what the colours mean."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.article_text import legend

KEYS = (
    ("↑ ↓ / mouse", "move in a table; Enter or click selects (jumps to the text)"),
    ("Tab / Shift+Tab", "next / previous panel"),
    ("/", "filter the article list (title, outlet, id, source, check)"),
    ("s", "sort the article list by the next column (or click a column header)"),
    ("r", "reload the rule files now (they are also watched for edits)"),
    ("e", "open the rule behind the selected finding in $EDITOR"),
    ("x / j", "export the article table as CSV / the scores as JSON"),
    ("ctrl+s", "save the current view as SVG"),
    ("t", "light / dark theme"),
    ("1-6", "show or hide a panel: 1 scores, 2 sources, 3 sentiment, 4 loaded, 5 checks, 6 text"),
    ("ctrl+p", "command palette: every action by name"),
    ("?", "this help"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    """Keys and legend; any of Escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with VerticalScroll(id="help-box"):
            yield Static(Text("biasdash — keys", style="bold"))
            yield Static(table)
            yield Static(Text("\nColours in the article text", style="bold"))
            yield Static(legend())
            yield Static(Text("\nScores: attribution density is the share of body sentences that say "
                              "where their information comes from; loaded wording is counted in the "
                              "author's own voice and in quoted speech separately. See the README.",
                              style="dim"))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
