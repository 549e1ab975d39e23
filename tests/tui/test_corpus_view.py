"""The corpus view (o): per-outlet and per-day aggregates of the listed articles, Enter on a row
filtering the article list to its articles, Escape leaving the list as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Input, Static, TabbedContent
from tui_helpers import SIZE, make_app, run, settle, static_text, table_rows, until

from dashboard.tui.actions import help_lines
from dashboard.tui.screens.corpus import CorpusScreen
from dashboard.tui.screens.help import HelpScreen
from dashboard.tui.widgets.article_list import ArticleList

ARTICLES = [
    {"id": "x1", "outlet": "Xinhua", "date": "2026-11-20", "title": "Talks resume",
     "text": "Officials said on Monday that talks would resume, Xinhua reported. "
             "The ministry said the plan was sound."},
    {"id": "x2", "outlet": "Xinhua", "date": "2026-11-21T09:00:00+08:00", "title": "Harbour reopens",
     "text": "The harbour reopened on Tuesday, according to Reuters. Traders said prices fell."},
    {"id": "h1", "outlet": "The Harbour Times", "date": "2026-11-20", "title": "Council votes",
     "text": "The council voted to close the pier, the mayor said. Residents called it a disgrace."},
]
UNDATED = "Local notes\n\nA reader wrote that the bins were late again this week.\n"


def _corpus(tmp_path: Path) -> list[str]:
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    (tmp_path / "notes.txt").write_text(UNDATED, encoding="utf-8")
    return [str(news), str(tmp_path / "notes.txt")]


def _listed(app) -> list[str]:
    listing = app.query_one(ArticleList)
    return sorted(listing.rows[i].article.id for i in listing.shown)


def test_the_corpus_view_aggregates_per_outlet_and_enter_lists_that_outlets_articles(tmp_path) -> None:
    async def body() -> None:
        app = make_app(_corpus(tmp_path), jobs=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert _listed(app) == ["h1", "notes", "x1", "x2"]
            await pilot.press("o")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CorpusScreen)
            assert "Corpus: 4 articles, 3 outlets" in static_text(screen.query_one("#corpus-head", Static))
            outlets = screen.query_one("#outlets-table", DataTable)
            rows = {row[0]: row for row in table_rows(outlets)}
            assert set(rows) == {"(unknown)", "The Harbour Times", "Xinhua"}
            header = [str(column.label) for column in outlets.columns.values()]
            assert rows["Xinhua"][header.index("Articles")] == "2"
            assert rows["The Harbour Times"][header.index("Articles")] == "1"
            assert rows["(unknown)"][header.index("Articles")] == "1"
            # the same numbers as the list's: Xinhua's attributions are its articles' together
            listing = app.query_one(ArticleList)
            xinhua = sum(r.record["attributions"] for r in listing.rows if r.article.outlet == "Xinhua")
            assert rows["Xinhua"][header.index("Attrs")] == str(xinhua) and xinhua > 0

            outlets.move_cursor(row=list(rows).index("Xinhua"))
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, CorpusScreen)
            assert _listed(app) == ["x1", "x2"]
            # the filter shows in its box, and the status bar says what is shown
            assert app.query_one("#filter", Input).value == "outlet:Xinhua"
            status = static_text(app.query_one("#status", Static))
            assert "4 articles" in status and "2 shown: outlet:Xinhua" in status

            # cleared the usual way: / and the box emptied
            await pilot.press("slash", "ctrl+u")
            await settle(pilot)
            await pilot.pause(0.3)
            assert _listed(app) == ["h1", "notes", "x1", "x2"]
            assert "shown" not in static_text(app.query_one("#status", Static))

            # the articles that name no outlet (Escape: from the filter box back to the list)
            await pilot.press("escape", "o")
            await pilot.pause()
            outlets = app.screen.query_one("#outlets-table", DataTable)
            outlets.move_cursor(row=[row[0] for row in table_rows(outlets)].index("(unknown)"))
            await pilot.press("enter")
            await pilot.pause()
            assert _listed(app) == ["notes"]

    run(body())


def test_the_dates_table_groups_by_day_and_enter_lists_that_days_articles(tmp_path) -> None:
    async def body() -> None:
        app = make_app(_corpus(tmp_path), jobs=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o", "d")
            await pilot.pause()
            screen = app.screen
            assert screen.query_one(TabbedContent).active == "days"
            days = screen.query_one("#days-table", DataTable)
            assert [row[:2] for row in table_rows(days)] == [["2026-11-20", "2"], ["2026-11-21", "1"]]
            note = static_text(screen.query_one("#days-note", Static))
            assert "1 article without a readable date left out" in note
            # o and d switch tables and Enter goes to the one in view (its cursor on its first row)
            await pilot.press("o", "d")
            await pilot.pause()
            assert app.focused is days
            await pilot.press("enter")
            await pilot.pause()
            assert _listed(app) == ["h1", "x1"]
            assert app.query_one("#filter", Input).value == "date:2026-11-20"

    run(body())


def test_escape_closes_the_view_and_leaves_the_list_as_it_was(tmp_path) -> None:
    async def body() -> None:
        app = make_app(_corpus(tmp_path), jobs=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, CorpusScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, CorpusScreen)
            assert _listed(app) == ["h1", "notes", "x1", "x2"]
            assert app.query_one("#filter", Input).value == ""

    run(body())


def test_the_view_says_scoring_is_not_done(tmp_path) -> None:
    async def body() -> None:
        app = make_app(_corpus(tmp_path), jobs=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.session.scoring = True  # as while a re-score of the 4 articles is half done
            app._progress(2, 4)
            await pilot.press("o")
            await pilot.pause()
            head = static_text(app.screen.query_one("#corpus-head", Static))
            assert "re-scoring (2 of 4 done)" in head
            app.session.scoring = False

    run(body())


def test_the_help_screen_lists_the_key() -> None:
    assert ("o", "the corpus view: scores per outlet and per day; Enter on one lists its articles") in help_lines()


def test_the_command_palette_opens_the_view(tmp_path) -> None:
    async def body() -> None:
        app = make_app(_corpus(tmp_path), jobs=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
            app.screen.query_one(Input).value = "Corpus view"
            await pilot.pause(0.3)  # the palette searches in the background
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, CorpusScreen), "the corpus view")

    run(body())


@pytest.mark.parametrize("key, screen", [("o", CorpusScreen), ("question_mark", HelpScreen)])
def test_the_main_screens_keys_are_off_behind_another_screen(tmp_path, key: str, screen: type) -> None:
    # s (sort) and x (export) act on the article list, which is not in sight behind the corpus
    # view or the help: they are off there, and the footer does not offer them.
    async def body() -> None:
        app = make_app(_corpus(tmp_path), jobs=1, export_dir=tmp_path / "exports")
        (tmp_path / "exports").mkdir()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            listing = app.query_one(ArticleList)
            before = listing.sort_key
            assert {"s", "x"} <= set(app.screen.active_bindings)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen)
            offered = set(app.screen.active_bindings)
            assert not {"s", "x", "slash"} & offered and "q" in offered
            await pilot.press("s", "x")
            await pilot.pause()
            assert listing.sort_key == before
            assert list((tmp_path / "exports").iterdir()) == []
            if isinstance(app.screen, screen):
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("s")  # on the main screen again, they work
            await pilot.pause()
            assert listing.sort_key != before

    run(body())
