"""The corpus's aggregates (report/aggregate.py) on hand-built rows, and the HTML report's
"Per outlet" table, which must show the same numbers."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from dashboard.engine.metrics import METRICS
from dashboard.report.aggregate import UNKNOWN, corpus_frame, day, per_day, per_outlet, weighted_shares
from dashboard.report.htmlreport import OUTLET, render_html


def article(id: str, outlet: str = "", date: str | None = None, **metrics: float) -> dict[str, Any]:
    """A row as report.table.row makes it (every metric 0 unless given), with the article's date."""
    row: dict[str, Any] = {"id": id, "title": id, "outlet": outlet, "worst_finding": "", "sources": "",
                           "people": "", "date": date}
    row.update(dict.fromkeys(METRICS, 0))
    row.update(metrics)
    return row


ROWS = [
    # Xinhua: 1 attribution, all state media; and 3 attributions, a third state media. Weighted:
    # 2 of 4 attributions are state media (0.5), where the mean of the shares would be 0.67.
    article("x1", "Xinhua", "2026-11-20", attributions=1, state_media_share=1.0, attribution_density=0.5,
            loaded_author_per_100=2.0),
    article("x2", "Xinhua", "2026-11-20T23:30:00+08:00", attributions=3, state_media_share=1 / 3,
            wire_share=2 / 3, attribution_density=0.25, loaded_author_per_100=1.0),
    # a single-article outlet
    article("h1", "The Harbour Times", "Fri, 21 Nov 2026 08:00:00 GMT", attributions=4, wire_share=0.25,
            aggregator_share=0.5, anonymous_share=0.25, attribution_density=0.8, loaded_author_per_100=0.5,
            sentiment_compound=-0.4),
    # no outlet, no date; and no outlet with a date that cannot be read
    article("u1", "", None, attributions=0, attribution_density=0.0),
    article("u2", "", "last Tuesday", attributions=2, anonymous_share=1.0, attribution_density=0.4),
]


def test_shares_are_weighted_by_attributions() -> None:
    table = per_outlet(corpus_frame(ROWS))
    xinhua = table.loc["Xinhua"]
    assert xinhua["articles"] == 2 and xinhua["attributions"] == 4
    assert xinhua["state_media_share"] == pytest.approx(0.5)
    assert xinhua["wire_share"] == pytest.approx(0.5)
    assert xinhua["aggregator_share"] == 0.0
    # density and loaded wording are means over the articles
    assert xinhua["attribution_density"] == pytest.approx(0.375)
    assert xinhua["loaded_author_per_100"] == pytest.approx(1.5)


def test_a_single_article_outlet_has_its_articles_numbers() -> None:
    harbour = per_outlet(corpus_frame(ROWS)).loc["The Harbour Times"]
    assert harbour["articles"] == 1 and harbour["attributions"] == 4
    assert (harbour["wire_share"], harbour["aggregator_share"], harbour["anonymous_share"]) == \
        pytest.approx((0.25, 0.5, 0.25))
    assert harbour["sentiment_compound"] == pytest.approx(-0.4)


def test_articles_without_an_outlet_are_one_unknown_outlet() -> None:
    table = per_outlet(corpus_frame(ROWS))
    assert list(table.index) == sorted(["Xinhua", "The Harbour Times", UNKNOWN])
    unknown = table.loc[UNKNOWN]
    assert unknown["articles"] == 2 and unknown["attributions"] == 2
    # the article without attributions weighs nothing in the shares, but counts in the density's mean
    assert unknown["anonymous_share"] == pytest.approx(1.0)
    assert unknown["attribution_density"] == pytest.approx(0.2)


def test_an_outlet_without_attributions_has_shares_of_zero() -> None:
    table = per_outlet(corpus_frame([article("a", "Quiet", attributions=0)]))
    assert table.loc["Quiet", "state_media_share"] == 0.0 and table.loc["Quiet", "wire_share"] == 0.0


def test_days_group_dated_articles_and_count_the_others_as_left_out() -> None:
    dated = per_day(corpus_frame(ROWS))
    assert dated.left_out == 2  # u1 has no date, u2's "last Tuesday" cannot be read
    assert list(dated.table.index) == ["2026-11-20", "2026-11-21"]
    # x2 was published late on the 20th in its own time zone: the day as written
    assert dated.table.loc["2026-11-20", "articles"] == 2
    assert dated.table.loc["2026-11-20", "state_media_share"] == pytest.approx(0.5)
    assert dated.table.loc["2026-11-21", "attributions"] == 4


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-20", "2026-11-20"),  # JSONL date
    ("2026-11-20T08:30:00Z", "2026-11-20"),  # a timestamp: its day as written
    (" 2026-11-20 08:30", "2026-11-20"),
    ("Fri, 21 Nov 2026 08:00:00 GMT", "2026-11-21"),  # e-mail / RSS style
    ("2026-02-30", None),  # no such day
    ("20261120", None),
    ("yesterday", None),
    ("", None),
    (None, None),
])
def test_day(value: object, expected: str | None) -> None:
    assert day(value) == expected


def test_the_corpus_mix_weights_every_attribution_once() -> None:
    mix = weighted_shares(corpus_frame(ROWS))
    # 10 attributions: state 1 + 1, wire 2 + 1, aggregator 2, anonymous 1 + 2
    assert mix == pytest.approx({"state_media_share": 0.2, "wire_share": 0.3, "aggregator_share": 0.2,
                                 "anonymous_share": 0.3})


class _Cells(HTMLParser):
    """The text of each table row's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_td = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        self._in_td = tag == "td" or (self._in_td and tag not in ("td", "tr"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_td = False

    def handle_data(self, data: str) -> None:
        if self._in_td and self.rows:
            self.rows[-1].append(data)


def test_the_html_reports_per_outlet_table_shows_the_aggregates() -> None:
    parser = _Cells()
    parser.feed(render_html(ROWS))
    table = per_outlet(corpus_frame(ROWS))
    by_outlet = {row[0]: row for row in parser.rows if row and row[0] in set(table.index)}
    assert set(by_outlet) == set(table.index)
    for outlet, expected in table.iterrows():
        cells = by_outlet[outlet]
        assert cells[1:3] == [str(int(expected["articles"])), str(int(expected["attributions"]))]
        assert cells[3:3 + len(OUTLET)] == [f"{float(expected[c]):.2f}" for c in OUTLET], outlet
    assert by_outlet["Xinhua"][3 + OUTLET.index("state_media_share")] == "0.50"  # weighted, not 0.67
