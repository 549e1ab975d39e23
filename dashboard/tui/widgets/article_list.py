"""Provides the article list: a sortable, filterable table of every article with its marks.

It holds one summary Row per article (see ..rows), not the articles' analyses, and copes with
tens of thousands of them: each row's cells are made once, sorting reorders the table's rows
without adding them again, and newly scored rows are added without rebuilding the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input
from textual.widgets.data_table import ColumnKey

from ...engine.analysis import SEVERITY_RANK
from ..reuse_links import Link, label, reuse_findings_of
from ..rows import Row, keeps
from ..safe import MARK, safe


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Row], object]
    number: bool = False
    width: int = 6


REUSE_WIDTH = 6  # as wide as reuse_links.label's longest cell
REUSE_ROOM = 30  # the title's least width beside a Reuse column of REUSE_WIDTH

COLUMNS = (
    Column("mark", " ", lambda r: SEVERITY_RANK.get(r.worst_severity or "", -1), width=1),
    Column("title", "Title", lambda r: r.title, width=38),
    Column("outlet", "Outlet", lambda r: r.article.outlet or "", width=10),
    Column("words", "Words", lambda r: r.metric("words"), True, width=5),
    Column("density", "Attr", lambda r: r.metric("attribution_density"), True, width=5),
    Column("state", "State", lambda r: r.metric("state_media_share"), True, width=5),
    Column("sentiment", "Sent", lambda r: r.metric("sentiment_compound"), True, width=5),
    Column("loaded", "Ld/100", lambda r: r.metric("loaded_author_per_100"), True),
    # ← derived from, → reused by, ↔ shares text with (which is the origin cannot be told)
    Column("reuse", "Reuse", lambda r: r.reuse, width=REUSE_WIDTH),
    Column("worst", "Worst finding", lambda r: r.worst_check, width=22),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
FILTER_DELAY = 0.15
# Cells of the list's width left beside the columns (for the vertical scrollbar).
SPARE = 2


class ArticleTable(DataTable[object]):
    """A DataTable whose columns all have a set width, which spares it measuring every cell."""

    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        # DataTable measures each new row's cells on idle, to size auto-width columns; here no
        # column is auto-width, so that would find nothing and costs ~0.3 ms a row (3 s for
        # 10,000 rows, all spent on the UI thread). Rows are one line high and have no labels.
        if any(column.auto_width for column in self.columns.values()):
            super()._update_dimensions(new_rows)
        else:
            super()._update_dimensions(())


class ArticleList(Vertical):
    """The article table with a filter box; posts Selected when the highlighted row changes."""

    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Filtered(Message):
        """The filter has changed and the list shows what it keeps."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []
        self.filter_text = ""
        self._keeps = keeps("")
        self.sort_key = ""
        self.sort_reverse = False
        self.shown: list[int] = []  # indices into rows, in table order
        self._cells: list[list[Text] | None] = []  # per row, made when it is first shown
        self.links: dict[str, list[Link]] = {}  # article id -> its reuse links (see set_links)
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: title, outlet, id, source, check  (/)", id="filter")
        yield ArticleTable(id="articles", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(column.label, key=column.key, width=column.width)
        self.query_one(Input).cursor_blink = False

    def on_resize(self) -> None:
        # The title takes what the numbers leave, so that they stay in view (the last column,
        # the worst finding, scrolls in when there is no room). Where the title would be left
        # fewer than REUSE_ROOM cells, the Reuse column shows only its arrow (its cell cut to one
        # character; the compare screen says the rest).
        table = self.table
        others = sum(c.width + 2 for c in COLUMNS if c.key not in ("title", "worst"))
        room = self.size.width - others - SPARE
        reuse, least = REUSE_WIDTH, 16
        if room < REUSE_ROOM:
            # (two cells of the title pay for the arrow: at 120 columns every number stays in view)
            room, reuse, least = room + REUSE_WIDTH - 1, 1, 14
        width = max(least, min(60, room))
        changed = False
        for key, wanted in (("title", width), ("reuse", reuse)):
            if table.columns[ColumnKey(key)].width != wanted:
                table.columns[ColumnKey(key)].width = wanted
                changed = True
        if changed:
            table.refresh()

    @property
    def table(self) -> DataTable[object]:
        return self.query_one("#articles", DataTable)

    def set_rows(self, rows: list[Row]) -> None:
        """Replace every row (after a re-score, or articles that arrived), keeping the selected
        article selected."""
        selected = self.selected_index()
        article = self.rows[selected].article if selected is not None else None
        self.rows = rows
        self._label(rows)
        self._cells = [None] * len(rows)
        keep = next((i for i, row in enumerate(rows) if row.article is article), None)
        if keep is None and article is not None:  # its file changed: the article as read again
            keep = next((i for i, row in enumerate(rows)
                         if (row.article.path, row.article.id) == (article.path, article.id)), None)
        self._rebuild(keep)

    def append(self, batch: list[Row]) -> None:
        """Add newly scored articles without disturbing the cursor or the selected article."""
        start = len(self.rows)
        self._label(batch)
        self.rows.extend(batch)
        self._cells.extend([None] * len(batch))
        new = [i for i in range(start, len(self.rows)) if self._matches(self.rows[i])]
        if not new:
            return
        table = self.table
        keep = self.selected_index()
        for i in new:
            table.add_row(*self._cells_of(i), key=str(i))
        if self.sort_key:
            self.shown = self._ordered(self.shown + new)
            self._arrange(keep)
        else:
            self.shown.extend(new)
        if start == 0 and not self.sort_key:  # (sorted, _arrange selected the first row)
            self.post_message(self.Selected(self.shown[0]))

    def set_links(self, links: dict[str, list[Link]]) -> None:
        """Show each article's reuse links (found after a pass of scoring) in the Reuse column."""
        self.links = links
        table = self.table
        for i, row in enumerate(self.rows):
            before = row.reuse, row.worst_severity, row.worst_check
            self._label([row])
            cells = self._cells[i]
            if (row.reuse, row.worst_severity, row.worst_check) == before or cells is None:
                continue
            self._cells[i] = cells = self._make_cells(row)
            if i in self.shown:
                for key in ("mark", "reuse", "worst"):
                    table.update_cell(str(i), key, cells[COLUMN_KEYS.index(key)])
        if self.sort_key in ("reuse", "mark", "worst"):
            keep = self.selected_index()
            self.shown = self._ordered(self.shown)
            self._arrange(keep)

    def _label(self, rows: list[Row]) -> None:
        for row in rows:
            links = self.links.get(row.article.id, ())
            row.reuse = label(links)
            row.reuse_findings = reuse_findings_of(links)

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
        keep = self.selected_index()
        self.shown = self._ordered(self.shown)
        self._arrange(keep)
        self._label_columns()

    def cycle_sort(self) -> None:
        keys = COLUMN_KEYS
        nxt = keys[(keys.index(self.sort_key) + 1) % len(keys)] if self.sort_key in keys else keys[0]
        self.sort_by(nxt)

    def _cells_of(self, index: int) -> list[Text]:
        cells = self._cells[index]
        if cells is None:
            cells = self._cells[index] = self._make_cells(self.rows[index])
        return cells

    @staticmethod
    def _make_cells(r: Row) -> list[Text]:
        mark, style = MARK[r.worst_severity]
        m = r.record
        return [
            Text(mark, style=style),
            safe(r.title[:60]),
            safe((r.article.outlet or "")[:10]),
            Text(str(int(m["words"])), justify="right"),
            Text(f"{m['attribution_density']:.2f}", justify="right"),
            Text(f"{m['state_media_share']:.2f}", justify="right",
                 style="red" if m["state_media_share"] > 0.5 else ""),
            Text(f"{m['sentiment_compound']:+.2f}", justify="right"),
            Text(f"{m['loaded_author_per_100']:.2f}", justify="right",
                 style="yellow" if m["loaded_author_per_100"] > 1 else ""),
            ArticleList._reuse_cell(r),
            safe(r.worst_check[:22]),
        ]

    @staticmethod
    def _reuse_cell(r: Row) -> Text:
        return safe(r.reuse, "bold" if r.reuse.startswith("←") else "")

    def _matches(self, r: Row) -> bool:
        return self._keeps(r)

    def filter_to(self, text: str) -> None:
        """Filter the list now, as if `text` had been typed in the filter box (it shows there)."""
        box = self.query_one("#filter", Input)
        with box.prevent(Input.Changed):
            box.value = text
        if self._pending is not None:
            self._pending.stop()
        self._refilter(text)

    def _refilter(self, text: str) -> None:
        self.filter_text = text
        self._keeps = keeps(text)
        self._rebuild(self.selected_index())
        self.post_message(self.Filtered())

    def _ordered(self, indices: list[int]) -> list[int]:
        """The rows in list order: input order, or sorted by the sort column (ties in input order)."""
        order = sorted(indices)
        if not self.sort_key:
            return order
        column = next(c for c in COLUMNS if c.key == self.sort_key)
        rows = self.rows
        as_number = column.number or column.key == "mark"

        def value(i: int) -> Any:
            v = column.value(rows[i])
            return v if as_number else str(v).lower()

        order.sort(key=value, reverse=self.sort_reverse)
        return order

    def _arrange(self, keep: int | None) -> None:
        """Put the table's rows in the order of `shown` (the rows are not added again)."""
        table = self.table
        # DataTable.sort hands its key the cell of a column: the mark cell, made once per row,
        # stands for its row.
        rank = {id(self._cells_of(i)[0]): n for n, i in enumerate(self.shown)}
        table.sort("mark", key=lambda mark: rank[id(mark)])
        self._restore_cursor(keep)

    def _restore_cursor(self, keep: int | None) -> None:
        table = self.table
        row = self.shown.index(keep) if keep is not None and keep in self.shown else None
        if row is not None:
            table.move_cursor(row=row)
        elif self.shown:
            table.move_cursor(row=0)
            self.post_message(self.Selected(self.shown[0]))
        table.refresh()

    def _label_columns(self) -> None:
        table = self.table
        for column in COLUMNS:
            arrow = (" ▼" if self.sort_reverse else " ▲") if column.key == self.sort_key else ""
            table.columns[ColumnKey(column.key)].label = Text(column.label + arrow)
        table.refresh()

    def _rebuild(self, keep: int | None) -> None:
        table = self.table
        table.clear()
        self.shown = self._ordered([i for i, r in enumerate(self.rows) if self._matches(r)])
        for i in self.shown:
            table.add_row(*self._cells_of(i), key=str(i))
        self._label_columns()
        self._restore_cursor(keep)

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        # Debounced: with thousands of rows, rebuilding on every keystroke would lag the typing.
        text = event.value.strip()
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(FILTER_DELAY, lambda: self._refilter(text))

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
