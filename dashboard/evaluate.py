"""Provides accuracy evaluation of the engine against annotated news (span-overlap P/R/F1).

The data format and the metric are those of the shared evaluation README: one JSON object a
line, {"id", "text", "spans": [{"start", "end", "label", ...}]}; spans are [start, end)
character offsets, and a predicted span matches a gold span when they share any character.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine.analysis import Analysis
from .engine.article import Article
from .engine.pipeline import analyse

ATTRIBUTION_FIGURES = ("cue", "source", "content", "statement")
LOADED_LABELS = frozenset(("Loaded_Language", "Name_Calling,Labeling"))
WORST_MIN_PREDICTED = 5
SHOWN_ERRORS = 10

SpanPair = tuple[int, int]


@dataclass(frozen=True)
class Score:
    """Counts of one span-overlap comparison; add Scores to micro-average over articles."""

    predicted: int
    gold: int
    true_pred: int  # predicted spans overlapping some gold span
    found_gold: int  # gold spans overlapped by some predicted span

    @property
    def precision(self) -> float:
        return self.true_pred / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.predicted + other.predicted, self.gold + other.gold,
                     self.true_pred + other.true_pred, self.found_gold + other.found_gold)


ZERO = Score(0, 0, 0, 0)


def _overlap_flags(spans: list[SpanPair], others: list[SpanPair]) -> list[bool]:
    """For each span, whether it shares a character with some span of others.

    Sorts others by start and keeps a running maximum of their ends: span [s, e) overlaps
    some other iff among the others starting before e, the largest end exceeds s.
    Empty spans share no character with anything.
    """
    ordered = sorted((s, e) for s, e in others if e > s)
    starts = [s for s, _ in ordered]
    max_end: list[int] = []
    running = -1
    for _, e in ordered:
        running = max(running, e)
        max_end.append(running)
    flags = []
    for s, e in spans:
        if e <= s:
            flags.append(False)
            continue
        k = bisect_left(starts, e)  # others with start < e
        flags.append(k > 0 and max_end[k - 1] > s)
    return flags


def overlap_score(predicted: list[SpanPair], gold: list[SpanPair]) -> Score:
    """Span-overlap counts of predicted against gold spans, in O((n + m) log(n + m))."""
    return Score(len(predicted), len(gold), sum(_overlap_flags(predicted, gold)),
                 sum(_overlap_flags(gold, predicted)))


@dataclass
class RuleScore:
    """How often the spans one rule (or one attribution pattern) produced overlapped gold spans."""

    rule: str
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0


@dataclass
class EvalReport:
    task: str  # "attribution" or "loaded"
    articles: int
    figures: dict[str, Score]
    rules: list[RuleScore] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Attribution only: each attribution pattern (Attribution.pattern), an attribution counted
    # correct when its cue overlaps a gold cue and its source, if it names one, a gold source.
    patterns: list[RuleScore] = field(default_factory=list)

    def worst_rules(self, limit: int | None = None, min_predicted: int = 0) -> list[RuleScore]:
        ranked = sorted((r for r in self.rules if r.predicted >= min_predicted),
                        key=lambda r: (r.precision, -r.predicted, r.rule))
        return ranked if limit is None else ranked[:limit]

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "articles": self.articles,
            "figures": {name: {
                "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                "f1": round(s.f1, 4), "predicted": s.predicted, "gold": s.gold,
                "true_pred": s.true_pred, "found_gold": s.found_gold,
            } for name, s in self.figures.items()},
            "rules": [{"rule": r.rule, "predicted": r.predicted, "correct": r.correct,
                       "precision": round(r.precision, 4)} for r in self.worst_rules()],
            "errors": list(self.errors),
            **({"patterns": [{"pattern": p.rule, "predicted": p.predicted, "correct": p.correct,
                              "precision": round(p.precision, 4)} for p in self.patterns]}
               if self.task == "attribution" else {}),
        }


# -- reading -------------------------------------------------------------------------------


def _validate(record: Any) -> str | None:
    """Why a parsed record is not a usable evaluation record, or None when it is."""
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    if "id" not in record or not isinstance(record["id"], (str, int)) or isinstance(record["id"], bool):
        return "\"id\" must be a string or an integer"
    text = record.get("text")
    if not isinstance(text, str):
        return "\"text\" must be a string"
    spans = record.get("spans")
    if not isinstance(spans, list):
        return "\"spans\" must be a list"
    for i, span in enumerate(spans):
        if not isinstance(span, dict):
            return f"spans[{i}] must be an object"
        start, end = span.get("start"), span.get("end")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            return f"spans[{i}]: \"start\" and \"end\" must be integers"
        if not 0 <= start <= end <= len(text):  # type: ignore[operator]  # integers, as just checked
            return f"spans[{i}]: [{start}, {end}) is not inside the text (length {len(text)})"
        if not isinstance(span.get("label"), str):
            return f"spans[{i}]: \"label\" must be a string"
    return None


def read_eval_file(path: str | Path) -> Iterator[dict | str]:
    """Records of a JSONL evaluation file; an error string "path:line:col: why" for each bad line.

    Never raises for bad content: blank lines are skipped, and a line that is not valid UTF-8,
    not valid JSON, or not a valid record (text a string, spans a list of objects with integer
    start/end inside the text) yields an error string instead of a record.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the `with` below; failing to open is a record)
    except OSError as exc:
        yield f"{path}:1:1: cannot read: {exc.strerror or exc}"
        return
    with handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield f"{path}:{number}:{exc.start + 1}: not valid UTF-8"
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"{path}:{number}:{exc.colno}: invalid JSON: {exc.msg}"
                continue
            except RecursionError:
                yield f"{path}:{number}:1: invalid JSON: nested too deeply"
                continue
            problem = _validate(record)
            if problem is not None:
                yield f"{path}:{number}:1: {problem}"
                continue
            yield record


# -- evaluating ----------------------------------------------------------------------------


def _gold(record: dict, labels: Iterable[str]) -> list[SpanPair]:
    wanted = set(labels)
    return [(s["start"], s["end"]) for s in record["spans"] if s["label"] in wanted]


def _pair(span: Any) -> SpanPair:
    return (span.start, span.end)


def _analyses(records: Iterable[dict | str], ruleset: Any, errors: list[str]
              ) -> Iterator[tuple[dict, Analysis]]:
    """(record, analysis) for each usable record; problems go to errors."""
    for index, record in enumerate(records, 1):
        if isinstance(record, str):
            errors.append(record)
            continue
        problem = _validate(record)
        if problem is not None:
            errors.append(f"record {index}: {problem}")
            continue
        try:
            analysis = analyse(Article(id=str(record["id"]), text=record["text"]), ruleset)
        except Exception as exc:  # the engine should never raise; report rather than stop
            errors.append(f"{record['id']}: analyse failed: {type(exc).__name__}: {exc}")
            continue
        yield record, analysis


def _rule_scores(tally: dict[str, list[int]]) -> list[RuleScore]:
    scores = [RuleScore(rule, p, c) for rule, (p, c) in tally.items()]
    return sorted(scores, key=lambda r: (r.precision, -r.predicted, r.rule))


def evaluate_attribution(records: Iterable[dict | str], ruleset: Any) -> EvalReport:
    """Cue, source, content and statement (quoted and reported) figures, micro-averaged; the
    precision of each cue rule and of each attribution pattern."""
    errors: list[str] = []
    figures = dict.fromkeys(ATTRIBUTION_FIGURES, ZERO)
    tally: dict[str, list[int]] = {}
    by_pattern: dict[str, list[int]] = {}
    articles = 0
    for record, analysis in _analyses(records, ruleset, errors):
        articles += 1
        gold_cue = _gold(record, ("Cue",))
        gold_source = _gold(record, ("Source",))
        gold_content = _gold(record, ("Content",))
        attributions = analysis.attributions
        cues = [_pair(a.cue) for a in attributions]
        sources = [_pair(a.source) for a in attributions if a.source is not None]
        contents = [_pair(a.content) for a in attributions if a.content is not None]
        statements = contents + [_pair(q.span) for q in analysis.quotes]
        figures["cue"] += overlap_score(cues, gold_cue)
        figures["source"] += overlap_score(sources, gold_source)
        figures["content"] += overlap_score(contents, gold_content)
        figures["statement"] += overlap_score(statements, gold_content)
        cue_ok = _overlap_flags(cues, gold_cue)
        for a, ok in zip(attributions, cue_ok):
            counts = tally.setdefault(a.cue_rule, [0, 0])
            counts[0] += 1
            counts[1] += ok
        flags = iter(_overlap_flags(sources, gold_source))  # in the order of `sources`
        source_ok = [True if a.source is None else next(flags) for a in attributions]
        for a, ok, source in zip(attributions, cue_ok, source_ok):
            counts = by_pattern.setdefault(a.pattern or "(none)", [0, 0])
            counts[0] += 1
            counts[1] += ok and source
    return EvalReport("attribution", articles, figures, _rule_scores(tally), errors,
                      _rule_scores(by_pattern))


def evaluate_loaded(records: Iterable[dict | str], ruleset: Any) -> EvalReport:
    """Loaded-wording figure (Loaded_Language and Name_Calling,Labeling), micro-averaged."""
    errors: list[str] = []
    figure = ZERO
    tally: dict[str, list[int]] = {}
    articles = 0
    for record, analysis in _analyses(records, ruleset, errors):
        articles += 1
        gold = _gold(record, LOADED_LABELS)
        hits = [_pair(h.span) for h in analysis.loaded]
        figure += overlap_score(hits, gold)
        for h, ok in zip(analysis.loaded, _overlap_flags(hits, gold)):
            counts = tally.setdefault(h.rule, [0, 0])
            counts[0] += 1
            counts[1] += ok
    return EvalReport("loaded", articles, {"loaded": figure}, _rule_scores(tally), errors)


# -- formatting ----------------------------------------------------------------------------


def format_text(report: EvalReport, worst: int = 10) -> str:
    """A plain-text table of the figures, then the rules with the worst precision."""
    name_width = max([len("figure")] + [len(n) for n in report.figures])
    header = f"{'figure':<{name_width}}  {'P':>6}  {'R':>6}  {'F1':>6}  {'predicted':>9}  {'gold':>7}"
    lines = [f"{report.task}: {report.articles} articles"
             + (f", {len(report.errors)} errors" if report.errors else ""), header, "-" * len(header)]
    for name, s in report.figures.items():
        lines.append(f"{name:<{name_width}}  {s.precision:6.3f}  {s.recall:6.3f}  {s.f1:6.3f}"
                     f"  {s.predicted:9d}  {s.gold:7d}")
    ranked = report.worst_rules(worst, WORST_MIN_PREDICTED) if worst > 0 else []
    if ranked:
        rule_width = max(len("rule"), *(len(r.rule) for r in ranked))
        lines += ["", f"worst rules (precision, at least {WORST_MIN_PREDICTED} predictions)",
                  f"{'rule':<{rule_width}}  {'P':>6}  {'correct':>7}  {'predicted':>9}"]
        for r in ranked:
            lines.append(f"{r.rule:<{rule_width}}  {r.precision:6.3f}  {r.correct:7d}  {r.predicted:9d}")
    if report.patterns:
        width = max(len("pattern"), *(len(p.rule) for p in report.patterns))
        lines += ["", "attribution patterns by precision, worst first (correct: cue and, when it "
                      "names one, source overlap gold)",
                  f"{'pattern':<{width}}  {'P':>6}  {'correct':>7}  {'predicted':>9}"]
        for p in report.patterns:
            lines.append(f"{p.rule:<{width}}  {p.precision:6.3f}  {p.correct:7d}  {p.predicted:9d}")
    for error in report.errors[:SHOWN_ERRORS]:
        lines.append(f"error: {error}")
    if len(report.errors) > SHOWN_ERRORS:
        lines.append(f"... and {len(report.errors) - SHOWN_ERRORS} more errors")
    return "\n".join(lines)
