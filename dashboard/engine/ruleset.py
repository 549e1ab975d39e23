"""Provides the RuleSet: validated rules, by id and by kind, with their matchers compiled once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .compiled import Compiled
from .kinds import Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class RuleSet:
    """Validated rules, with matchers compiled once on first use."""

    rules: tuple[Rule, ...]
    by_id: dict[str, Rule] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {r.id: r for r in self.rules})

    def of_kind(self, kind: str, *, enabled_only: bool = True) -> list[Any]:
        return [r for r in self.rules if r.kind == kind and (r.enabled or not enabled_only)]

    @cached_property
    def compiled(self) -> Compiled:
        return Compiled(self.rules)

    def __getstate__(self) -> dict[str, Any]:
        # Workers get the rules and compile them once on their side.
        return {"rules": self.rules}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "rules", state["rules"])
        self.__post_init__()
