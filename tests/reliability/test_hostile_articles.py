"""Hostile articles: every bad input is reported as `file:line:column: error: ...` on stderr, the good
article beside it is still scored, and nothing crashes, hangs or writes a raw escape sequence.

The inputs are the files in fixtures/articles/ (see make_fixtures.py and docs/hostile-input.md);
cases too big to commit (50 MB, a sparse 1 GB file) are made in tmp_path.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import sys
from pathlib import Path

import pytest
from reliability_helpers import (
    ARTICLES,
    SEED,
    SEED_ID,
    assert_clean,
    assert_no_raw_controls,
    contract_spans,
    run_subprocess,
    where,
)

from dashboard.runtime.articles import DEFAULT_MAX_BYTES, decode


def check_spans(record: dict, text: str) -> None:
    """Every span of a score-contract record lies in `text`, and its `text` is that slice."""
    for span in contract_spans(record):
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        if "text" in span:
            assert text[span["start"]:span["end"]] == span["text"], span


def by_path(records: list[dict]) -> dict[str, dict]:
    return {r["path"]: r for r in records}


# --- files that are not articles: refused, the seed beside them still scored --------------------

REFUSED = [
    # a zero-byte file
    ("empty.txt", "empty article (no text)"),
    # only spaces, tabs, CR LF, NBSP, ideographic space, form feed, vertical tab
    ("whitespace.txt", "empty article (no text)"),
    # a real 1x1 PNG given explicitly (folders only pick .txt/.md/.jsonl)
    ("binary.png", "binary file (contains NUL bytes): not an article"),
    # a one-page PDF with a compressed (binary) content stream
    ("fake.pdf", "binary file (contains NUL bytes): not an article"),
    # text with NUL bytes in it, no UTF-16 pattern
    ("nul_bytes.txt", "binary file (contains NUL bytes): not an article"),
]


@pytest.mark.parametrize("name, message", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_article_check(cli, name: str, message: str) -> None:
    bad = ARTICLES / name
    run = cli("check", "-j", "1", bad, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(bad, 1, 1)} error: {message}" in run.stderr
    assert "1 article(s) checked" in run.stderr and "1 input error(s)" in run.stderr


@pytest.mark.parametrize("name, message", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_article_skip_bad(cli, name: str, message: str) -> None:
    bad = ARTICLES / name
    alone = cli("check", "-j", "1", SEED)
    run = cli("check", "-j", "1", "--skip-bad", bad, SEED)
    assert_clean(run)
    assert run.code == alone.code in (0, 1)  # the bad file no longer changes the exit code
    assert f"{where(bad, 1, 1)} error: {message}" in run.stderr


@pytest.mark.parametrize("name, message", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_article_score_jsonl(cli, name: str, message: str) -> None:
    bad = ARTICLES / name
    run = cli("score", "--format", "jsonl", bad, SEED)  # two paths: the worker pool
    assert_clean(run)
    assert run.code == 2
    assert f"{where(bad, 1, 1)} error: {message}" in run.stderr
    assert [r["path"] for r in run.records] == [str(SEED)]
    assert run.records[0]["words"] > 100


STDIN = [
    # nothing at all on stdin
    ("empty", b"", "empty article (no text)"),
    # a PNG piped in
    ("png", (ARTICLES / "binary.png").read_bytes(), "binary file"),
    # one byte over the limit
    ("over-limit", b"a" * (DEFAULT_MAX_BYTES + 1), f"input larger than the limit of {DEFAULT_MAX_BYTES} bytes"),
]


@pytest.mark.parametrize("name, data, message", STDIN, ids=[c[0] for c in STDIN])
def test_refused_stdin(cli, name: str, data: bytes, message: str) -> None:
    run = cli("check", "-", SEED, stdin=data)
    assert_clean(run)
    assert run.code == 2
    assert f"<stdin>:1:1: error: {message}" in run.stderr
    assert "1 article(s) checked" in run.stderr


# --- text in other encodings: decoded, scored, every offset indexes the decoded text -----------

def _text_of(name: str) -> str:
    raw = (ARTICLES / name).read_bytes()
    expected = {
        "cp1252.txt": lambda: raw.decode("cp1252"),
        "latin1.txt": lambda: raw.decode("latin-1"),
        "utf8_bom.txt": lambda: raw.decode("utf-8-sig"),
        "utf16_bom.txt": lambda: raw.decode("utf-16"),
        "utf16_nobom.txt": lambda: raw.decode("utf-16-le"),
        "utf32_bom.txt": lambda: raw.decode("utf-32"),
        "mixed_line_endings.txt": lambda: raw.decode("utf-8"),
        "markup_and_escapes.txt": lambda: raw.decode("utf-8"),
        "invalid_utf8.txt": lambda: decode(raw),  # whatever charset detection chose
    }
    return expected[name]()


DECODED = [
    # Windows-1252: curly quotes, an em dash, é
    ("cp1252.txt", "minister"),
    # ISO-8859-1 (ë, ü, é, ñ): detection settles on cp1252, identical for these letters
    ("latin1.txt", "Müller"),
    # UTF-8 with a byte-order mark (dropped)
    ("utf8_bom.txt", "Reuters"),
    # UTF-16 LE with a BOM
    ("utf16_bom.txt", "Reuters"),
    # UTF-16 LE without a BOM (NUL in every other byte)
    ("utf16_nobom.txt", "Reuters"),
    # UTF-32 LE with a BOM
    ("utf32_bom.txt", "Reuters"),
    # CRLF, lone CR and LF in one file; CRs stay in the text, offsets count them
    ("mixed_line_endings.txt", "Reuters"),
    # Rich markup, ANSI SGR, an OSC 8 hyperlink, U+202E, C0/C1 controls: plain text to the engine
    ("markup_and_escapes.txt", "Reuters"),
    # mostly UTF-8 with stray 0xFF 0xFE 0x80 bytes: decoded by charset detection, not refused
    ("invalid_utf8.txt", "said"),
]


@pytest.mark.parametrize("name, word", DECODED, ids=[c[0] for c in DECODED])
def test_decoded_article_is_scored(cli, name: str, word: str) -> None:
    path = ARTICLES / name
    run = cli("score", "--format", "jsonl", "-j", "1", path, SEED)
    assert_clean(run)
    assert run.code == 0
    records = by_path(run.records)
    assert set(records) == {str(path), str(SEED)}
    text = _text_of(name)
    record = records[str(path)]
    check_spans(record, text)
    assert record["words"] > 0
    found = [a["cue"]["text"] for a in record["attributions"]] + \
            [a["source"]["text"] for a in record["attributions"] if a["source"]]
    assert any(word in f for f in found) or word in (record["title"] or ""), found
    checked = cli("check", "-j", "1", path, SEED)
    assert_clean(checked)
    assert checked.code in (0, 1)
    assert "2 article(s) checked" in checked.stderr


# --- JSONL: bad lines are reported with their line (and column), good lines are scored ----------

MALFORMED_ERRORS = [
    (2, 41, "invalid JSON"),                      # unterminated string
    (3, 1, "expected a JSON object"),             # a list
    (4, 1, "missing `text`"),                     # no text
    (5, 1, "missing `text`"),                     # text is null
    (6, 1, "missing `id`"),                       # id is an object
    (7, 1, "missing `id`"),                       # no id
    (11, 1, "expected a JSON object"),            # a bare number
    (12, 1, "missing `text`"),                    # {}
]


@pytest.mark.parametrize("skip_bad", [False, True], ids=["default", "skip-bad"])
def test_malformed_jsonl(cli, skip_bad: bool) -> None:
    bad = ARTICLES / "malformed.jsonl"
    run = cli("score", "--format", "jsonl", *(["--skip-bad"] if skip_bad else []), bad, SEED)
    assert_clean(run)
    assert run.code == (0 if skip_bad else 2)
    for line, column, message in MALFORMED_ERRORS:
        assert f"{where(bad, line, column)} error: {message}" in run.stderr
    assert run.stderr.count(f"{bad}:") == len(MALFORMED_ERRORS)
    assert [r["id"] for r in run.records] == ["good-1", "42", "bom", "good-2", SEED_ID]


def test_malformed_jsonl_check(cli) -> None:
    bad = ARTICLES / "malformed.jsonl"
    run = cli("check", bad, SEED)
    assert_clean(run)
    assert run.code == 2
    assert "5 article(s) checked" in run.stderr and f"{len(MALFORMED_ERRORS)} input error(s)" in run.stderr


def test_jsonl_line_not_utf8(cli) -> None:
    bad = ARTICLES / "not_utf8.jsonl"
    run = cli("score", "--format", "jsonl", bad, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(bad, 2, 29)} error: line is not UTF-8 (byte 28)" in run.stderr
    assert [r["id"] for r in run.records] == ["good", SEED_ID]


JSONL_CRASHES = [
    # "id": a 5000-digit integer: json.loads raises ValueError (int max str digits), not JSONDecodeError
    pytest.param("huge_int_id.jsonl"),
    # 5000 nested arrays in one record: json.loads raises RecursionError
    pytest.param("deep_nesting.jsonl"),
]


@pytest.mark.parametrize("name", JSONL_CRASHES)
def test_jsonl_line_that_breaks_the_json_parser(cli, name: str) -> None:
    bad = ARTICLES / name
    run = cli("score", "--format", "jsonl", bad, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(bad, 1, 1)} error:" in run.stderr
    assert [r["path"] for r in run.records] == [str(SEED)]


# --- markup and escapes: JSON round-trips them, text outputs neutralise them ---------------------

@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_markup_round_trips_through_json(cli, fmt: str) -> None:
    path = ARTICLES / "markup_and_escapes.txt"
    text = path.read_text(encoding="utf-8")
    run = cli("score", "--format", fmt, "-j", "1", path)
    assert_clean(run)
    assert run.code == 0
    assert run.stdout.isascii()  # ensure_ascii: every non-ASCII character is a \u escape
    assert_no_raw_controls(run.stdout, "JSON output")
    records = json.loads(run.stdout) if fmt == "json" else run.records
    (record,) = records
    assert record["title"] == text.splitlines()[0]  # "[bold red]Breaking[/bold red] ..." verbatim
    check_spans(record, text)
    quoted = [s["text"] for s in record["quotes"]] + \
             [text[a["content"]["start"]:a["content"]["end"]] for a in record["attributions"] if a["content"]]
    assert any("\x1b]8;;" in q for q in quoted)  # the OSC 8 link survives, escaped, in the JSON


TEXT_FORMATS = [
    ("check",),                        # path:line:column: severity check: message
    ("check", "--format", "json"),
    ("score",),                        # the table
    ("score", "--format", "csv"),
]


@pytest.mark.parametrize("command", TEXT_FORMATS, ids=lambda c: "-".join(c))
def test_markup_article_outputs_are_terminal_safe(cli, command: tuple[str, ...]) -> None:
    run = cli(*command, "-j", "1", ARTICLES / "markup_and_escapes.txt")
    assert_clean(run)
    assert run.code in (0, 1)
    assert_no_raw_controls(run.stdout, "stdout")
    assert_no_raw_controls(run.stderr, "stderr")


FIELD_FORMATS = [
    pytest.param(("check",), id="check-text"),
    pytest.param(("check", "--format", "jsonl"), id="check-jsonl"),
    pytest.param(("score", "--format", "jsonl"), id="score-jsonl"),
    pytest.param(("score",), id="score-table"),
    pytest.param(("score", "--format", "csv"), id="score-csv"),
]


@pytest.mark.parametrize("command", FIELD_FORMATS)
def test_escapes_in_ids_titles_outlets_are_neutralised(cli, command: tuple[str, ...]) -> None:
    # ids, titles and outlets with ESC [31m, OSC 8, U+202E, BEL, CR and LF (JSONL escapes)
    run = cli(*command, "-j", "1", ARTICLES / "escapes_in_fields.jsonl")
    assert_clean(run)
    assert run.code in (0, 1)
    assert_no_raw_controls(run.stdout, "stdout")
    assert_no_raw_controls(run.stderr, "stderr")


# --- CSV: formula injection is defused ----------------------------------------------------------

def test_csv_formula_cells_are_defused(cli) -> None:
    # ids, titles and outlets starting with =, +, -, @ (=HYPERLINK(...), +SUM(...), -2+3, @SUM(...))
    run = cli("score", "--format", "csv", "-j", "1", ARTICLES / "csv_injection.jsonl")
    assert_clean(run)
    assert run.code == 0
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 4
    for row in rows:
        for column in ("id", "title", "outlet"):
            assert row[column].startswith("'"), (column, row[column])
            assert row[column][1] in "=+-@"


@pytest.mark.parametrize("stem", ["=cmd", "+sum", "-neg", "@at"])
def test_csv_formula_file_name_is_defused(cli, tmp_path: Path, stem: str) -> None:
    path = tmp_path / f"{stem}.txt"
    path.write_text("Talks stalled on Monday, Reuters reported.\n", encoding="utf-8")
    run = cli("score", "--format", "csv", "-j", "1", path)  # the id is the file stem
    assert_clean(run)
    (row,) = csv.DictReader(io.StringIO(run.stdout))
    assert row["id"] == "'" + stem


# --- big inputs, generated at test time ----------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def test_50_mb_single_line_is_refused_quickly(cli, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        chunk = b"word " * 200_000  # no line break anywhere
        for _ in range(FIFTY_MB // len(chunk) + 1):
            handle.write(chunk)
    run = cli("check", "-j", "1", big, SEED)
    assert_clean(run, limit=5)
    assert run.code == 2
    assert where(big, 1, 1) in run.stderr and "--max-bytes" in run.stderr
    assert "1 article(s) checked" in run.stderr


def test_50_mb_jsonl_line_is_refused_and_the_next_line_scored(cli, tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    with open(big, "wb") as handle:
        handle.write(b'{"id": "huge", "text": "')
        chunk = b"word " * 200_000
        for _ in range(FIFTY_MB // len(chunk) + 1):
            handle.write(chunk)
        handle.write(b'"}\n')
        handle.write(json.dumps({"id": "after", "text": "Talks stalled, Reuters reported."}).encode() + b"\n")
    run = cli("score", "--format", "jsonl", big)
    assert_clean(run, limit=5)
    assert run.code == 2
    assert f"{where(big, 1, 1)} error: line longer than the limit of {DEFAULT_MAX_BYTES} bytes" in run.stderr
    assert [r["id"] for r in run.records] == ["after"]


_RUSAGE_WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kB on Linux; sparse files")
def test_sparse_1_gb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.txt"
    with open(sparse, "wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB of NUL bytes that take no disk space
    run = run_subprocess([sys.executable, "-m", "dashboard", "check", str(sparse), str(SEED)],
                         prefix=["-c", _RUSAGE_WRAPPER])
    assert_clean(run)
    assert run.code == 2
    assert f"{where(sparse, 1, 1)} error: file is {1 << 30} bytes" in run.stderr
    assert "--max-bytes" in run.stderr
    maxrss_kb = int(run.stderr.split("MAXRSS_KB")[1].split()[0])
    assert maxrss_kb < 200 * 1024, f"{maxrss_kb} kB peak RSS"


def _folder_with_links(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    os.symlink("nowhere.txt", folder / "dangling.txt")         # target does not exist
    os.symlink("loop_b.txt", folder / "loop_a.txt")            # a -> b -> a
    os.symlink("loop_a.txt", folder / "loop_b.txt")
    os.symlink("..", folder / "parent.txt")                    # a folder link named like an article
    os.symlink(".", folder / "self")                           # a folder loop (not followed)
    return folder


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="POSIX symlinks")
@pytest.mark.parametrize("skip_bad", [False, True], ids=["default", "skip-bad"])
def test_dangling_and_looping_symlinks(cli, tmp_path: Path, skip_bad: bool) -> None:
    folder = _folder_with_links(tmp_path)
    run = cli("check", "-j", "1", *(["--skip-bad"] if skip_bad else []), folder)
    assert_clean(run)
    assert run.code == (0 if skip_bad else 2)
    assert f"{where(folder / 'dangling.txt', 1, 1)} error: cannot read: No such file or directory" in run.stderr
    for name in ("loop_a.txt", "loop_b.txt"):
        assert f"{where(folder / name, 1, 1)} error: cannot read: Too many levels of symbolic links" in run.stderr
    assert "1 article(s) checked, 0 finding(s), 3 input error(s)" in run.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root can read a chmod 000 file")
def test_unreadable_file(cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Officials said it.\n", encoding="utf-8")
    secret.chmod(0)
    try:
        run = cli("check", "-j", "1", secret, SEED)
    finally:
        secret.chmod(0o600)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(secret, 1, 1)} error: cannot read: Permission denied" in run.stderr
    assert "1 article(s) checked" in run.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_refused(cli) -> None:
    # /dev/zero reports size 0 but never ends: devices, pipes and sockets are not read at all
    run = cli("check", "-j", "1", "/dev/zero", SEED)
    assert_clean(run)
    assert run.code == 2
    assert "/dev/zero:1:1: error: not a regular file (a pipe, device or socket): not read" in run.stderr


def test_missing_path(cli, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-article.txt"
    run = cli("check", "-j", "1", missing, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(missing, 1, 1)} error: no such file or folder" in run.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_in_a_folder_does_not_hang(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(folder / "pipe.txt")
    run = run_subprocess(["check", "-j", "1", str(folder)], timeout=5)
    assert_clean(run)
    assert run.code == 2
    assert where(folder / "pipe.txt", 1, 1) in run.stderr


# --- text that cannot be written as UTF-8 -------------------------------------------------------

@pytest.mark.parametrize("command", [("check",), ("score",), ("score", "--format", "csv")],
                         ids=lambda c: "-".join(c))
def test_lone_surrogates_in_jsonl(command: tuple[str, ...]) -> None:
    run = run_subprocess([*command, str(ARTICLES / "lone_surrogates.jsonl")])
    assert_clean(run)
    assert run.code in (0, 1)


@pytest.mark.parametrize("command", [("report",), ("score", "--format", "parquet")], ids=lambda c: "-".join(c))
def test_lone_surrogates_in_the_pandas_outputs(command: tuple[str, ...], tmp_path: Path) -> None:
    """The HTML report and Parquet are made from a pandas frame, whose Arrow strings cannot hold a
    lone surrogate: each one is written as its escape, and every article is in the output."""
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    run = run_subprocess([*command, str(ARTICLES / "lone_surrogates.jsonl"), "-o", str(out)])
    assert_clean(run)
    assert run.code in (0, 1), run.stderr
    records = [json.loads(line) for line in (ARTICLES / "lone_surrogates.jsonl").read_text().splitlines() if line]
    if command[0] == "report":
        page = out.read_text(encoding="utf-8")
        assert all(html.escape(r["id"].encode("utf-8", "backslashreplace").decode()) in page for r in records)
    else:
        import pandas

        assert len(pandas.read_parquet(out)) == len(records)


@pytest.mark.skipif(sys.platform != "linux", reason="file names of arbitrary bytes")
def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9.txt"  # Latin-1 file name on a UTF-8 system
    with open(name, "wb") as handle:
        handle.write(b"The brutal regime was evil and brutal and cruel. It was brutal.\n")
    # a UTF-8 desktop locale (en_US.UTF-8) gives a strict stdout; C.UTF-8 would mask the problem
    run = run_subprocess(["check", "-j", "1", str(folder)], env={"PYTHONIOENCODING": "utf-8:strict"})
    assert_clean(run)
    assert run.code == 1
    assert "max-loaded-author" in run.stdout


# --- usage and time ----------------------------------------------------------------------------

def test_max_bytes_zero_is_a_usage_error(cli) -> None:
    run = cli("check", "--max-bytes", "0", SEED)
    assert_clean(run)
    assert run.code == 2
    assert "--max-bytes" in run.stderr


def test_one_long_sentence_scores_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "one_sentence.txt"
    path.write_text("x y united " * 10_000, encoding="utf-8")  # 110 kB, no full stop
    run = run_subprocess(["check", str(path)], timeout=5)
    assert_clean(run, limit=5)
    assert run.code in (0, 1)


# --- memory: a huge --max-bytes allocates nothing up front; running out costs one article --------

# Runs biasdash with its address space limited to LIMIT MiB (ulimit -v, as on some CI runners and
# in containers with overcommit off), so that asking for memory that is not there fails at once.
_ADDRESS_SPACE_WRAPPER = """
import resource, sys
limit = int(sys.argv.pop(1)) << 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.argv[0] = "biasdash"
from dashboard.cli import run
run()
"""
# A one-article run needs some 60 MB of address space; this leaves room, but not for 1 GiB.
ADDRESS_SPACE_MB = 400
ONE_GIB = 1 << 30

HUGE_LIMIT = [
    # an article file: read(limit + 1) asked for 1 GiB at once (MemoryError, a traceback)
    "file",
    # standard input: the same read
    "stdin",
    # a JSONL file, read line by line
    "jsonl",
]


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS")
@pytest.mark.parametrize("source", HUGE_LIMIT)
def test_largest_max_bytes_allocates_nothing_up_front(tmp_path: Path, source: str) -> None:
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text(json.dumps({"id": "one", "text": SEED.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    path = {"file": str(SEED), "stdin": "-", "jsonl": str(jsonl)}[source]
    run = run_subprocess([str(ADDRESS_SPACE_MB), "check", "-j", "1", "--max-bytes", str(ONE_GIB), path],
                         prefix=["-c", _ADDRESS_SPACE_WRAPPER], stdin=SEED.read_bytes(), timeout=60)
    assert_clean(run, limit=60)
    assert run.code in (0, 1), run.stderr
    assert "1 article(s) checked, " in run.stderr and "0 input error(s)" in run.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS")
@pytest.mark.parametrize("jobs", ["1", "2"], ids=["in-process", "workers"])
def test_article_too_big_for_memory_costs_only_itself(tmp_path: Path, jobs: str) -> None:
    # 2 million one-letter lines (4 MB): a Line record each needs over 1 GB, far more than the
    # 200 MB of address space given here (less than the 400 MB above, so that memory runs out
    # after half the work: the time goes into the lines scored before it does)
    lines = tmp_path / "lines.txt"
    lines.write_text("a\n" * 2_000_000, encoding="utf-8")
    run = run_subprocess([str(ADDRESS_SPACE_MB // 2), "check", "-j", jobs, "--max-bytes", "10000000",
                          str(lines), str(SEED)], prefix=["-c", _ADDRESS_SPACE_WRAPPER], timeout=60)
    assert_clean(run, limit=60)
    assert run.code == 2
    assert f"{where(lines, 1, 1)} error: 'lines': not enough memory to score this article" in run.stderr
    assert "1 article(s) checked, " in run.stderr and "1 input error(s)" in run.stderr
