"""Conventions a new user meets first: `biasdash PATH` in a pipe prints the scores instead of
waiting for keys, a misspelt command gets "did you mean", and plain `biasdash` finds the seeds
packaged with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def _biasdash(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)


def test_a_path_with_no_terminal_prints_the_scores_at_once(tmp_path: Path) -> None:
    result = _biasdash(str(PROJECT / "seeds"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == _biasdash("score", str(PROJECT / "seeds"), cwd=tmp_path).stdout
    assert "000_19cab8bc42d06589" in result.stdout
    assert "no terminal" in result.stderr


def test_the_tui_command_with_no_terminal_says_what_to_run_instead(tmp_path: Path) -> None:
    result = _biasdash("tui", str(PROJECT / "seeds"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "needs a terminal" in result.stderr and "biasdash score" in result.stderr


@pytest.mark.parametrize(("word", "meant"), [("chek", "check"), ("scroe", "score"), ("comapre", "compare")])
def test_a_misspelt_command_gets_did_you_mean(run_cli, in_tmp, word: str, meant: str) -> None:
    result = run_cli(word, "seeds/")
    assert result.code == 2
    assert f"unknown command {word!r} (did you mean {meant!r}?)" in result.stderr
    assert "no such file" not in result.stderr


def test_a_file_named_like_a_command_is_still_an_article(run_cli, in_tmp: Path) -> None:
    (in_tmp / "chek").write_text("Kim said the talks went well.\n", encoding="utf-8")
    result = run_cli("chek")  # no terminal in a test: scored as `score chek`
    assert result.code == 0, result.stderr
    assert "chek" in result.stdout
