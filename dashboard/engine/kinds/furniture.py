"""Provides the `furniture` kind: page furniture (bylines, share buttons, copyright lines) that is
left out of the scores, as regular expressions matched line by line."""

from __future__ import annotations

import re

from ..matchers import combinable, compile_pattern, pattern_match
from ..text import split_lines
from .base import Field, Kind, Rule, is_bool, is_text, one_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


# Lines on which a pattern with catastrophic backtracking takes far too long: short adversarial
# lines for exponential cases ((a|aa)+$), and a long line of words, which real articles have, for
# polynomial ones: (\w+\s?)*$ takes microseconds on 41 characters but seconds on 2,000 (and
# searched on every line of a 2 MiB article, minutes). A sound pattern takes microseconds on each.
_PROBES = ("a" * 40 + "!", "x " * 40 + "\t", "1" * 40 + "a", "-" * 40 + "x", ". " * 40 + "!",
           "word " * 400 + "!")
PATTERN_PROBE_TIMEOUT = 0.05


class FurnitureRule(Rule):
    """Page furniture (bylines, share buttons, copyright lines) left out of the scores."""

    pattern: str
    case: bool = False
    scope: str = "line"
    where: str = "any"


def check_pattern(pattern: str) -> str | None:
    """Refuse invalid patterns, and patterns that take too long on adversarial lines."""
    import regex

    try:
        compiled = regex.compile(pattern, regex.IGNORECASE)
    except regex.error as exc:
        return f"invalid regular expression: {exc}"
    except (OverflowError, RecursionError, MemoryError):
        return "regular expression too large"
    for probe in _PROBES:
        try:
            compiled.search(probe, timeout=PATTERN_PROBE_TIMEOUT)
        except TimeoutError:
            return (f"regular expression takes too long on a {len(probe)}-character line "
                    "(catastrophic backtracking?): simplify nested repetition such as (a+)+ or (\\w+\\s?)*")
    return None


def validate(values: dict[str, Any], fail: Callable[[str | None, str], None]) -> None:
    if "pattern" in values:
        problem = check_pattern(values["pattern"])
        if problem:
            fail("pattern", problem)


def compile_furniture(rules: list[FurnitureRule]) -> dict[str, Any]:
    """Each pattern compiled with `regex` (whose searches take a timeout). Most lines are body
    text that no furniture pattern matches: patterns anchored at the line start are tried together
    first, in one search, and one at a time only when that finds something; the others are tried
    one at a time (one unanchored alternative in a combined pattern makes the whole search slow)."""
    furniture = [(rule, compile_pattern(rule.pattern, _flags(rule))) for rule in rules]
    anchored = [rule for rule, _ in furniture if combinable(rule.pattern)]
    combined = "|".join(f"(?{'-' if rule.case else ''}i:{rule.pattern})" for rule in anchored)
    return {"furniture": furniture,
            "furniture_others": [(rule, pattern) for rule, pattern in furniture if not combinable(rule.pattern)],
            "furniture_anchored": compile_pattern(combined, 0) if anchored else None}


def _flags(rule: FurnitureRule) -> int:
    return 0 if rule.case else re.IGNORECASE


def fires_alone(rule: FurnitureRule, example: str) -> bool:
    """Every non-blank line of the example is matched by the rule's pattern."""
    pattern = compile_pattern(rule.pattern, _flags(rule))
    lines = [example[l.start:l.end] for l in split_lines(example) if example[l.start:l.end].strip()]
    return bool(lines) and all(pattern_match(pattern, line) for line in lines)


KIND = Kind(
    name="furniture",
    summary="Page furniture (bylines, share buttons, copyright lines) left out of the scores.",
    record=FurnitureRule,
    fields={
        "pattern": Field("str", "a regular expression matched against each line (searched, "
                                "case-insensitive unless `case: true`)", is_text, required=True),
        "case": Field("bool", "case-sensitive matching (default `false`)", is_bool),
        "scope": Field("`line`, `rest`", "`line`: the matching line is furniture; `rest`: it and "
                                         "everything after it is", one_of(("line", "rest"))),
        "where": Field("`any`, `head`, `tail`", "only in the first / second half of the non-blank "
                                                "lines", one_of(("any", "head", "tail"))),
    },
    example=("be recognised (every line of it) as page furniture by this rule",
             "not be recognised by this rule"),
    fires_alone=fires_alone,
    validate=validate,
    compile=compile_furniture,
)
