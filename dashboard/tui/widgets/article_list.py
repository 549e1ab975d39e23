"""Provides the article list: a sortable, filterable table of every article with its marks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input

from ...engine.scoring import SEVERITY_RANK, Analysis
from ..safe import MARK, safe


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Analysis], object]
    number: bool = False
    width: int = 6


def _title(a: Analysis) -> str:
    return a.title or a.article.id


COLUMNS = (
    Column("mark", " ", lambda a: SEVERITY_RANK.get(a.worst_severity() or "", -1), width=1),
    Column("title", "Title", _title, width=38),
    Column("outlet", "Outlet", lambda a: a.article.outlet or "", width=10),
    Column("words", "Words", lambda a: a.metrics["words"], True, width=5),
    Column("density", "Attr", lambda a: a.metrics["attribution_density"], True, width=5),
    Column("state", "State", lambda a: a.metrics["state_media_share"], True, width=5),
    Column("sentiment", "Sent", lambda a: a.metrics["sentiment_compound"], True, width=5),
    Column("loaded", "Ld/100", lambda a: a.metrics["loaded_author_per_100"], True),
    Column("worst", "Worst finding", lambda a: a.findings[0].check if a.findings else "", width=22),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
FILTER_DELAY = 0.15


class ArticleList(Vertical):
    """The article table with a filter box; posts Selected when the highlighted row changes."""

    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.analyses: list[Analysis] = []
        self.filter_text = ""
        self.sort_key = ""
        self.sort_reverse = False
        self.shown: list[int] = []
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: title, outlet, id, source, check  (/)", id="filter")
        table: DataTable[object] = DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(column.label, key=column.key, width=column.width)
        self.query_one(Input).cursor_blink = False

    def on_resize(self) -> None:
        # The title takes what the numbers leave, so that they stay in view (the last column,
        # the worst finding, scrolls in when there is no room).
        table = self.table
        others = sum(c.width + 2 for c in COLUMNS if c.key not in ("title", "worst"))
        width = max(16, min(60, self.size.width - others - 4))
        if table.columns["title"].width != width:
            table.columns["title"].width = width
            table.refresh()

    @property
    def table(self) -> DataTable[object]:
        return self.query_one("#articles", DataTable)

    def set_analyses(self, analyses: list[Analysis]) -> None:
        """Replace every row (after a re-score), keeping the selected article selected."""
        selected = self.selected_index()
        self.analyses = analyses
        self._rebuild(selected)

    def append(self, batch: list[Analysis]) -> None:
        """Add newly scored articles without disturbing the cursor."""
        start = len(self.analyses)
        self.analyses.extend(batch)
        if self.sort_key:
            self._rebuild(self.selected_index())
            return
        rows = [(str(i), self._cells(self.analyses[i])) for i in range(start, len(self.analyses))
                if self._matches(self.analyses[i])]
        for key, cells in rows:
            self.table.add_row(*cells, key=key)
            self.shown.append(int(key))
        if start == 0 and self.shown:
            self.post_message(self.Selected(self.shown[0]))

    def selected_index(self) -> int | None:
        table = self.table
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def sort_by(self, key: str) -> None:
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, key in ("mark", "loaded", "state")
        self._rebuild(self.selected_index())

    def cycle_sort(self) -> None:
        keys = COLUMN_KEYS
        nxt = keys[(keys.index(self.sort_key) + 1) % len(keys)] if self.sort_key in keys else keys[0]
        self.sort_by(nxt)

    def _cells(self, a: Analysis) -> list[Text]:
        mark, style = MARK[a.worst_severity()]
        m = a.metrics
        return [
            Text(mark, style=style),
            safe(_title(a)[:60]),
            safe((a.article.outlet or "")[:10]),
            Text(str(int(m["words"])), justify="right"),
            Text(f"{m['attribution_density']:.2f}", justify="right"),
            Text(f"{m['state_media_share']:.2f}", justify="right",
                 style="red" if m["state_media_share"] > 0.5 else ""),
            Text(f"{m['sentiment_compound']:+.2f}", justify="right"),
            Text(f"{m['loaded_author_per_100']:.2f}", justify="right",
                 style="yellow" if m["loaded_author_per_100"] > 1 else ""),
            safe((a.findings[0].check if a.findings else "")[:22]),
        ]

    def _matches(self, a: Analysis) -> bool:
        if not self.filter_text:
            return True
        needle = self.filter_text.lower()
        hay = " ".join([a.article.id, a.title or "", a.article.outlet or "",
                        *a.sources(), *(f.check for f in a.findings)]).lower()
        return needle in hay

    def _rebuild(self, keep: int | None) -> None:
        table = self.table
        table.clear()
        order = [i for i, a in enumerate(self.analyses) if self._matches(a)]
        if self.sort_key:
            column = next(c for c in COLUMNS if c.key == self.sort_key)
            order.sort(key=lambda i: (column.value(self.analyses[i]) if column.number or column.key == "mark"
                                      else str(column.value(self.analyses[i])).lower()),
                       reverse=self.sort_reverse)
        self.shown = order
        for i in order:
            table.add_row(*self._cells(self.analyses[i]), key=str(i))
        for column in COLUMNS:
            arrow = (" ▼" if self.sort_reverse else " ▲") if column.key == self.sort_key else ""
            table.columns[column.key].label = Text(column.label + arrow)
        if keep is not None and keep in order:
            table.move_cursor(row=order.index(keep))
        elif order:
            table.move_cursor(row=0)
            self.post_message(self.Selected(order[0]))
        table.refresh()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        # Debounced: with thousands of rows, rebuilding on every keystroke would lag the typing.
        self.filter_text = event.value.strip()
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(FILTER_DELAY, lambda: self._rebuild(self.selected_index()))

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def key_escape(self) -> None:
        self.table.focus()

    @on(DataTable.RowHighlighted, "#articles")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self.post_message(self.Selected(int(event.row_key.value)))

    @on(DataTable.HeaderSelected, "#articles")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(str(event.column_key.value))
