"""How finding reused pairs grows with the corpus: find_pairs() over 1k and 10k articles, time and
peak memory, with pairs planted so that there is something to find.

    python benchmarks/compare_scale.py [--sizes 1000 10000] [--seed 13]

The articles come from benchmarks/corpus.py's sources (annotated news when ../shared/eval is
there, else the seeds). Past the sources' number, an article is a mixture: sentences drawn from
different source articles, so the corpus grows with new articles rather than copies (copies
would all pair with each other). One article in 20 then gets a derivative planted after it: a
near-verbatim copy (a sentence dropped, a lead added) or a rewrite (a quarter of the sentences
dropped, words cut from the rest, the rest kept in order). The smaller corpus is the larger
one's start. Times are find_pairs() on digests (analysis is the scoring's cost, reported apart);
memory is tracemalloc's peak during a second, traced find_pairs(), per article."""

from __future__ import annotations

import argparse
import pickle
import random
import re
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import texts  # noqa: E402

from dashboard.engine.article import Article  # noqa: E402
from dashboard.engine.pipeline import analyse  # noqa: E402
from dashboard.engine.reuse import digest, find_pairs  # noqa: E402
from dashboard.runtime.rulepacks import load_rules  # noqa: E402

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
PLANT_EVERY = 20
MIXED_SENTENCES = 12


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if len(p.split()) >= 6]


def rewrite(text: str, rng: random.Random, heavy: bool) -> str:
    """A derivative of `text`: near-verbatim, or a rewrite that keeps the order of what it keeps."""
    sentences = [s for p in paragraphs(text) for s in SENTENCE.split(p)]
    if not heavy:
        if len(sentences) > 3:
            sentences.pop(rng.randrange(len(sentences)))
        return "A story we are republishing in full.\n\n" + "\n\n".join(sentences)
    kept = []
    for s in sentences:
        if rng.random() < 0.25:
            continue
        words = s.split()
        for _ in range(len(words) // 6):
            if len(words) > 4:
                words.pop(rng.randrange(1, len(words) - 1))
        kept.append(" ".join(words))
    return "\n\n".join(kept)


def build(size: int, seed: int) -> tuple[list[Article], set[tuple[str, str]]]:
    """`size` articles and the planted pairs among them (origin id, derivative id)."""
    rng = random.Random(seed)
    sources = [s for s in texts() if len(paragraphs(s["text"])) >= 3]
    pool = [(k, p) for k, s in enumerate(sources) for p in paragraphs(s["text"])]
    articles: list[Article] = []
    planted: set[tuple[str, str]] = set()
    n = 0
    while len(articles) < size:
        if n < len(sources):
            text, outlet = sources[n]["text"], sources[n]["outlet"]
        else:
            picked = rng.sample(pool, MIXED_SENTENCES)
            text, outlet = "\n\n".join(p for _, p in picked), "mixed"
        origin = Article(id=f"a{n}", text=text, outlet=outlet)
        articles.append(origin)
        if n % PLANT_EVERY == 0 and len(articles) < size:
            copy = Article(id=f"a{n}r", text=rewrite(text, rng, heavy=n % (2 * PLANT_EVERY) == 0), outlet="copier")
            articles.append(copy)
            planted.add((origin.id, copy.id))
        n += 1
    return articles, planted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    articles, planted = build(sizes[-1], args.seed)
    ruleset = load_rules()
    started = time.perf_counter()
    digests = [digest(analyse(a, ruleset)) for a in articles]
    analysed = time.perf_counter() - started
    size_each = len(pickle.dumps(digests)) / len(digests)
    print(f"{len(articles)} articles analysed and digested in {analysed:.0f} s "
          f"({1000 * analysed / len(articles):.1f} ms each); a digest pickles to {size_each / 1024:.1f} KiB on average")
    first = None
    for size in sizes:
        part = digests[:size]
        ids = {d.id for d in part}
        expected = {p for p in planted if p[0] in ids and p[1] in ids}
        started = time.perf_counter()
        found = find_pairs(part)
        took = time.perf_counter() - started
        tracemalloc.start()  # a second run, traced: tracing slows it too much to time it
        find_pairs(part)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        got = {tuple(sorted((p.a, p.b), key=lambda x: (len(x), x))) for p in found}
        hit = len({p for p in expected if p in got or p[::-1] in got})
        print(f"{size:>6} articles: find_pairs {took:7.1f} s, peak {peak / 2**20:7.1f} MiB "
              f"({peak / size / 1024:.1f} KiB per article); {len(found)} pairs, planted {hit}/{len(expected)} found, "
              f"{len(found) - hit} others")
        if first is None:
            first = took
        else:
            print(f"growth {sizes[0]} -> {size}: {took / first:.1f}x in time for {size / sizes[0]:.0f}x the articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
