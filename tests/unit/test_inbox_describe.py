"""The dashboard's status bar names what arrived in the folders it watches: an unreadable file is
named as unreadable, not as new, and counted once."""

from __future__ import annotations

from dashboard.engine.article import Article
from dashboard.runtime.articles import LoadError
from dashboard.runtime.watch import Changes
from dashboard.tui.inbox import Arrival, describe


def _arrival(added: list[str], articles: list[Article], errors: list[LoadError]) -> Arrival:
    return Arrival(Changes(added, [], []), None, [], articles, errors, "08:12:03")  # type: ignore[arg-type]


def test_an_unreadable_file_is_named_unreadable_not_new() -> None:
    said = describe(_arrival(["in/bin.txt", "in/p2.htm"], [Article(id="p2", text="x", path="in/p2.htm")],
                             [LoadError("in/bin.txt", "not UTF-8")]))
    assert said == "08:12:03 new p2.htm · unreadable bin.txt"


def test_a_jsonl_file_with_one_bad_line_is_new_and_unreadable() -> None:
    said = describe(_arrival(["in/feed.jsonl"], [Article(id="a", text="x", path="in/feed.jsonl")],
                             [LoadError("in/feed.jsonl", "not JSON", 2), LoadError("in/feed.jsonl", "not JSON", 5)]))
    assert said == "08:12:03 new feed.jsonl · unreadable feed.jsonl"
