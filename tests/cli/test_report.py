"""Data out: `score --format parquet` (one row per article, every metric, the CSV's values) and
`biasdash report -o report.html` (one self-contained page: no script, nothing fetched, every
article text escaped). No headless browser can be installed offline here, so the page is read
with html.parser, as a browser's parser would build it."""

from __future__ import annotations

import csv
import io
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dashboard.engine.metrics import METRICS

pytestmark = pytest.mark.usefixtures("in_tmp")

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"
HOSTILE_TITLE = '<script>alert("x")</script> Ministers & <b>markup</b>'


class Page(HTMLParser):
    """The tags, attributes and text of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.cells: list[list[str]] = []  # the text of each <td> row of the tables

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.cells.append([])
        if tag not in ("meta", "link", "br", "rect", "line"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.stack and self.stack[-1] == "td" and self.cells:
            self.cells[-1].append(data)


@pytest.fixture
def corpus(tmp_path, seeds_dir) -> list[str]:
    """The seeds, a web page, and a JSONL article whose title is markup."""
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(json.dumps({"id": "h1", "title": HOSTILE_TITLE, "outlet": "Xinhua",
                                   "text": "Officials said on Monday that talks would resume, "
                                           "Xinhua reported. Some experts said the plan was a disgrace."}) + "\n")
    return [str(seeds_dir), str(PAGES / "harbour_wire.html"), str(hostile)]


def _report(run_cli, corpus, tmp_path) -> tuple[str, Page]:
    out = tmp_path / "report.html"
    result = run_cli("report", *corpus, "-o", out)
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    page.close()
    return html, page


def test_the_report_is_self_contained(run_cli, corpus, tmp_path) -> None:
    html, page = _report(run_cli, corpus, tmp_path)
    names = [tag for tag, _ in page.tags]
    assert "script" not in names and "iframe" not in names and "img" not in names
    for _, attrs in page.tags:
        for name in ("src", "href"):
            assert not (attrs.get(name) or "").startswith(("http:", "https:", "//")), attrs
    assert "@import" not in html and "url(" not in html
    assert names.count("svg") >= 4 + 1  # the four histograms and the corpus's source-kind mix


def test_the_report_has_a_row_per_article_and_per_outlet(run_cli, corpus, tmp_path) -> None:
    _, page = _report(run_cli, corpus, tmp_path)
    rows = [row for row in page.cells if row]
    ids = [row[0] for row in rows]
    assert {"000_19cab8bc42d06589", "002_d6d61b5716b39101", "harbour_wire", "h1"} <= set(ids)
    outlets = {row[0] for row in rows if row[0] in ("The Harbour Times", "Xinhua", "(unknown)")}
    assert outlets == {"The Harbour Times", "Xinhua", "(unknown)"}  # the seeds name no outlet
    text = "".join(page.text)
    for heading in ("Per outlet", "Source-kind mix", "Attribution density", "Sentiment (compound)"):
        assert heading in text


def test_article_titles_are_escaped(run_cli, corpus, tmp_path) -> None:
    html, page = _report(run_cli, corpus, tmp_path)
    assert HOSTILE_TITLE in "".join(page.text)  # shown as it is written...
    assert "<b>markup</b>" not in html and '<script>alert("x")' not in html  # ...and never as markup


def test_a_failed_run_writes_no_report(run_cli, tmp_path, seeds_dir) -> None:
    out = tmp_path / "report.html"
    result = run_cli("report", seeds_dir, PAGES / "script_shell.html", "-o", out)
    assert result.code == 2 and "script_shell.html:1:1: error" in result.stderr
    assert not out.exists()


def test_parquet_has_a_row_per_article_with_every_metric_as_the_csv(run_cli, corpus, tmp_path) -> None:
    pd = pytest.importorskip("pandas")
    out = tmp_path / "scores.parquet"
    result = run_cli("score", *corpus, "--format", "parquet", "-o", out)
    assert result.code == 0, result.stderr
    table = pd.read_parquet(out)
    csv_rows = list(csv.DictReader(io.StringIO(run_cli("score", *corpus, "--format", "csv").stdout)))
    assert list(table.columns) == list(csv_rows[0])
    assert set(METRICS) <= set(table.columns)
    assert list(table["id"]) == [r["id"] for r in csv_rows]
    for metric in METRICS:
        assert list(table[metric].astype(float)) == pytest.approx([float(r[metric]) for r in csv_rows]), metric
    assert table.loc[table["id"] == "h1", "title"].item() == HOSTILE_TITLE  # data, not defused for a spreadsheet


def test_parquet_without_pyarrow_says_what_to_install(run_cli, seeds_dir, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if it were not installed
    result = run_cli("score", seeds_dir, "--format", "parquet")
    assert result.code == 2
    assert "--format parquet needs pyarrow: pip install 'biasdash[parquet]'" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_table_at_a_terminal_fits_it_and_says_what_it_left_out(seeds_dir, monkeypatch) -> None:
    from dashboard.cli import main

    monkeypatch.setenv("COLUMNS", "80")
    out, err = _Terminal(), io.StringIO()
    assert main(["score", str(seeds_dir)], stdin=io.BytesIO(), stdout=out, stderr=err) == 0
    assert max(len(line) for line in out.getvalue().splitlines()) <= 80
    assert "the table fits 80 columns and leaves out title, outlet, sents" in err.getvalue()
    monkeypatch.setenv("COLUMNS", "200")
    out, err = _Terminal(), io.StringIO()
    assert main(["score", str(seeds_dir)], stdin=io.BytesIO(), stdout=out, stderr=err) == 0
    assert out.getvalue().splitlines()[0].split()[:3] == ["id", "title", "outlet"] and err.getvalue() == ""
