"""The engine's whole output on the seeds and on a fixed eval corpus stays byte for byte what the
golden files hold (a restructuring must not change it; a deliberate change rewrites them with
`python tests/golden/golden.py`, in a commit that says why)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from golden import EVAL, HERE, eval_corpus, outputs

REWRITE = "python tests/golden/golden.py"


def test_the_outputs_are_the_golden_ones(tmp_path: Path) -> None:
    corpus = eval_corpus(tmp_path)
    expected = outputs(corpus)
    for name, content in expected.items():
        golden = (HERE / name).read_text(encoding="utf-8")
        assert content == golden, f"tests/golden/{name} differs; if the change is meant, run: {REWRITE}"
    if corpus is None:
        pytest.skip(f"{EVAL} not found (set BIASDASH_EVAL_DIR): the eval corpus's golden files were not compared")
