"""Provides the corpus's aggregates with pandas: per outlet and per day of publication, the
articles, their attributions, the mean attribution density and loaded wording, and the
source-kind shares weighted by attributions (an outlet's state-media share is its state-media
attributions over all of its attributions, not the mean of its articles' shares). The HTML
report's "Per outlet" table and the dashboard's corpus view are both made here.

Rows are those of `report.table.row`; a row may also carry the article's "date" (as the article
gives it: a JSONL `date`, a web page's metadata). Articles are grouped by day, `YYYY-MM-DD` as
the date is written (its own time zone); one without a date, or with one that cannot be read, is
left out of the per-day table and counted.
"""

from __future__ import annotations

import datetime
import email.utils
import re
from typing import NamedTuple

from .frame import frame

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

UNKNOWN = "(unknown)"  # the outlet of an article that names none
# Means over the group's articles.
MEANS = ("attribution_density", "loaded_author_per_100", "loaded_quoted_per_100", "sentiment_compound")
# Shares of attributions: weighted by each article's attributions.
SHARES = ("state_media_share", "wire_share", "aggregator_share", "anonymous_share")
# Every aggregate, in the order the tables show them.
AGGREGATES = ("articles", "attributions", "attribution_density", *SHARES, "loaded_author_per_100",
              "loaded_quoted_per_100", "sentiment_compound")

_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?![\d])")


class Dated(NamedTuple):
    """The per-day table and how many articles it leaves out (no date, or none that reads)."""

    table: Any
    left_out: int


def day(value: object) -> str | None:
    """The day `value` names, as YYYY-MM-DD: ISO 8601 ("2026-11-20", "2026-11-20T08:30:00Z": the
    day as written) or an e-mail style date ("Fri, 20 Nov 2026 08:30:00 GMT"); else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    match = _ISO_DAY.match(value)
    try:
        if match:
            return datetime.date.fromisoformat(match.group(1)).isoformat()
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (ValueError, TypeError, IndexError):
        return None


def corpus_frame(rows: Iterable[dict[str, Any]]) -> Any:
    """The rows as `report.frame.frame` makes them, with "day" (day() of each row's "date", None
    where it has none)."""
    rows = list(rows)
    df = frame(rows)
    df["day"] = [day(r.get("date")) for r in rows]
    return df


def weighted_shares(df: Any) -> dict[str, float]:
    """The source-kind shares of all the frame's attributions (0.0 with none)."""
    weights = df["attributions"].astype(float)
    total = float(weights.sum())
    return {c: float((df[c] * weights).sum()) / total if total else 0.0 for c in SHARES}


def _groups(df: Any, by: Any) -> Any:
    """One row per value of `by` (sorted), its AGGREGATES as columns."""
    import pandas as pd  # type: ignore[import-untyped]

    grouped = df.groupby(by, sort=True)
    out = pd.DataFrame({"articles": grouped.size(), "attributions": grouped["attributions"].sum().astype(int)})
    weights = df["attributions"].astype(float)
    weighted = df[list(SHARES)].multiply(weights, axis=0).groupby(by, sort=True).sum()
    total = out["attributions"].astype(float)
    for column in SHARES:
        out[column] = (weighted[column] / total).where(total > 0, 0.0)
    for column in MEANS:
        out[column] = grouped[column].mean().astype(float)
    return out[list(AGGREGATES)]


def per_outlet(df: Any) -> Any:
    """The per-outlet table of a frame (frame() or corpus_frame()), indexed by outlet, UNKNOWN for
    articles that name none."""
    outlets = df["outlet"].where(df["outlet"] != "", UNKNOWN).rename("outlet")
    return _groups(df, outlets)


def per_day(df: Any) -> Dated:
    """The per-day table of a corpus_frame(), indexed by day, and how many articles it leaves out."""
    dated = df[df["day"].notna()]
    return Dated(_groups(dated, dated["day"].rename("day")), len(df) - len(dated))
