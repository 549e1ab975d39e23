"""Provides `rules test`: runs every rule's examples through the engine and reports each outcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .article import Article
from .rules import Rule, RuleSet
from .scoring import Analysis, analyse
from .text import split_lines


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
    """Whether `rule` took part in what the engine found in `analysis`."""
    if rule.kind == "sources":
        return any(a.source_id == rule.id for a in analysis.attributions)
    if rule.kind == "cues":
        return any(a.cue_rule == rule.id for a in analysis.attributions)
    if rule.kind == "vague":
        return any(a.vague_rule == rule.id for a in analysis.attributions)
    if rule.kind == "loaded":
        return any(h.rule == rule.id for h in analysis.loaded)
    if rule.kind == "checks":
        return any(f.check == rule.id for f in analysis.findings)
    raise ValueError(f"no example semantics for kind {rule.kind!r}")


def furniture_fires(rule: Rule, ruleset: RuleSet, example: str) -> bool:
    """Every non-blank line of the example is matched by the rule's pattern."""
    compiled = ruleset.compiled
    pattern = next(p for r, p in compiled.furniture if r.id == rule.id)
    lines = [example[l.start:l.end] for l in split_lines(example) if example[l.start:l.end].strip()]
    return bool(lines) and all(compiled.furniture_match(pattern, line) for line in lines)


def run_examples(ruleset: RuleSet, only: set[str] | None = None) -> Iterator[ExampleResult]:
    """Every example of every enabled rule (or of the rules in `only`), in rule order."""
    for rule in ruleset.rules:
        if not rule.enabled or (only is not None and rule.id not in only):
            continue
        cases = [(e, True) for e in rule.examples.match] + [(e, False) for e in rule.examples.no_match]
        for index, (example, expected) in enumerate(cases):
            if rule.kind == "furniture":
                got = furniture_fires(rule, ruleset, example)
            else:
                analysis = analyse(Article(id=f"{rule.id}#{index}", text=example), ruleset)
                got = fires(rule, analysis)
            yield ExampleResult(rule, example, expected, got == expected)
