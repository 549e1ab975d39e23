"""Provides `rules learn`: per-form precision of cues and loaded terms on annotated news, and the
`except` lists that drop the forms that mostly misfire (explainable, re-runnable, cross-validated)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .engine.article import Article
from .engine.kinds import CueRule, Examples, LoadedRule, Rule
from .engine.pipeline import analyse
from .engine.ruleset import RuleSet
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
        r.replace(excluded=()) if isinstance(r, (CueRule, LoadedRule)) else r
        for r in ruleset.rules))


def with_exclusions(ruleset: RuleSet, exclusions: dict[str, tuple[str, ...]]) -> RuleSet:
    return RuleSet(tuple(
        r.replace(excluded=exclusions.get(r.id, ())) if isinstance(r, (CueRule, LoadedRule))
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


LEARNED_CUE_ID = "cue-learned"
MIN_GOLD = 5
MIN_ADD_PRECISION = 0.5


def propose_cue_forms(records: list[dict], ruleset: RuleSet, *, min_gold: int = MIN_GOLD,
                      min_precision: float = MIN_ADD_PRECISION, max_words: int = 3) -> list[FormScore]:
    """Cue forms annotators mark that no cue rule matches, with the share of their occurrences
    that are marked (every occurrence counted, as if each were predicted)."""
    from .engine.text import Tokens
    from .engine.wordlists import STOP

    cues = ruleset.compiled.cues
    tokenised = []
    marked: Counter[tuple[str, ...]] = Counter()
    for record in records:
        tokens = Tokens(record["text"])
        gold = sorted(_gold(record, ("Cue",)))
        tokenised.append((tokens, gold))
        for start, end in gold:
            i, j = bisect_left(tokens.starts, start), bisect_left(tokens.starts, end)
            if not 0 < j - i <= max_words or any(cues.match_at(tokens.lowers, m, len(tokens)) for m in range(i, j)):
                continue
            form = tuple(tokens.lowers[i:j])
            if form[0][0].isalpha() and form[0] not in STOP and form[-1][0].isalnum():
                marked[form] += 1
    wanted = {f for f, n in marked.items() if n >= min_gold}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for form in wanted:
        by_first.setdefault(form[0], []).append(form)
    seen: Counter[tuple[str, ...]] = Counter()
    hit: Counter[tuple[str, ...]] = Counter()
    for tokens, gold in tokenised:
        starts = [g[0] for g in gold]
        for i, low in enumerate(tokens.lowers):
            for form in by_first.get(low, ()):
                if tuple(tokens.lowers[i:i + len(form)]) != form:
                    continue
                seen[form] += 1
                s, e = tokens.starts[i], tokens.ends[i + len(form) - 1]
                k = bisect_left(starts, e) - 1
                if any(gold[m][0] < e and s < gold[m][1] for m in range(max(0, k - 2), k + 1)):
                    hit[form] += 1
    out = [FormScore(LEARNED_CUE_ID, " ".join(f), hit[f], seen[f]) for f in wanted if seen[f]]
    return sorted((s for s in out if s.precision >= min_precision), key=lambda s: -s.correct)


def with_learned_cues(ruleset: RuleSet, forms: list[str]) -> RuleSet:
    """The rule set plus (or with a replaced) `cue-learned` rule holding `forms`."""
    rule = CueRule(id=LEARNED_CUE_ID, kind="cues", description="Cue forms learned from annotated news.",
                   examples=Examples(match=("x",)), file="<learned>", forms=tuple(forms),
                   neutrality="neutral")
    return RuleSet(tuple(r for r in ruleset.rules if r.id != LEARNED_CUE_ID) + (rule,))


def learned_cue_yaml(scores: list[FormScore], source_name: str) -> str:
    """A `kind: cues` rule file holding the learned forms, each with its measured precision."""
    best = max(scores, key=lambda s: s.correct).form if scores else "continued"
    lines = [
        "kind: cues",
        "description: >",
        f"  Cue forms learned from annotated news ({source_name}) by `biasdash rules learn attribution`:",
        "  forms annotators mark as attribution cues that no curated rule covers, kept where at least",
        f"  {MIN_GOLD} are marked and at least {MIN_ADD_PRECISION:.0%} of their occurrences are marked.",
        "rules:",
        f"  - id: {LEARNED_CUE_ID}",
        "    description: >",
        "      Learned reporting and stance verbs (each form with the share of its occurrences that",
        "      annotators marked, and how many they marked). Regenerate rather than edit by hand.",
        "    neutrality: neutral",
        "    forms:",
    ]
    lines += [f"      - {_quote(s.form)}  # {s.precision:.2f} of {s.predicted}, {s.correct} marked"
              for s in scores]
    lines += ["    examples:", "      match:",
              f"        - {_quote(f'The senator {best} that the new budget plan would fail.')}"]
    return "\n".join(lines) + "\n"
