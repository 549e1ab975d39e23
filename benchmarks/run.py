"""Runs every speed and memory benchmark and prints a table of the figures with their targets.

    python benchmarks/run.py [--repeats 3] [--big 100000] [--skip-tui] [--only engine,check,...]

Each figure is the median over repeated runs, and ratios are taken within one run. Corpora come
from benchmarks/corpus.py (annotated news when ../shared/eval is present, else the seeds).
Beside each figure: the CPU time it took (user + system, of the processes measured and their
children) and the 1-minute load average when it was taken (this benchmark adds about 1), so that
a slow machine can be told from a slow change: wall time far above CPU time means the processes
waited for a core.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import build  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
PY = sys.executable


def _child(code: str) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON object as its last line."""
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def engine_vs_floor(corpus: Path, repeats: int) -> dict[str, float]:
    """CPU ms per article for analyse() and for the floor (VADER's polarity_scores on each body
    sentence), alternated in one process; the ratio is the median of each repeat's ratio. Also
    the engine's port of polarity_scores (engine/vaderport.py) on the same sentences: its CPU ms
    per article, and how many sentences it scores exactly as VADER does."""
    code = f"""
import json, time, statistics
from dashboard.runtime.rulepacks import load_rules
from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.engine.sentiment import analyzer, polarity_scores
rs = load_rules(); rs.compiled; vader = analyzer(); port = polarity_scores()
arts = [Article(id=r["id"], text=r["text"]) for r in map(json.loads, open({str(corpus)!r}))][:1000]
sents = [[a.text[s.start:s.end] for s in analyse(a, rs).sentences] for a in arts]
flat = [s for ss in sents for s in ss]
eng, flo, por = [], [], []
for _ in range({repeats}):
    t = time.process_time(); [analyse(a, rs) for a in arts]; eng.append(time.process_time() - t)
    t = time.process_time(); [vader.polarity_scores(s) for s in flat]; flo.append(time.process_time() - t)
    t = time.process_time(); [port(s) for s in flat]; por.append(time.process_time() - t)
ratio = statistics.median(e / f for e, f in zip(eng, flo))
e, f, p = (statistics.median(x) / len(arts) * 1000 for x in (eng, flo, por))
same = sum(port(s) == vader.polarity_scores(s) for s in flat)
print(json.dumps({{"engine": e, "floor": f, "ratio": ratio, "port": p, "sentences": len(flat),
                  "identical": same}}))
"""
    return _child(code)


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children and their children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> float:
    return os.getloadavg()[0]


def _wall(cmd: list[str], repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time (s) of running `cmd`."""
    times, cpus = [], []
    for _ in range(repeats):
        cpu, t = _children_cpu(), time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
        cpus.append(_children_cpu() - cpu)
    return statistics.median(times), statistics.median(cpus)


def check_startup(repeats: int) -> dict[str, Any]:
    """Whole-process wall and CPU time of `biasdash check` on one seed article, and on an article
    that names an outlet by its web domain, against importing VADER.

    As after a normal install: bytecode compiled and the rule-set cache warm (one run first).
    """
    seed = str(sorted((ROOT / "seeds").glob("*.txt"))[0])
    domain = DATA / "domain_article.txt"
    DATA.mkdir(parents=True, exist_ok=True)
    domain.write_text("Lawmakers met on Tuesday.\n\nBreitbart.com reported that the talks had stalled, "
                      "and officials said a deal was near.\n", encoding="utf-8")
    script = Path(PY).with_name("biasdash")
    command = [str(script)] if script.exists() else [PY, "-m", "dashboard"]
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "dashboard")], check=True)
    subprocess.run(command + ["check", seed], cwd=ROOT, capture_output=True)
    load = _load()
    # Alternated, so that all three see the machine in the same state.
    runs: dict[str, list[tuple[float, float]]] = {"check": [], "domain": [], "vader": []}
    for _ in range(repeats):
        runs["check"].append(_wall(command + ["check", seed], 1))
        runs["domain"].append(_wall(command + ["check", str(domain)], 1))
        runs["vader"].append(_wall([PY, "-c", "import vaderSentiment.vaderSentiment"], 1))
    found: dict[str, Any] = {name: statistics.median(w for w, _ in r) for name, r in runs.items()}
    found |= {name + "_cpu": statistics.median(c for _, c in r) for name, r in runs.items()}
    found["load"] = load
    found["imported"] = _child(f"""
import sys, json, io, contextlib
from dashboard.cli import main
with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
    main(["check", {seed!r}])
    main(["check", {str(domain)!r}])
print(json.dumps([m for m in ("pandas", "textual", "dask", "tldextract") if m in sys.modules]))
""")
    return found


def jobs_speedup(corpus: Path, repeats: int) -> tuple[tuple[float, float], tuple[float, float], float]:
    """(wall, CPU) of `score` with one worker and with two, and the wall-time speedup."""
    base = [PY, "-m", "dashboard", "score", str(corpus), "--format", "jsonl"]
    one = _wall(base + ["--jobs", "1"], repeats)
    two = _wall(base + ["--jobs", "2"], repeats)
    return one, two, one[0] / two[0]


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


def peak_memory(corpus: Path) -> tuple[float, float, float]:
    """Peak memory (MB) of `score --format jsonl` over the corpus with its workers (default
    --jobs): the summed RSS of the process tree, sampled every 0.1 s; its wall and CPU time (s)."""
    cpu, started = _children_cpu(), time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "dashboard", "score", str(corpus), "--format", "jsonl"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.1)
    return peak / 1024, time.perf_counter() - started, _children_cpu() - cpu


def dashboard(corpus: Path) -> tuple[float, float, float, float]:
    """Headless, at 160x48: seconds to the first article listed, to all scored, and the peak of
    the summed RSS (MB) of the app and its scoring workers, sampled every 0.05 s; and the CPU
    seconds of the app and its workers."""
    cpu = _children_cpu()
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
    return first, total, rss, _children_cpu() - cpu


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


FIGURES = ("engine", "check", "jobs", "memory", "tui")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--big", type=int, default=100000, help="corpus size for the memory figure")
    parser.add_argument("--tui-size", type=int, default=10000)
    parser.add_argument("--skip-tui", action="store_true")
    parser.add_argument("--only", type=lambda v: set(v.split(",")), default=set(FIGURES),
                        help="comma-separated figures to take: " + ", ".join(FIGURES))
    args = parser.parse_args()
    if args.skip_tui:
        args.only.discard("tui")
    print(f"# {_cpu()}, {os.cpu_count()} cores, {_memory()}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    rows: list[tuple[str, str, str, str, str]] = []  # figure, value, CPU time, load, target

    def row(name: str, value: str, cpu: str, load: float | None, target: str) -> None:
        rows.append((name, value, cpu, "" if load is None else f"{load:.1f}", target))

    if "engine" in args.only:
        load = _load()
        found = engine_vs_floor(build(1000, DATA), args.repeats)
        row("engine vs VADER floor, CPU ms/article", f"{found['engine']:.2f} vs {found['floor']:.2f} = "
            f"{found['ratio']:.2f}x", "(is CPU)", load, "<= 2.0x, aim 1.5x")
        row("  sentiment port, CPU ms/article; = VADER", f"{found['port']:.2f}; {found['identical']:,} of "
            f"{found['sentences']:,} sentences", "(is CPU)", load, "all identical")
    if "check" in args.only:
        found = check_startup(max(21, args.repeats))
        row("check one article vs import vader, ms", f"{found['check'] * 1000:.0f} vs "
            f"{found['vader'] * 1000:.0f} = {found['check'] / found['vader']:.2f}x",
            f"{found['check_cpu'] * 1000:.0f} vs {found['vader_cpu'] * 1000:.0f} ms", found["load"],
            "<= 3x, < 500 ms")
        row("check an article naming Breitbart.com, ms", f"{found['domain'] * 1000:.0f}",
            f"{found['domain_cpu'] * 1000:.0f} ms", found["load"], "as one article")
        row("modules on the check path", ", ".join(found["imported"]) or "no pandas, textual, tldextract",
            "", None, "none")
    if "jobs" in args.only:
        load = _load()
        one, two, speedup = jobs_speedup(build(5000, DATA), args.repeats)
        row("--jobs 2 vs --jobs 1, 5,000 articles, s", f"{one[0]:.1f} vs {two[0]:.1f} = {speedup:.2f}x",
            f"{one[1]:.1f} vs {two[1]:.1f} s", load, ">= 1.7x")
    if "memory" in args.only:
        sizes = sorted({1000, 10000, args.big})
        load = _load()
        memory = [(size, *peak_memory(build(size, DATA))) for size in sizes]
        row(f"peak memory, score jsonl, {' / '.join(f'{n // 1000}k' for n in sizes)}, MB",
            " / ".join(f"{mb:.0f}" for _, mb, _, _ in memory), "", load, "<= 400, flat")
        row("  (wall time of those runs, s)", " / ".join(f"{wall:.0f}" for _, _, wall, _ in memory),
            " / ".join(f"{cpu:.0f}" for _, _, _, cpu in memory) + " s", load, "")
    if "tui" in args.only:
        load = _load()
        first, total, rss, cpu = dashboard(build(args.tui_size, DATA))
        row(f"dashboard {args.tui_size // 1000}k: first article / all scored, s", f"{first:.2f} / {total:.0f}",
            f"{cpu:.0f} s", load, "<= 1.5 first")
        row(f"dashboard {args.tui_size // 1000}k peak memory (app + workers), MB", f"{rss:.0f}", "", load,
            "<= 1000")
    rows.insert(0, ("figure", "value", "CPU time", "load", "target"))
    widths = [max(len(r[k]) for r in rows) for k in range(4)]
    for r in rows:
        print("  ".join(f"{cell:<{w}}" for cell, w in zip(r[:4], widths)) + "  " + r[4])
    return 0


if __name__ == "__main__":
    sys.exit(main())
