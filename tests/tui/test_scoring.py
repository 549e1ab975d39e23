"""The dashboard's background scoring on worker processes: the same list as one process gives,
a rule edit mid-scoring, quitting mid-scoring, and exports of a corpus scored that way."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from rule_snippets import loaded_rule
from textual.widgets import DataTable, Input, Static
from tui_helpers import (
    REPO,
    SIZE,
    cell_texts,
    child_processes,
    make_app,
    run,
    settle,
    shown,
    static_text,
    table_rows,
    until,
)

import dashboard.tui.session as session_module
from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.report.contract import to_contract
from dashboard.runtime.articles import load_articles
from dashboard.tui.app import INLINE_EXPORT, RuleSource
from dashboard.tui.widgets.article_list import ArticleList

# Every test here scores hundreds of articles on worker processes: seconds to a minute each.
pytestmark = [pytest.mark.usefixtures("at_repo"), pytest.mark.slow]

# A loaded-wording rule of the tests: version 1 matches nothing in the corpus, version 2 matches
# the word every generated article has in the author's voice.
V1, V2 = "flumdiddle", "zorblat"


def write_corpus(path: Path, count: int, shuffled: bool = False) -> Path:
    """`count` articles made of the seeds, each with 1-3 sentences of the word of V2, so that
    neighbouring rows differ. shuffled: titles out of input order, every third outlet "Other Desk"."""
    seeds = [p.read_text(encoding="utf-8").split("\n") for p in sorted((REPO / "seeds").glob("*.txt"))]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            lines = seeds[i % len(seeds)]
            middle = len(lines) // 2
            extra = [f"On day {i + 3} the {V2} plan was a disaster for everyone."] * (1 + i % 3)
            title = f"Article {i * 7919 % count:04d}" if shuffled else f"Generated article {i:04d}"
            outlet = "Other Desk" if shuffled and i % 3 == 0 else "Test Wire"
            record = {"id": f"a{i:04d}", "title": title, "outlet": outlet,
                      "text": "\n".join(lines[:middle] + extra + lines[middle:])}
            handle.write(json.dumps(record) + "\n")
    return path


def rule_pack(tmp_path: Path, term: str) -> tuple[Path, Path]:
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    rule_file = pack / "extra.yaml"
    rule_file.write_text(loaded_rule(term, f"The {term} was signed."), encoding="utf-8")
    return pack, rule_file


def expected_loaded_column(corpus: Path, rules: RuleSource) -> list[str]:
    """The Ld/100 column the list should show, scored here article by article."""
    ruleset = rules.load()
    articles = [a for a in load_articles([str(corpus)]) if isinstance(a, Article)]
    return [f"{analyse(a, ruleset).metrics['loaded_author_per_100']:.2f}" for a in articles]


def test_two_workers_list_the_same_rows_in_the_same_order_as_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 120)
    jobs_used: list[int] = []
    real_score_all = session_module.score_all

    def recording(items: Any, ruleset: Any, **options: Any) -> Any:
        jobs_used.append(options["jobs"])
        return real_score_all(items, ruleset, **options)

    monkeypatch.setattr(session_module, "score_all", recording)

    async def listing(jobs: int) -> tuple[list[list[str]], str, str, str]:
        export_dir = tmp_path / f"jobs{jobs}"
        export_dir.mkdir()
        app = make_app([str(corpus)], jobs=jobs, export_dir=export_dir)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            rows = table_rows(app.query_one("#articles", DataTable))
            status = static_text(app.query_one("#status", Static))
            await pilot.press("end")  # the last article, in every panel
            await settle(pilot)
            cards = shown(app.query_one("#cards"))
            await pilot.press("x")
            await pilot.pause()
        (csv_file,) = export_dir.glob("*.csv")
        return rows, status, cards, csv_file.read_text(encoding="utf-8")

    one = run(listing(1))
    two = run(listing(2))
    assert jobs_used == [1, 2]
    assert len(one[0]) == 120
    assert [row[1] for row in one[0]] == [f"Generated article {i:04d}" for i in range(120)]
    assert two[0] == one[0], "the same rows, cell for cell, in the same order"
    assert two[1] == one[1] and "120 articles" in two[1] and "scoring" not in two[1]
    assert two[2] == one[2] and "words" in two[2]
    assert two[3] == one[3] and two[3].count("\n") == 121


def test_a_rule_edit_while_scoring_on_workers_starts_again_with_the_new_rules(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 600)
    pack, rule_file = rule_pack(tmp_path, V1)
    rules = RuleSource([pack], True, frozenset(), {})
    before = expected_loaded_column(corpus, rules)
    rule_file.write_text(loaded_rule(V2, f"The {V2} was signed."), encoding="utf-8")
    after = expected_loaded_column(corpus, rules)
    assert before != after
    rule_file.write_text(loaded_rule(V1, f"The {V1} was signed."), encoding="utf-8")

    async def body() -> None:
        app = make_app([str(corpus)], rules=rules, watch=True, jobs=2)
        async with app.run_test(size=SIZE) as pilot:
            table = app.query_one("#articles", DataTable)
            await until(pilot, lambda: table.row_count > 0, "the first rows")
            listed = table.row_count
            # The first rows are listed with the first rules, and scoring is still going on.
            assert app.scoring and listed < 600
            assert [row[7] for row in table_rows(table)] == before[:listed]

            rule_file.write_text(loaded_rule(V2, f"The {V2} was signed."), encoding="utf-8")
            app.check_rules()  # what the watch timer does within half a second
            await settle(pilot)
            rows = table_rows(table)
            assert [row[1] for row in rows] == [f"Generated article {i:04d}" for i in range(600)]
            assert [row[7] for row in rows] == after
            status = static_text(app.query_one("#status", Static))
            assert "600 articles" in status and "scoring" not in status
            selected = app.current()
            assert V2 in [selected.article.text[h.span.start:h.span.end] for h in selected.loaded]

            # Once more while re-scoring every article: the last edit wins.
            rule_file.write_text(loaded_rule(V1, f"The {V1} was signed."), encoding="utf-8")
            app.check_rules()
            await until(pilot, lambda: len(multiprocessing.active_children()) > 0, "the re-score's worker processes")
            assert app.scoring
            rule_file.write_text(loaded_rule(V2 + ", " + V1, f"The {V2} was signed.") + "\n", encoding="utf-8")
            app.check_rules()
            await settle(pilot)
            assert [row[7] for row in table_rows(table)] == after
            assert app.rule_error is None and not app.load_errors

    run(body())


@pytest.mark.parametrize("count, repeat", [(2000, 1), (12, 500)], ids=["many", "long"])
def test_quitting_while_scoring_leaves_no_worker_process(tmp_path: Path, count: int, repeat: int,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    # "long": after the first, articles of 1.7 MB, about a second each: the workers are mid-article
    # and still busy when told to stop, so they are killed.
    corpus = tmp_path / "corpus.jsonl"
    text = (REPO / "seeds" / "000_19cab8bc42d06589.txt").read_text(encoding="utf-8")
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(count):
            body = text * (repeat if i else 1)
            handle.write(json.dumps({"id": f"a{i:04d}", "text": f"Article {i}.\n\n{body}"}) + "\n")

    # Processes other tests in this session left running (a Dask cluster, say) are not the app's.
    before = set(child_processes())
    active_before = set(multiprocessing.active_children())

    async def body() -> None:
        app = make_app([str(corpus)], jobs=2)
        async with app.run_test(size=SIZE) as pilot:
            table = app.query_one("#articles", DataTable)
            await until(pilot, lambda: table.row_count > 0, "the first rows")
            assert len(set(child_processes()) - before) >= 2
            assert app.scoring and table.row_count < count
            await pilot.press("q")
        # The app has exited (its event loop still runs: nothing else has waited for the workers).
        assert not app.is_running
        assert app.return_code == 0
        assert set(child_processes()) - before == set()
        assert set(multiprocessing.active_children()) - active_before == set()

    run(body())
    err = capfd.readouterr().err
    assert "Traceback" not in err, err


def test_sorting_while_scoring_keeps_the_list_sorted_and_the_article_selected(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 2000, shuffled=True)
    titles = [json.loads(line)["title"] for line in corpus.read_text(encoding="utf-8").splitlines()]

    async def body() -> None:
        app = make_app([str(corpus)], jobs=2)
        async with app.run_test(size=SIZE) as pilot:
            table = app.query_one("#articles", DataTable)
            await until(pilot, lambda: table.row_count > 3, "four rows")
            # What down, down, down, s, s do (Pilot's key presses wait for an idle process, and
            # scoring keeps it busy until it is done).
            table.move_cursor(row=3)
            listing = app.query_one(ArticleList)
            # The panels show it once its analysis is made (off the UI thread).
            await until(pilot, lambda: app.selected == listing.shown[3] and app.current() is not None,
                        "the fourth row's analysis in the panels")
            chosen = app.current().article.id
            app.action_sort()  # the mark column
            app.action_sort()  # the title
            await until(pilot, lambda: "Title ▲" in shown(table), "the list sorted by title")
            assert app.scoring and table.row_count < 2000, "sorted while scoring"
            listed = table.row_count
            await until(pilot, lambda: table.row_count > listed, "rows scored after the sort")
            assert app.current().article.id == chosen
            assert cell_texts(table, table.cursor_row)[1] == app.current().title
            await settle(pilot)
            assert [row[1] for row in table_rows(table)] == sorted(titles)
            assert app.current().article.id == chosen
            assert cell_texts(table, table.cursor_row)[1] == app.current().title

    run(body())


def test_filtering_while_scoring_lists_only_matching_articles(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 2000, shuffled=True)
    titles = [json.loads(line)["title"] for line in corpus.read_text(encoding="utf-8").splitlines()]

    async def body() -> None:
        app = make_app([str(corpus)], jobs=2)
        async with app.run_test(size=SIZE) as pilot:
            table = app.query_one("#articles", DataTable)
            await until(pilot, lambda: table.row_count > 0, "the first rows")
            app.action_filter()  # what / and typing do
            app.query_one("#filter", Input).value = "other desk"
            await pilot.pause(0.3)
            assert app.scoring, "filtered while scoring"
            await settle(pilot)
            assert [row[1] for row in table_rows(table)] == titles[::3]
            assert all(row[2] == "Other Desk" for row in table_rows(table))
            assert app.current().article.outlet == "Other Desk"

    run(body())


def test_a_big_json_export_is_written_in_the_background(tmp_path: Path) -> None:
    count = INLINE_EXPORT + 20
    corpus = write_corpus(tmp_path / "corpus.jsonl", count)
    out = tmp_path / "out"
    out.mkdir()

    async def body() -> None:
        app = make_app([str(corpus)], jobs=2, export_dir=out)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("s")  # sorted by the mark column: the export follows the list
            await pilot.pause()
            order = [row[1] for row in table_rows(app.query_one("#articles", DataTable))]
            await pilot.press("j")
            await until(pilot, lambda: any(out.glob("*.json")), "the JSON export")
            await settle(pilot)
        (written,) = out.glob("*.json")
        ruleset = RuleSource([], True, frozenset(), {}).load()
        by_title = {a.title: a for a in load_articles([str(corpus)]) if isinstance(a, Article)}
        expected = [to_contract(analyse(by_title[title], ruleset)) for title in order]
        text = written.read_text(encoding="utf-8")
        assert text == json.dumps(expected, ensure_ascii=True, indent=2) + "\n"
        assert [p.name for p in out.iterdir()] == [written.name], "no temporary file left behind"

    run(body())
