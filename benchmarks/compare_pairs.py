"""Pair decisions (reuse vs independent coverage) on annotated news (../shared/eval/attribution_dev.jsonl):
every article is analysed and digested, find_pairs() runs over the whole file through its index,
and the pairs it reports are scored against development labels mined from the same file.

    python benchmarks/compare_pairs.py [--show]

Labels, mined once by hand-checked rules (they read the raw text, not the engine's parts):
- reuse: two articles sharing at least 30% of the shorter one's 5-word shingles (the same story
  republished: a wire story in two editions, a story re-dated and re-titled, one feed's rolling
  updates); each such pair was read by hand;
- independent: two articles on one event or campaign (tf-idf cosine of their words >= 0.25) by
  different outlets or on different days, sharing under 10% of shingles: names, numbers and often
  the same quotes, but written apart;
- pairs the rules disagree with on reading, and those between the two rules (boilerplate shared by
  one outlet's articles, a one-line flash, a copied poll paragraph) are labelled by hand:
  LABELS_BY_HAND; the rest between the rules stays unlabelled.
Precision is over all pairs find_pairs() reports on the file (a reported pair with no label counts
as wrong); recall is over the reuse pairs."""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval" / "attribution_dev.jsonl"

from dashboard.engine.article import Article  # noqa: E402
from dashboard.engine.pipeline import analyse  # noqa: E402
from dashboard.engine.reuse import compare, digest, find_pairs  # noqa: E402
from dashboard.runtime.rulepacks import load_rules  # noqa: E402

REUSE_SHINGLES = 0.3
INDEPENDENT_SHINGLES = 0.1
SAME_EVENT = 0.25
# Read by hand (shingle share between the two rules): True = one reuses the other.
# Article numbers are line numbers (from 0) of the file.
LABELS_BY_HAND: dict[frozenset[int], bool] = {
    frozenset((123, 125)): False,  # one outlet's list of related headlines, the stories apart
    frozenset((229, 230)): False,  # one outlet's editor's note and one reported exchange
    frozenset((113, 115)): False,  # two stories quoting the same press statement
    frozenset((337, 817)): True,  # four sentences of a poll story copied, credited to the poll
    frozenset((65, 537)): False,  # a one-line flash sharing a phrase of background
    frozenset((65, 538)): False,
}


def shingles(words: list[str], k: int = 5) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def labels(rows: list[dict]) -> tuple[dict[frozenset[int], bool], dict[frozenset[int], float]]:
    """Development labels by the rules above, and the shingle share of every labelled pair."""
    toks = [re.findall(r"[a-z0-9]+", r["text"].lower()) for r in rows]
    sh = [shingles(t) for t in toks]
    df = Counter(w for t in toks for w in set(t))
    n = len(rows)
    vec = []
    for t in toks:
        c = Counter(t)
        v = {w: (1 + math.log(k)) * math.log(n / df[w]) for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vec.append({w: x / norm for w, x in v.items()})
    out: dict[frozenset[int], bool] = {}
    share: dict[frozenset[int], float] = {}
    for i, j in itertools.combinations(range(n), 2):
        s = len(sh[i] & sh[j]) / max(1, min(len(sh[i]), len(sh[j])))
        key = frozenset((i, j))
        if key in LABELS_BY_HAND:
            out[key], share[key] = LABELS_BY_HAND[key], s
            continue
        if s >= REUSE_SHINGLES:
            out[key], share[key] = True, s
            continue
        small, big = (vec[i], vec[j]) if len(vec[i]) < len(vec[j]) else (vec[j], vec[i])
        cosine = sum(x * big.get(w, 0.0) for w, x in small.items())
        meta_i, meta_j = rows[i]["meta"], rows[j]["meta"]
        apart = (meta_i["publisher"] != meta_j["publisher"]
                 or meta_i["publication_date"] != meta_j["publication_date"])
        if s < INDEPENDENT_SHINGLES and cosine >= SAME_EVENT and apart:
            out[key], share[key] = False, s
        elif s >= INDEPENDENT_SHINGLES:
            share[key] = s
    return out, share


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every reported, missed and unlabelled pair")
    args = parser.parse_args()
    if not EVAL.is_file():
        print(f"{EVAL} is not there: nothing to measure", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in EVAL.open(encoding="utf-8")]
    gold, share = labels(rows)
    ruleset = load_rules()
    started = time.perf_counter()
    digests = []
    for k, r in enumerate(rows):
        meta = r["meta"]
        article = Article(id=str(k), text=r["text"], outlet=meta.get("publisher"))
        digests.append(digest(analyse(article, ruleset)))
    analysed = time.perf_counter() - started
    started = time.perf_counter()
    found = find_pairs(digests)
    paired = time.perf_counter() - started
    reported = {frozenset((int(p.a), int(p.b))): p for p in found}
    positives = {k for k, v in gold.items() if v}
    negatives = {k for k, v in gold.items() if not v}
    tp = len(positives & reported.keys())
    fp = len(reported.keys() - positives)
    print(f"{len(rows)} articles (analysed and digested in {analysed:.1f} s, pairs found in {paired:.1f} s); "
          f"labels: {len(positives)} reuse pairs, {len(negatives)} independent same-event pairs")
    print(f"reported {len(reported)}: precision {tp / max(1, tp + fp):.3f}, recall {tp / max(1, len(positives)):.3f}; "
          f"independent pairs reported {len(negatives & reported.keys())} of {len(negatives)}")
    # Independent pairs the index does not bring together are not aligned; align them all here too,
    # so that the decision itself is measured on every one of them.
    wrong = [k for k in negatives if compare(*(digests[i] for i in sorted(k))).reused]
    print(f"decision alone on every independent pair (compare()): {len(wrong)} of {len(negatives)} taken as reuse")
    if args.show:
        def line(key: frozenset[int], what: str) -> None:
            i, j = sorted(key)
            p = reported.get(key) or compare(digests[i], digests[j])
            mi, mj = rows[i]["meta"], rows[j]["meta"]
            print(f"  {what} {i}-{j} shingles {share.get(key, 0):.2f} aligned {len(p.aligned)} "
                  f"share {max(p.reused_share.values()):.2f} | {mi['publisher']} {mi['publication_date']} "
                  f"{mi['title'][:40]!r} | {mj['publisher']} {mj['publication_date']} {mj['title'][:40]!r}")
        for key in sorted(reported, key=sorted):
            label = "" if key in positives else " (not reuse)" if key in negatives else " (unlabelled)"
            line(key, "reported" + label)
        for key in sorted(positives - reported.keys(), key=sorted):
            line(key, "missed")
        for key in sorted(wrong, key=sorted):
            line(key, "independent taken as reuse")
        for key in sorted(k for k in share if k not in gold):
            line(key, "unlabelled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
