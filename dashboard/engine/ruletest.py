"""Provides `rules test`: runs every rule's examples through the engine and reports each outcome."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .analysis import Analysis
from .article import Article
from .kinds import KINDS, Examples, FurnitureRule, ReuseRule, Rule
from .pipeline import analyse
from .reuse import compare
from .reuse.checks import reuse_findings
from .ruleset import RuleSet

# The line between the two articles of an example of a kind with pair examples (reuse).
PAIR_SEPARATOR = "\n---\n"
# Rules added to the rule set when a check on one of these metrics runs its examples: no text can
# move the metric with well-behaved rules alone. rule_timeouts counts furniture rules given up on
# for being too slow, and no shipped pattern is; (x+x+)+y passes the load-time probes but
# backtracks on a long line of x.
EXAMPLE_RULES: dict[str, tuple[Rule, ...]] = {"rule_timeouts": (FurnitureRule(
    id="example-slow-furniture", kind="furniture", file="<rules test>", pattern="(x+x+)+y",
    description="A deliberately slow furniture pattern, for the examples of checks on rule_timeouts.",
    examples=Examples(match=("xxy",))),)}
_WITH_EXAMPLE_RULES: dict[tuple[int, str], tuple[RuleSet, RuleSet]] = {}


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    example: str
    expected: bool  # True: a `match` example; False: a `no_match` example
    passed: bool

    def describe(self) -> str:
        want = "match" if self.expected else "no_match"
        got = "did not fire" if self.expected else "fired"
        return (f"{self.rule.file}:{self.rule.line}:{self.rule.column}: {self.rule.id}: "
                f"{want} example {got}: {self.example!r}")


def fires(rule: Rule, analysis: Analysis) -> bool:
    """Whether `rule` took part in what the engine found in `analysis` (its kind says what that means)."""
    took_part = KINDS[rule.kind].took_part
    if took_part is None:
        raise ValueError(f"no example semantics over an analysis for kind {rule.kind!r}")
    return took_part(rule, analysis)


def example_analysis(rule: Rule, ruleset: RuleSet, example: str, index: int = 0) -> Analysis:
    """An example of `rule` analysed as an article, with EXAMPLE_RULES added for its metric."""
    extra = EXAMPLE_RULES.get(getattr(rule, "metric", ""), ())
    if extra:
        key = (id(ruleset), rule.metric)  # type: ignore[attr-defined]
        cached = _WITH_EXAMPLE_RULES.get(key)
        if cached is None or cached[0] is not ruleset:  # compiled once per rule set, not per example
            cached = _WITH_EXAMPLE_RULES[key] = (ruleset, RuleSet(ruleset.rules + extra))
        ruleset = cached[1]
    return analyse(Article(id=f"{rule.id}#{index}", text=example), ruleset)


def example_fires(rule: Rule, ruleset: RuleSet, example: str, index: int = 0) -> bool:
    """Whether `rule` fires on one of its examples, as its kind judges that: on the example
    alone (furniture), else on the example analysed as an article."""
    kind = KINDS[rule.kind]
    if kind.fires_alone is not None:
        return kind.fires_alone(rule, example)
    if kind.pair_examples:
        return pair_fires(rule, ruleset, example, index)
    return fires(rule, example_analysis(rule, ruleset, example, index))


def pair_fires(rule: Rule, ruleset: RuleSet, example: str, index: int = 0) -> bool:
    """Whether a check over two articles fires on the second of an example's two (the origin,
    a `---` line, then its reuse)."""
    assert isinstance(rule, ReuseRule)
    first, _, second = example.partition(PAIR_SEPARATOR)
    a = analyse(Article(id=f"{rule.id}#{index}a", text=first), ruleset)
    b = analyse(Article(id=f"{rule.id}#{index}b", text=second), ruleset)
    return any(f.check == rule.id for f in reuse_findings(compare(a, b), a, b, ruleset, [rule]))


def run_examples(ruleset: RuleSet, only: set[str] | None = None) -> Iterator[ExampleResult]:
    """Every example of every enabled rule (or of the rules in `only`), in rule order."""
    for rule in ruleset.rules:
        if not rule.enabled or (only is not None and rule.id not in only):
            continue
        cases = [(e, True) for e in rule.examples.match] + [(e, False) for e in rule.examples.no_match]
        for index, (example, expected) in enumerate(cases):
            got = example_fires(rule, ruleset, example, index)
            yield ExampleResult(rule, example, expected, got == expected)
