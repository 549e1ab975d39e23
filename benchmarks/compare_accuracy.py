"""Sentence similarity against human-judged news paraphrases (../shared/eval/paraphrase_dev.jsonl):
thresholds and weights tuned on one half of the pairs, accuracy and F1 measured on the other.

    python benchmarks/compare_accuracy.py [--fit]

Prints the baseline (Dice of content words), each part of the similarity alone, and the
combination in dashboard/engine/reuse/similarity.py; --fit also refits the logistic weights on the
tuning half and prints them (to be copied into similarity.py)."""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval" / "paraphrase_dev.jsonl"

from dashboard.engine.reuse import similarity as sim  # noqa: E402

POOL = 40  # sentences an idf table is built from: about two articles' worth, as compare() has


def load() -> list[dict]:
    return [json.loads(line) for line in EVAL.open(encoding="utf-8")]


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Tuning and held-out halves, fixed by a hash of each pair's id."""
    tune = [r for r in rows if zlib.crc32(r["id"].encode()) % 2 == 0]
    held = [r for r in rows if zlib.crc32(r["id"].encode()) % 2 == 1]
    return tune, held


BASELINE_STOP = frozenset("""
a an the of to in on at by for from with and or but as is was are were be been being has have had
that this these those it its it's he she they them his her their we our you your i me my
said says say will would could should may might can not no also than then there here which who
whom whose what when where why how about into over after before more most such so if
""".split())


def baseline_words(text: str) -> frozenset[str]:
    """The first measure's words: lower-cased, its stop words left out, not stemmed."""
    return frozenset(w for w in re.findall(r"\w+", text.lower()) if w not in BASELINE_STOP)


def parts(rows: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The feature rows, the baseline Dice and the labels; each pair's idf comes from a pool of
    POOL sentences (its own two and others drawn at random), as an article pair gives."""
    rng = random.Random(13)
    parsed = [(sim.sentence(r["text"]), sim.sentence(r["text_b"])) for r in rows]
    everything = [s for pair in parsed for s in pair]
    x, base = [], []
    for (a, b), (r_a, r_b) in zip(parsed, ((r["text"], r["text_b"]) for r in rows)):
        pool = [a, b] + rng.sample(everything, POOL - 2)
        idf = sim.idf_table(pool)
        x.append(sim.features(a, b, idf))
        base.append(sim.dice(baseline_words(r_a), baseline_words(r_b)))
    return np.array(x), np.array(base), np.array([r["label"] for r in rows])


def scores(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float, float]:
    tp = float(np.sum(pred & (gold == 1)))
    fp = float(np.sum(pred & (gold == 0)))
    fn = float(np.sum(~pred & (gold == 1)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return float(np.mean(pred == (gold == 1))), p, r, f


def best_threshold(values: np.ndarray, gold: np.ndarray) -> float:
    """The threshold of best accuracy on the tuning half."""
    candidates = np.unique(np.round(values, 3))
    return float(max(candidates, key=lambda t: scores(values >= t, gold)[0]))


def fit(x: np.ndarray, y: np.ndarray, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method, with a little L2 to keep weights readable."""
    a = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(a.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-a @ w))
        grad = a.T @ (p - y) + 0.01 * w
        hess = (a * (p * (1 - p))[:, None]).T @ a + 0.01 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def report(name: str, tune_v: np.ndarray, held_v: np.ndarray, y_tune: np.ndarray, y_held: np.ndarray) -> float:
    t = best_threshold(tune_v, y_tune)
    acc, p, r, f = scores(held_v >= t, y_held)
    print(f"{name:<28} threshold {t:5.3f}  held-out accuracy {acc:.3f}  P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit the weights on the tuning half and print them")
    args = parser.parse_args()
    if not EVAL.is_file():
        print(f"{EVAL} is not there: nothing to measure", file=sys.stderr)
        return 2
    tune, held = split(load())
    x_tune, b_tune, y_tune = parts(tune)
    x_held, b_held, y_held = parts(held)
    print(f"{len(tune)} tuning pairs, {len(held)} held-out pairs; "
          f"held-out positives {np.mean(y_held):.3f} (accuracy of always saying paraphrase)")
    report("baseline: Dice of words", b_tune, b_held, y_tune, y_held)
    for k, name in enumerate(sim.FEATURES):
        report(f"part alone: {name}", x_tune[:, k], x_held[:, k], y_tune, y_held)
    if args.fit:
        w = fit(x_tune, y_tune)
        print("fitted BIAS =", round(float(w[0]), 2), " WEIGHTS =", tuple(round(float(v), 2) for v in w[1:]))
        sim.BIAS, sim.WEIGHTS = float(w[0]), tuple(float(v) for v in w[1:])
    combined_tune = np.array([sim.combine(tuple(row)) for row in x_tune])
    combined_held = np.array([sim.combine(tuple(row)) for row in x_held])
    report("similarity (combined)", combined_tune, combined_held, y_tune, y_held)
    return 0


if __name__ == "__main__":
    sys.exit(main())
