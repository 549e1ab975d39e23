"""Prints the peak memory of `biasdash score` on one big article and on JSONL files with very long
lines.

    python benchmarks/memory.py [--sizes 5,20,50] [--lines 1,10,50,200] [--jobs-lines 6x16]
                                [--root CHECKOUT]

Inputs are news text: the seeds and the annotated articles of ../shared/eval (when present)
repeated to size, written to benchmarks/data/ (never committed). Each run is a fresh process,
`score --format jsonl -j 1`, with stdout to /dev/null, measured by its peak RSS (ru_maxrss). For
one article the figure is that peak less the peak of the same command on a one-line article
(the interpreter, the rules, VADER, tldextract's suffix list: about 45 MB), and its multiple of
the article's size: what the article itself costs. JSONL rows are the peak itself: it must not
grow with the length of a line that is refused. The --jobs 2 row is the parent's peak RSS (it
holds the articles handed out ahead) and the summed RSS of parent and workers, sampled every
0.05 s. `--root` runs another checkout's dashboard/ (a `git worktree` of an older commit).

Figures of 2026-12-01, 2 cores shared with other jobs, MB:

    one article, --max-bytes 60000000, peak less the trivial run   ab5574c       now
       5 MiB                                                    276 (53x)    106 (20x)
      20 MiB                                                   1057 (50x)    314 (15x)
      50 MiB                                                   2592 (49x)    715 (14x)
    JSONL, a long first line then a short one: peak RSS
       1 MiB line (scored), default --max-bytes                      101          72
      10, 50, 200 MiB line (refused), default --max-bytes             24          24
     200 MiB line (refused), --max-bytes 60000000                    191          24
    JSONL of 6 lines of 16 MiB, --jobs 2: parent / parent and workers   627 / 3214   274 / 614
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "benchmarks" / "data"
MIB = 1 << 20

# Runs the command in argv and prints the peak RSS (KiB on Linux) of that child.
_MAXRSS = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def news_text() -> str:
    """The seeds and the annotated news articles, one after another."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for name in ("attribution_dev.jsonl", "loaded_dev.jsonl"):
        path = EVAL / name
        if path.is_file():
            texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    return "\n\n".join(texts) + "\n\n"


def sized(text: str, size: int) -> str:
    """`text` repeated and cut to `size` bytes of UTF-8 (at a character boundary)."""
    blob = text.encode("utf-8")
    data = (blob * (size // len(blob) + 1))[:size]
    return data.decode("utf-8", "ignore")


def article(size_mib: int, text: str) -> Path:
    path = DATA / f"article_{size_mib}mib.txt"
    if not path.is_file():
        DATA.mkdir(parents=True, exist_ok=True)
        path.write_text(sized(text, size_mib * MIB), encoding="utf-8")
    return path


def long_line_jsonl(size_mib: int, text: str) -> Path:
    """A JSONL file whose first line is an article of `size_mib` MiB, then a short one."""
    path = DATA / f"line_{size_mib}mib.jsonl"
    if not path.is_file():
        DATA.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            handle.write(json.dumps({"id": "long", "text": sized(text, size_mib * MIB)}) + "\n")
            handle.write(json.dumps({"id": "short", "text": "Talks stalled, Reuters reported."}) + "\n")
    return path


def many_lines_jsonl(count: int, size_mib: int, text: str) -> Path:
    path = DATA / f"lines_{count}x{size_mib}mib.jsonl"
    if not path.is_file():
        DATA.mkdir(parents=True, exist_ok=True)
        body = sized(text, size_mib * MIB)
        with path.open("w", encoding="utf-8") as handle:
            for n in range(count):
                handle.write(json.dumps({"id": f"a{n}", "text": body}) + "\n")
    return path


def peak_mb(root: Path, args: list[str]) -> float:
    """Peak RSS (MB) of `python -m dashboard ARGS` run from `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", _MAXRSS, sys.executable, "-m", "dashboard", *args],
                          cwd=root, env=env, capture_output=True, text=True, check=True)
    kib, _code = done.stdout.split()
    return int(kib) / 1024


def _tree_kib(pid: int) -> int:
    """KiB resident in a process and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as handle:
                total += next((int(line.split()[1]) for line in handle if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    stack += [int(x) for x in handle.read().split()]
        except OSError:
            pass
    return total


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return next((int(line.split()[1]) for line in handle if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def tree_peak_mb(root: Path, args: list[str]) -> tuple[float, float]:
    """Peak RSS (MB) of `python -m dashboard ARGS` alone (the parent, which holds the articles
    handed out ahead) and summed with its workers."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    process = subprocess.Popen([sys.executable, "-m", "dashboard", *args], cwd=root, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = tree = 0
    while process.poll() is None:
        parent = max(parent, _rss_kib(process.pid))
        tree = max(tree, _tree_kib(process.pid))
        time.sleep(0.05)
    return parent / 1024, tree / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,20,50", help="article sizes, MiB")
    parser.add_argument("--lines", default="1,10,50,200", help="JSONL first-line lengths, MiB")
    parser.add_argument("--jobs-lines", default="6x16", metavar="COUNTxMIB",
                        help="the --jobs 2 run's JSONL: this many lines of this many MiB")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose dashboard/ runs")
    args = parser.parse_args()
    root = args.root.resolve()
    text = news_text()
    tiny = DATA / "tiny.txt"
    DATA.mkdir(parents=True, exist_ok=True)
    # Names a domain and misspells a source, so that what any real run loads once (rapidfuzz) is
    # in the figure subtracted. A domain that is a plain host name no longer loads tldextract's
    # suffix list (about 20 MB): the trivial run went from 45 to 23 MB, and so did every peak.
    tiny.write_text("Talks stalled, reuters.com reported. The Xinhau News Agency said so.\n", encoding="utf-8")
    base = peak_mb(root, ["score", "--format", "jsonl", "-j", "1", str(tiny)])
    print(f"# checkout {root}; trivial run {base:.0f} MB")
    print("one article, score --format jsonl -j 1 --max-bytes 60000000: peak less the trivial run")
    for size in map(int, args.sizes.split(",")):
        path = article(size, text)
        started = time.monotonic()
        mb = peak_mb(root, ["score", "--format", "jsonl", "-j", "1", "--max-bytes", "60000000", str(path)]) - base
        print(f"  {size:4d} MiB  {mb:7.0f} MB  {mb * 1e6 / path.stat().st_size:5.1f}x  "
              f"({time.monotonic() - started:.0f} s)", flush=True)
    for limit in (None, 60_000_000):
        flag = ["--max-bytes", str(limit)] if limit else []
        print(f"JSONL, a long first line then a short one, score --format jsonl -j 1 "
              f"{' '.join(flag) or '(default --max-bytes, 2 MiB)'}")
        for size in map(int, args.lines.split(",")):
            if limit and size * MIB <= limit:
                continue  # that line would be scored: the one-article figures above
            path = long_line_jsonl(size, text)
            mb = peak_mb(root, ["score", "--format", "jsonl", "-j", "1", *flag, str(path)])
            print(f"  {size:4d} MiB line  peak {mb:7.0f} MB", flush=True)
    count, size = map(int, args.jobs_lines.split("x"))
    path = many_lines_jsonl(count, size, text)
    limit = str(size * MIB + MIB)
    parent, tree = tree_peak_mb(root, ["score", "--format", "jsonl", "--jobs", "2", "--max-bytes", limit, str(path)])
    print(f"JSONL of {count} lines of {size} MiB, --jobs 2 --max-bytes {limit}: parent {parent:.0f} MB, "
          f"parent and workers {tree:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
