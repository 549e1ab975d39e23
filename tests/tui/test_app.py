"""The dashboard driven the way a user drives it: keys in, what the panels show out."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from rule_snippets import loaded_rule
from textual.widgets import DataTable, OptionList, Static
from tui_helpers import REPO, SIZE, cell_texts, make_app, run, settle, shown, source_names, static_text

from dashboard.tui.app import RuleSource
from dashboard.tui.screens.help import HelpScreen
from dashboard.tui.widgets.article_list import ArticleList
from dashboard.tui.widgets.loaded_hits import LoadedHits

pytestmark = pytest.mark.usefixtures("at_repo")

SEED_000 = "000_19cab8bc42d06589"
SEED_002 = "002_d6d61b5716b39101"


def test_seeds_are_listed() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert len(app.query_one(ArticleList).rows) == 2
            table = app.query_one("#articles", DataTable)
            assert table.row_count == 2
            assert [a.article.id for a in app.analyses] == [SEED_000, SEED_002]
            screen_text = shown(table)
            assert "Leaders of North Korea, China vow" in screen_text
            assert SEED_002 in screen_text
            assert "2 articles" in static_text(app.query_one("#status", Static))

    run(body())


def test_moving_the_cursor_updates_every_panel() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.selected == 0
            assert app.current() is not None and app.current().article.id == SEED_000
            sources = app.query_one("#sources", OptionList)
            names = source_names(sources)
            assert {"Korean Central News Agency", "Xinhua News Agency"} <= set(names)
            assert not {"Associated Press", "Reuters", "Yahoo News"} & set(names)
            cards_before = shown(app.query_one("#cards"))
            loaded_before = app.query_one("#loaded", DataTable).row_count
            text_before = app.query_one("#text").border_subtitle

            await pilot.press("down")
            await settle(pilot)  # its analysis is made off the UI thread

            assert app.selected == 1
            assert app.current().article.id == SEED_002
            names = source_names(sources)
            assert {"Korean Central News Agency", "Associated Press", "Reuters", "Yahoo News"} <= set(names)
            assert shown(app.query_one("#cards")) != cards_before
            assert "551 words" in shown(app.query_one("#cards"))
            loaded = app.query_one("#loaded", DataTable)
            assert loaded.row_count == len(app.current().loaded) != loaded_before
            checks = app.query_one("#checks", DataTable)
            # Its own findings, then those of the reuse checks (002 rewrites 000), as `check` gives them.
            listed = [cell_texts(checks, row)[1] for row in range(checks.row_count)]
            assert listed[:len(app.current().findings)] == [f.check for f in app.current().findings]
            assert {"state-media-laundered", "partial-wire-credit"} <= set(listed)
            assert SEED_002 in str(app.query_one("#text").border_subtitle) != str(text_before)
            paragraphs = [static_text(p) for p in app.query("#paragraphs Static")]
            assert any("fortify their countries' relationship" in p for p in paragraphs)

    run(body())


def test_score_cards_show_the_whole_summary_at_160x48() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            cards = shown(app.query_one("#cards"))
            m = app.current().metrics
            assert f"{m['words']} words" in cards
            assert f"state media {m['state_media_share']:.0%}" in cards and "wire 0%" in cards

    run(body())


def test_q_quits_cleanly() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("q")
            await pilot.pause()
        assert not app.is_running
        assert app.return_code == 0
        assert app.return_value is None

    run(body())


def test_selecting_a_loaded_hit_explains_it() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            analysis = app.current()
            assert analysis is not None and analysis.loaded, "seed 000 has loaded wording"
            detail = app.query_one("#detail", Static)
            assert not detail.display
            loaded = app.query_one("#loaded", LoadedHits)
            loaded.focus()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            hit = analysis.loaded[loaded.cursor_row]
            matched = analysis.article.text[hit.span.start:hit.span.end]
            explanation = static_text(detail)
            assert detail.display
            assert hit.rule.startswith("loaded-")
            assert hit.rule in explanation
            assert matched in explanation
            assert "rules/loaded.yaml:" in explanation
            assert matched in shown(detail)

    run(body())


def test_filter_is_debounced_and_escape_returns_to_the_table() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.query_one("#articles", DataTable)
            await pilot.press("slash")
            assert app.focused is not None and app.focused.id == "filter"
            await pilot.press("v", "o", "w")
            await pilot.pause(0.3)
            assert table.row_count == 1
            assert app.query_one(ArticleList).shown == [0]
            assert "Leaders of North Korea" in shown(table)
            await pilot.press("escape")
            await pilot.pause()
            assert app.focused is table

    run(body())


def test_s_sorts_and_marks_the_column() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.query_one("#articles", DataTable)

            def labels() -> list[str]:
                return [c.label.plain for c in table.columns.values()]

            assert not any("▲" in label or "▼" in label for label in labels())
            await pilot.press("s")
            await pilot.pause()
            assert sum(("▲" in label or "▼" in label) for label in labels()) == 1
            await pilot.press("s")
            await pilot.pause()
            marked = [label for label in labels() if "▲" in label or "▼" in label]
            assert marked and marked[0].startswith("Title")
            assert table.row_count == 2

    run(body())


def test_help_opens_and_closes() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)
            assert app.focused is app.query_one("#articles")

    run(body())


def test_t_switches_theme() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.theme == "textual-dark"
            await pilot.press("t")
            assert app.theme == "textual-light"
            await pilot.press("t")
            assert app.theme == "textual-dark"

    run(body())


def test_number_keys_toggle_panels() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            loaded = app.query_one("#loaded")
            assert loaded.display
            await pilot.press("4")
            await pilot.pause()
            assert not loaded.display
            assert loaded.region.width == 0 or loaded.region.height == 0
            await pilot.press("4")
            await pilot.pause()
            assert loaded.display
            assert loaded.region.height > 0

    run(body())


def test_exports(tmp_path: Path) -> None:
    async def body() -> None:
        app = make_app(export_dir=tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("x")
            await pilot.pause()
            await pilot.press("j")
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
        files = sorted(tmp_path.iterdir())
        assert sorted(p.suffix for p in files) == [".csv", ".json", ".svg"], files
        assert all(p.name.startswith("biasdash-") for p in files), "no temporary file left behind"
        by_suffix = {p.suffix: p for p in files}
        with by_suffix[".csv"].open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert "attribution_density" in rows[0]
        assert len(rows) == 3
        payload = json.loads(by_suffix[".json"].read_text(encoding="utf-8"))
        assert isinstance(payload, list) and len(payload) == 2
        assert all(isinstance(item, dict) for item in payload)
        svg = by_suffix[".svg"].read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg")
        assert "Articles" in svg

    run(body())


WEIRD = ("[bold]Boom[/bold] \x1b[31mred\x1b[0m \u202eevil\n\n"
         "Officials said on Monday that [link=http://x]y[/link] was \x1b[31mred\x1b[0m and the "
         "\u202eright-to-left\u202c text stayed put, according to Reuters.\n\n"
         "The minister said the plan would go ahead.\n")


def test_markup_and_control_characters_are_shown_literally(tmp_path: Path) -> None:
    folder = tmp_path / "weird"
    folder.mkdir()
    (folder / "weird.txt").write_text(WEIRD, encoding="utf-8")

    async def body() -> None:
        app = make_app([str(folder)])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert len(app.analyses) == 1
            table = app.query_one("#articles", DataTable)
            title_cell = cell_texts(table, 0)[1]
            assert title_cell.startswith("[bold]Boom[/bold]")
            assert "\x1b" not in title_cell and "\u202e" not in title_cell
            listed = shown(table)
            assert "[bold]Boom[/bold]" in listed
            assert "\x1b" not in listed and "\u202e" not in listed

            paragraphs = list(app.query("#paragraphs Static"))
            assert paragraphs
            texts = [static_text(p) for p in paragraphs]
            joined = "\n".join(texts)
            assert "[bold]Boom[/bold]" in joined
            assert "[link=http://x]y[/link]" in joined
            assert "\x1b" not in joined and "\u202e" not in joined
            painted = "\n".join(shown(p) for p in paragraphs)
            assert "[bold]Boom[/bold]" in painted
            assert "\x1b" not in painted and "\u202e" not in painted

            everything = app.export_screenshot()
            assert "\x1b" not in everything and "\u202e" not in everything
        assert app.return_code in (None, 0)

    run(body())


def _markup_path_folder(tmp_path: Path) -> Path:
    # "/" cannot be in a file name, but a folder named "x[" makes the path "x[/i]y.txt".
    folder = tmp_path / "corpus"
    (folder / "x[").mkdir(parents=True)
    (folder / "x[" / "i]y.txt").write_text("Officials said the talks went well.\n", encoding="utf-8")
    return folder


def test_a_path_with_markup_is_shown_literally(tmp_path: Path) -> None:
    folder = _markup_path_folder(tmp_path)

    async def body() -> None:
        app = make_app([str(folder)])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert len(app.analyses) == 1
            # The path is in the border of the text panel, literally (not parsed as markup).
            assert "x[/i]y.txt" in app.export_screenshot()

    run(body())


def test_a_path_with_control_characters_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "e\x1b[31mred\u202eX.txt").write_text("Officials said the talks went well.\n",
                                                     encoding="utf-8")

    async def body() -> None:
        app = make_app([str(folder)])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert len(app.analyses) == 1
            everything = app.export_screenshot()
            assert "\x1b" not in everything and "\u202e" not in everything

    run(body())


def _treaty_pack(terms: str) -> str:
    return loaded_rule(terms, "The treaty was signed.", "loaded-test-treaty")


def test_rule_edits_rescore_and_broken_rules_keep_the_last_good_ones(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    rule_file = pack / "extra.yaml"
    rule_file.write_text(_treaty_pack("treaty"), encoding="utf-8")

    async def body() -> None:
        app = make_app(rules=RuleSource([pack], True, frozenset(), {}), watch=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            loaded = app.query_one("#loaded", DataTable)
            assert app.selected == 0
            before = loaded.row_count
            terms = [cell_texts(loaded, i)[0].lower() for i in range(loaded.row_count)]
            assert "treaty" in terms and "leaders" not in terms

            rule_file.write_text(_treaty_pack("treaty, leaders"), encoding="utf-8")
            app.check_rules()
            await settle(pilot)
            assert app.rule_error is None
            assert app.selected == 0
            grown = loaded.row_count
            assert grown > before
            terms = [cell_texts(loaded, i)[0].lower() for i in range(loaded.row_count)]
            assert "leaders" in terms

            with rule_file.open("a", encoding="utf-8") as handle:
                handle.write("  - [unclosed\n")
            app.check_rules()
            await settle(pilot)
            assert app.rule_error is not None
            assert re.search(re.escape(str(rule_file)) + r":\d+", app.rule_error), app.rule_error
            assert loaded.row_count == grown
            assert app.ruleset is not None and "loaded-test-treaty" in app.ruleset.by_id
            status = static_text(app.query_one("#status", Static))
            assert "rules:" in status
            assert "last good rules in force" in status

            # Mending the file clears the error (the watch timer or a direct check picks it up).
            rule_file.write_text(_treaty_pack("treaty"), encoding="utf-8")
            app.check_rules()
            await settle(pilot)
            assert app.rule_error is None
            assert loaded.row_count == before
            assert "rules:" not in static_text(app.query_one("#status", Static))

    run(body())


def test_rule_file_watch_timer_picks_up_an_edit(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    rule_file = pack / "extra.yaml"
    rule_file.write_text(_treaty_pack("treaty"), encoding="utf-8")

    async def body() -> None:
        app = make_app(rules=RuleSource([pack], True, frozenset(), {}), watch=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            loaded = app.query_one("#loaded", DataTable)
            before = loaded.row_count
            rule_file.write_text(_treaty_pack("treaty, leaders"), encoding="utf-8")
            for _ in range(30):  # the poll runs every 0.5 s
                await pilot.pause(0.1)
                await settle(pilot)
                if loaded.row_count > before:
                    break
            assert loaded.row_count > before

    run(body())


def test_a_big_corpus_is_listed(tmp_path: Path) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(300):
            record = {"id": f"a{i:03d}", "title": f"Generated article {i:03d}", "outlet": "Test Wire",
                      "text": seeds[i % len(seeds)]}
            handle.write(json.dumps(record) + "\n")

    async def body() -> None:
        app = make_app([str(corpus)])
        async with app.run_test(size=SIZE) as pilot:
            table = app.query_one("#articles", DataTable)
            for _ in range(200):
                if app.selected is not None:
                    break
                await pilot.pause(0.02)
            assert app.selected == 0, "the first article is selected as soon as it is listed"
            await settle(pilot)
            assert table.row_count == 300
            assert len(app.analyses) == 300
            assert app.selected == 0 and table.cursor_row == 0
            assert app.current().article.id == "a000"
            assert "Generated article 000" in shown(table)
            status = static_text(app.query_one("#status", Static))
            assert "300 articles" in status and "scoring" not in status
            assert not app.load_errors

    run(body())


def test_unreadable_input_is_reported_not_fatal(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "Officials said the talks went well."}\n{not json\n',
                   encoding="utf-8")

    async def body() -> None:
        app = make_app([str(bad)])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.query_one("#articles", DataTable).row_count == 1
            assert len(app.load_errors) == 1
            assert "1 unreadable" in static_text(app.query_one("#status", Static))

    run(body())


def test_loaded_table_is_not_left_truncated_by_an_early_paint() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            loaded = app.query_one("#loaded", LoadedHits)
            analysis = app.current()
            terms = [analysis.article.text[h.span.start:h.span.end] for h in analysis.loaded]
            assert "hostile forces" in terms
            # What the compositor does when it repaints right after the panel is filled.
            loaded.show(analysis)
            for y in range(loaded.size.height):
                loaded.render_line(y)
            await pilot.pause()
            await pilot.pause()
            assert "hostile forces" in shown(loaded, fresh=False)

    run(body())


def test_panels_follow_a_terminal_resize() -> None:
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "attribution" in shown(app.query_one("#cards"))
            await pilot.resize_terminal(110, 30)
            await pilot.pause()
            await pilot.pause()
            # What selecting the same article at this size shows: the compact line of the cards.
            assert f"attr {app.current().metrics['attribution_density']:.0%}" in shown(app.query_one("#cards"))

    run(body())


@pytest.mark.parametrize("size", [(120, 36), (160, 48)])
def test_every_outlet_of_the_rewrite_is_on_screen_without_scrolling(size: tuple[int, int]) -> None:
    """The source mix lists outlets first, by display name with their kind as a word: at both
    sizes KCNA, AP, Reuters and Yahoo News of seed 002 are painted without scrolling."""
    async def body() -> None:
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("down")
            await settle(pilot)
            assert app.current().article.id == SEED_002
            painted = shown(app.query_one("#sources"))
            for outlet in ("Korean Central", "Associated Press", "Reuters", "Yahoo News"):
                line = next((l for l in painted.splitlines() if outlet in l), None)
                assert line is not None, f"{outlet} is not on screen at {size}:\n{painted}"
            assert {"■", "▲", "◆"} <= set(painted)  # each kind has its mark, not colour only ...
            legend = shown(app.query_one("#legend"))
            assert "■ state media" in legend and "▲ wire" in legend and "◆ aggregator" in legend  # ... and a key
            if size[0] >= 160:  # where there is room, the kind in words too
                assert "Yahoo News 1 · aggregator" in painted and "Reuters 1 · wire" in painted

    run(body())
