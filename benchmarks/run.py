"""Runs every speed and memory benchmark and prints a table of the figures with their targets.

    python benchmarks/run.py [--repeats 3] [--big 100000] [--skip-tui]

Each figure is the median over repeated runs, and ratios are taken within one run. Corpora come
from benchmarks/corpus.py (annotated news when ../shared/eval is present, else the seeds).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import build  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
PY = sys.executable


def _child(code: str) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON object as its last line."""
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def engine_vs_floor(corpus: Path, repeats: int) -> tuple[float, float, float]:
    """ms per article for analyse() and for the floor: VADER on each body sentence."""
    code = f"""
import json, time, statistics
from dashboard.engine.rules import load_rules
from dashboard.engine.article import Article
from dashboard.engine.scoring import analyse
from dashboard.engine.sentiment import analyzer
rs = load_rules(); rs.compiled; vader = analyzer()
arts = [Article(id=r["id"], text=r["text"]) for r in map(json.loads, open({str(corpus)!r}))][:1000]
sents = [[a.text[s.start:s.end] for s in analyse(a, rs).sentences] for a in arts]
eng, flo = [], []
for _ in range({repeats}):
    t = time.perf_counter(); [analyse(a, rs) for a in arts]; eng.append(time.perf_counter() - t)
    t = time.perf_counter(); [vader.polarity_scores(s) for ss in sents for s in ss]; flo.append(time.perf_counter() - t)
e, f = statistics.median(eng) / len(arts) * 1000, statistics.median(flo) / len(arts) * 1000
print(json.dumps({{"engine": e, "floor": f}}))
"""
    r = _child(code)
    return r["engine"], r["floor"], r["engine"] / r["floor"]


def _wall(cmd: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def check_startup(repeats: int) -> tuple[float, float, float, list[str]]:
    seed = str(sorted((ROOT / "seeds").glob("*.txt"))[0])
    check = _wall([PY, "-m", "dashboard", "check", seed], repeats)
    vader = _wall([PY, "-c", "import vaderSentiment.vaderSentiment"], repeats)
    imported = _child(f"""
import sys, json, io, contextlib
from dashboard.cli import main
with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
    main(["check", {seed!r}])
print(json.dumps([m for m in ("pandas", "textual") if m in sys.modules]))
""")
    return check, vader, check / vader, imported


def jobs_speedup(corpus: Path, repeats: int) -> tuple[float, float, float]:
    base = [PY, "-m", "dashboard", "score", str(corpus), "--format", "jsonl"]
    one = _wall(base + ["--jobs", "1"], repeats)
    two = _wall(base + ["--jobs", "2"], repeats)
    return one, two, one / two


def peak_memory(corpus: Path) -> float:
    """Peak RSS (MB) of `score --format jsonl` over the corpus (its children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([PY, "-m", "dashboard", "score", str(corpus), "--format", "jsonl"], cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def dashboard(corpus: Path) -> tuple[float, float, float]:
    """Seconds to the first article on screen, to the last, and peak memory (MB), headless."""
    first, total, rss = _child(f"""
import asyncio, json, resource, time
from dashboard.tui.app import BiasDashApp, RuleSource
async def main():
    t = time.perf_counter()
    app = BiasDashApp([{str(corpus)!r}], RuleSource([], True, frozenset(), {{}}), watch=False)
    first = None
    async with app.run_test(size=(160, 48)) as pilot:
        while True:
            await pilot.pause(0.05)
            if first is None and app.analyses:
                first = time.perf_counter() - t
            if not app.loading:
                break
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps([first, time.perf_counter() - t, rss]))
asyncio.run(main())
""")
    return first, total, rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--big", type=int, default=100000, help="corpus size for the memory figure")
    parser.add_argument("--tui-size", type=int, default=10000)
    parser.add_argument("--skip-tui", action="store_true")
    args = parser.parse_args()
    print(f"# {platform.node()}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}", file=sys.stderr)
    rows = []
    e, f, ratio = engine_vs_floor(build(1000, DATA), args.repeats)
    rows.append(("engine vs VADER floor, ms/article", f"{e:.2f} vs {f:.2f} = {ratio:.2f}x", "<= 2.0x"))
    check, vader, ratio, imported = check_startup(max(5, args.repeats))
    rows.append(("check one article vs import vader, s", f"{check:.2f} vs {vader:.2f} = {ratio:.2f}x",
                 "<= 3x, < 0.5 s"))
    rows.append(("modules on the check path", ", ".join(imported) or "no pandas, no textual", "none"))
    one, two, speedup = jobs_speedup(build(5000, DATA), 1)
    rows.append(("--jobs 2 vs --jobs 1, 5,000 articles, s", f"{one:.1f} vs {two:.1f} = {speedup:.2f}x",
                 ">= 1.7x"))
    small = peak_memory(build(1000, DATA))
    big = peak_memory(build(args.big, DATA))
    rows.append((f"peak memory, score jsonl, 1k vs {args.big // 1000}k articles, MB",
                 f"{small:.0f} vs {big:.0f}", "<= 400, flat"))
    if not args.skip_tui:
        first, total, rss = dashboard(build(args.tui_size, DATA))
        rows.append((f"dashboard {args.tui_size // 1000}k: first article / all scored, s",
                     f"{first:.2f} / {total:.0f}", "<= 1.5 first"))
        rows.append((f"dashboard {args.tui_size // 1000}k peak memory, MB", f"{rss:.0f}", "<= 1000"))
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<28}  target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
