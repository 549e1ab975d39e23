"""Provides `rules learn`: per-form precision of cues and loaded terms on annotated news, and the
`except` lists that drop the forms that mostly misfire (explainable, re-runnable, cross-validated)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from .engine.article import Article
from .engine.rules import CueRule, LoadedRule, Rule, RuleSet
from .engine.scoring import analyse
from .evaluate import LOADED_LABELS, _gold, _overlap_flags, _pair

# A form is dropped when at least this many predictions were measured and fewer than this share
# were right: below half the F1 we reach, a form costs more precision than it brings recall.
MIN_SUPPORT = 5
MAX_PRECISION = 0.35

FormKey = tuple[str, str]  # (rule id, form or term)


@dataclass(frozen=True)
class FormScore:
    rule: str
    form: str
    correct: int
    predicted: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0


def without_exclusions(ruleset: RuleSet) -> RuleSet:
    """The rule set with every cue and loaded rule's `except` list emptied (what is measured)."""
    return RuleSet(tuple(
        dataclasses.replace(r, excluded=()) if isinstance(r, (CueRule, LoadedRule)) else r
        for r in ruleset.rules))


def with_exclusions(ruleset: RuleSet, exclusions: dict[str, tuple[str, ...]]) -> RuleSet:
    return RuleSet(tuple(
        dataclasses.replace(r, excluded=exclusions.get(r.id, ())) if isinstance(r, (CueRule, LoadedRule))
        else r for r in ruleset.rules))


def article_counts(record: dict, ruleset: RuleSet, task: str) -> Counter[FormKey]:
    """For one annotated article: `(rule, form)` -> predictions, `(rule, form + "\\0ok")` -> correct ones."""
    analysis = analyse(Article(id=str(record["id"]), text=record["text"]), ruleset)
    text = record["text"]
    counts: Counter[FormKey] = Counter()
    if task == "attribution":
        gold = _gold(record, ("Cue",))
        spans = [_pair(a.cue) for a in analysis.attributions]
        keys = [(a.cue_rule, _form(text[a.cue.start:a.cue.end])) for a in analysis.attributions]
    else:
        gold = _gold(record, LOADED_LABELS)
        spans = [_pair(h.span) for h in analysis.loaded]
        keys = [(h.rule, h.term.lower()) for h in analysis.loaded]
    for key, ok in zip(keys, _overlap_flags(spans, gold)):
        counts[key] += 1
        if ok:
            counts[(key[0], key[1] + "\0ok")] += 1
    return counts


def _form(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def form_scores(counts: Counter[FormKey]) -> list[FormScore]:
    out = []
    for (rule, form), predicted in counts.items():
        if form.endswith("\0ok"):
            continue
        out.append(FormScore(rule, form, counts.get((rule, form + "\0ok"), 0), predicted))
    return sorted(out, key=lambda f: (f.precision, -f.predicted))


def exclusions(scores: Iterable[FormScore], ruleset: RuleSet, *, min_support: int = MIN_SUPPORT,
               max_precision: float = MAX_PRECISION) -> dict[str, tuple[str, ...]]:
    """The forms to put in each rule's `except` list."""
    out: dict[str, list[str]] = {}
    for score in scores:
        rule = ruleset.by_id.get(score.rule)
        if not isinstance(rule, (CueRule, LoadedRule)):
            continue  # standalone vague phrases and the like are not pruned here
        if score.predicted >= min_support and score.precision < max_precision:
            out.setdefault(score.rule, []).append(score.form)
    return {rule: tuple(sorted(forms)) for rule, forms in out.items()}


def learn(records: Iterable[dict], ruleset: RuleSet, task: str) -> list[FormScore]:
    """Per-form scores on annotated records, measured with every `except` list emptied."""
    base = without_exclusions(ruleset)
    total: Counter[FormKey] = Counter()
    for record in records:
        total.update(article_counts(record, base, task))
    return form_scores(total)


def except_yaml(rule: Rule, forms: tuple[str, ...], scores: dict[FormKey, FormScore]) -> str:
    """The `except:` block for one rule, each form with its measured precision."""
    lines = [f"# {rule.id} ({rule.file}:{rule.line})", "    except:"]
    for form in forms:
        s = scores.get((rule.id, form))
        note = f"  # {s.correct}/{s.predicted} = {s.precision:.2f}" if s else ""
        lines.append(f"      - {_quote(form)}{note}")
    return "\n".join(lines)


def _quote(form: str) -> str:
    import json

    return json.dumps(form, ensure_ascii=False)
