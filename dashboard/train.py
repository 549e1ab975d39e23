"""Provides `biasdash train attribution`: the learned decision layer (engine/learned.py) trained
with python-crfsuite on annotated news, k-fold cross-validated by article, its thresholds tuned
on the other folds only, and written as a readable weights file.

Reproducible: folds come from a hash of each article id, the trainer is deterministic (L-BFGS),
and the file lists features in sorted order. Needs the `train` extra (python-crfsuite)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .engine.article import Article
from .engine.learned import Item, decide, sure
from .engine.pipeline import analyse
from .engine.records import Attribution, Span
from .engine.ruleset import RuleSet
from .engine.text import SpanSet, Tokens
from .engine.weights import LABELS, TEMPLATES, Model, features, format_model
from .evaluate import ATTRIBUTION_FIGURES, ZERO, Score, _gold, overlap_score

FIGURES = ATTRIBUTION_FIGURES  # cue, source, content, statement
DROPS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
ADDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)  # 1.01: add nothing
PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True}
MIN_WEIGHT = 0.01  # weights smaller than this are left out of the file
# A word outside the cue rules opens windows when annotated as (part of) a cue this often (cue_words).
MIN_CUE_WORD, CUE_WORD_SHARE = 4, 0.2


class Collector(Model):
    """A stand-in model that takes down the candidate windows of an article as the token pass
    sees them and leaves the rules' attributions as they are."""

    def __init__(self, words: frozenset[str] = frozenset()) -> None:
        super().__init__({}, [[0.0] * 4 for _ in LABELS], 0.0, 1.0, words=words)
        self.items: list[Item] = []
        self.text = ""
        self.matching: Any = None

    collecting = True

    def take(self, doc: Any, items: list[Any]) -> None:
        self.text, self.matching = doc.text, doc.matching
        for item in items:
            t, a, b = item.tokens, item.a, item.b
            own = Tokens.__new__(Tokens)
            own.starts, own.ends = t.starts[a:b], t.ends[a:b]
            own.texts, own.lowers = t.texts[a:b], t.lowers[a:b]
            lexicon = {k - a: v for k, v in item.lexicon.items()}
            self.items.append(Item(own, 0, b - a, item.sentence, item.attributions, lexicon, item.padded,
                                   item.words, item.single))


@dataclass
class Annotated:
    """One annotated article as training and evaluation read it."""

    id: str
    fold: int
    text: str  # the text the rules read (its matching form when not ASCII)
    matching: Any
    items: list[Item]
    labels: list[list[str]]  # per item, per token
    gold: dict[str, list[tuple[int, int]]]
    quotes: list[tuple[int, int]]
    rules: list[Attribution]  # the rules' attributions, in the article's own text
    tagged: list[tuple[list[int], list[tuple[float, float, float, float]]] | None] = field(default_factory=list)


def fold_of(article_id: str, folds: int) -> int:
    return int(hashlib.sha256(article_id.encode()).hexdigest()[:8], 16) % folds


def _restore_span(matching: Any, span: Span | None) -> Span | None:
    if span is None or matching is None or matching.offsets is None:
        return span
    return matching.span(span)


def _restored(matching: Any, attribution: Attribution) -> Attribution:
    if matching is None or matching.offsets is None:
        return attribution
    return attribution._replace(cue=matching.span(attribution.cue),
                                source=_restore_span(matching, attribution.source),
                                content=_restore_span(matching, attribution.content),
                                sentence=matching.span(attribution.sentence))


def cue_words(records: Iterable[dict], ruleset: RuleSet) -> frozenset[str]:
    """Words outside the cue rules that are often annotated as (part of) a cue: at least
    MIN_CUE_WORD times, in at least CUE_WORD_SHARE of their uses ("want", "support", "think")."""
    lexicon = ruleset.compiled.cues
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for record in records:
        text = record["text"]
        gold = SpanSet([Span(*g) for g in _gold(record, ("Cue",))])
        tokens = Tokens(text)
        hits = {k for i, j, _ in lexicon.finditer(tokens.lowers) for k in range(i, j)}
        for k, low in enumerate(tokens.lowers):
            if k in hits or not low[0].isalpha():
                continue
            seen[low] += 1
            if gold.overlaps(tokens.starts[k], tokens.ends[k]):
                cue[low] += 1
    return frozenset(w for w, n in cue.items() if n >= MIN_CUE_WORD and n >= CUE_WORD_SHARE * seen[w])


def annotate(records: Iterable[dict], ruleset: RuleSet, folds: int,
             words: frozenset[str] = frozenset()) -> list[Annotated]:
    """Each record's candidate windows with gold labels per token (C, S, N or O)."""
    rules_only = ruleset.with_model(None)
    out = []
    for record in records:
        collector = Collector(words)
        analysis = analyse(Article(id=str(record["id"]), text=record["text"]), rules_only.with_model(collector))
        gold = {name: _gold(record, (name.capitalize(),)) for name in ("cue", "source", "content")}
        sets = [SpanSet([Span(*g) for g in gold[name]]) for name in ("cue", "source", "content")]
        labels = []
        for item in collector.items:
            row = []
            t = item.tokens
            for k in range(item.b):
                s = _restore_span(collector.matching, Span(t.starts[k], t.ends[k]))
                assert s is not None
                label = "O"
                for name, spans in zip(("C", "S", "N"), sets):
                    if spans.overlaps(s.start, s.end):
                        label = name
                        break
                row.append(label)
            labels.append(row)
        out.append(Annotated(str(record["id"]), fold_of(str(record["id"]), folds), collector.text,
                             collector.matching, collector.items, labels, gold,
                             [(q.span.start, q.span.end) for q in analysis.quotes], list(analysis.attributions)))
    return out


def _usable(item: Item, words: frozenset[str]) -> bool:
    """Whether a window would be opened with these learned words (as it is with the cue rules)."""
    return item.words is None or bool(item.words & words)


def fit(articles: list[Annotated], words: frozenset[str], params: dict[str, Any] | None = None) -> Model:
    """A Model trained with crfsuite on the candidate sentences of `articles` (thresholds 0, 1:
    set them with tune())."""
    try:
        import pycrfsuite
    except ImportError:
        raise SystemExit("biasdash train needs python-crfsuite: pip install 'biasdash[train]'") from None
    trainer = pycrfsuite.Trainer(verbose=False)
    interned: dict[str, str] = {}
    for article in articles:
        for item, labels in zip(article.items, article.labels):
            if not _usable(item, words):
                continue
            xseq = [[interned.setdefault(f, f) for f in features(item.padded, i)] for i in range(item.b)]
            trainer.append(xseq, labels)
    trainer.set_params({**PARAMS, **(params or {})})
    handle, path = tempfile.mkstemp(suffix=".crfsuite")
    os.close(handle)
    try:
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        tagger.close()
    finally:
        os.unlink(path)
    index = {label: k for k, label in enumerate(LABELS)}
    state: dict[str, list[float]] = {}
    for (name, label), weight in info.state_features.items():
        if abs(weight) >= MIN_WEIGHT and label in index:
            state.setdefault(name, [0.0] * 4)[index[label]] = round(weight, 4)
    transitions = [[0.0] * 4 for _ in LABELS]
    for (a, b), weight in info.transitions.items():
        if a in index and b in index:
            transitions[index[a]][index[b]] = round(weight, 4)
    return Model({k: tuple(v) for k, v in state.items()}, transitions, 0.0, 1.0, words=words)


def tag_all(model: Model, articles: list[Annotated]) -> None:
    """Each usable window tagged by `model` (None for a window its words would not open)."""
    for article in articles:
        article.tagged = [model.tag(item.padded) if _usable(item, model.words) else None
                          for item in article.items]


def predicted(model: Model, article: Annotated, ruleset: RuleSet, drop: float, add: float) -> list[Attribution]:
    compiled = ruleset.compiled
    out: list[Attribution] = []
    for item, tagged in zip(article.items, article.tagged):
        if tagged is None:
            continue
        kept = sure(model, item, explain=False)
        if kept is not None:
            out.append(kept)
            continue
        path, marginals = tagged
        out += decide(model, item, path, marginals, article.text, compiled, drop, add, explain=False)
    return [_restored(article.matching, a) for a in out]


def score(article: Annotated, attributions: list[Attribution]) -> dict[str, Score]:
    cues = [(a.cue.start, a.cue.end) for a in attributions]
    sources = [(a.source.start, a.source.end) for a in attributions if a.source is not None]
    contents = [(a.content.start, a.content.end) for a in attributions if a.content is not None]
    gold = article.gold
    return {"cue": overlap_score(cues, gold["cue"]), "source": overlap_score(sources, gold["source"]),
            "content": overlap_score(contents, gold["content"]),
            "statement": overlap_score(contents + article.quotes, gold["content"])}


def total(scores: Iterable[dict[str, Score]]) -> dict[str, Score]:
    out = dict.fromkeys(FIGURES, ZERO)
    for s in scores:
        for name in FIGURES:
            out[name] += s[name]
    return out


def objective(figures: dict[str, Score]) -> float:
    """What the thresholds are tuned for: the mean of cue, source and content F1."""
    return (figures["cue"].f1 + figures["source"].f1 + figures["content"].f1) / 3


@dataclass
class FoldResult:
    fold: int
    articles: int
    drop: float
    add: float
    rules: dict[str, Score]
    model: dict[str, Score]


def tune(scored: Callable[[float, float], dict[str, Score]]) -> tuple[float, float]:
    """The (drop, add) thresholds with the best objective (ties: the first in grid order)."""
    best, chosen = -1.0, (0.0, 1.01)
    for drop in DROPS:
        for add in ADDS:
            value = objective(scored(drop, add))
            if value > best + 1e-9:
                best, chosen = value, (drop, add)
    return chosen


def cross_validate(articles: list[Annotated], records: list[dict], ruleset: RuleSet, folds: int,
                   progress: Callable[[str], None] = lambda _: None) -> tuple[list[FoldResult], dict]:
    """Per fold: a model trained on the other folds (its learned cue words too) tags this one;
    the thresholds for this fold are tuned on the other folds' held-out predictions (never on
    this fold's gold)."""
    models: dict[int, Model] = {}
    for f in range(folds):
        train = [a for a in articles if a.fold != f]
        progress(f"fold {f + 1}/{folds}: training on {len(train)} articles")
        words = cue_words([r for r, a in zip(records, articles) if a.fold != f], ruleset)
        models[f] = fit(train, words)
        tag_all(models[f], [a for a in articles if a.fold == f])
    # Every article's held-out scores at every threshold pair, computed once.
    grid: dict[tuple[float, float], list[dict[str, Score]]] = {}
    for drop in DROPS:
        for add in ADDS:
            grid[(drop, add)] = [score(a, predicted(models[a.fold], a, ruleset, drop, add)) for a in articles]
    results = []
    for f in range(folds):
        others = [k for k, a in enumerate(articles) if a.fold != f]
        mine = [k for k, a in enumerate(articles) if a.fold == f]
        drop, add = tune(lambda d, x: total(grid[(d, x)][k] for k in others))  # noqa: B023
        results.append(FoldResult(
            f, len(mine), drop, add,
            total(score(articles[k], articles[k].rules) for k in mine),
            total(grid[(drop, add)][k] for k in mine)))
    final = tune(lambda d, x: total(grid[(d, x)]))
    return results, {"drop": final[0], "add": final[1]}


def describe(figures: dict[str, Score]) -> str:
    return " ".join(f"{n} {figures[n].precision:.3f}/{figures[n].recall:.3f}/{figures[n].f1:.3f}" for n in FIGURES)


def report_lines(results: list[FoldResult]) -> list[str]:
    lines = [f"{'fold':<6} {'articles':>8} {'drop':>5} {'add':>5}  figure      rules P/R/F1         "
             f"rules+model P/R/F1"]
    for r in [*results, None]:
        if r is None:
            rules, model = total(x.rules for x in results), total(x.model for x in results)
            name, n, drop, add = "all", sum(x.articles for x in results), "", ""
        else:
            rules, model = r.rules, r.model
            name, n, drop, add = str(r.fold + 1), r.articles, f"{r.drop:g}", f"{r.add:g}"
        for k, fig in enumerate(FIGURES):
            a, b = rules[fig], model[fig]
            head = f"{name:<6} {n:>8} {drop:>5} {add:>5}" if k == 0 else " " * 27
            lines.append(f"{head}  {fig:<10}  {a.precision:.3f} {a.recall:.3f} {a.f1:.3f}    "
                         f"{b.precision:.3f} {b.recall:.3f} {b.f1:.3f}  ({b.f1 - a.f1:+.3f})")
    return lines


def mean_f1(results: list[FoldResult], which: str) -> dict[str, float]:
    return {fig: sum(getattr(r, which)[fig].f1 for r in results) / len(results) for fig in FIGURES}


def train_file(records: list[dict], ruleset: RuleSet, source: str, folds: int,
               progress: Callable[[str], None] = lambda _: None) -> tuple[Model, list[str], str]:
    """The final model (trained on every article, thresholds tuned on the held-out predictions of
    the folds), the report lines, and the text of its weights file."""
    progress(f"reading {len(records)} articles")
    words = cue_words(records, ruleset)
    articles = annotate(records, ruleset, folds, words)
    results, thresholds = cross_validate(articles, records, ruleset, folds, progress) if folds > 1 else ([], {})
    progress(f"training on all {len(articles)} articles")
    model = fit(articles, words)
    drop, add = thresholds.get("drop", 0.3), thresholds.get("add", 0.7)
    lines = report_lines(results) if results else []
    summary = total(x.model for x in results) if results else {}
    base = total(x.rules for x in results) if results else {}
    header = {
        "data": f"{source}: {len(articles)} articles, "
                f"{sum(len(a.items) for a in articles)} candidate windows",
        "trainer": "python-crfsuite lbfgs " + " ".join(f"{k}={v}" for k, v in PARAMS.items()),
        "folds": str(folds),
        **({"cv_rules": describe(base), "cv_model": describe(summary)} if results else {}),
    }
    final = Model(model.state, model.transitions, drop, add, header, words)
    notes = ["the learned decision layer of biasdash (engine/learned.py); regenerate with",
             f"  biasdash train attribution {source} --folds {folds}",
             f"feature templates {TEMPLATES}; labels O C S N (outside, cue, source, content);",
             "cv figures are P/R/F1 micro-averaged over held-out folds (rules alone vs rules+model);",
             "lines: header KEY VALUE | transition FROM TO WEIGHT | state LABEL FEATURE WEIGHT"]
    return final, lines, format_model(final, notes)


def fold_counts(articles: list[Annotated], folds: int) -> list[int]:
    return [sum(1 for a in articles if a.fold == f) for f in range(folds)]

