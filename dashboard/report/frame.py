"""Provides the corpus as one pandas frame, a row per article with every metric (the CSV's
columns), for the Parquet output and the HTML report."""

from __future__ import annotations

from .table import COLUMNS, TEXT_COLUMNS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, BinaryIO


class MissingPyarrow(Exception):
    """`--format parquet` without pyarrow installed (the `parquet` extra)."""


def frame(rows: Iterable[dict[str, Any]]) -> Any:
    """The rows of `report.table.row` as a pandas DataFrame with the CSV's columns, in its order; text
    columns are strings ("" where unknown), metric columns numbers."""
    import pandas as pd  # type: ignore[import-untyped]

    df = pd.DataFrame(list(rows), columns=list(COLUMNS))
    for column in TEXT_COLUMNS:
        df[column] = df[column].fillna("").astype(str)
    return df


def require_pyarrow() -> None:
    """Raises MissingPyarrow, with what to install, when pyarrow cannot be imported."""
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        raise MissingPyarrow("--format parquet needs pyarrow: pip install 'biasdash[parquet]'")


def write_parquet(rows: Iterable[dict[str, Any]], out: BinaryIO) -> None:
    frame(rows).to_parquet(out, engine="pyarrow", index=False)
