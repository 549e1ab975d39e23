"""Provides Rich Text built from article and rule text: never markup, control characters escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from ..report.safe import plain

if TYPE_CHECKING:
    from textual.widgets import DataTable

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MARK = {"error": ("✗", "bold red"), "warning": ("!", "bold yellow"), "info": ("✓", "green"),
        None: ("✓", "green")}


def safe(text: object, style: str = "") -> Text:
    """Text shown exactly as written: "[bold]" stays literal, escape characters become visible."""
    return Text(plain(str(text)), style=style, no_wrap=False)


def add_sized(table: DataTable[object], labels: tuple[str, ...], rows: list[list[Text]]) -> None:
    """Columns as wide as their widest cell, then the rows (keyed by position).

    Explicit widths: a table that paints before Textual measures its cells would otherwise keep
    them cut to the header's width.
    """
    for n, label in enumerate(labels):
        width = max([len(label), *(row[n].cell_len for row in rows)])
        table.add_column(label, key=label.lower(), width=min(width, 80))
    for i, row in enumerate(rows):
        table.add_row(*row, key=str(i))
