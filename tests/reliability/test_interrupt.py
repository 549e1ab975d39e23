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
        for n in range(1500):  # articles of 28 kB: half a minute of scoring, far from done when interrupted
            handle.write(json.dumps({"id": f"a{n}", "text": "\n\n".join([texts[n % len(texts)]] * 8)}) + "\n")
    out = tmp_path / "report.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "score", str(corpus), "--format", "jsonl", "-o", str(out),
         "--jobs", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        # Ctrl-C as at a terminal, even when the tests themselves run in the background (a shell
        # starts background jobs with SIGINT ignored, and children inherit that).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    # Interrupt once the report is being written (its temporary file exists): mid-run.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(list(tmp_path.iterdir())) < 2 and process.poll() is None:
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert "interrupted" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]  # no report, no temp file
