"""What `biasdash` writes to a terminal and what it keeps out of pipes: colour (--color, NO_COLOR,
FORCE_COLOR), how much it says on stderr (--quiet, --verbose), and the progress line of a long
run, which only a terminal's stderr gets. Terminals are pseudo-terminals (tests/cli/terminal.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from terminal import clean_env, run_biasdash

from dashboard.report.colour import SEVERITY_STYLE

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "seeds"
WARNING = f"\x1b[{SEVERITY_STYLE['warning']}mwarning\x1b[0m"  # a coloured severity


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 30 articles (the seeds, copied 15 times)."""
    folder = tmp_path_factory.mktemp("corpus")
    for k in range(15):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"{k:02d}_{seed.name}")
    return folder


# --- colour ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "env", "coloured"), [
    ([], {}, True),  # auto, on a terminal: coloured
    ([], {"NO_COLOR": "1"}, False),  # NO_COLOR says no
    (["--color", "never"], {}, False),
    (["--color", "always"], {"NO_COLOR": "1"}, True),  # given explicitly, always beats NO_COLOR
    ([], {"NO_COLOR": ""}, True),  # an empty NO_COLOR is not set
    ([], {"TERM": "dumb"}, False),
])
def test_check_colours_the_severity_on_a_terminal(tmp_path: Path, args: list[str], env: dict[str, str],
                                                  coloured: bool) -> None:
    run = run_biasdash(*args, "check", str(SEEDS), cwd=tmp_path, stdout_tty=True, env=clean_env(**env))
    assert run.code == 1
    assert "state-media-laundered" in run.stdout
    assert (WARNING in run.stdout) is coloured
    if not coloured:
        assert "\x1b[" not in run.stdout


@pytest.mark.parametrize(("args", "env", "coloured"), [
    ([], {}, False),  # auto, into a pipe: plain
    (["--color", "always"], {}, True),
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (["--color=always"], {}, True),
])
def test_piped_output_is_plain_unless_colour_is_asked_for(tmp_path: Path, args: list[str], env: dict[str, str],
                                                          coloured: bool) -> None:
    run = run_biasdash(*args, "check", str(SEEDS), cwd=tmp_path, env=clean_env(**env))
    assert run.code == 1
    assert (WARNING in run.stdout) is coloured
    if not coloured:
        assert "\x1b[" not in run.stdout + run.stderr


def test_an_error_on_a_terminal_has_error_in_red_and_the_option_works_after_the_command(tmp_path: Path) -> None:
    run = run_biasdash("check", "missing.txt", cwd=tmp_path, stderr_tty=True)
    assert run.code == 2
    assert "missing.txt:1:1: \x1b[1;31merror\x1b[0m: no such file" in run.stderr
    plain = run_biasdash("check", "--color", "never", "missing.txt", cwd=tmp_path, stderr_tty=True)
    assert "missing.txt:1:1: error: no such file" in plain.stderr and "\x1b[" not in plain.stderr


# --- --quiet and --verbose -------------------------------------------------------------------

@pytest.mark.parametrize("where", ["before", "after"])  # biasdash -q check ..., biasdash check -q ...
def test_quiet_leaves_only_errors_on_stderr_and_changes_nothing_else(run_cli, seeds_dir: Path, where: str) -> None:
    normal = run_cli("check", str(seeds_dir))
    quiet = run_cli("-q", "check", str(seeds_dir)) if where == "before" else run_cli("check", "-q", str(seeds_dir))
    assert "article(s) checked" in normal.stderr
    assert quiet.stderr == ""
    assert (quiet.code, quiet.stdout) == (normal.code, normal.stdout)
    failed = run_cli("check", "--quiet", str(seeds_dir), "missing.txt")
    assert failed.code == 2
    assert failed.err_lines == ["missing.txt:1:1: error: no such file or folder"]


def test_quiet_drops_the_tables_note_on_what_it_left_out(tmp_path: Path) -> None:
    shown = run_biasdash("score", str(SEEDS), cwd=tmp_path, stdout_tty=True, stderr_tty=True)
    assert "leaves out" in shown.terminal
    quiet = run_biasdash("score", "--quiet", str(SEEDS), cwd=tmp_path, stdout_tty=True, stderr_tty=True)
    assert "leaves out" not in quiet.terminal
    assert "000_19cab8bc42d06589" in quiet.terminal


def test_verbose_names_the_rule_files_each_article_and_its_time_and_cache_hits(tmp_path: Path) -> None:
    env = clean_env(BIASDASH_CACHE_DIR=str(tmp_path / "cache"))
    first = run_biasdash("--verbose", "score", "--format", "jsonl", str(SEEDS), cwd=tmp_path, env=env)
    assert first.code == 0
    assert "biasdash: reading rule file " in first.stderr and "sources.yaml" in first.stderr
    for seed in SEEDS.glob("*.txt"):
        assert f"biasdash: scored {seed.stem} in " in first.stderr, first.stderr
    again = run_biasdash("score", "-v", "--format", "jsonl", str(SEEDS), cwd=tmp_path, env=env)
    assert "biasdash: rule set from the cache" in again.stderr
    assert "reading rule file" not in again.stderr
    assert again.stdout == first.stdout
    normal = run_biasdash("score", "--format", "jsonl", str(SEEDS), cwd=tmp_path, env=env)
    assert normal.stdout == first.stdout and "scored" not in normal.stderr


def test_quiet_and_verbose_together_are_refused(run_cli, seeds_dir: Path) -> None:
    for args in (["-q", "-v", "check"], ["check", "-q", "-v"], ["-q", "check", "-v"]):
        result = run_cli(*args, str(seeds_dir))
        assert result.code == 2 and "not allowed with" in result.stderr, args


# --- the progress line -----------------------------------------------------------------------

@pytest.mark.parametrize("command", [["score", "--format", "jsonl"], ["check"], ["compare", "--format", "jsonl"]])
def test_a_corpus_run_shows_progress_on_a_terminals_stderr_only(tmp_path: Path, corpus: Path,
                                                                command: list[str]) -> None:
    shown = run_biasdash(*command, str(corpus), cwd=tmp_path, stderr_tty=True)
    piped = run_biasdash(*command, str(corpus), cwd=tmp_path)
    assert shown.code == piped.code
    assert shown.stdout == piped.stdout  # the results are the same
    assert "/30 articles" in shown.terminal, shown.terminal
    # cleared at the end: after the last return to the line's start, no progress (the summary, or nothing)
    last = shown.terminal.rsplit("\r", 1)[-1]
    assert "/30 articles" not in last
    assert "\r" not in piped.stderr and "/30 articles" not in piped.stderr


def test_check_counts_the_reuse_comparisons_after_scoring_then_clears_the_line(tmp_path: Path,
                                                                               corpus: Path) -> None:
    # The corpus is 15 copies of each seed: finding which reuses which comes after the scoring,
    # before any finding is printed, and would otherwise be a silent wait.
    shown = run_biasdash("check", "-j", "1", str(corpus), cwd=tmp_path, stderr_tty=True)
    assert " comparisons " in shown.terminal, shown.terminal
    assert "comparisons" not in shown.terminal.rsplit("\r", 1)[-1]
    piped = run_biasdash("check", "-j", "1", str(corpus), cwd=tmp_path)
    assert "comparison" not in piped.stderr and shown.stdout == piped.stdout


def test_no_progress_when_quiet_or_in_ci(tmp_path: Path, corpus: Path) -> None:
    quiet = run_biasdash("score", "-q", "--format", "jsonl", str(corpus), cwd=tmp_path, stderr_tty=True)
    assert quiet.terminal == ""
    ci = run_biasdash("score", "--format", "jsonl", str(corpus), cwd=tmp_path, stderr_tty=True,
                      env=clean_env(CI="true"))
    assert "articles" not in ci.terminal


def test_a_jsonl_stream_has_no_total_so_progress_counts(tmp_path: Path, corpus: Path) -> None:
    lines = [f'{{"id": "a{k}", "text": "Kim said the talks went well, officials said."}}' for k in range(30)]
    stream = tmp_path / "articles.jsonl"
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_biasdash("score", "--format", "jsonl", str(stream), cwd=tmp_path, stderr_tty=True)
    assert run.code == 0
    assert "biasdash: 1 article " in run.terminal and "/30" not in run.terminal  # a count, no total


def test_global_options_reach_the_scores_printed_for_a_path_with_no_terminal(run_cli, seeds_dir: Path) -> None:
    said = run_cli(str(seeds_dir))  # no terminal in a test: scored as `score` is, with a note
    assert "no terminal" in said.stderr
    quiet = run_cli("-q", str(seeds_dir))
    assert quiet.code == 0 and quiet.stderr == ""
    assert quiet.stdout == said.stdout == run_cli("score", str(seeds_dir)).stdout


def test_a_color_option_without_its_value_is_refused(run_cli) -> None:
    result = run_cli("--color")
    assert result.code == 2 and "--color: expected one argument" in result.stderr
