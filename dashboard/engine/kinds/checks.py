"""Provides the `checks` kind: a metric against a threshold, with a severity, a message and an
optional condition over the metrics that says which articles the check applies to."""

from __future__ import annotations

from ..metrics import METRICS
from .base import SEVERITIES, Field, Kind, Rule, did_you_mean, finite_number, is_count, is_text, one_of
from .conditions import COMPARISONS, ConditionError, holds, parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    from ..analysis import Analysis

OPERATORS = COMPARISONS
# The guards of the first rule files, each the condition it stands for.
GUARDS = {"min_sentences": "sentences", "min_attributions": "attributions"}


class CheckRule(Rule):
    """A threshold on a metric, and the severity of a finding when it is crossed."""

    metric: str
    op: str
    threshold: float
    severity: str
    message: str
    condition: str = ""


def condition_problem(v: Any) -> str | None:
    """Why `v` is not a condition over the metrics, or None."""
    problem = is_text(v)
    if problem:
        return problem
    try:
        parse(v, METRICS)
    except ConditionError as exc:
        return str(exc)
    return None


def validate(values: dict[str, Any], fail: Callable[[str | None, str], None]) -> None:
    if "metric" in values and values["metric"] not in METRICS:
        fail("metric", f"unknown metric {values['metric']!r}{did_you_mean(values['metric'], list(METRICS))}")
    guards = [f"{metric} >= {count}" for key, metric in GUARDS.items() if (count := values.pop(key, 0))]
    if guards:
        condition = values.get("condition")
        values["condition"] = " and ".join(guards + ([f"({condition})"] if condition else []))


def compile_checks(rules: list[CheckRule]) -> dict[str, list[tuple[CheckRule, Any]]]:
    """Each check with its condition parsed (None: it applies to every article)."""
    return {"checks": [(rule, parse(rule.condition, METRICS) if rule.condition else None) for rule in rules]}


def crossed(rule: CheckRule, condition: Any, metrics: Mapping[str, float]) -> bool:
    """Whether the check applies to an article with these metrics and its threshold is crossed."""
    if condition is not None and not holds(condition, metrics):
        return False
    value = metrics.get(rule.metric)
    return value is not None and OPERATORS[rule.op](value, rule.threshold)


def took_part(rule: CheckRule, analysis: Analysis) -> bool:
    return any(f.check == rule.id for f in analysis.findings)


KIND = Kind(
    name="checks",
    summary="A threshold on a metric, the severity of a finding when it is crossed, and which "
            "articles it applies to.",
    record=CheckRule,
    fields={
        "metric": Field("str", "a metric name (`biasdash rules metrics` lists them; see README)",
                        is_text, required=True, json_schema={"type": "string", "enum": list(METRICS)}),
        "op": Field("`<`, `<=`, `>`, `>=`, `==`, `!=`", "the finding fires when `metric op "
                                                       "threshold` holds",
                    one_of(tuple(OPERATORS)), required=True),
        "threshold": Field("number", "a finite number", finite_number, required=True, convert=float),
        "severity": Field("`info`, `warning`, `error`", "how serious a finding is (`--fail-on` "
                                                         "sets the level that fails a run)",
                          one_of(SEVERITIES), required=True),
        "message": Field("str", "shown with the finding; `{value}` and `{threshold}` are replaced "
                         "(a share as a percentage: `40%`)",
                         is_text, required=True),
        "condition": Field("str", "only check articles for which this holds: comparisons of "
                                  "metrics with numbers, joined with `and`, `or`, `not` and "
                                  "parentheses (`sentences >= 5 and attributions >= 2`)",
                           condition_problem, json_schema={"type": "string", "minLength": 1}),
        "min_sentences": Field("int", "shorthand for `condition: sentences >= N`", is_count),
        "min_attributions": Field("int", "shorthand for `condition: attributions >= N`", is_count),
    },
    example=("make this check produce a finding", "make this check produce no finding"),
    took_part=took_part,
    validate=validate,
    compile=compile_checks,
)
