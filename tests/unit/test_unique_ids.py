"""Two files of the same name in different folders (a/index.html, b/index.html) are two articles
with two ids: the rows of CSV and JSON, and the reused pairs, can tell them apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.engine.article import Article
from dashboard.runtime.articles import load_articles


def test_a_second_file_of_the_same_name_is_named_by_its_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(f"Officials in {folder} said so.\n", encoding="utf-8")
    ids = [a.id for a in load_articles(["a", "b", "c"]) if isinstance(a, Article)]
    assert ids == ["index", "b/index", "c/index"]


def test_the_ids_a_jsonl_file_gives_are_kept_as_given(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": "same", "text": f"Officials said {n}."}) + "\n" for n in range(2)),
                    encoding="utf-8")
    (tmp_path / "same.txt").write_text("Officials said so.\n", encoding="utf-8")
    ids = [a.id for a in load_articles([str(feed), str(tmp_path / "same.txt")]) if isinstance(a, Article)]
    assert ids[:2] == ["same", "same"]  # the records' own ids
    assert ids[2] != "same"  # the file's stem was taken by them
