"""Measures what the learned decision layer (engine/learned.py) costs per article: analyse() with
the rules alone and with the shipped model, alternated, CPU time over the same articles.

    python benchmarks/learned_layer.py [--articles 300] [--repeats 3] [--model PATH]

Articles: the first --articles of benchmarks/data/corpus_1000.jsonl (built by benchmarks/corpus.py
from annotated news when ../shared/eval is present, else from the seeds). Target: at most 1 ms per
article for the layer (issue 12: the engine within 2.0x of the VADER floor).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import build  # noqa: E402
from dashboard.engine.article import Article  # noqa: E402
from dashboard.engine.body import TOKEN_PASS  # noqa: E402
from dashboard.engine.pipeline import analyse  # noqa: E402
from dashboard.runtime.model import load_model, shipped_model_path  # noqa: E402
from dashboard.runtime.rulepacks import load_rules  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--model", type=Path, default=shipped_model_path())
    args = parser.parse_args()
    corpus = build(1000, ROOT / "benchmarks" / "data")
    with open(corpus, encoding="utf-8") as handle:
        articles = [Article(id=r["id"], text=r["text"]) for r in map(json.loads, handle)][:args.articles]
    rules = load_rules(model=False)
    with_model = rules.with_model(load_model(args.model))
    for ruleset in (rules, with_model):  # compile and warm up
        for article in articles[:20]:
            analyse(article, ruleset)
    # The learned stage's own time too: the difference of the totals also holds what the
    # layer's attributions cost the stages after it (and twice the noise of a loaded machine).
    stage = next(part for part in TOKEN_PASS.parts if part.name == "learned")
    run, spent = stage.run, [0.0]

    def timed(doc: object) -> None:
        start = time.process_time()
        run(doc)  # type: ignore[arg-type]
        spent[0] += time.process_time() - start

    times: dict[str, list[float]] = {"rules": [], "model": [], "stage": []}
    stage.run = timed
    try:
        for _ in range(args.repeats):
            for name, ruleset in (("rules", rules), ("model", with_model)):
                spent[0] = 0.0
                start = time.process_time()
                for article in articles:
                    analyse(article, ruleset)
                times[name].append((time.process_time() - start) / len(articles) * 1000)
            times["stage"].append(spent[0] / len(articles) * 1000)
    finally:
        stage.run = run
    alone, both = statistics.median(times["rules"]), statistics.median(times["model"])
    print(f"{len(articles)} articles: rules alone {alone:.2f} ms/article, rules+model {both:.2f} "
          f"ms/article, the layer {both - alone:.2f} ms/article, of which the learned stage itself "
          f"{statistics.median(times['stage']):.2f} (CPU time, median of {args.repeats})")


if __name__ == "__main__":
    main()
