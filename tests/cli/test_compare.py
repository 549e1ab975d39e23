"""`biasdash compare`: the seed pair found and described (origin, credit, changes), every format,
two unrelated articles, --pairs, bad inputs, and the reuse checks of `check` on a corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("in_tmp")

ORIGIN, REWRITE = "000_19cab8bc42d06589", "002_d6d61b5716b39101"
# An article on another subject: nothing in it is taken from the seeds.
UNRELATED = ("The city council approved a new budget for the public library on Tuesday.\n"
             "The library will open on Sundays from next spring, the mayor said.\n"
             "Volunteers have run a reading club for children there since 2015.\n")
CONTRACT_KEYS = {"a", "b", "origin", "reused_share", "aligned", "credited", "credit", "attribution_changes"}
FINDING_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): (?P<severity>info|warning|error) "
                          r"(?P<check>[a-z0-9][a-z0-9_.-]*): (?P<message>.+)$")


def _seed_pair(run_cli, seeds_dir) -> dict:
    result = run_cli("compare", "--format", "jsonl", seeds_dir)
    assert result.code == 0, result.stderr
    assert result.lines is not None and len(result.lines) == 1, result.stdout
    return result.lines[0]


def _offset(text: str, line: int, column: int) -> int:
    return sum(len(x) + 1 for x in text.split("\n")[:line - 1]) + column - 1


def test_the_seeds_are_one_pair_with_000_as_origin(run_cli, seeds_dir) -> None:
    pair = _seed_pair(run_cli, seeds_dir)
    assert set(pair) >= CONTRACT_KEYS
    assert {pair["a"], pair["b"]} == {ORIGIN, REWRITE}
    assert pair["origin"] == ORIGIN and pair["derivative"] == REWRITE and pair["reused"] is True
    assert set(pair["reused_share"]) == {ORIGIN, REWRITE}
    assert all(0 < share <= 1 for share in pair["reused_share"].values())
    assert pair["aligned"] and all(x["kind"] in ("verbatim", "near-verbatim", "paraphrase")
                                   and 0 <= x["similarity"] <= 1 for x in pair["aligned"])


def test_the_ap_credit_is_found_in_002_where_it_is(run_cli, seeds_dir, seed_file) -> None:
    pair = _seed_pair(run_cli, seeds_dir)
    text = seed_file("002").read_text(encoding="utf-8")
    credit = pair["credit"]
    assert pair["credited"] is True
    assert credit["text"] == text[credit["start"]:credit["end"]]
    assert "Associated Press" in credit["text"]
    assert _offset(text, credit["line"], credit["column"]) == credit["start"]


def _changes(pair: dict, kind: str) -> list[dict]:
    return [c for c in pair["attribution_changes"] if c["change"] == kind]


def test_the_rewrite_adds_yahoo_news_and_reuters(run_cli, seeds_dir) -> None:
    added = {c["to"]["source_id"] for c in _changes(_seed_pair(run_cli, seeds_dir), "added")}
    assert {"yahoo-news", "reuters"} <= added


def test_the_xinhua_attribution_is_dropped_or_laundered(run_cli, seeds_dir) -> None:
    pair = _seed_pair(run_cli, seeds_dir)
    lost = [c for c in pair["attribution_changes"]
            if c["from"] and c["from"]["source_id"] == "xinhua" and c["change"] in ("dropped", "laundered")]
    assert lost, pair["attribution_changes"]


def test_the_xinhua_change_is_on_xis_message_in_002(run_cli, seeds_dir) -> None:
    pair = _seed_pair(run_cli, seeds_dir)
    [lost] = [c for c in pair["attribution_changes"] if c["from"] and c["from"]["source_id"] == "xinhua"]
    side = lost["b"] if pair["b"] == REWRITE else lost["a"]
    assert side["text"].startswith("In his response message to Kim, Xi said")


def test_name_variants_are_not_changes(run_cli, seeds_dir) -> None:
    pair = _seed_pair(run_cli, seeds_dir)
    assert not [c for c in _changes(pair, "changed")
                if {c["from"]["name"], c["to"]["name"]} == {"Kim Jong Un", "Kim Jong-Un"}]


def test_text_says_the_pair_the_origin_the_credit_and_the_changes(run_cli, seeds_dir) -> None:
    result = run_cli("compare", seeds_dir)
    assert result.code == 0, result.stderr
    out = result.stdout
    assert f"origin: A {ORIGIN} (" in out
    assert re.search(r'credit: B \d+:\d+ "the Associated Press"', out)
    assert re.search(r"A \d+:\d+ \u2194 B \d+:\d+  paraphrase 0\.\d\d", out)
    assert "Xinhua News Agency \u2192 " in out
    assert "no one \u2192 Yahoo News" in out
    assert "1 pair(s) compared, 1 of them reuse" in result.stderr


def test_json_is_the_list_of_what_jsonl_gives_line_by_line(run_cli, seeds_dir) -> None:
    as_json = run_cli("compare", "--format", "json", seeds_dir)
    assert as_json.code == 0 and as_json.json == [_seed_pair(run_cli, seeds_dir)]


def test_the_same_pairs_with_one_and_two_jobs(run_cli, seeds_dir) -> None:
    one = run_cli("compare", "--format", "jsonl", "--jobs", "1", seeds_dir)
    two = run_cli("compare", "--format", "jsonl", "--jobs", "2", seeds_dir)
    assert one.stdout == two.stdout and one.lines


def test_two_unrelated_articles_are_no_reuse(run_cli, seed_file, write_file) -> None:
    other = write_file("library.txt", UNRELATED)
    result = run_cli("compare", "--format", "jsonl", seed_file("000"), other)
    assert result.code == 0, result.stderr
    [pair] = result.lines
    assert pair["reused"] is False and pair["origin"] is None and pair["credit"] is None
    text = run_cli("compare", seed_file("000"), other)
    assert "no reuse" in text.stdout and "0 of them reuse" in text.stderr


def test_article_text_is_shown_as_plain_text(run_cli, seed_file, write_file) -> None:
    # The rewrite's sentences, each with a terminal escape and markup in it.
    rewrite = seed_file("002").read_text(encoding="utf-8").replace("Kim", "[bold]Kim\x1b[2J")
    copy = write_file("rewrite.txt", rewrite)
    result = run_cli("compare", seed_file("000"), copy)
    assert result.code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout
    assert "[bold]" in result.stdout  # literal: text output is never markup


def test_pairs_file_aligns_each_pair_and_reports_bad_lines(run_cli, seeds_dir, seed_file, write_file) -> None:
    other = write_file("library.txt", UNRELATED)
    pairs = write_file("pairs.jsonl", "\n".join([
        json.dumps({"a": ORIGIN, "b": REWRITE}),          # ids of articles given as PATH
        json.dumps({"a": str(seed_file("000")), "b": str(other)}),  # a path given, a file not given
        "{not json",                                       # reported at its line and column
        json.dumps({"a": ORIGIN, "b": "no-such-article"}),  # an id nobody has
    ]) + "\n")
    result = run_cli("compare", "--format", "jsonl", "--pairs", pairs, seeds_dir)
    assert result.code == 2
    assert [(p["a"], p["b"], p["reused"]) for p in result.lines] == [
        (ORIGIN, REWRITE, True), (ORIGIN, "library", False)]
    assert re.search(rf"{re.escape(str(pairs))}:3:2: error: not JSON", result.stderr)
    assert f"{pairs}:4:1: error: 'no-such-article'" in result.stderr


def test_a_bad_path_is_reported_and_the_rest_compared(run_cli, seeds_dir) -> None:
    result = run_cli("compare", "--format", "jsonl", "missing.txt", seeds_dir)
    assert result.code == 2
    assert "missing.txt:1:1: error: no such file or folder" in result.stderr
    assert [(p["a"], p["b"]) for p in result.lines] == [(ORIGIN, REWRITE)]


def test_nothing_to_compare_is_a_usage_error(run_cli) -> None:
    result = run_cli("compare")
    assert result.code == 2 and "give two articles" in result.stderr and result.stdout == ""


def _check_lines(run_cli, *args) -> tuple[int, list[re.Match[str]]]:
    result = run_cli("check", "--fail-on", "error", *args)
    found = [m for m in map(FINDING_LINE.match, result.out_lines) if m]
    return result.code, found


def test_check_on_the_seeds_reports_the_partial_ap_credit_at_its_place(run_cli, seeds_dir, seed_file) -> None:
    code, found = _check_lines(run_cli, seeds_dir)
    assert code == 0
    [m] = [m for m in found if m["check"] == "partial-wire-credit"]
    assert Path(m["path"]).name == seed_file("002").name
    text = seed_file("002").read_text(encoding="utf-8")
    start = _offset(text, int(m["line"]), int(m["column"]))
    assert text[start:].startswith("the Associated Press")
    assert m["severity"] == "info" and ORIGIN in m["message"]


def test_check_on_the_seeds_reports_the_dropped_xinhua_credit(run_cli, seeds_dir, seed_file) -> None:
    _, found = _check_lines(run_cli, seeds_dir)
    [m] = [m for m in found if m["check"] == "state-media-laundered"]
    text = seed_file("002").read_text(encoding="utf-8")
    assert text[_offset(text, int(m["line"]), int(m["column"])):].startswith("In his response message to Kim")
    assert m["message"].startswith("Xinhua News Agency \u2192 no one")


def test_reuse_checks_are_overridden_and_disabled_by_config(run_cli, seeds_dir, write_file) -> None:
    strict = write_file("strict.toml", '[checks.partial-wire-credit]\nseverity = "error"\n')
    assert run_cli("check", "--config", strict, seeds_dir).code == 1
    off = write_file("off.toml", 'disable = ["partial-wire-credit"]\n')
    _, found = _check_lines(run_cli, "--config", off, seeds_dir)
    assert not [m for m in found if m["check"] == "partial-wire-credit"]
    bad = write_file("bad.toml", '[checks.partial-wire-credit]\ncondition = "sentences > 3"\n')
    result = run_cli("check", "--config", bad, seeds_dir)
    assert result.code == 2 and f"{bad}:2:13: checks.partial-wire-credit.condition" in result.stderr


def test_check_json_lists_the_reuse_finding_with_the_articles_own(run_cli, seeds_dir) -> None:
    result = run_cli("check", "--format", "jsonl", seeds_dir)
    by_id = {r["id"]: [f["check"] for f in r["findings"]] for r in result.lines}
    assert "partial-wire-credit" in by_id[REWRITE] and "partial-wire-credit" not in by_id[ORIGIN]


@pytest.mark.parametrize(("content", "expected"), [
    (b"[1]\n", ":1:1: error: expected an object"),                       # not an object
    (b'{"a": "x"}\n', ":1:1: error: 'b': expected an article id or path"),  # a side missing
    (b'\n\n{"a": "", "b": 3}\n', ":3:1: error: 'a' and 'b': expected"),   # blank lines counted
    (b"\xff\xfe\x00", ":1:1: error: the pairs file is not UTF-8"),         # not UTF-8
])
def test_a_bad_pairs_file_line_is_reported_at_its_place(run_cli, seeds_dir, write_file, content, expected) -> None:
    pairs = write_file("pairs.jsonl", content)
    result = run_cli("compare", "--pairs", pairs, seeds_dir)
    assert result.code == 2 and f"{pairs}{expected}" in result.stderr and result.stdout == ""


def test_a_folder_or_missing_file_as_pairs_file_is_an_input_error(run_cli, seeds_dir) -> None:
    result = run_cli("compare", "--pairs", seeds_dir, seeds_dir)
    assert result.code == 2 and f"{seeds_dir}:1:1: error: a folder, not a pairs file" in result.stderr
    result = run_cli("compare", "--pairs", "missing.jsonl")
    assert result.code == 2 and "missing.jsonl:1:1: error: no such pairs file" in result.stderr


def test_tui_opens_the_compare_screen_on_the_two_articles(run_cli, seeds_dir, monkeypatch) -> None:
    """`compare A B --tui` hands the compare screen both full analyses and their comparison (the
    screen itself is driven in tests/tui/test_compare_screen.py); a corpus is refused with a message."""
    import dashboard.tui.compare as screen

    opened = []
    monkeypatch.setattr(screen, "run_compare", lambda analyses, reuse: opened.append((analyses, reuse)) or 0)
    a, b = (str(next(Path(seeds_dir).glob(f"{name}*"))) for name in (ORIGIN, REWRITE))
    result = run_cli("compare", a, b, "--tui")
    assert result.code == 0, result.stderr
    [(analyses, reuse)] = opened
    assert [x.article.id for x in analyses] == [ORIGIN, REWRITE] and analyses[0].attributions
    assert reuse.origin == ORIGIN and reuse.credited
    result = run_cli("compare", seeds_dir, "--tui")
    assert result.code == 2 and "exactly two articles" in result.stderr
