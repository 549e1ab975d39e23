"""A run that finds no article at all (an empty folder, an empty JSONL file: a CI job pointed at
the wrong path) is an error, not a clean pass."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize("command", ["check", "score"])
def test_an_empty_folder_or_jsonl_is_an_error_not_a_pass(run_cli, tmp_path: Path, command: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "notes.csv").write_text("not an article\n", encoding="utf-8")  # not a kind of article file
    empty = tmp_path / "feed.jsonl"
    empty.write_text("\n", encoding="utf-8")
    for path in (folder, empty):
        result = run_cli(command, path)
        assert result.code == 2, result.stderr
        assert f"no article in {path}" in result.stderr


def test_a_folder_with_an_article_still_passes(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The talks resumed on Monday, Reuters reported, citing two officials.\n",
                                    encoding="utf-8")
    result = run_cli("score", tmp_path)
    assert result.code == 0, result.stderr
    assert "no article" not in result.stderr
