"""Provides the loaded-wording panel: every hit with term, category, weight and voice."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from ...engine.analysis import Analysis
from ..messages import JumpTo
from ..safe import add_sized, safe

COLUMN_LABELS = ("Term", "Category", "Weight", "Voice")

class LoadedHits(DataTable[object]):
    """Loaded terms of the selected article; selecting one jumps to it in the text."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.analysis: Analysis | None = None

    def show(self, analysis: Analysis | None) -> None:
        self.analysis = analysis
        # Columns are rebuilt so that their widths fit this article's rows.
        self.clear(columns=True)
        rows: list[list[Text]] = []
        if analysis is not None:
            text = analysis.article.text
            rows = [[safe(text[hit.span.start:hit.span.end]), safe(hit.category),
                     Text(f"{hit.weight:g}", justify="right"),
                     Text(hit.voice, style="bold yellow" if hit.voice == "author" else "dim")]
                    for hit in analysis.loaded]
        add_sized(self, COLUMN_LABELS, rows)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.analysis is None or event.row_key.value is None:
            return
        hit = self.analysis.loaded[int(event.row_key.value)]
        text = self.analysis.article.text[hit.span.start:hit.span.end]
        self.post_message(JumpTo(hit.span.start, hit.span.end, hit.rule,
                                 f"loaded term {text!r} ({hit.term}, {hit.category}, {hit.voice} voice)"))
