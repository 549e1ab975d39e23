"""The dashboard opened on every hostile article at once: unreadable ones are listed as load errors,
the rest are scored and can each be selected (their text rendered) without the app failing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from reliability_helpers import ARTICLES, SEEDS

from dashboard.tui.app import BiasDashApp, RuleSource

# Files whose loading raises inside the scoring worker (the same bugs as in test_hostile_articles).
CRASHING = {"huge_int_id.jsonl", "deep_nesting.jsonl"}
# What the rest give: 9 decodable files + 4 + 2 + 1 + 4 + 1 JSONL records, the 9 obfuscated_*.txt
# (disguised source names, genuine Russian, Greek, Japanese), and the 2 seeds.
ARTICLE_COUNT = 33
# 5 refused files + 8 bad lines of malformed.jsonl + 1 of not_utf8.jsonl.
ERROR_COUNT = 14


async def _open(paths: list[str], tmp_path: Path, browse: bool) -> tuple[int, int]:
    app = BiasDashApp(paths, RuleSource([], True, frozenset(), {}), watch=False, export_dir=tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if browse:
            for _ in range(len(app.articles)):  # select every article: its text and panels render
                await pilot.press("down")
                await pilot.pause()
                # (analysed off the UI thread: shown once that is done)
                for _ in range(1000):
                    if not getattr(app, "busy", False):
                        break
                    await pilot.pause(0.01)
                assert app.return_code is None
        counts = len(app.articles), len(app.load_errors)
        await pilot.press("q")
    return counts


def test_dashboard_on_every_hostile_article(tmp_path: Path) -> None:
    paths = [str(SEEDS)] + [str(p) for p in sorted(ARTICLES.iterdir()) if p.name not in CRASHING]
    assert asyncio.run(_open(paths, tmp_path, browse=True)) == (ARTICLE_COUNT, ERROR_COUNT)


@pytest.mark.parametrize("name", sorted(CRASHING))
def test_dashboard_survives_a_jsonl_line_that_breaks_the_json_parser(tmp_path: Path, name: str) -> None:
    articles, errors = asyncio.run(_open([str(SEEDS), str(ARTICLES / name)], tmp_path, browse=False))
    assert (articles, errors) == (2, 1)
