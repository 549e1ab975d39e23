"""Measures what seeing through disguised words costs: match_text() (engine/matchtext.py) on large
articles, against the analysis itself, with the memory the matching text and its map take.

    python benchmarks/obfuscation.py [--mb 2] [--repeats 3]

Articles (each about --mb megabytes of UTF-8): the seeds repeated (ASCII: the fast path), the
seeds with curly quotes (not ASCII, nothing to change), Russian prose (no Latin letters), Russian
prose with English words in it (every line looked at word by word), and English with every source
name disguised (zero-width spaces and look-alikes: the worst case for the map).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.engine.article import Article  # noqa: E402
from dashboard.engine.matchtext import match_text  # noqa: E402
from dashboard.engine.pipeline import analyse  # noqa: E402
from dashboard.runtime.rulepacks import load_rules  # noqa: E402

SEEDS = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
RUSSIAN = ("Переговоры в Пекине прошли в тёплой атмосфере, сообщило агентство ТАСС. Стороны "
           "договорились с партнёрами расширить торговлю, передаёт РИА Новости. Визит завершится "
           "в среду, сказал представитель МИД.\n")
RUSSIAN_MIXED = ("Переговоры в Пекине прошли в тёплой атмосфере, сообщило агентство Reuters. Стороны "
                 "договорились расширить торговлю, передаёт Associated Press.\n")
DISGUISED = ("The leaders met in Beijing, Xin\u200bhua reported. The talks were warm, Xinhu\u0430 said, "
             "and \u0422\u0410\u0405\u0405 agreed.\n")


def _fill(unit: str, mb: float) -> str:
    size = int(mb * 1e6)
    return unit * max(1, size // len(unit.encode("utf-8")))


def _seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    ruleset = load_rules()
    articles = {
        "ASCII (seeds, quotes made straight)": _fill(SEEDS.replace("\u201c", '"').replace("\u201d", '"')
                                                     .replace("\u2019", "'").replace("\u00a0", " ")
                                                     .replace("\u00a9", "(c)"), args.mb),
        "seeds as written (curly quotes, NBSP)": _fill(SEEDS, args.mb),
        "Russian, no Latin": _fill(RUSSIAN, args.mb),
        "Russian with English names": _fill(RUSSIAN_MIXED, args.mb),
        "every name disguised": _fill(DISGUISED, args.mb),
    }
    print(f"{'article':40} {'MB':>5} {'match_text s':>12} {'analyse s':>10} {'share':>6} "
          f"{'peak MB':>8} {'x input':>8} {'breakpoints':>11} {'disguised':>9}")
    for label, text in articles.items():
        size = len(text.encode("utf-8"))
        match_s = _seconds(partial(match_text, text), args.repeats)
        whole_s = _seconds(partial(analyse, Article(id="b", text=text), ruleset), 1)
        tracemalloc.start()
        result = match_text(text)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        points = 0 if result.offsets is None else len(result.offsets)
        print(f"{label:40} {size / 1e6:5.2f} {match_s:12.3f} {whole_s:10.2f} {match_s / whole_s:6.1%} "
              f"{peak / 1e6:8.1f} {peak / size:8.2f} {points:11} {result.obfuscated:9}")


if __name__ == "__main__":
    main()
