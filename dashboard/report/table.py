"""Provides the per-article metrics rows, and the text table they are written as as they come.

Neither the table nor the CSV holds the corpus (held rows cost about 2.7 kB each, 3 GB for a
million articles): each table row is written when its article is scored, the CSV by pandas a
frame of rows at a time (report/frame.py). The table has fixed column widths that fit the terminal (COLUMNS,
else the terminal's width, else 100), text cut with "…" (and, below about 150 columns, the
numbers the default checks do not use left out), and short labels: sents = sentences,
attrs = attributions, dens = attribution_density, named = named_sources, resol =
resolved_sources, state = state_media_share, wire = wire_share, aggr = aggregator_share, anon =
anonymous_share, vague = vague_attributions, quote = quotes, unatt = unattributed_quotes, ld/100 =
loaded_author_per_100, lq/100 = loaded_quoted_per_100, lcue = loaded_cue_share, sent =
sentiment_compound, worst = worst_finding. The CSV has every metric, and the people quoted.
"""

from __future__ import annotations

import io
import os

from ..engine.analysis import Analysis
from ..engine.metrics import METRICS
from .safe import plain

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, TextIO

# Every metric of the registry, in its order (as in the JSON's metrics), between the article's
# names and what is said in words: its worst finding, its rule-file sources, the people quoted.
COLUMNS = ("id", "title", "outlet", *METRICS, "worst_finding", "sources", "people")
TEXT_COLUMNS = frozenset({"id", "title", "outlet", "worst_finding", "sources", "people"})
# Shares, rates and sentiment (the metrics with an upper bound) are written as floats.
FLOAT_COLUMNS = frozenset(name for name, metric in METRICS.items() if metric.high is not None)

# The table's numeric columns: label, width and format. Numbers are never cut: one wider than its
# column pushes the rest of its line along.
NUMBERS = (
    ("words", "words", 5, "d"), ("sentences", "sents", 5, "d"), ("attributions", "attrs", 5, "d"),
    ("attribution_density", "dens", 4, ".2f"), ("named_sources", "named", 5, "d"),
    ("resolved_sources", "resol", 5, "d"), ("state_media_share", "state", 5, ".2f"),
    ("wire_share", "wire", 4, ".2f"), ("aggregator_share", "aggr", 4, ".2f"),
    ("anonymous_share", "anon", 4, ".2f"), ("vague_attributions", "vague", 5, "d"),
    ("quotes", "quote", 5, "d"), ("unattributed_quotes", "unatt", 5, "d"),
    ("loaded_author_per_100", "ld/100", 6, ".2f"), ("loaded_quoted_per_100", "lq/100", 6, ".2f"),
    ("loaded_cue_share", "lcue", 4, ".2f"), ("sentiment_compound", "sent", 5, "+.2f"),
)
WORST_WIDTH = 7  # "warning"
# On a terminal too narrow for every number and an id, these go first, in this order: what the
# default checks do not look at (the CSV and JSON have them all).
DROPPED_FIRST = ("resolved_sources", "vague_attributions", "loaded_cue_share", "aggregator_share", "wire_share",
                 "loaded_quoted_per_100", "sentences", "quotes", "attributions", "named_sources")
# The text columns take what the numbers leave, in this order: (column, narrowest worth showing,
# widest it gets). One that cannot get its narrowest width is left out, and those after it (the
# CSV and JSON have them): an id in full tells more than a title cut to a few words.
TEXT = (("id", 20, 28), ("title", 12, 50), ("outlet", 8, 16))
DEFAULT_WIDTH = 100  # when the output is not a terminal and COLUMNS is not set


def row(analysis: Analysis) -> dict[str, Any]:
    m = analysis.metrics
    art = analysis.article
    return {
        "id": art.id, "title": analysis.title or "", "outlet": art.outlet or "",
        **{k: m[k] for k in COLUMNS if k in m},
        "worst_finding": analysis.worst_severity() or "",
        "sources": " ".join(f"{k}:{v}" for k, v in sorted(analysis.sources().items())),
        "people": "; ".join(e.name for e in analysis.entities if e.kind == "person"),
    }


# --- CSV (written by pandas, report/frame.py) ------------------------------------------------

def rows_to_csv(rows: Iterable[dict[str, Any]]) -> str:
    from .frame import write_csv  # (frame imports this module)

    out = io.StringIO(newline="")
    write_csv(rows, out)
    return out.getvalue()


def to_csv(analyses: Iterable[Analysis]) -> str:
    return rows_to_csv(map(row, analyses))


# --- the text table --------------------------------------------------------------------------

def terminal_width(out: TextIO | None = None) -> int:
    """COLUMNS when set, else the width of the terminal `out` is, else DEFAULT_WIDTH."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and out is not None:
        try:
            if out.isatty():
                columns = os.get_terminal_size(out.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else DEFAULT_WIDTH


def _cut(text: str, width: int) -> str:
    """`text` in exactly `width` characters: padded, or cut with "…"."""
    return text.ljust(width) if len(text) <= width else text[:width - 1] + "…"


Number = tuple[str, str, int, str]  # (column, label, width, format), one of NUMBERS


def layout(width: int) -> tuple[dict[str, int], list[Number]]:
    """The text columns shown in a table `width` characters wide, with their widths, and the
    numeric columns shown."""
    numbers = list(NUMBERS)

    def left() -> int:
        return width - sum(w + 1 for _, _, w, _ in numbers) - WORST_WIDTH

    for column in DROPPED_FIRST:
        if left() >= TEXT[0][1] + 1:
            break
        numbers = [n for n in numbers if n[0] != column]
    room = left()
    shown: dict[str, int] = {}
    for column, narrowest, widest in TEXT:  # in order of importance, while they fit
        if room < narrowest + 1:
            break
        shown[column] = min(widest, room - 1)
        room -= shown[column] + 1
    if not shown:  # a very narrow terminal: the id all the same, and the line wraps
        shown["id"] = TEXT[0][1]
    return shown, numbers


def _number(value: Any, fmt: str) -> str:
    if value is None:
        return ""
    try:
        return format(value, fmt)
    except (TypeError, ValueError):  # a float where a count was expected: shown as it is
        return plain(str(value))


class TableWriter:
    """Writes a header line before the first row and each row as it is given; columns of fixed
    widths that fit `width`, text cut with "…" and shown terminal-safe."""

    def __init__(self, out: TextIO, width: int) -> None:
        self._out = out
        self._width = width
        self._texts, self._numbers = layout(width)
        self._rows = 0

    def left_out(self) -> str | None:
        """What the table leaves out to fit its width, said for the reader at a terminal, or None."""
        shown = {column for column, _, _, _ in self._numbers}
        gone = [column for column, _, _ in TEXT if column not in self._texts]
        gone += [label for column, label, _, _ in NUMBERS if column not in shown]
        if not gone:
            return None
        return (f"biasdash: the table fits {self._width} columns and leaves out {', '.join(gone)} "
                "(a wider terminal or COLUMNS=200 shows them; --format csv has every metric)")

    def _line(self, texts: list[str], numbers: list[str], worst: str) -> str:
        cells = [_cut(t, w) for t, w in zip(texts, self._texts.values())]
        cells += [n.rjust(w) for n, (_, _, w, _) in zip(numbers, self._numbers)]
        cells.append(_cut(worst, WORST_WIDTH))
        return " ".join(cells).rstrip() + "\n"

    def write(self, values: dict[str, Any]) -> None:
        if not self._rows:
            labels = [label for _, label, _, _ in self._numbers]
            self._out.write(self._line(list(self._texts), labels, "worst"))
        self._rows += 1
        texts = [plain(str(values.get(c) or "")) for c in self._texts]
        numbers = [_number(values.get(column), fmt) for column, _, _, fmt in self._numbers]
        self._out.write(self._line(texts, numbers, plain(str(values.get("worst_finding") or ""))))

    def close(self) -> None:
        if not self._rows:
            self._out.write("(no articles)\n")


def rows_to_table(rows: Iterable[dict[str, Any]], width: int = DEFAULT_WIDTH) -> str:
    out = io.StringIO()
    writer = TableWriter(out, width)
    for values in rows:
        writer.write(values)
    writer.close()
    return out.getvalue()


def to_table(analyses: Iterable[Analysis], width: int = DEFAULT_WIDTH) -> str:
    return rows_to_table(map(row, analyses), width)
