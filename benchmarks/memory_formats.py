"""Provides the peak-memory figures of `biasdash score` per output format on many small articles.

    python benchmarks/memory_formats.py [--articles 100000] [--formats table,csv,jsonl]
                                        [--jobs N] [--root CHECKOUT]

Each format's run is measured by GNU time (`/usr/bin/time -v`, "Maximum resident set size": the
largest process of the run, the parent that writes the report or one of its workers). Output goes
to /dev/null through stdout (never `-o /dev/null`). `--root` runs another checkout's `dashboard/`
(for example a `git worktree` of an older commit) to compare before and after.

Figures of 2026-12-01 (100,000 articles of about 600 characters, 2 cores, --jobs default), peak
RSS in MB: before the CSV and table were streamed (ab5574c) table 434, csv 311, jsonl 42; after
table 43, csv 41, jsonl 43. Held rows grew by about 3 kB per article; now every format is flat.

2026-12-02, the CSV written by pandas a frame of 1,000 rows at a time (report/frame.py), peak RSS
in MB and wall seconds: 1,000 articles 127 MB; 10,000: 129 MB, 11 s (row by row: 45 MB, 8 s);
50,000: 133 MB, 61 s (row by row: 45 MB, 49 s). Still flat: the 85 MB more is pandas and pyarrow
imported, not rows held.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "benchmarks" / "data"
TIME = Path("/usr/bin/time")


def small_texts() -> list[str]:
    """Short articles: the first paragraphs (about 600 characters) of the annotated news in
    ../shared/eval, else of the seeds."""
    texts = []
    for name in ("attribution_dev.jsonl", "loaded_dev.jsonl"):
        path = EVAL / name
        if path.is_file():
            texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    if not texts:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    out = []
    for text in texts:
        cut = text[:600]
        end = cut.rfind(". ")
        out.append(cut[:end + 1] if end > 200 else cut)
    return out


def corpus(size: int) -> Path:
    """A JSONL corpus of `size` small articles with ids, titles and outlets, written once."""
    path = DATA / f"small_{size}.jsonl"
    if path.is_file():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    texts = small_texts()
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for n in range(size):
            handle.write(json.dumps({"id": f"a{n}", "title": f"Story number {n}", "outlet": "Wire",
                                     "text": texts[n % len(texts)]}) + "\n")
    tmp.replace(path)
    return path


def peak_rss(root: Path, path: Path, fmt: str, jobs: int | None) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit code) of one `score --format fmt` run."""
    command = [str(TIME), "-v", sys.executable, "-m", "dashboard", "score", str(path), "--format", fmt]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "120"}
    started = time.monotonic()
    done = subprocess.run(command, cwd=root, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - started
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no RSS figure from {TIME}:\n{done.stderr[-2000:]}")
    return int(found.group(1)) / 1024, wall, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--formats", default="table,csv,jsonl")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs of the runs (default: theirs)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose dashboard/ runs")
    args = parser.parse_args()
    if not TIME.is_file():
        raise SystemExit(f"{TIME} is missing (apt-get install time)")
    path = corpus(args.articles)
    print(f"# {args.articles} articles ({path.stat().st_size / 1e6:.0f} MB of JSONL), "
          f"checkout {args.root}, {os.cpu_count()} cores")
    print(f"{'format':<8} {'peak RSS MB':>12} {'wall s':>8} {'exit':>5}")
    for fmt in args.formats.split(","):
        rss, wall, code = peak_rss(args.root.resolve(), path, fmt, args.jobs)
        print(f"{fmt:<8} {rss:12.0f} {wall:8.0f} {code:5d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
