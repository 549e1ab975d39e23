"""A config can change which articles a check applies to ([checks.ID] condition), and a bad
condition there is reported at its line and column, with nothing scored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

UNSOURCED = "The river rose. The town flooded. Roads closed. Schools shut. Power failed. Crews worked late.\n"


def _check(tmp_path: Path, config: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "article.txt").write_text(UNSOURCED, encoding="utf-8")
    (tmp_path / "biasdash.toml").write_text(config, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "dashboard", "check", "article.txt", "--config", "biasdash.toml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)


def test_the_shipped_condition_lets_the_density_check_fire_on_six_sentences(tmp_path: Path) -> None:
    run = _check(tmp_path, "fail_on = \"warning\"\n")
    assert run.returncode == 1 and "min-attribution-density" in run.stdout, run.stdout + run.stderr


def test_a_config_condition_replaces_the_rule_files_one(tmp_path: Path) -> None:
    run = _check(tmp_path, "[checks.min-attribution-density]\ncondition = \"sentences >= 50\"\n")
    assert "min-attribution-density" not in run.stdout, run.stdout
    assert run.returncode == 0, run.stderr


def test_a_bad_config_condition_names_file_line_and_column(tmp_path: Path) -> None:
    run = _check(tmp_path, "[checks.min-attribution-density]\ncondition = \"sentnces >= 5\"\n")
    assert run.returncode == 2
    assert ("biasdash.toml:2:13: checks.min-attribution-density.condition: unknown metric 'sentnces'"
            in run.stderr), run.stderr
    assert "did you mean 'sentences'" in run.stderr and "Traceback" not in run.stderr
