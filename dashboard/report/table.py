"""Provides the per-article metrics table (pandas), printed as text or written as CSV."""

from __future__ import annotations


from ..engine.scoring import Analysis
from .safe import defuse_cell, plain

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any, Iterable

COLUMNS = ("id", "title", "outlet", "words", "sentences", "attributions", "attribution_density",
           "named_sources", "state_media_share", "anonymous_share", "quotes", "unattributed_quotes",
           "loaded_author_per_100", "loaded_quoted_per_100", "sentiment_compound", "worst_finding",
           "sources")


def row(analysis: Analysis) -> dict[str, Any]:
    m = analysis.metrics
    art = analysis.article
    return {
        "id": art.id, "title": analysis.title or "", "outlet": art.outlet or "",
        **{k: m[k] for k in COLUMNS if k in m},
        "worst_finding": analysis.worst_severity() or "",
        "sources": " ".join(f"{k}:{v}" for k, v in sorted(analysis.sources().items())),
    }


def frame(rows: Iterable[dict[str, Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(COLUMNS))


def to_csv(analyses: Iterable[Analysis]) -> str:
    return rows_to_csv(map(row, analyses))


def to_table(analyses: Iterable[Analysis]) -> str:
    return rows_to_table(map(row, analyses))


def rows_to_csv(rows: Iterable[dict[str, Any]]) -> str:
    from pandas.api.types import is_numeric_dtype

    df = frame(rows)
    for column in df.columns:
        if not is_numeric_dtype(df[column]):  # object or pandas 3's string dtype
            df[column] = df[column].map(defuse_cell).astype(object)
    return df.to_csv(index=False)


def rows_to_table(rows: Iterable[dict[str, Any]]) -> str:
    df = frame(rows)
    if df.empty:
        return "(no articles)\n"
    shown = df.drop(columns=["sources"]).copy()
    for column in ("id", "title", "outlet"):
        shown[column] = shown[column].map(lambda s: plain(str(s))[:40])
    import pandas as pd

    with pd.option_context("display.max_columns", None, "display.width", 250,
                           "display.max_colwidth", 40):
        return shown.to_string(index=False) + "\n"
