"""Times `check` on a 2 MiB article with a furniture pattern that backtracks on long lines.

    python benchmarks/slow_rules.py [--tree PATH] [--timeout 300]

The pattern is (\\w+\\s?)*$ (tests/reliability/fixtures/rules/word_repeat_regex.yaml): microseconds on
a short line, tens of milliseconds on each 250-character line of words, so it stays under the
per-line time limit on every line of the article. Three runs, each a fresh `python -m dashboard
check -j 1` with the rule cache off:

* as shipped: the load-time probes refuse the pattern (exit 2, nothing scored);
* with the load-time probes of before (41-character lines only), so that the pattern reaches the
  engine: the per-article time budget bounds what it costs;
* --tree PATH runs the same as the second in another checkout (e.g. a worktree of the commit
  before the budget: `git worktree add /tmp/before ab5574c`), killed after --timeout seconds.

The article is made in a temporary folder (2 MiB is too big to commit).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULE = ROOT / "tests" / "reliability" / "fixtures" / "rules" / "word_repeat_regex.yaml"
# The probes of before: the first five of kinds/furniture.py's _PROBES (the long line of words came later).
OLD_PROBES = ("import sys, dashboard.engine.kinds.furniture as r; r._PROBES = r._PROBES[:5]; "
              "from dashboard.cli import main; sys.exit(main(sys.argv[1:]))")


def article(folder: Path) -> Path:
    """Just under 2 MiB (the default --max-bytes): one attributed line, then lines of 50 words."""
    line = ("word " * 50).rstrip() + ".\n"
    path = folder / "words.txt"
    path.write_text("Officials said the talks failed, Reuters reported.\n"
                    + line * ((2 * 1024 * 1024 - 60) // len(line)), encoding="utf-8")
    return path


def run(tree: Path, prefix: list[str], path: Path, timeout: float) -> tuple[float, str]:
    """Seconds and exit code (or "killed") of one check."""
    env = {**os.environ, "PYTHONPATH": str(tree), "BIASDASH_CACHE_DIR": "off"}
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, *prefix, "check", "-j", "1", "--rules", str(RULE), str(path)],
                              cwd=tree, env=env, capture_output=True, timeout=timeout)
        outcome = f"exit {done.returncode}"
    except subprocess.TimeoutExpired:
        outcome = f"killed after {timeout:.0f} s"
    return time.perf_counter() - started, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, help="another checkout to time with the old probes")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = article(Path(tmp))
        print(f"article: {path.stat().st_size} bytes, {path.read_text().count(chr(10))} lines")
        cases = [("as shipped (refused at load time)", ROOT, ["-m", "dashboard"]),
                 ("load-time probes of before (the per-article budget)", ROOT, ["-c", OLD_PROBES])]
        if args.tree:
            cases.append((f"{args.tree}, its own probes", args.tree, ["-m", "dashboard"]))
        for label, tree, prefix in cases:
            seconds, outcome = run(tree, prefix, path, args.timeout)
            print(f"{label:55s} {seconds:7.2f} s  {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
