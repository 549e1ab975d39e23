"""The fuzz harness stays runnable and finds nothing in a short run of each target: the loaders,
the writers (`-o`) and the rule-pack loader. Long runs are `python tests/reliability/fuzz.py`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from reliability_helpers import HERE


# One batch of 100 inputs per target (2 to 15 s each): enough to show the harness runs and finds
# nothing new; long runs (`fuzz.py --seconds 600`) are where fuzzing finds things.
@pytest.mark.slow
@pytest.mark.parametrize("target", [
    "articles",  # bytes as a file and on stdin, through every output format
    "jsonl",  # JSONL lines of any shape
    "rules",  # rule-file text and bytes
    "configs",  # TOML configs
    "writers",  # -o onto devices, FIFOs, links, folders and the inputs themselves
    "packs",  # rule packs with symlinks, FIFOs, devices, other files and oversized files
])
def test_a_short_fuzz_run_finds_no_failure(target: str) -> None:
    run = subprocess.run([sys.executable, str(HERE / "fuzz.py"), "--seconds", "1", "--target", target,
                          "--hang", "20", "--examples", "100"], capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert f"== {target}: " in run.stdout and " 0 distinct failure(s)" in run.stdout, run.stdout
