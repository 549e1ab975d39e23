"""Provides the corpus view: the listed articles' scores aggregated per outlet and per day of
publication (report/aggregate.py, as the HTML report's "Per outlet" table), one table each; Enter
or a click on a row goes back to the article list filtered to that outlet's or that day's articles.

The numbers are report.aggregate's; nothing here computes a share or a mean.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from ...report.aggregate import AGGREGATES, corpus_frame, per_day, per_outlet
from ..rows import DATE_FILTER, OUTLET_FILTER
from ..safe import add_sized, safe

# The tables' columns after the outlet or the day: (aggregate, label, format)
COLUMNS = tuple(zip(AGGREGATES, ("Articles", "Attrs", "Density", "State", "Wire", "Aggr", "Anon", "Ld/100",
                                 "Lq/100", "Sent"),
                    ("d", "d", ".2f", ".2f", ".2f", ".2f", ".2f", ".2f", ".2f", "+.2f")))
LEGEND = ("Density: mean attribution density · State, Wire, Aggr, Anon: shares of the attributions "
          "(state media, wire, aggregator, anonymous or vague) · Ld/100, Lq/100: mean loaded words per "
          "100 in the author's voice, in quotes · Sent: mean sentiment")
# Each table: (tab id, tab title, the filter prefix its rows drill down with)
TABLES = (("outlets", "Outlets", OUTLET_FILTER), ("days", "Dates", DATE_FILTER))


class CorpusScreen(ModalScreen[str | None]):
    """Dismissed with the article list's filter for the row chosen ("outlet:NAME", "date:DAY"), or
    None (Escape: the list as it was)."""

    DEFAULT_CSS = """
    CorpusScreen {
        background: $background;
    }
    #corpus-head, #corpus-legend, .corpus-note {
        height: auto;
        padding: 0 1;
    }
    #corpus-legend, .corpus-note {
        color: $text-muted;
    }
    #corpus-tabs {
        height: 1fr;
    }
    #corpus-tabs DataTable {
        height: 1fr;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "show_tab('outlets')", "Outlets"),
        Binding("d", "show_tab('days')", "Dates"),
        Binding("escape,q", "close", "Back", key_display="Esc/q"),
    ]

    def __init__(self, rows: list[dict[str, Any]], progress: str = "") -> None:
        """rows: report.table.row's of the listed articles, each with its article's "date";
        progress: what scoring still has to do ("": nothing)."""
        super().__init__()
        self.rows = rows
        self.progress = progress
        self.keys: dict[str, list[str]] = {}  # tab id -> the outlet or day of each of its rows

    def compose(self) -> ComposeResult:
        df = corpus_frame(self.rows)
        dated = per_day(df)
        tables = {"outlets": per_outlet(df), "days": dated.table}
        articles, outlets = len(df), len(tables["outlets"])
        head = Text(f"Corpus: {articles} article{'s' * (articles != 1)}, {outlets} outlet{'s' * (outlets != 1)}",
                    style="bold")
        if self.progress:
            head.append(f" · {self.progress}", style="yellow")
        head.append(" · Enter: show these articles in the list", style="dim")
        yield Static(head, id="corpus-head")
        with TabbedContent(id="corpus-tabs"):
            for tab, title, _ in TABLES:
                with TabPane(title, id=tab), Vertical():
                    if tab == "days":
                        yield Static(Text(self._dated_note(len(tables[tab]), dated.left_out)),
                                     classes="corpus-note", id="days-note")
                    yield self._table(tab, tables[tab])
        yield Static(Text(LEGEND), id="corpus-legend")
        yield Footer()

    @staticmethod
    def _dated_note(days: int, left_out: int) -> str:
        note = f"{days} days"
        if left_out:
            note += f"; {left_out} article{'s' if left_out != 1 else ''} without a readable date left out"
        return note

    def _table(self, tab: str, table: Any) -> DataTable[object]:
        widget: DataTable[object] = DataTable(id=f"{tab}-table", cursor_type="row", zebra_stripes=True)
        self.keys[tab] = [str(key) for key in table.index]
        rows = [[safe(key), *(Text(format(record[c], fmt), justify="right") for c, _, fmt in COLUMNS)]
                for key, record in zip(self.keys[tab], table.to_dict("records"))]
        add_sized(widget, ("Outlet" if tab == "outlets" else "Date", *(label for _, label, _ in COLUMNS)), rows)
        return widget

    def on_mount(self) -> None:
        self.query_one("#outlets-table", DataTable).focus()

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        tab = (event.data_table.id or "").removesuffix("-table")
        prefix = next(p for t, _, p in TABLES if t == tab)
        if event.row_key.value is not None:
            self.dismiss(prefix + self.keys[tab][int(event.row_key.value)])

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        # (by key or by a click on the tab) Enter goes to the table in view.
        event.pane.query_one(DataTable).focus()

    def action_close(self) -> None:
        self.dismiss(None)
