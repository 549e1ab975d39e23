"""Every file the CLI writes (-o, --write-baseline, train -o) is refused, before anything is
scored, when it is one of the run's inputs; and binary Parquet never goes to a terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from terminal import run_biasdash

pytestmark = pytest.mark.usefixtures("in_tmp")

ARTICLE = "Talks ended on Friday, Xinhua reported.\n"
RULE = """\
kind: loaded
rules:
  - id: local-loaded
    description: A loaded word of our own.
    severity: info
    terms: [regime]
    examples:
      match: ["The regime said so."]
      no_match: ["The government said so."]
"""


def _corpus(tmp: Path, seeds_dir: Path) -> Path:
    shutil.copytree(seeds_dir, tmp / "arts")
    (tmp / "arts" / "bad1.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp / "arts" / "bad1.txt"


def _refused(result, path: Path, before: bytes, what: str) -> None:
    assert result.code == 2, result.stderr
    assert f"{path}:1:1: error: {what}" in result.stderr, result.stderr
    assert "an input is never overwritten" in result.stderr
    assert "checked" not in result.stderr  # refused before anything was scored
    assert path.read_bytes() == before


def test_write_baseline_over_an_article_of_a_folder_is_refused(run_cli, in_tmp, seeds_dir) -> None:
    article = _corpus(in_tmp, seeds_dir)
    before = article.read_bytes()
    result = run_cli("check", "--no-model", "arts", "--write-baseline", "arts/bad1.txt")
    _refused(result, Path("arts/bad1.txt"), before, "the baseline to write is the article arts/bad1.txt")


def test_write_baseline_over_the_config_is_refused(run_cli, in_tmp) -> None:
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    config = in_tmp / "c.toml"
    config.write_text('fail_on = "error"\n', encoding="utf-8")
    before = config.read_bytes()
    result = run_cli("check", "--no-model", "--config", "c.toml", "a.txt", "--write-baseline", "c.toml")
    _refused(result, Path("c.toml"), before, "the baseline to write is the config file")


def test_write_baseline_over_a_rule_file_is_refused(run_cli, in_tmp) -> None:
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (in_tmp / "rules-local").mkdir()
    rule = in_tmp / "rules-local" / "x.yaml"
    rule.write_text(RULE, encoding="utf-8")
    before = rule.read_bytes()
    result = run_cli("check", "--no-model", "--rules", "rules-local", "a.txt",
                     "--write-baseline", "rules-local/x.yaml")
    _refused(result, Path("rules-local/x.yaml"), before, "the baseline to write is the rule file")


def test_output_over_the_baseline_read_is_refused(run_cli, in_tmp) -> None:
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert run_cli("check", "--no-model", "a.txt", "--write-baseline", "bt2.json").code == 0
    baseline = in_tmp / "bt2.json"
    before = baseline.read_bytes()
    result = run_cli("check", "--no-model", "a.txt", "--baseline", "bt2.json", "-o", "bt2.json")
    _refused(result, Path("bt2.json"), before, "the output is the baseline bt2.json")


def test_the_baseline_read_may_be_rewritten_with_write_baseline(run_cli, in_tmp) -> None:
    # `--baseline B --write-baseline B` is how a baseline is brought up to date: allowed.
    (in_tmp / "a.txt").write_text('"We are 100% sure this will change everything for the region."\n',
                                  encoding="utf-8")
    (in_tmp / "b.json").write_text('{"version": 1, "findings": []}\n', encoding="utf-8")
    result = run_cli("check", "--no-model", "a.txt", "--baseline", "b.json", "--write-baseline", "b.json")
    assert result.code == 0, result.stderr
    assert "written to the baseline b.json" in result.stderr
    assert '"findings": []' not in (in_tmp / "b.json").read_text(encoding="utf-8")


def test_output_and_write_baseline_of_one_file_are_refused(run_cli, in_tmp) -> None:
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_cli("check", "--no-model", "a.txt", "-o", "new.json", "--write-baseline", "./new.json")
    assert result.code == 2
    assert "new.json:1:1: error: the baseline to write is also the output" in result.stderr
    assert not (in_tmp / "new.json").exists()


def test_train_output_over_the_training_file_is_refused(run_cli, in_tmp) -> None:
    annotations = in_tmp / "ann.jsonl"
    annotations.write_text('{"id": "a", "text": "Talks ended, Xinhua reported.", "attributions": []}\n',
                           encoding="utf-8")
    before = annotations.read_bytes()
    result = run_cli("train", "attribution", "ann.jsonl", "-o", "ann.jsonl")
    assert result.code == 2, result.stderr
    assert "ann.jsonl:1:1: error: the weights file is the annotated file ann.jsonl" in result.stderr
    assert "an input is never overwritten; nothing was trained" in result.stderr
    assert annotations.read_bytes() == before


def test_train_output_over_a_rule_file_is_refused(run_cli, in_tmp) -> None:
    (in_tmp / "ann.jsonl").write_text('{"id": "a", "text": "x", "attributions": []}\n', encoding="utf-8")
    (in_tmp / "pack").mkdir()
    rule = in_tmp / "pack" / "x.yaml"
    rule.write_text(RULE, encoding="utf-8")
    result = run_cli("train", "attribution", "ann.jsonl", "--rules", "pack", "-o", "pack/x.yaml")
    assert result.code == 2
    assert "pack/x.yaml:1:1: error: the weights file is the rule file" in result.stderr
    assert rule.read_text(encoding="utf-8") == RULE


def test_report_output_over_an_article_is_refused(run_cli, in_tmp) -> None:
    article = in_tmp / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("report", "--no-model", "a.txt", "-o", "a.txt")
    assert result.code == 2
    assert "a.txt:1:1: error: the output is the article a.txt" in result.stderr
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_compare_output_over_the_pairs_file_is_refused(run_cli, in_tmp) -> None:
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (in_tmp / "b.txt").write_text(ARTICLE, encoding="utf-8")
    pairs = in_tmp / "pairs.jsonl"
    pairs.write_text('{"a": "a.txt", "b": "b.txt"}\n', encoding="utf-8")
    before = pairs.read_bytes()
    result = run_cli("compare", "--no-model", "--pairs", "pairs.jsonl", "-o", "pairs.jsonl")
    assert result.code == 2
    assert "pairs.jsonl:1:1: error: the output is the pairs file pairs.jsonl" in result.stderr
    assert pairs.read_bytes() == before


def test_parquet_to_a_terminal_is_refused(in_tmp) -> None:
    pytest.importorskip("pyarrow")
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    run = run_biasdash("score", "--no-model", "--format", "parquet", "a.txt", cwd=in_tmp, stdout_tty=True)
    assert run.code == 2
    assert run.stderr.strip() == ("biasdash: --format parquet is binary and stdout is a terminal: "
                                  "give -o FILE (or pipe it on); nothing was scored")
    assert "PAR1" not in run.terminal


def test_parquet_to_a_terminal_named_with_o_is_refused(in_tmp) -> None:
    pytest.importorskip("pyarrow")
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    run = run_biasdash("score", "--no-model", "--format", "parquet", "a.txt", "-o", "/dev/stdout",
                       cwd=in_tmp, stdout_tty=True)
    assert run.code == 2
    assert "--format parquet is binary and /dev/stdout is a terminal" in run.stderr
    assert "PAR1" not in run.terminal


def test_parquet_to_a_pipe_is_written(in_tmp) -> None:
    pytest.importorskip("pyarrow")
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    run = run_biasdash("score", "--no-model", "--format", "parquet", "a.txt", cwd=in_tmp)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("PAR1")


def test_output_over_the_shipped_weights_is_refused(run_cli, in_tmp) -> None:
    # Through a symlink: only the file's identity with the weights in use matters.
    from dashboard.runtime.model import shipped_model_path

    weights = shipped_model_path()
    if not weights.exists():
        pytest.skip("no shipped weights in this checkout")
    before = weights.read_bytes()
    (in_tmp / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (in_tmp / "w.tsv").symlink_to(weights)
    result = run_cli("check", "a.txt", "--format", "json", "-o", "w.tsv")
    assert result.code == 2
    assert "w.tsv:1:1: error: the output is the weights file" in result.stderr
    assert weights.read_bytes() == before
