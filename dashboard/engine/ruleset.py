"""Provides the RuleSet: validated rules, by id and by kind, with their matchers compiled once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .compiled import Compiled
from .kinds import Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .weights import Model


@dataclass(frozen=True)
class RuleSet:
    """Validated rules, with matchers compiled once on first use, and the learned decision
    layer's weights (None: the rules alone decide)."""

    rules: tuple[Rule, ...]
    model: Model | None = field(default=None, compare=False)
    by_id: dict[str, Rule] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {r.id: r for r in self.rules})

    def of_kind(self, kind: str, *, enabled_only: bool = True) -> list[Any]:
        return [r for r in self.rules if r.kind == kind and (r.enabled or not enabled_only)]

    @cached_property
    def compiled(self) -> Compiled:
        return Compiled(self.rules, self.model)

    def with_model(self, model: Model | None) -> RuleSet:
        """The same rules with another model (None: rules alone)."""
        return RuleSet(self.rules, model)

    def __getstate__(self) -> dict[str, Any]:
        # Workers get the rules (and the model's weights) and compile them once on their side.
        return {"rules": self.rules, "model": self.model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "rules", state["rules"])
        object.__setattr__(self, "model", state.get("model"))
        self.__post_init__()
