"""`biasdash score`: the JSON score contract on the seed articles, every output format, every input kind."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dashboard.engine.entities import ENTITY_KINDS

pytestmark = pytest.mark.usefixtures("in_tmp")

TOP_KEYS = {"id", "path", "title", "outlet", "url", "words", "sentences", "attribution_density",
            "attributions", "quotes", "loaded", "sentiment", "sentence_sentiment", "sources", "source_kinds",
            "metrics", "findings", "entities"}
ATTRIBUTION_KEYS = {"cue", "source", "content", "source_id", "source_kind", "vague", "sentence", "pattern",
                    "why", "entity"}
QUOTE_KEYS = {"start", "end", "text", "speaker", "source_id", "entity"}
ENTITY_KEYS = {"id", "name", "kind", "source_id", "media_kind", "mentions"}
LOADED_KEYS = {"start", "end", "text", "term", "category", "weight", "voice"}
SENTIMENT_KEYS = {"compound", "pos", "neg", "neu"}


def _text(path: Path) -> str:
    """A seed as the CLI decodes it (UTF-8, newlines untouched)."""
    return path.read_bytes().decode("utf-8")


@pytest.fixture
def scored(run_cli, seeds_dir) -> dict[str, dict]:
    """`score seeds/ --format jsonl`, by seed number ("000", "002")."""
    result = run_cli("score", seeds_dir, "--format", "jsonl")
    assert result.code == 0, result.stderr
    assert result.lines is not None, result.stdout
    return {Path(record["path"]).name[:3]: record for record in result.lines}


def _spans(record: dict) -> list[tuple[str, dict]]:
    """Every span in a score record, named by where it comes from."""
    out: list[tuple[str, dict]] = []
    for a in record["attributions"]:
        for name in ("cue", "source", "content", "sentence"):
            if a[name] is not None:
                out.append((f"attribution.{name}", a[name]))
    for q in record["quotes"]:
        out.append(("quote", q))
        if q["speaker"] is not None:
            out.append(("quote.speaker", q["speaker"]))
    for hit in record["loaded"]:
        out.append(("loaded", hit))
    return out


def test_one_record_per_seed_with_every_contract_key(scored, seeds_dir) -> None:
    seeds = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert sorted(Path(r["path"]).name for r in scored.values()) == seeds
    for record in scored.values():
        assert set(record) >= TOP_KEYS
        assert isinstance(record["words"], int) and record["words"] > 0
        assert isinstance(record["sentences"], int) and record["sentences"] > 0
        assert 0.0 <= record["attribution_density"] <= 1.0
        assert set(record["sentiment"]) == SENTIMENT_KEYS
        assert record["attributions"], "a seed article has attributions"
        for a in record["attributions"]:
            assert set(a) == ATTRIBUTION_KEYS
            assert set(a["cue"]) == {"start", "end", "text"}
            assert isinstance(a["vague"], bool)
        for q in record["quotes"]:
            assert set(q) == QUOTE_KEYS
        ids = {e["id"] for e in record["entities"]}
        for e in record["entities"]:
            assert set(e) == ENTITY_KEYS
            assert e["kind"] in ENTITY_KINDS
            assert all(set(m) == {"start", "end", "text"} for m in e["mentions"])
        assert all(x["entity"] in ids for x in record["attributions"] + record["quotes"] if x["entity"])
        for hit in record["loaded"]:
            assert set(hit) == LOADED_KEYS
            assert hit["voice"] in ("author", "quoted")
        for finding in record["findings"]:
            assert {"check", "severity", "message"} <= set(finding)
        assert sum(record["sources"].values()) == sum(1 for a in record["attributions"] if a["source_id"])
        assert all(a["pattern"] for a in record["attributions"]), "every attribution names its pattern"
        for a in record["attributions"]:  # why it was taken: its rule and pattern, and the model's say
            assert set(a["why"]) == {"pattern", "rule", "model"} and a["why"]["pattern"] == a["pattern"]
            assert a["why"]["model"] is None or (0 <= a["why"]["model"]["p"] <= 1
                                                 and all(len(f) == 2 for f in a["why"]["model"]["features"]))
        from dashboard.engine.metrics import METRICS

        assert list(record["metrics"]) == list(METRICS)
        assert record["metrics"]["attribution_density"] == record["attribution_density"]
        assert len(record["sentence_sentiment"]) == record["sentences"]
        assert all(set(s) == {"start", "end"} | SENTIMENT_KEYS for s in record["sentence_sentiment"])


@pytest.mark.parametrize(("seed", "present", "absent"), [
    # The AP story as republished by Nepalnews: KCNA and Xinhua are quoted, no wire is credited.
    ("000", {"kcna", "xinhua"}, {"ap", "reuters", "yahoo-news"}),
    # The rewrite credits KCNA, the AP, Yahoo News and Reuters, but never names Xinhua.
    ("002", {"kcna", "ap", "reuters", "yahoo-news"}, {"xinhua"}),
])
def test_seed_sources(scored, seed: str, present: set[str], absent: set[str]) -> None:
    record = scored[seed]
    ids = {a["source_id"] for a in record["attributions"]}
    assert present <= ids
    assert present <= set(record["sources"])
    assert not absent & ids
    assert not absent & set(record["sources"])


def test_seed_000_state_media_kinds(scored) -> None:
    kinds = {a["source_id"]: a["source_kind"] for a in scored["000"]["attributions"] if a["source_id"]}
    assert kinds["kcna"] == "state_media"
    assert kinds["xinhua"] == "state_media"
    assert scored["000"]["source_kinds"].get("state_media") == 2


def test_seed_000_nothing_found_in_the_page_footer(scored, seed_file) -> None:
    record = scored["000"]
    text = _text(seed_file("000"))
    footer = text.index("READ ALSO")
    late = [(name, span) for name, span in _spans(record) if span["start"] >= footer]
    assert not late, f"spans in the 'READ ALSO' footer: {late}"


@pytest.mark.parametrize("seed", ["000", "002"])
def test_span_texts_match_offsets(scored, seed_file, seed: str) -> None:
    record = scored[seed]
    text = _text(seed_file(seed))
    spans = _spans(record)
    assert spans
    for name, span in spans:
        assert 0 <= span["start"] < span["end"] <= len(text), (name, span)
        if "text" in span:
            assert text[span["start"]:span["end"]] == span["text"], (name, span)


def test_hostile_forces_in_kims_quoted_message_is_quoted_voice(scored) -> None:
    record = scored["000"]
    hits = [h for h in record["loaded"] if h["text"].lower() == "hostile forces"]
    assert hits, f"no loaded hit on 'hostile forces'; hits: {[h['text'] for h in record['loaded']]}"
    assert all(h["voice"] == "quoted" for h in hits)


def test_loaded_hits_inside_direct_quotes_are_quoted_voice(scored) -> None:
    """Whatever the lexicon holds, a hit inside a direct quote is never the author's voice."""
    for record in scored.values():
        quotes = [(q["start"], q["end"]) for q in record["quotes"]]
        for hit in record["loaded"]:
            if any(s <= hit["start"] and hit["end"] <= e for s, e in quotes):
                assert hit["voice"] == "quoted", hit


def test_csv_has_a_header_and_a_row_per_seed(run_cli, seeds_dir) -> None:
    result = run_cli("score", seeds_dir, "--format", "csv")
    assert result.code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert "attribution_density" in rows[0]
    assert sorted(r["id"] for r in rows) == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    for r in rows:
        assert 0.0 <= float(r["attribution_density"]) <= 1.0
    sources = {r["id"][:3]: r["sources"] for r in rows}
    assert "kcna:" in sources["000"] and "xinhua:" in sources["000"]


def test_table_names_both_seeds(run_cli, seeds_dir, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = run_cli("score", seeds_dir, "--format", "table")
    assert result.code == 0, result.stderr
    header, *rows = result.out_lines
    assert header.split() == ["id", *AT_100]
    assert sorted(row.split()[0] for row in rows) == sorted(p.stem for p in seeds_dir.glob("*.txt"))


def test_table_is_the_default_format(run_cli, seeds_dir) -> None:
    assert run_cli("score", seeds_dir).stdout == run_cli("score", seeds_dir, "--format", "table").stdout


def test_json_is_a_list_equal_to_the_jsonl_records(run_cli, seeds_dir) -> None:
    as_json = run_cli("score", seeds_dir, "--format", "json")
    as_jsonl = run_cli("score", seeds_dir, "--format", "jsonl")
    assert as_json.code == 0, as_json.stderr
    assert isinstance(as_json.json, list)
    assert as_json.json == as_jsonl.lines


def test_stdin_article_has_id_stdin(run_cli) -> None:
    text = "Troops massed at the border, Reuters reported.\n"
    result = run_cli("score", "-", "--format", "jsonl", stdin=text.encode())
    assert result.code == 0, result.stderr
    [record] = result.lines
    assert record["id"] == "stdin"
    assert record["path"] is None
    assert record["sources"] == {"reuters": 1}
    cue = record["attributions"][0]["cue"]
    assert text[cue["start"]:cue["end"]] == cue["text"] == "reported"


def test_jsonl_input_keeps_id_title_outlet_url(run_cli, write_file) -> None:
    records = [
        {"id": "kim-1", "text": "The talks will resume, the state-run Korean Central News Agency said.",
         "title": "Talks to resume", "outlet": "Nepalnews", "url": "https://example.org/a"},
        {"id": 42, "text": "Troops massed at the border, Reuters reported.", "title": "Troops"},
    ]
    path = write_file("feed.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    result = run_cli("score", path, "--format", "jsonl")
    assert result.code == 0, result.stderr
    first, second = result.lines
    assert (first["id"], first["title"], first["outlet"], first["url"]) == (
        "kim-1", "Talks to resume", "Nepalnews", "https://example.org/a")
    assert first["sources"] == {"kcna": 1}
    assert (second["id"], second["title"], second["outlet"]) == ("42", "Troops", None)
    for record, given in zip(result.lines, records):
        for name, span in _spans(record):
            if "text" in span:
                assert given["text"][span["start"]:span["end"]] == span["text"], name


def test_markdown_title_line_is_the_title(run_cli, write_file) -> None:
    path = write_file("story.md", """
        # Leaders vow to strengthen ties

        The talks will resume, the state-run Korean Central News Agency said.
        """)
    result = run_cli("score", path, "--format", "jsonl")
    assert result.code == 0, result.stderr
    [record] = result.lines
    assert record["title"] == "Leaders vow to strengthen ties"
    assert record["id"] == "story"


SHORT_ACCENTED = "The café owner said the protest was peaceful and orderly, Reuters reported.\n"
ACCENTED = ("The café owner said the protest in Montréal was peaceful and orderly. "
            "The décor of the hall had been damaged, Reuters reported. "
            "The naïve plan would fail, Zürich officials said.\n")


@pytest.mark.parametrize(("name", "text", "encode"), [
    pytest.param("cp1252.txt", SHORT_ACCENTED, lambda s: s.encode("cp1252"), id="cp1252-short"),
    pytest.param("cp1252.txt", ACCENTED, lambda s: s.encode("cp1252"), id="cp1252"),
    pytest.param("utf16.txt", ACCENTED, lambda s: s.encode("utf-16"), id="utf-16-bom"),
    pytest.param("utf16be.txt", ACCENTED, lambda s: b"\xfe\xff" + s.encode("utf-16-be"),
                 id="utf-16-be-bom"),
])
def test_non_utf8_files_decode_and_offsets_index_decoded_text(run_cli, write_file, name, text,
                                                               encode) -> None:
    raw = encode(text)
    assert raw != text.encode("utf-8")
    path = write_file(name, raw)
    result = run_cli("score", path, "--format", "jsonl")
    assert result.code == 0, result.stderr
    [record] = result.lines
    sources = [a["source"]["text"] for a in record["attributions"] if a["source"]]
    assert "The café owner" in sources
    assert "reuters" in record["sources"]
    for kind, span in _spans(record):
        if "text" in span:
            assert text[span["start"]:span["end"]] == span["text"], (kind, span)
    reported = next(a["cue"] for a in record["attributions"] if a["source_id"] == "reuters")
    assert reported["start"] == text.index("reported")


def test_folder_is_searched_recursively_in_order(run_cli, write_file) -> None:
    write_file("in/b.txt", "Troops massed at the border, Reuters reported.\n")
    write_file("in/sub/a.md", "# A\n\nThe talks went well, Xinhua reported.\n")
    write_file("in/notes.csv", "not,an,article\n")
    result = run_cli("score", "in", "--format", "jsonl")
    assert result.code == 0, result.stderr
    assert [r["id"] for r in result.lines] == ["b", "a"]


def test_missing_input_is_exit_2_but_others_are_scored(run_cli, seeds_dir) -> None:
    result = run_cli("score", seeds_dir, "missing.txt", "--format", "jsonl")
    assert result.code == 2
    assert len(result.lines) == 2
    assert "missing.txt:1:1:" in result.stderr


LONG_ID = "breitbart_2015-11-11_the-ninth-circle-the-hellish-view-from-inside-the-beltway"


ALL_NUMBERS = ["words", "sents", "attrs", "dens", "named", "resol", "state", "wire", "aggr", "anon", "vague",
               "quote", "unatt", "ld/100", "lq/100", "lcue", "sent", "worst"]
# Left out first on a narrower terminal, so that an id of 20 characters shows in full: the
# counts and shares the default checks do not use.
AT_120 = [n for n in ALL_NUMBERS if n not in ("resol", "vague")]
AT_100 = [n for n in AT_120 if n not in ("wire", "aggr", "lcue")]
AT_80 = [n for n in AT_100 if n not in ("sents", "attrs", "quote", "lq/100")]


@pytest.mark.parametrize(("columns", "shown"), [
    (80, ["id", *AT_80]),                           # a classic terminal: the id in full, fewer numbers
    (100, ["id", *AT_100]),                         # the width used when not a terminal
    (120, ["id", *AT_120]),                         # more numbers before any title
    (150, ["id", "title", *ALL_NUMBERS]),           # then the title
    (200, ["id", "title", "outlet", *ALL_NUMBERS]),  # a wide terminal: the outlet too
])
def test_table_lines_fit_the_terminal_width(run_cli, write_file, monkeypatch, columns: int,
                                            shown: list[str]) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    path = write_file("feed.jsonl", json.dumps({
        "id": LONG_ID, "title": "Leaders of North Korea and China vow to strengthen ties", "outlet": "Nepalnews",
        "text": "The talks will resume, the state-run Korean Central News Agency said."}) + "\n")
    result = run_cli("score", path)
    assert result.code == 0, result.stderr
    header, row = result.out_lines
    assert header.split() == shown
    assert max(len(header), len(row)) <= columns
    assert row.split()[0] == LONG_ID[:len(row.split()[0]) - 1] + "…"  # a long id is cut, marked
    for label, value in (("words", "11"), ("sents", "1"), ("attrs", "1"), ("state", "1.00")):
        if label in shown:  # numbers are right-aligned under their label, never cut
            start = header.index(label)
            assert row[start:start + len(label)].strip() == value, (label, header, row)


def test_table_of_no_article_says_so(run_cli) -> None:
    result = run_cli("score", "missing.txt")
    assert result.code == 2
    assert result.stdout == "(no articles)\n"


def _records(bodies: list[object], out: io.StringIO, seen: list[str]):
    """Records as the scorer yields them; before each one after the first, what `out` holds."""
    from dashboard.report.records import Record

    for n, body in enumerate(bodies):
        if n:
            seen.append(out.getvalue())
        yield Record(0, None, body)


@pytest.mark.parametrize("fmt", [
    "table",  # held every row for pandas before
    "csv",    # a pandas frame of CSV_CHUNK rows at a time: here chunks of one row
    "jsonl",
    "json",
])
def test_every_format_writes_each_article_before_the_next_is_scored(fmt: str, monkeypatch) -> None:
    monkeypatch.setattr("dashboard.report.frame.CSV_CHUNK", 1)
    from dashboard.cli import _write
    from dashboard.engine.article import Article
    from dashboard.engine.pipeline import analyse
    from dashboard.report.records import render
    from dashboard.runtime.rulepacks import load_rules

    ruleset = load_rules()
    articles = [Article(id=f"story-{n}", text=f"Troops massed at border {n}, Reuters reported.")
                for n in range(3)]
    bodies = [render(analyse(a, ruleset), fmt=fmt, is_check=False).body for a in articles]
    out, seen = io.StringIO(), []
    _write(fmt, _records(bodies, out, seen), out)
    assert "story-0" in seen[0] and "story-1" not in seen[0]
    assert "story-1" in seen[1] and "story-2" not in seen[1]
    assert "story-2" in out.getvalue()


CSV_CASES = [
    {"id": "plain", "text": "Troops massed at the border, Reuters reported."},
    # quoting: commas, quotes, newlines and CR in cells
    {"id": 'a,"b"', "title": "line one\nline two", "outlet": "cr\rhere",
     "text": "The talks will resume, the state-run Korean Central News Agency said."},
    # formula starts and controls are defused the same way
    {"id": "=1+2", "title": "@SUM(A1)", "outlet": "-3", "text": '"Nothing was agreed today at all," he said.'},
    {"id": "\u001b[31mred", "title": " leading space", "outlet": "", "text": "No source here. None at all."},
]


def test_csv_is_byte_for_byte_what_pandas_to_csv_writes(run_cli, write_file, seeds_dir) -> None:
    # The CSV is pandas' to_csv, a frame of rows at a time (report/frame.py); a spreadsheet or
    # script reading it must see what one to_csv of the whole table wrote (floats as repr: 0.6, 0.0).
    pd = pytest.importorskip("pandas")
    from pandas.api.types import is_numeric_dtype

    from dashboard.engine.article import Article
    from dashboard.engine.pipeline import analyse
    from dashboard.report.safe import defuse_cell
    from dashboard.report.table import COLUMNS, row
    from dashboard.runtime.articles import load_articles
    from dashboard.runtime.rulepacks import load_rules

    path = write_file("cases.jsonl", "".join(json.dumps(c) + "\n" for c in CSV_CASES))
    ruleset = load_rules()
    rows = [row(analyse(a, ruleset)) for a in load_articles([str(seeds_dir), str(path)])
            if isinstance(a, Article)]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))  # what report/table.py did before
    for column in frame.columns:
        if not is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(defuse_cell).astype(object)
    result = run_cli("score", "--format", "csv", seeds_dir, path)
    assert result.code == 0, result.stderr
    assert len(rows) == 2 + len(CSV_CASES)
    assert result.stdout == frame.to_csv(index=False)
