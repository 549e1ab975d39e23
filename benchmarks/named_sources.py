"""Prints how long grouping source mentions into entities takes for an article citing many
different people (engine/entities.py indexes names by word; a walk over every entity for each
new name would be quadratic).

    python benchmarks/named_sources.py [--names 20000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.engine.entities import find_entities
from dashboard.engine.records import Attribution, Span
from dashboard.runtime.rulepacks import load_rules


def article_citing(count: int, rng: random.Random) -> tuple[str, list[Span], list[Attribution]]:
    syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "jo", "ve", "zu", "pa", "do"]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
             for _ in range(count)]
    names: set[str] = set()
    while len(names) < count:
        names.add(" ".join(rng.choice(words) for _ in range(rng.randint(1, 3))))
    text, sentences, attributions = "", [], []
    for name in sorted(names):
        span = Span(len(text), len(text) + len(name))
        sentence = Span(len(text), len(text) + len(name) + 9)
        text += name + " said so. "
        sentences.append(sentence)
        attributions.append(Attribution(span, span, None, None, None, False, sentence, "said", "neutral"))
    return text, sentences, attributions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=20_000)
    args = parser.parse_args()
    sources = load_rules().compiled.sources
    for count in (args.names // 10, args.names):
        text, sentences, attributions = article_citing(count, random.Random(1))
        started = time.process_time()
        entities, _, _ = find_entities(text, sentences, attributions, [], sources)
        took = time.process_time() - started
        print(f"{count:6d} distinct names -> {len(entities):6d} entities: {took:7.3f} s CPU")


if __name__ == "__main__":
    main()
