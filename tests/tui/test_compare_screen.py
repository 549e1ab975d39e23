"""The Reuse column and the compare screen, driven as a user drives them: c on an article, n and p
to move from pair to pair, Escape back to the list."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from tui_helpers import SIZE, cell_texts, make_app, run, settle, shown, static_text, until

from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.engine.reuse import compare
from dashboard.runtime.rulepacks import load_rules
from dashboard.tui.compare import CompareApp
from dashboard.tui.screens.compare import CURRENT_MARK, CompareScreen
from dashboard.tui.screens.pick import PickScreen
from dashboard.tui.widgets.article_list import COLUMN_KEYS, ArticleList
from dashboard.tui.widgets.compare_pane import GUTTER, ComparePane

pytestmark = pytest.mark.usefixtures("at_repo")

SEED_000 = "000_19cab8bc42d06589"
SEED_002 = "002_d6d61b5716b39101"
REUSE = COLUMN_KEYS.index("reuse")
# Unrelated to the seeds: nothing reuses it.
LONELY = ("Council votes on new bike lanes\n\nThe city council voted 7-2 on Tuesday to add protected "
          "bike lanes to Main Street, the mayor's office said. Residents spoke for two hours.\n")


def messages(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def current_line(pane: ComparePane) -> str:
    """The line of the pane, as it is on screen, that carries the current pair's mark."""
    lines = shown(pane).splitlines()
    marked = [line for line in lines if line.startswith(CURRENT_MARK)]
    assert len(marked) == 1, f"one line marked {CURRENT_MARK} in view, not {len(marked)}: {lines}"
    return marked[0]


async def open_compare(pilot: Pilot[Any]) -> CompareScreen:
    await settle(pilot)
    await pilot.press("c")
    await until(pilot, lambda: isinstance(pilot.app.screen, CompareScreen), "the compare screen")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    return screen


def test_the_reuse_column_shows_each_seed_pair() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.query_one("#articles", DataTable)
            # 000 is the origin: reused by 002; 002 is derived from 000.
            assert cell_texts(table, 0)[REUSE] == "→ 002…"
            assert cell_texts(table, 1)[REUSE] == "← 000…"
            screen_text = shown(table)
            assert "→ 002…" in screen_text and "← 000…" in screen_text

    run(body())


def test_c_opens_the_two_texts_side_by_side_and_n_p_move_both_highlights() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_compare(pilot)
            left, right = screen.query_one("#left", ComparePane), screen.query_one("#right", ComparePane)
            # The origin, seed 000, on the left; the rewrite on the right.
            assert SEED_000 in str(left.border_title) and "origin" in str(left.border_title)
            assert SEED_002 in str(right.border_title) and "derivative" in str(right.border_title)
            head = static_text(screen.query_one("#compare-head", Static))
            assert "credited: “the Associated Press”" in head
            assert "✗ 1 dropped" in head and "+ 2 added" in head
            # The first pair is current: its sentence is marked on both sides.
            assert "The North Korean and Chinese leaders" in current_line(left)
            assert "The Chinese and North Korean leaders" in current_line(right)
            assert "  1 " in current_line(left) and "  1 " in current_line(right)

            await pilot.press("n")
            await pilot.pause()
            assert "In a message to Chinese President Xi Jinping" in current_line(left)
            assert "North Korea's Kim Jong-Un told Chinese President" in current_line(right)
            assert "pair 2 of 7" in static_text(screen.query_one("#compare-detail", Static))

            await pilot.press("n")  # pair 3: the Xinhua attribution dropped
            await pilot.pause()
            assert "Xi said in his message that China and North Korea" in current_line(left)
            assert "✗" in current_line(left) and "✗" in current_line(right)
            detail = static_text(screen.query_one("#compare-detail", Static))
            assert "dropped: Xinhua News Agency (state media) → no one" in detail

            await pilot.press("p")
            await pilot.pause()
            assert "In a message to Chinese President Xi Jinping" in current_line(left)

    run(body())


def test_moving_to_a_late_pair_scrolls_both_panes_to_it() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await open_compare(pilot)
            left, right = screen.query_one("#left", ComparePane), screen.query_one("#right", ComparePane)
            at_first = left.scroll_y, right.scroll_y
            for _ in range(6):
                await pilot.press("n")
            await pilot.pause()
            # Pair 7 is far down both texts: both panes scrolled so that its sentence is in view.
            assert left.scroll_y > at_first[0] and right.scroll_y > at_first[1]
            assert "Kim said in his message that the bilateral" in current_line(left)
            assert "In his message to Xi, Kim said that the" in current_line(right)

    run(body())


def test_escape_returns_to_the_list() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await open_compare(pilot)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, CompareScreen)
            assert app.query_one(ArticleList).is_attached
            assert app.focused is not None and app.focused.id == "articles"
            await pilot.press("down", "c")  # from seed 002 too, and q closes it as Escape does
            await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the compare screen")
            await pilot.press("q")
            await pilot.pause()
            assert not isinstance(app.screen, CompareScreen) and app.is_running

    run(body())


def test_an_article_nothing_reuses_says_so(tmp_path: Path) -> None:
    (tmp_path / "lonely.txt").write_text(LONELY, encoding="utf-8")

    async def body() -> None:
        app = make_app(["seeds", str(tmp_path)])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            listing = app.query_one(ArticleList)
            row = next(i for i, r in enumerate(listing.rows) if r.article.id == "lonely")
            assert listing.rows[row].reuse == ""
            listing.table.move_cursor(row=listing.shown.index(row))
            await settle(pilot)
            await pilot.press("c")
            await pilot.pause()
            assert not isinstance(app.screen, CompareScreen)
            assert any("lonely: no listed article reuses it or is reused by it" in m for m in messages(app))

    run(body())


def test_several_pairs_offer_a_choice(tmp_path: Path) -> None:
    # A verbatim copy of the rewrite: seed 000 is then reused twice.
    for name in ("000_19cab8bc42d06589.txt", "002_d6d61b5716b39101.txt"):
        shutil.copy(Path("seeds") / name, tmp_path / name)
    shutil.copy(Path("seeds") / "002_d6d61b5716b39101.txt", tmp_path / "copy_of_002.txt")

    async def body() -> None:
        app = make_app([str(tmp_path)])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            listing = app.query_one(ArticleList)
            origin = next(r for r in listing.rows if r.article.id == SEED_000)
            assert origin.reuse == "→ ×2"  # reused by both copies
            listing.table.move_cursor(row=listing.shown.index(listing.rows.index(origin)))
            await settle(pilot)
            await pilot.press("c")
            await until(pilot, lambda: isinstance(app.screen, PickScreen), "the chooser")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the compare screen")

    run(body())


def test_article_text_is_never_markup_in_the_compare_screen() -> None:
    rules = load_rules()
    seed = Path("seeds/000_19cab8bc42d06589.txt").read_text(encoding="utf-8")
    hostile = "[bold red]not markup[/] \x1b[31mred\x1b[0m\n\n"
    a = analyse(Article("a", seed), rules)
    b = analyse(Article("b", hostile + seed), rules)

    async def body() -> None:
        app = CompareApp(compare(a, b), a, b)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, CompareScreen), "the compare screen")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            pane = screen.query_one("#left" if screen.left.id == "b" else "#right", ComparePane)
            pane.scroll_to(y=0, animate=False, immediate=True)
            await pilot.pause()
            text = shown(pane)
            assert "[bold red]not markup[/]" in text
            assert "\x1b" not in text and "\u241b[31mred" in text  # ESC shown as ␛, never run
            await pilot.press("escape")
            await pilot.pause()
        assert app.return_code == 0

    run(body())


def test_scrolling_one_pane_keeps_the_other_level_and_a_click_picks_a_pair() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_compare(pilot)
            left, right = screen.query_one("#left", ComparePane), screen.query_one("#right", ComparePane)
            fifth = next(stop for stop in screen.stops if stop.number == 5)
            assert fifth.left is not None and fifth.right is not None
            # The user scrolls the origin (as the mouse wheel does) until pair 5 is a third down.
            while left.line_of(fifth.left.start) - left.scroll_y > left.size.height // 3:
                left.scroll_down(animate=False)
                await pilot.pause()
            await pilot.pause()
            on_left = left.line_of(fifth.left.start) - left.scroll_y
            on_right = right.line_of(fifth.right.start) - right.scroll_y
            assert right.scroll_y > 0 and abs(on_left - on_right) <= 1, (on_left, on_right)

            # Its second line: the first may end the sentence before (pair 5 starts mid-line in 002).
            await pilot.click("#right", offset=(GUTTER + 4, 2 + on_right))
            await pilot.pause()
            assert "pair 5 of 7" in static_text(screen.query_one("#compare-detail", Static))
            assert "He argued" in current_line(right)

    run(body())


def test_a_slow_search_for_pairs_is_not_repeated_meanwhile_nor_waited_for_on_quitting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import dashboard.tui.session as session_module

    release = threading.Event()
    calls: list[int] = []
    timed_out: list[bool] = []  # a search that was still blocked after a minute
    real = session_module.find_links

    def slow(digests: Any, **options: Any) -> Any:
        calls.append(len(digests))
        timed_out.append(not release.wait(60))
        return real(digests, **options)

    monkeypatch.setattr(session_module, "find_links", slow)

    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: calls, "a search for pairs")
            await pilot.press("c")
            await pilot.pause()
            assert any("still comparing the articles" in m for m in messages(app))
            await pilot.press("r")  # the rules read again: a re-score, which asks for another search
            await until(pilot, lambda: not app.session.scoring and app.session._pair_next is not None,
                        "the re-score to ask for a search")
            assert len(calls) == 1  # one search at a time: the next starts once this one has ended
            release.set()
            await until(pilot, lambda: not app.session.pairing, "both searches")
            assert len(calls) == 2
            assert app.query_one(ArticleList).rows[0].reuse == "→ 002…"

            release.clear()
            await pilot.press("r")
            await until(pilot, lambda: len(calls) == 3, "a third search")
            await pilot.press("q")  # quits at once: the search is on a daemon thread
        assert app.return_code == 0
        assert timed_out == [False, False], "quitting waited for the search under way"
        release.set()

    run(body())
