"""Saved web pages as input: the main text is scored (not the markup, menus, comments or related
links), the page's title, URL, date and outlet kept, and every offset indexes the extracted `text`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.runtime.articles import DEFAULT_MAX_BYTES, HTML_MARKUP_FACTOR

pytestmark = pytest.mark.usefixtures("in_tmp")

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"

# (page, what its markup says, words of its body, words of its furniture that must not be scored)
CASES = [
    # og:site_name, a canonical link, article:published_time; a menu, a cookie banner, a share bar,
    # related stories, three reader comments and a footer around six paragraphs
    ("harbour_wire.html",
     {"title": "Port strike ends after pay deal, union says", "outlet": "The Harbour Times",
      "url": "https://www.harbourtimes.co.uk/business/2024/03/14/port-strike-ends-pay-deal",
      "date": "2024-03-14"},
     ["Dock workers at the port of Eastmouth", "The Dockers’ Union said", "6.5 per cent",
      "“It’s been a nightmare for small firms like mine,” he said.", "£40 million",
      "a spokesman for the transport ministry said."],
     ["Subscribe today", "Accept all cookies", "Related stories", "Port strike begins as talks collapse",
      "absolute disgrace", "harbourlad77", "Share this article", "All rights reserved", "Privacy policy"]),
    # no site name: the outlet is the registered domain of the canonical URL (news. dropped, .com.au
    # kept whole); the date from JSON-LD and <time>; a breadcrumb, "more from", a newsletter box, Disqus
    ("regional_daily.html",
     {"title": "Ministers meet in Beijing as trade talks resume", "outlet": "regionaldaily.com.au",
      "url": "https://news.regionaldaily.com.au/world/ministers-meet-beijing-trade-talks",
      "date": "2023-11-02"},
     ["China’s official Xinhua News Agency reported", "“These things move slowly,” said Dr Helen Wu"],
     ["Log in", "Puzzles", "More from World", "Celebrity chef", "morning briefing",
      "common sense from Canberra", "Advertise with us"]),
    # windows-1252 bytes as its <meta charset> says; no URL; its only year is the footer's ©, which
    # is not a publication date
    ("latin_cafe.html",
     {"title": "Café owners protest new rules", "outlet": "Le Petit Courrier", "url": None, "date": None},
     ["Owners of cafés in the old town", "“We were not consulted,” said Renée Martin", "The mayor’s office"],
     ["Accueil", "© 2022"]),
]


@pytest.fixture(scope="module")
def records(run_cli_once) -> dict[str, dict]:
    """`score tests/data/pages --format jsonl` (with the page that has no text), by file name."""
    result = run_cli_once("score", PAGES, "--format", "jsonl")
    assert result.lines is not None, result.stdout
    return {Path(r["path"]).name: r for r in result.lines}


@pytest.mark.parametrize(("page", "meta", "body", "furniture"), CASES, ids=[c[0] for c in CASES])
def test_a_page_is_scored_on_its_body_with_its_metadata(records, page, meta, body, furniture) -> None:
    record = records[page]
    assert {key: record[key] for key in meta} == meta
    text = record["text"]
    for words in body:
        assert words in text
    for words in furniture:
        assert words not in text, words
    assert "<" not in text and "&" not in text  # no tag or entity left: &rsquo; is ’, &nbsp; a space


@pytest.mark.parametrize("page", [c[0] for c in CASES])
def test_every_span_indexes_the_extracted_text(records, page) -> None:
    record = records[page]
    text = record["text"]
    spans = [s for a in record["attributions"] for s in (a["cue"], a["source"]) if s is not None]
    spans += record["quotes"] + record["loaded"] + [m for e in record["entities"] for m in e["mentions"]]
    assert spans
    for span in spans:
        assert text[span["start"]:span["end"]] == span["text"]
    for a in record["attributions"]:
        for name in ("content", "sentence"):
            if a[name] is not None:
                assert 0 <= a[name]["start"] < a[name]["end"] <= len(text)


def test_comments_and_related_links_are_not_scored(records) -> None:
    """The reader comment "absolute disgrace" and the related headlines are not the article's."""
    record = records["harbour_wire.html"]
    assert "disgrace" not in {hit["term"] for hit in record["loaded"]}
    assert {a["source"]["text"] for a in record["attributions"] if a["source"]} >= {"Maria Keane", "Tom Reilly"}
    quotes = [q["text"] for q in record["quotes"]]
    assert len(quotes) == 3 and all("harbour" not in q.lower() for q in quotes)


def test_state_media_in_a_page_is_found(records) -> None:
    assert records["regional_daily.html"]["source_kinds"].get("state_media", 0) >= 1


def test_a_page_without_article_text_is_an_error_naming_it_and_the_others_are_scored(run_cli) -> None:
    result = run_cli("score", PAGES, "--format", "jsonl")
    assert result.code == 2
    assert sorted(Path(r["path"]).name for r in result.lines) == sorted(c[0] for c in CASES)
    shell = str(PAGES / "script_shell.html")
    assert f"{shell}:1:1: error: no article text found in this web page" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_reads_html_and_htm_pages(run_cli, tmp_path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a.htm").write_bytes((PAGES / "harbour_wire.html").read_bytes())
    (folder / "b.html").write_bytes((PAGES / "latin_cafe.html").read_bytes())
    result = run_cli("score", folder, "--format", "json")
    assert result.code == 0, result.stderr
    assert [r["id"] for r in result.json] == ["a", "b"]
    assert result.json[0]["outlet"] == "The Harbour Times"


def test_text_files_keep_the_contract_without_text(run_cli, seed_file) -> None:
    record = json.loads(run_cli("score", seed_file("000"), "--format", "jsonl").stdout)
    assert "text" not in record and "date" not in record


def test_a_page_is_limited_by_its_text_not_its_markup(run_cli, tmp_path) -> None:
    """A page may be mostly scripts and styles: its markup may be larger than --max-bytes."""
    page = (PAGES / "harbour_wire.html").read_text(encoding="utf-8")
    padded = page.replace("</head>", "<script>" + "var x = 1;\n" * 2000 + "</script></head>")
    path = tmp_path / "big.html"
    path.write_text(padded, encoding="utf-8")
    limit = 5000
    assert limit < len(padded.encode()) <= limit * HTML_MARKUP_FACTOR < DEFAULT_MAX_BYTES
    assert run_cli("score", path, "--max-bytes", str(limit), "--format", "json").code == 0
    tight = run_cli("score", path, "--max-bytes", "500", "--format", "json")
    assert tight.code == 2 and f"{path}:1:1: error: file is" in tight.stderr


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf \n", b"\n\t  "], ids=["bare", "bom", "blank-lines"])
def test_a_page_on_stdin_is_read_as_the_page_file_is(run_cli, prefix) -> None:
    raw = (PAGES / "harbour_wire.html").read_bytes()
    from_file = run_cli("score", PAGES / "harbour_wire.html", "--format", "json").json[0]
    result = run_cli("score", "-", "--format", "json", stdin=prefix + raw)
    assert result.code == 0, result.stderr
    record = result.json[0]
    assert record["id"] == "stdin" and record["path"] is None
    assert record["title"] == "Port strike ends after pay deal, union says" != "<!DOCTYPE html>"
    assert record["words"] == from_file["words"] and record["outlet"] == "The Harbour Times"
    assert "<" not in record["text"]


def test_stdin_that_only_mentions_html_is_text(run_cli) -> None:
    text = b"Officials said the <html> tag was misused.\n<!doctype html> starts a page, the guide says.\n"
    result = run_cli("score", "-", "--format", "json", stdin=text)
    assert result.code == 0, result.stderr
    assert result.json[0]["words"] == len(text.split()) and "text" not in result.json[0]  # scored as text


def test_a_page_on_stdin_without_article_text_is_an_error_for_stdin(run_cli) -> None:
    result = run_cli("score", "-", "--format", "json", stdin=b"<HTML><body><nav>Home</nav></body></HTML>")
    assert result.code == 2
    assert "<stdin>:1:1: error: no article text found in this web page" in result.stderr


def test_a_page_on_stdin_is_limited_by_its_text_and_text_by_its_size(run_cli) -> None:
    page = (PAGES / "harbour_wire.html").read_text(encoding="utf-8")
    padded = page.replace("</head>", "<script>" + "var x = 1;\n" * 2000 + "</script></head>").encode()
    limit = 5000
    assert limit < len(padded) <= limit * HTML_MARKUP_FACTOR
    assert run_cli("score", "-", "--max-bytes", str(limit), "--format", "json", stdin=padded).code == 0
    text = b"The council met on Tuesday, officials said. " * 200
    refused = run_cli("score", "-", "--max-bytes", str(limit), "--format", "json", stdin=text)
    assert refused.code == 2 and f"<stdin>:1:1: error: input larger than the limit of {limit} bytes" in refused.stderr
    tiny = run_cli("score", "-", "--max-bytes", "100", "--format", "json", stdin=text)
    assert tiny.code == 2 and "input larger than the limit of 100 bytes" in tiny.stderr
