"""Provides Compiled: what a rule set needs at analysis time, built once by each rule kind from
its enabled rules (engine/kinds/*.py: each kind's `compile`)."""

from __future__ import annotations

from .kinds import KINDS
from .matchers import FurnitureScan, furniture_scan

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .kinds import CheckRule, FurnitureRule
    from .matchers import PhraseMatcher, SourceIndex
    from .ruleset import RuleSet


class Compiled:
    """Everything a RuleSet needs at analysis time, built once: the attributes below are filled
    by the kinds' `compile` functions (a kind adds its own)."""

    cues: PhraseMatcher
    vague: PhraseMatcher
    standalone: PhraseMatcher
    loaded: PhraseMatcher
    sources: SourceIndex
    checks: list[tuple[CheckRule, Any]]
    furniture: list[tuple[FurnitureRule, Any]]
    furniture_others: list[tuple[FurnitureRule, Any]]
    furniture_anchored: Any

    def __init__(self, ruleset: RuleSet) -> None:
        for name, kind in KINDS.items():
            kind.compile(ruleset.of_kind(name), self)

    def furniture_scan(self, size: int) -> FurnitureScan:
        """The furniture matching of one article of `size` characters, with its own budgets."""
        return furniture_scan(self, size)
