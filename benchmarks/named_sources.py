"""Prints how long counting distinct named sources takes for an article citing many different
names, with the quadratic search of ab5574c and with the word index that replaced it.

    python benchmarks/named_sources.py [--names 20000]

The names are random capitalised words, one to three per name (so that short names are sometimes
words of longer ones); both versions must give the same keys, which is checked.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.engine.metrics import named_source_keys
from dashboard.engine.records import Attribution

# The search as it was at ab5574c, kept once, in the test that holds the two equal.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "unit"))
from test_named_sources import _brute_force as quadratic

from dashboard.engine.records import Span


def article_citing(count: int, rng: random.Random) -> SimpleNamespace:
    syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "jo", "ve", "zu", "pa", "do"]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
             for _ in range(count)]
    names: set[str] = set()
    while len(names) < count:
        names.add(" ".join(rng.choice(words) for _ in range(rng.randint(1, 3))))
    text, attributions = "", []
    for name in sorted(names):
        span = Span(len(text), len(text) + len(name))
        text += name + " said so. "
        attributions.append(Attribution(span, span, None, None, None, False, span, "said", "neutral"))
    return SimpleNamespace(article=SimpleNamespace(text=text), attributions=attributions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=20_000)
    args = parser.parse_args()
    analysis = article_citing(args.names, random.Random(1))
    started = time.process_time()
    new = named_source_keys(analysis)
    indexed = time.process_time() - started
    started = time.process_time()
    old = quadratic(analysis)
    searched = time.process_time() - started
    assert new == old, "the word index must give the keys the quadratic search gives"
    print(f"{args.names} distinct names, {len(new)} named sources")
    print(f"  word index (now):         {indexed:8.3f} s CPU")
    print(f"  quadratic search (before): {searched:8.3f} s CPU")


if __name__ == "__main__":
    main()
