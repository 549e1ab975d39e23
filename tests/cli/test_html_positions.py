"""Where a web page's findings are placed: at the line and column of the flagged words in the
.html file (what an editor or a CI annotation opens), not in the text extracted from it; the
JSON spans still index the extracted `text`. Text found nowhere, or in two places, is at 1:1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dashboard.runtime.html import source_positions

pytestmark = pytest.mark.usefixtures("in_tmp")

# A menu, a head whose meta description repeats the loaded words, entities before the flagged
# words on their lines, a paragraph over three lines with a run of spaces and a tag inside.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Council row over budget</title>
  <meta name="description" content="A shameful and brutal row">
</head>
<body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Council row over budget</h1>
<p>The council met on Tuesday to discuss the budget for the coming year, the
clerk&rsquo;s office said in a statement.</p>
<p>The mayor&rsquo;s &ldquo;plan&rdquo; was attacked by a group of councillors, and
  the meeting descended into a shameful   and <b>brutal</b> shouting match
  that lasted an hour.</p>
<p>Residents said they were worried about the cuts, according to a local survey of
households published by the council last month.</p>
<p>Then it ended. &ldquo;Nobody in this town will ever forget what was done here tonight.&rdquo;</p>
</article></main>
<footer><p>&copy; 2024 The Town Crier. All rights reserved.</p></footer>
</body></html>
"""


def _at(page: str, line: int, column: int) -> str:
    return page.split("\n")[line - 1][column - 1:]


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "council.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_text_findings_point_at_the_flagged_words_in_the_html(run_cli, page) -> None:
    result = run_cli("check", page)
    found = {check: where for where, check in re.findall(rf"^{re.escape(str(page))}:(\d+:\d+): \w+ ([\w-]+):",
                                                         result.stdout, re.MULTILINE)}
    assert {"max-loaded-author", "unattributed-quotes"} <= set(found), result.stdout
    line, column = map(int, found["max-loaded-author"].split(":"))
    assert (line, column) == (16, 32)  # not the <meta> of the head, nor line 5 of the extracted text
    assert _at(PAGE, line, column).startswith("shameful   and <b>brutal</b>")
    line, column = map(int, found["unattributed-quotes"].split(":"))
    assert _at(PAGE, line, column).startswith("&ldquo;Nobody in this town")  # the quote's opening mark


def test_github_and_sarif_regions_are_in_the_html(run_cli, page) -> None:
    github = run_cli("check", page, "--format", "github").stdout
    assert re.search(r"line=16,col=32,endLine=16,endColumn=40,title=max-loaded-author", github), github
    sarif = run_cli("check", page, "--format", "sarif").json
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in sarif["runs"][0]["results"]}
    assert regions["max-loaded-author"]["startLine"] == 16 and regions["max-loaded-author"]["startColumn"] == 32
    quote = regions["unattributed-quotes"]
    assert _at(PAGE, quote["startLine"], quote["startColumn"]).startswith("&ldquo;Nobody")
    assert quote["endLine"] == quote["startLine"]
    assert PAGE.split("\n")[quote["endLine"] - 1][:quote["endColumn"] - 1].endswith("tonight.&rdquo;")


def test_json_spans_still_index_the_extracted_text(run_cli, page) -> None:
    record = run_cli("score", page, "--format", "json").json[0]
    text = record["text"]
    assert [text[s["start"]:s["end"]] for s in record["loaded"]] == ["shameful", "brutal"]
    finding = next(f for f in record["findings"] if f["check"] == "max-loaded-author")
    assert (finding["line"], finding["column"]) == (16, 32)
    assert text[finding["start"]:finding["end"]] == "shameful"


def test_a_page_on_stdin_is_placed_in_its_markup(run_cli) -> None:
    result = run_cli("check", "-", stdin=PAGE.encode())
    assert "<stdin>:16:32: warning max-loaded-author:" in result.stdout, result.stdout


def test_text_shown_twice_in_the_markup_is_not_placed() -> None:
    markup = ("<html><body><aside><p>The brutal regime fell.</p></aside>\n"
              "<article><p>The brutal regime fell.</p></article></body></html>")
    positions = source_positions(markup, "The brutal regime fell.")
    assert positions is not None and positions.at(4) is None
    once = source_positions(markup.replace("<aside><p>The brutal regime fell.</p></aside>", ""),
                            "The brutal regime fell.")
    assert once is not None and once.at(4) == (2, 17)


def test_text_found_nowhere_in_the_markup_is_not_placed() -> None:
    positions = source_positions("<p>Something else entirely</p>", "The brutal regime fell.")
    assert positions is not None and positions.at(4) is None and positions.at(0) is None


def test_entities_known_unknown_and_unterminated_keep_the_columns_right() -> None:
    markup = "<p>The &brutal; regime &amp crushed &#8220;them&#8221; &copy; today</p>"
    text = "The &brutal; regime & crushed “them” © today"
    positions = source_positions(markup, text)
    assert positions is not None
    for word in ("brutal", "regime", "crushed", "them", "today"):
        line, column = positions.at(text.index(word)) or (0, 0)
        assert (line, markup[column - 1:].startswith(word)) == (1, True), word
    assert positions.at(text.index("“")) == (1, markup.index("&#8220;") + 1)
    closing = text.index("”")
    assert positions.past(closing) == (1, markup.index("&#8221;") + len("&#8221;") + 1)  # past the entity


def test_past_the_search_budget_paragraphs_are_still_placed_in_page_order(monkeypatch) -> None:
    monkeypatch.setattr("dashboard.runtime.html._SEARCH_BUDGET", 10_000)  # spent in a few paragraphs
    paragraphs = [f"Paragraph {i} of the long page, with words enough to be one." for i in range(400)]
    markup = "<html><body>\n" + "\n".join(f"<p>{p}</p>" for p in paragraphs) + "\n</body></html>"
    text = "\n\n".join(paragraphs)
    positions = source_positions(markup, text)
    assert positions is not None
    for i in (0, 3, 250, 399):
        assert positions.at(text.index(f"Paragraph {i} ")) == (i + 2, 4), i


def test_a_page_article_is_hashable_and_equal_to_the_same_page_read_again(page) -> None:
    from dashboard.runtime.articles import load_file

    first, again = next(load_file(str(page))), next(load_file(str(page)))
    assert first == again and hash(first) == hash(again) and first.positions is not None


def test_compare_places_a_web_pages_spans_in_its_markup(run_cli, tmp_path: Path) -> None:
    # The rewrite credits the page's outlet: compare says where the credit is, and where each
    # aligned sentence of the page is, in the .html file (the JSON spans index the text).
    page = tmp_path / "origin.html"
    page.write_text(PAGE, encoding="utf-8")
    rewrite = tmp_path / "rewrite.txt"
    rewrite.write_text(
        "Budget row\n\nThe council met on Tuesday to discuss the budget for the coming year, the clerk's office "
        "said in a statement, The Town Crier reported.\n\nThe mayor's \"plan\" was attacked by a group of "
        "councillors, and the meeting descended into a shameful and brutal shouting match that lasted an "
        "hour.\n\nResidents said they were worried about the cuts, according to a local survey of "
        "households published by the council last month.\n", encoding="utf-8")
    result = run_cli("compare", page, rewrite, "--format", "json")
    assert result.code == 0, result.stderr
    found = json.loads(result.stdout)
    (pair,) = found if isinstance(found, list) else [found]
    assert pair["aligned"], pair
    for aligned in pair["aligned"]:
        line, column = aligned["a"]["line"], aligned["a"]["column"]
        assert _at(PAGE, line, column).startswith(("The council", "The mayor", "Residents")), aligned
