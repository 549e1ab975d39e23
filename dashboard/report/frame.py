"""Provides the corpus as pandas frames, a row per article with every metric: one frame for the
Parquet output and the HTML report, and the CSV (`score --format csv`) written by pandas' to_csv
a chunk of CSV_CHUNK rows at a time, so that its memory stays flat on any corpus."""

from __future__ import annotations

from itertools import islice

from .safe import defuse_cell, encodable
from .table import COLUMNS, FLOAT_COLUMNS, TEXT_COLUMNS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, BinaryIO, TextIO

# Rows a CSV frame holds (about 2.7 kB each): the corpus is written in frames of this many.
CSV_CHUNK = 1000


class MissingPyarrow(Exception):
    """`--format parquet` without pyarrow installed (the `parquet` extra)."""


def frame(rows: Iterable[dict[str, Any]]) -> Any:
    """The rows of `report.table.row` as a pandas DataFrame with the CSV's columns, in its order; text
    columns are strings ("" where unknown), metric columns numbers."""
    import pandas as pd  # type: ignore[import-untyped]

    # A lone surrogate (an article's "\\ud800") as an escape: Arrow-backed strings cannot hold one.
    df = pd.DataFrame([{**values, **{c: encodable(values[c]) for c in TEXT_COLUMNS if isinstance(values.get(c), str)}}
                       for values in rows], columns=list(COLUMNS))
    for column in TEXT_COLUMNS:
        df[column] = df[column].astype(object).fillna("").astype(str)
    return df


def csv_frame(rows: Iterable[dict[str, Any]]) -> Any:
    """frame() as the CSV has it: text a spreadsheet will not run as a formula (report/safe.py),
    shares and rates as floats, counts as whole numbers ("" where unknown, never "3.0")."""
    # Defused before pandas sees it: its Arrow-backed strings cannot hold a lone surrogate.
    df = frame({**values, **{c: defuse_cell(str(values.get(c) or "")) for c in TEXT_COLUMNS}} for values in rows)
    for column in COLUMNS:
        if column in TEXT_COLUMNS:
            continue
        if column in FLOAT_COLUMNS:
            df[column] = df[column].astype(float)
        else:
            try:
                df[column] = df[column].astype("Int64")
            except (TypeError, ValueError):  # a count that is not whole: written as it is
                pass
    return df


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, chunk: int | None = None) -> None:
    """The rows as CSV by pandas' to_csv (open `out` with newline=""), the header first, then a
    frame of `chunk` rows (default CSV_CHUNK) at a time, each written as soon as it is full."""
    chunk = chunk or CSV_CHUNK
    rows = iter(rows)
    header = True
    while True:
        part = list(islice(rows, chunk))
        if part or header:
            # As text, written here: a write that fails (a full disk) raises as every format's does.
            out.write(csv_frame(part).to_csv(index=False, header=header, lineterminator="\n"))
        if len(part) < chunk:
            return
        header = False


def require_pyarrow() -> None:
    """Raises MissingPyarrow, with what to install, when pyarrow cannot be imported."""
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        raise MissingPyarrow("--format parquet needs pyarrow: pip install 'biasdash[parquet]'")


def write_parquet(rows: Iterable[dict[str, Any]], out: BinaryIO) -> None:
    frame(rows).to_parquet(out, engine="pyarrow", index=False)
