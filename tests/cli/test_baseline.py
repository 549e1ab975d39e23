"""`check --write-baseline` and `check --baseline`: gradual adoption, failing only on new findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("in_tmp")

QUOTE = 'The plan was ready at last.\n"This will change everything for the region."\nNobody disagreed.\n'
CLEAN = "The talks went well, Reuters reported.\n"


def _corpus(tmp: Path) -> Path:
    folder = tmp / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(QUOTE, encoding="utf-8")
    (folder / "b.txt").write_text(CLEAN, encoding="utf-8")
    return folder


def test_a_sentence_added_above_a_finding_does_not_make_it_new(run_cli, in_tmp) -> None:
    folder = _corpus(in_tmp)
    written = run_cli("check", "--no-model", folder, "--write-baseline", "baseline.json")
    assert written.code == 0, written.stderr
    assert "1 finding(s) written to the baseline baseline.json" in written.stderr
    baseline = json.loads((in_tmp / "baseline.json").read_text())
    assert baseline["version"] == 1 and [e["check"] for e in baseline["findings"]] == ["unattributed-quotes"]
    # The finding moves from line 2 to line 4: still the one in the baseline.
    (folder / "a.txt").write_text("Officials said it was new.\nThe talks began, Reuters reported.\n" + QUOTE,
                                  encoding="utf-8")
    moved = run_cli("check", "--no-model", folder)
    assert moved.code == 1 and "a.txt:4:1: warning unattributed-quotes" in moved.stdout
    result = run_cli("check", "--no-model", folder, "--baseline", "baseline.json")
    assert result.code == 0, result.stdout + result.stderr
    assert "unattributed-quotes" not in result.stdout
    assert "1 finding(s) in the baseline not reported" in result.stderr


def test_a_newly_added_bad_article_fails(run_cli, in_tmp) -> None:
    folder = _corpus(in_tmp)
    assert run_cli("check", "--no-model", folder, "--write-baseline", "baseline.json").code == 0
    (folder / "c.txt").write_text(QUOTE, encoding="utf-8")  # the same text, another article: new
    result = run_cli("check", "--no-model", folder, "--baseline", "baseline.json")
    assert result.code == 1, result.stderr
    assert [line.split(":")[0] for line in result.out_lines] == [str(folder / "c.txt")]
    sarif = run_cli("check", "--no-model", folder, "--baseline", "baseline.json", "--format", "sarif").json
    [new] = sarif["runs"][0]["results"]
    assert new["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "articles/c.txt"


def test_a_second_copy_of_a_finding_in_one_article_is_new(run_cli, in_tmp) -> None:
    folder = _corpus(in_tmp)
    assert run_cli("check", "--no-model", folder, "--write-baseline", "baseline.json").code == 0
    (folder / "a.txt").write_text(QUOTE + "Officials said it rained.\n\n" + QUOTE, encoding="utf-8")
    result = run_cli("check", "--no-model", folder, "--baseline", "baseline.json")
    assert result.code == 1, result.stderr
    # The first copy is in the baseline; the second (its occurrence index 1) is new.
    [line] = [x for x in result.out_lines if "unattributed-quotes" in x]
    assert ":7:1: warning unattributed-quotes" in line


def test_an_empty_baseline_changes_nothing_in_any_format(run_cli, in_tmp, seeds_dir) -> None:
    shutil.copytree(seeds_dir, in_tmp / "seeds")
    (in_tmp / "empty.json").write_text('{"version": 1, "findings": []}')
    for fmt in ("text", "json", "jsonl"):
        plain = run_cli("check", "seeds", "--format", fmt)
        based = run_cli("check", "seeds", "--format", fmt, "--baseline", "empty.json")
        assert (based.code, based.stdout) == (plain.code, plain.stdout), fmt


def test_the_reuse_findings_are_in_the_baseline_too(run_cli, in_tmp, seeds_dir) -> None:
    shutil.copytree(seeds_dir, in_tmp / "seeds")
    assert run_cli("check", "seeds", "--write-baseline", "b.json").code == 0
    checks = {e["check"] for e in json.loads((in_tmp / "b.json").read_text())["findings"]}
    assert {"state-media-laundered", "partial-wire-credit"} <= checks
    result = run_cli("check", "seeds", "--fail-on", "info", "--baseline", "b.json")
    assert (result.code, result.stdout) == (0, "")


@pytest.mark.parametrize(("text", "where", "words"), [
    ('{"version": 1, "findings": [}', "1:29", "not JSON"),  # broken JSON: its position
    ('{"version": 7, "findings": []}', "1:2", "version 7"),  # a version this biasdash does not read
    ('{"version": 1,\n "findings": [\n  {"fingerprint": "ab:0"},\n  {"check": "x"}\n ]\n}', "4:3",
     "finding 2"),  # an entry without its fingerprint: its line and column
    ("[]", "1:1", "not a baseline"),
])
def test_a_bad_baseline_exits_2_naming_file_line_and_column(run_cli, in_tmp, text, where, words) -> None:
    folder = _corpus(in_tmp)
    (in_tmp / "bad.json").write_text(text)
    result = run_cli("check", folder, "--baseline", "bad.json")
    assert result.code == 2
    assert result.stdout == ""
    assert result.err_lines[0].startswith(f"bad.json:{where}: error: "), result.stderr
    assert words in result.err_lines[0] and "Traceback" not in result.stderr


def test_a_missing_baseline_exits_2(run_cli, in_tmp) -> None:
    result = run_cli("check", _corpus(in_tmp), "--baseline", "nope.json")
    assert result.code == 2 and result.stderr.startswith("nope.json:1:1: error: no such baseline file")


def test_the_baseline_is_not_written_after_an_input_error(run_cli, in_tmp) -> None:
    folder = _corpus(in_tmp)
    result = run_cli("check", folder, in_tmp / "missing.txt", "--write-baseline", "b.json")
    assert result.code == 2
    assert not (in_tmp / "b.json").exists()
