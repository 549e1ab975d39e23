"""The dashboard stays open all day on a folder: articles saved into it appear, scored, edited
ones are scored again in their place, deleted ones leave, and the status bar says what arrived.
The article text is shown as written: no-break and other spaces as spaces, controls as marks."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from tui_helpers import SIZE, make_app, run, settle, static_text, until

from dashboard.report.safe import as_written
from dashboard.tui.widgets.article_text import ArticleText, highlighted

pytestmark = pytest.mark.usefixtures("at_repo")

CLEAN = "Port talks\n\nThe minister said the talks would resume on Monday, officials said.\n"
LOADED = "Harbour strike\n\nThe brutal thugs of the puppet regime attacked the port. It was brutal.\n"


def titles(app: object) -> list[str]:
    return [row.title for row in app.rows]  # type: ignore[attr-defined]


def status(app: object) -> str:
    return static_text(app.query_one("#status", Static))  # type: ignore[attr-defined]


def test_articles_saved_edited_and_deleted_while_open_come_and_go(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")

    async def body() -> None:
        app = make_app([str(tmp_path)], watch_articles=True, jobs=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert titles(app) == ["Port talks"]
            (tmp_path / "b.txt").write_text(LOADED, encoding="utf-8")
            await until(pilot, lambda: len(app.rows) == 2, "the new article to be listed")
            new = app.rows[1]
            assert new.title == "Harbour strike" and new.worst_check == "max-loaded-author", \
                "the new article is listed without its scores"
            await until(pilot, lambda: "new b.txt" in status(app), "the status bar to say what arrived")

            (tmp_path / "a.txt").write_text(CLEAN.replace("Port talks", "Port talks end"), encoding="utf-8")
            await until(pilot, lambda: titles(app) == ["Port talks end", "Harbour strike"],
                        "the edited article to be scored again in its place")
            assert "changed a.txt" in status(app)
            assert [a.id for a in app.articles] == [row.article.id for row in app.rows], \
                "a re-score would not score the articles listed"

            (tmp_path / "b.txt").unlink()
            await until(pilot, lambda: titles(app) == ["Port talks end"], "the deleted article to leave")
            assert "removed b.txt" in status(app)

    run(body())


def test_the_selected_article_stays_selected_and_shown_when_its_file_changes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(LOADED, encoding="utf-8")

    async def body() -> None:
        app = make_app([str(tmp_path)], watch_articles=True, jobs=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.query_one("#articles").focus()
            await pilot.press("down")
            await settle(pilot)
            current = app.current()
            assert current is not None and current.title == "Harbour strike"
            (tmp_path / "b.txt").write_text(LOADED + "\nThe port reopened on Tuesday.\n", encoding="utf-8")
            await until(pilot, lambda: (current := app.current()) is not None
                        and "reopened" in current.article.text, "the edit to show in the panels")
            assert app.selected == 1 and app.rows[1].title == "Harbour strike"

    run(body())


@pytest.mark.parametrize("raw, shown", [
    ("a\u00a0b", "a b"),  # a no-break space (today's news pages are full of them)
    ("10\u202f000\u2009km", "10 000 km"),  # narrow no-break and thin spaces
    ("a\u3000b\u2028c", "a b c"),  # ideographic space, line separator
    ("red\x1b[31m", "red\u241b[31m"),  # an escape sequence: its ESC shown as ␛, not run
    ("x\u202ey", "x\ufffdy"),  # a bidi override (Trojan Source) neutralised
    # a soft hyphen and an emoji's zero-width joiner do nothing to a terminal: as written
    ("co\u00adop \U0001f469\u200d\U0001f4bb", "co\u00adop \U0001f469\u200d\U0001f4bb"),
])
def test_the_text_is_shown_as_written_one_character_for_one(raw: str, shown: str) -> None:
    assert as_written(raw) == shown
    assert len(as_written(raw)) == len(raw), "offsets into the text would no longer match"


def test_no_break_spaces_in_an_article_are_spaces_in_the_text_panel(tmp_path: Path) -> None:
    (tmp_path / "nb.txt").write_text("Port\u00a0talks\n\nThe minister said\u00a0the talks would resume.\n",
                                     encoding="utf-8")

    async def body() -> None:
        app = make_app([str(tmp_path)], jobs=1)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            analysis = app.current()
            assert analysis is not None
            lines = [text.plain for _, text in highlighted(analysis)]
            assert "The minister said the talks would resume." in lines
            painted = "\n".join(static_text(s) for s in app.query_one(ArticleText).query(".paragraph").results(Static))
            assert "\ufffd" not in painted and "said the talks" in painted

    run(body())
