"""Prints every accuracy figure of issue 3 on ../shared/eval, with k-fold cross-validation for the
part learned from that data (the `except` lists of cues and loaded terms).

    python benchmarks/accuracy.py [--eval-dir ../shared/eval] [--folds 5]

Three columns per figure:
  curated  the rule pack with every `except` list emptied: nothing learned from the data
  shipped  the rule pack as shipped, whose `except` lists were learned from this very data (flattering)
  k-fold   `except` lists and learned cue forms from k-1 folds, measured on the held-out fold, summed over folds:
           the estimate for articles never seen
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.engine.ruleset import RuleSet  # noqa: E402
from dashboard.evaluate import ZERO, evaluate_attribution, evaluate_loaded, read_eval_file  # noqa: E402
from dashboard.learn import (  # noqa: E402
    LEARNED_CUE_ID,
    article_counts,
    exclusions,
    form_scores,
    propose_cue_forms,
    with_exclusions,
    with_learned_cues,
    without_exclusions,
)
from dashboard.runtime.rulepacks import load_rules  # noqa: E402

TASKS = {"attribution": ("attribution_dev.jsonl", evaluate_attribution),
         "loaded": ("loaded_dev.jsonl", evaluate_loaded)}


def fold_of(record_id: str, folds: int) -> int:
    return int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % folds


def cross_validate(records: list[dict], task: str, folds: int):
    shipped = load_rules()
    # Nothing learned: no except lists and no learned cue forms.
    base = without_exclusions(RuleSet(tuple(r for r in shipped.rules if r.id != LEARNED_CUE_ID)))
    _, evaluate = TASKS[task]
    counts = [article_counts(r, base, task) for r in records]
    assigned = [fold_of(str(r["id"]), folds) for r in records]
    figures: dict[str, object] = {}
    for fold in range(folds):
        train: Counter = Counter()
        for c, f in zip(counts, assigned):
            if f != fold:
                train.update(c)
        ruleset = with_exclusions(base, exclusions(form_scores(train), base))
        if task == "attribution":
            train_records = [r for r, f in zip(records, assigned) if f != fold]
            learned = propose_cue_forms(train_records, ruleset)
            ruleset = with_learned_cues(ruleset, [s.form for s in learned])
        report = evaluate([r for r, f in zip(records, assigned) if f == fold], ruleset)
        for name, score in report.figures.items():
            figures[name] = figures.get(name, ZERO) + score
    return {
        "curated": evaluate(records, base).figures,
        "shipped": evaluate(records, shipped).figures,
        f"{folds}-fold": figures,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    if not args.eval_dir.is_dir():
        print(f"no annotated data at {args.eval_dir}: nothing to measure", file=sys.stderr)
        return 2
    print(f"{'task':<12}{'figure':<11}{'column':<9}{'P':>7}{'R':>7}{'F1':>7}{'predicted':>11}{'gold':>8}")
    for task, (name, _) in TASKS.items():
        started = time.perf_counter()
        records = [r for r in read_eval_file(args.eval_dir / name) if isinstance(r, dict)]
        columns = cross_validate(records, task, args.folds)
        for column, figures in columns.items():
            for figure, s in figures.items():
                print(f"{task:<12}{figure:<11}{column:<9}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}"
                      f"{s.predicted:11d}{s.gold:8d}")
        print(f"# {task}: {len(records)} articles, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
