"""Provides the `reuse` kind: checks over a pair of articles where one reuses the other (wire copy
taken without credit, a credit for only part of what was taken, a state-media attribution dropped
or laundered in the rewrite), with their thresholds and severities. They need a corpus: `check`
runs them after every article is scored, on the pairs `biasdash compare` would find."""

from __future__ import annotations

from .base import SEVERITIES, Field, Kind, Rule, finite_number, is_text, one_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# What each test compares its threshold with.
TESTS = {
    "uncredited-wire": "the derivative's reused share (0 to 1): fires when at least this much of "
                       "its body is taken from wire copy and it credits neither a wire nor the origin",
    "partial-credit": "the share of the aligned sentences a wire credit covers (0 to 1): fires "
                      "when the derivative credits a wire for less than this of what it took",
    "state-media-laundered": "the similarity of the aligned pair (0 to 1): fires on each pair at "
                             "least this similar whose state-media attribution the derivative "
                             "drops or gives to a wire",
}
# The words a message may use, filled in for each finding.
PLACEHOLDERS = ("{origin}", "{share}", "{coverage}", "{credit}", "{source}", "{to}", "{threshold}")


class ReuseRule(Rule):
    """A check over a pair of articles where one reuses the other."""

    test: str
    threshold: float
    severity: str
    message: str


def validate(values: dict[str, Any], fail: Callable[[str | None, str], None]) -> None:
    threshold = values.get("threshold")
    if threshold is not None and not 0 <= threshold <= 1:
        fail("threshold", f"threshold: expected a share from 0 to 1, got {threshold:g}")


def compile_reuse(rules: list[ReuseRule]) -> dict[str, list[ReuseRule]]:
    """The enabled reuse checks, in rule order (`compiled.reuse`)."""
    return {"reuse": list(rules)}


KIND = Kind(
    name="reuse",
    summary="A check over two articles of a corpus where one reuses the other: wire copy without "
            "credit, a partial credit, a state-media attribution dropped or laundered.",
    record=ReuseRule,
    fields={
        "test": Field(f"`{'`, `'.join(TESTS)}`", "what is checked; the threshold means: "
                      + "; ".join(f"`{name}`, {meaning}" for name, meaning in TESTS.items()),
                      one_of(tuple(TESTS)), required=True),
        "threshold": Field("number", "a share from 0 to 1 (see `test`)", finite_number,
                           required=True, convert=float),
        "severity": Field("`info`, `warning`, `error`", "how serious a finding is (`--fail-on` "
                                                         "sets the level that fails a run)",
                          one_of(SEVERITIES), required=True),
        "message": Field("str", "shown with the finding, on the derivative's line and column; "
                                + ", ".join(f"`{p}`" for p in PLACEHOLDERS) + " are replaced",
                         is_text, required=True),
    },
    example=("make this check fire on the second article", "make it not fire"),
    pair_examples=True,
    validate=validate,
    compile=compile_reuse,
    notes="Each example is two articles, the origin and then its reuse, separated by a line of "
          "three dashes (`---`); the check must (`match`) or must not (`no_match`) fire on the "
          "second. In `biasdash check` on a corpus, a `[checks.ID]` table of a config overrides "
          "`threshold`, `severity`, `message` and `enabled` as for other checks.",
)
