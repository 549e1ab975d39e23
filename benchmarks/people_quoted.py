"""Approximates the "people quoted" figure on annotated news that marks sources but not speaker
names (PolNeAR, ../shared/eval/attribution_dev.jsonl): per article, the display names of the
`person` entities that are the entity of at least one quote or attribution, against the person
names among the annotated Source spans; a name matches on the full name or the surname; micro
P/R/F1 over articles.

A gold name is read from a Source span without the engine: the last run of capitalised words
(titles such as "Spokeswoman" or "Sen." left out) when it has two words or more and no word of
an organisation, or one word that is the surname of such a run elsewhere in the article ("Cruz"
after "Ted Cruz"). It is an approximation: annotators' speaker lists would be the real gold.

    python benchmarks/people_quoted.py [--file ../shared/eval/attribution_dev.jsonl] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.engine.article import Article  # noqa: E402
from dashboard.engine.namewords import ORGANISATION_WORDS, TITLES  # noqa: E402
from dashboard.engine.pipeline import analyse  # noqa: E402
from dashboard.runtime.rulepacks import load_rules  # noqa: E402

NAME_WORD = r"(?:[A-Z][a-z’'-]+|[A-Z]\.|[A-Z][a-z]*[A-Z][a-z]+)"  # "Kerry", "R.", "McCain"
RUN = re.compile(rf"{NAME_WORD}(?: {NAME_WORD})+")


def _clean(word: str) -> str:
    return re.sub(r"[’']s$", "", word).strip(".,").lower()


def _name(run: str) -> list[str]:
    return [_clean(w) for w in run.split() if _clean(w) not in TITLES]


def gold_people(text: str, sources: list[str]) -> set[str]:
    """The person names among an article's annotated source spans (lower case)."""
    full_names = {}
    for match in RUN.finditer(text):
        name = _name(match.group())
        if len(name) >= 2 and not any(w in ORGANISATION_WORDS for w in name):
            full_names.setdefault(name[-1], " ".join(name))
    people = set()
    for span in sources:
        runs = [_name(m.group()) for m in RUN.finditer(span)]
        runs = [r for r in runs if len(r) >= 2 and not any(w in ORGANISATION_WORDS for w in r)]
        if runs:
            people.add(" ".join(runs[0]))
            continue
        words = re.findall(NAME_WORD, span)
        if len(words) == 1 and span.strip()[:1].isupper() and _clean(words[0]) in full_names:
            people.add(full_names[_clean(words[0])])
    return people


def _matches(name: str, others: set[str]) -> bool:
    surname = name.split()[-1]
    return any(name == o or surname == o.split()[-1] for o in others)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=ROOT.parent / "shared" / "eval" / "attribution_dev.jsonl")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="print the names of N articles")
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"{args.file}: not found (the annotated news is not beside the repository)")
        return 0
    rules = load_rules()
    predicted_n = gold_n = true_pred = found_gold = 0
    for n, line in enumerate(args.file.open(encoding="utf-8")):
        if args.limit and n >= args.limit:
            break
        record = json.loads(line)
        text = record["text"]
        gold = gold_people(text, [s["text"] for s in record["spans"] if s["label"] == "Source"])
        analysis = analyse(Article(id=record["id"], text=text), rules)
        cited = {a.entity for a in analysis.attributions} | {q.entity for q in analysis.quotes}
        predicted = {" ".join(_clean(w) for w in e.name.split()) for e in analysis.entities
                     if e.kind == "person" and e.id in cited}
        predicted_n += len(predicted)
        gold_n += len(gold)
        true_pred += sum(_matches(p, gold) for p in predicted)
        found_gold += sum(_matches(g, predicted) for g in gold)
        if n < args.show:
            print(record["id"], "\n  gold:", sorted(gold), "\n  ours:", sorted(predicted))
    p = true_pred / predicted_n if predicted_n else 0.0
    r = found_gold / gold_n if gold_n else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"people quoted: P {p:.3f} R {r:.3f} F1 {f:.3f} ({predicted_n} predicted, {gold_n} gold names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
