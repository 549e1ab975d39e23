"""Provides Compiled: what a rule set needs at analysis time, built once by each rule kind from
its enabled rules (engine/kinds/*.py: each kind's `compile`)."""

from __future__ import annotations

from .kinds import KINDS
from .matchers import FurnitureScan, article_budget

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from .kinds import CheckRule, FurnitureRule, ReuseRule, Rule
    from .matchers import PhraseMatcher, SourceIndex
    from .weights import Model


class Compiled:
    """Everything a rule set needs at analysis time, built once: each attribute below is one part
    a kind's `compile` gave (a new kind's parts become attributes the same way)."""

    cues: PhraseMatcher
    vague: PhraseMatcher
    standalone: PhraseMatcher
    loaded: PhraseMatcher
    sources: SourceIndex
    checks: list[tuple[CheckRule, Any]]
    furniture: list[tuple[FurnitureRule, Any]]
    furniture_others: list[tuple[FurnitureRule, Any]]
    furniture_anchored: Any
    reuse: list[ReuseRule]
    model: Model | None = None  # the learned decision layer (engine/learned.py), or rules alone

    def __init__(self, rules: Iterable[Rule], model: Model | None = None) -> None:
        self.model = model
        enabled = [rule for rule in rules if rule.enabled]
        for name, kind in KINDS.items():
            for part, value in kind.compile([rule for rule in enabled if rule.kind == name]).items():
                setattr(self, part, value)

    def furniture_scan(self, size: int) -> FurnitureScan:
        """The furniture matching of one article of `size` characters, with its own budgets."""
        return FurnitureScan(self.furniture_anchored, self.furniture_others, article_budget(size))
