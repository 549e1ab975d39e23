"""Ctrl-C during a long run exits 130, prints no traceback and leaves no partial output file."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_and_leaves_no_partial_output(tmp_path: Path, jobs: str) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for n in range(3000):  # far more than can be scored before the interrupt
            handle.write(json.dumps({"id": f"a{n}", "text": texts[n % len(texts)]}) + "\n")
    out = tmp_path / "report.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "score", str(corpus), "--format", "jsonl", "-o", str(out),
         "--jobs", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    time.sleep(2.5)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert "interrupted" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]  # no report, no temp file
