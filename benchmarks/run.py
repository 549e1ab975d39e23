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
    """CPU ms per article for analyse() and for the floor (VADER's polarity_scores on each body
    sentence), alternated in one process; the ratio is the median of each repeat's ratio."""
    code = f"""
import json, time, statistics
from dashboard.runtime.rulepacks import load_rules
from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.engine.sentiment import analyzer
rs = load_rules(); rs.compiled; vader = analyzer()
arts = [Article(id=r["id"], text=r["text"]) for r in map(json.loads, open({str(corpus)!r}))][:1000]
sents = [[a.text[s.start:s.end] for s in analyse(a, rs).sentences] for a in arts]
eng, flo = [], []
for _ in range({repeats}):
    t = time.process_time(); [analyse(a, rs) for a in arts]; eng.append(time.process_time() - t)
    t = time.process_time(); [vader.polarity_scores(s) for ss in sents for s in ss]; flo.append(time.process_time() - t)
ratio = statistics.median(e / f for e, f in zip(eng, flo))
e, f = statistics.median(eng) / len(arts) * 1000, statistics.median(flo) / len(arts) * 1000
print(json.dumps({{"engine": e, "floor": f, "ratio": ratio}}))
"""
    r = _child(code)
    return r["engine"], r["floor"], r["ratio"]


def _wall(cmd: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def check_startup(repeats: int) -> tuple[float, float, float, list[str]]:
    """Whole-process wall time of `biasdash check` on one seed article against importing VADER.

    As after a normal install: bytecode compiled and the rule-set cache warm (one run first).
    """
    seed = str(sorted((ROOT / "seeds").glob("*.txt"))[0])
    script = Path(PY).with_name("biasdash")
    command = [str(script)] if script.exists() else [PY, "-m", "dashboard"]
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "dashboard")], check=True)
    subprocess.run(command + ["check", seed], cwd=ROOT, capture_output=True)
    # Alternated, so that both see the machine in the same state.
    checks, vaders = [], []
    for _ in range(repeats):
        checks.append(_wall(command + ["check", seed], 1))
        vaders.append(_wall([PY, "-c", "import vaderSentiment.vaderSentiment"], 1))
    check, vader = statistics.median(checks), statistics.median(vaders)
    imported = _child(f"""
import sys, json, io, contextlib
from dashboard.cli import main
with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
    main(["check", {seed!r}])
print(json.dumps([m for m in ("pandas", "textual", "dask") if m in sys.modules]))
""")
    return check, vader, check / vader, imported


def jobs_speedup(corpus: Path, repeats: int) -> tuple[float, float, float]:
    base = [PY, "-m", "dashboard", "score", str(corpus), "--format", "jsonl"]
    one = _wall(base + ["--jobs", "1"], repeats)
    two = _wall(base + ["--jobs", "2"], repeats)
    return one, two, one / two


def _tree_rss(pid: int) -> int:
    """KiB resident in a process and all its descendants (pages shared after fork counted in each)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as handle:
                total += next((int(line.split()[1]) for line in handle if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):  # children of every thread (the dashboard
                with open(f"/proc/{p}/task/{task}/children") as handle:  # forks from its scoring one)
                    stack += [int(x) for x in handle.read().split()]
        except OSError:
            pass
    return total


def peak_memory(corpus: Path) -> tuple[float, float]:
    """Peak memory (MB) of `score --format jsonl` over the corpus with its workers (default
    --jobs): the summed RSS of the process tree, sampled every 0.1 s, and the wall time (s)."""
    started = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "dashboard", "score", str(corpus), "--format", "jsonl"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.1)
    return peak / 1024, time.perf_counter() - started


def dashboard(corpus: Path) -> tuple[float, float, float]:
    """Headless, at 160x48: seconds to the first article listed, to all scored, and the peak of
    the summed RSS (MB) of the app and its scoring workers, sampled every 0.05 s."""
    first, total, rss = _child(f"""
import asyncio, json, os, time
from benchmarks.run import _tree_rss
from dashboard.tui.app import BiasDashApp, RuleSource
async def main():
    t = time.perf_counter()
    app = BiasDashApp([{str(corpus)!r}], RuleSource([], True, frozenset(), {{}}), watch=False)
    first, peak = None, 0
    async with app.run_test(size=(160, 48)) as pilot:
        while True:
            await pilot.pause(0.05)
            peak = max(peak, _tree_rss(os.getpid()))
            if first is None and app.analyses:
                first = time.perf_counter() - t
            if not app.loading:
                break
    print(json.dumps([first, time.perf_counter() - t, peak / 1024]))
asyncio.run(main())
""")
    return first, total, rss


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            return next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        with open("/proc/meminfo") as handle:
            return f"{int(handle.readline().split()[1]) / 1024 ** 2:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        return "RAM unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--big", type=int, default=100000, help="corpus size for the memory figure")
    parser.add_argument("--tui-size", type=int, default=10000)
    parser.add_argument("--skip-tui", action="store_true")
    args = parser.parse_args()
    print(f"# {_cpu()}, {os.cpu_count()} cores, {_memory()}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    rows = []
    e, f, ratio = engine_vs_floor(build(1000, DATA), args.repeats)
    rows.append(("engine vs VADER floor, ms/article", f"{e:.2f} vs {f:.2f} = {ratio:.2f}x", "<= 2.0x"))
    check, vader, ratio, imported = check_startup(max(21, args.repeats))
    rows.append(("check one article vs import vader, ms", f"{check * 1000:.0f} vs {vader * 1000:.0f} = {ratio:.2f}x",
                 "<= 3x, < 500 ms"))
    rows.append(("modules on the check path", ", ".join(imported) or "no pandas, no textual", "none"))
    one, two, speedup = jobs_speedup(build(5000, DATA), args.repeats)
    rows.append(("--jobs 2 vs --jobs 1, 5,000 articles, s", f"{one:.1f} vs {two:.1f} = {speedup:.2f}x",
                 ">= 1.7x"))
    sizes = sorted({1000, 10000, args.big})
    memory = [(size, *peak_memory(build(size, DATA))) for size in sizes]
    rows.append((f"peak memory, score jsonl, {' / '.join(f'{n // 1000}k' for n in sizes)}, MB",
                 " / ".join(f"{mb:.0f}" for _, mb, _ in memory), "<= 400, flat"))
    rows.append(("  (wall time of those runs, s)", " / ".join(f"{wall:.0f}" for _, _, wall in memory), ""))
    if not args.skip_tui:
        first, total, rss = dashboard(build(args.tui_size, DATA))
        rows.append((f"dashboard {args.tui_size // 1000}k: first article / all scored, s",
                     f"{first:.2f} / {total:.0f}", "<= 1.5 first"))
        rows.append((f"dashboard {args.tui_size // 1000}k peak memory (app + workers), MB", f"{rss:.0f}",
                     "<= 1000"))
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<28}  target {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
