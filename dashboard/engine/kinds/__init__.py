"""Provides the registry of rule kinds, the only list of them, and the reading of one rule of a
rule file into its kind's record (every problem reported at its key).

Adding a kind: a module in this package defining its Rule record and its KIND, one line in
KINDS below, and its YAML in rules/ (CONTRIBUTING.md walks through it)."""

from __future__ import annotations

from . import checks, cues, furniture, loaded, reuse, sources, vague
from .base import COMMON, ID_PATTERN, SEVERITIES, Examples, Field, Kind, Rule, did_you_mean, is_text_list
from .checks import OPERATORS, CheckRule
from .cues import CueRule
from .furniture import FurnitureRule
from .loaded import LoadedRule
from .reuse import ReuseRule
from .sources import SOURCE_KINDS, SourceRule
from .vague import VagueRule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Where = tuple[Any, ...]

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    sources.KIND,
    cues.KIND,
    vague.KIND,
    loaded.KIND,
    checks.KIND,
    furniture.KIND,
    reuse.KIND,
)}
RULE_KINDS = tuple(KINDS)
RULE_CLASSES: dict[str, type[Rule]] = {name: kind.record for name, kind in KINDS.items()}
# The keys of a rule file itself, around its rules.
FILE_KEYS = ("kind", "description", "rules")

__all__ = [
    "COMMON",
    "FILE_KEYS",
    "ID_PATTERN",
    "KINDS",
    "OPERATORS",
    "RULE_CLASSES",
    "RULE_KINDS",
    "SEVERITIES",
    "SOURCE_KINDS",
    "CheckRule",
    "CueRule",
    "Examples",
    "Field",
    "FurnitureRule",
    "Kind",
    "LoadedRule",
    "ReuseRule",
    "Rule",
    "SourceRule",
    "VagueRule",
    "did_you_mean",
    "parse_rule",
]


def parse_rule(kind: Kind, entry: Any, base: Where, fail: Callable[[Where, str], None],
               located: Callable[[Where], tuple[int, int]], file: str) -> Rule | None:
    """The rule of `kind` that one entry of a rule file's `rules:` list makes, or None after
    reporting each of its problems with `fail(key path, message)`; `located(key path)` gives the
    line and column of a key path, `base` is the entry's own."""
    if not isinstance(entry, dict):
        fail(base, "a rule must be a mapping of keys (id, description, examples, ...)")
        return None
    schema = kind.schema
    count = _Count(fail)
    for key in entry:
        if key not in schema:
            count.fail(base + (key, "__key__"),
                       f"unknown key {key!r} in a {kind.name} rule{did_you_mean(str(key), list(schema))}")
    values: dict[str, Any] = {}
    for key, spec in schema.items():
        if key not in entry:
            if spec.required:
                count.fail(base, f"rule is missing required key {key!r}")
            continue
        if key == "examples":
            continue  # parsed below into Examples
        problem = spec.check(entry[key])
        if problem:
            count.fail(base + (key,), f"{key}: {problem}")
            continue
        values[spec.attr or key] = spec.convert(entry[key])
    rule_id = values.get("id")
    if rule_id is not None and not ID_PATTERN.match(rule_id):
        count.fail(base + ("id",), f"id {rule_id!r}: use lowercase letters, digits, '-', '_', '.'")
    examples = _parse_examples(entry.get("examples"), base + ("examples",), count)

    def kind_fail(key: str | None, message: str) -> None:
        count.fail(base if key is None else base + (key,), message)

    kind.validate(values, kind_fail)
    if count.count:
        return None
    line, col = located(base)
    return kind.record(kind=kind.name, examples=examples, file=file, line=line, column=col, **values)


class _Count:
    def __init__(self, fail: Callable[[Where, str], None]) -> None:
        self._fail = fail
        self.count = 0

    def fail(self, key: Where, message: str) -> None:
        self.count += 1
        self._fail(key, message)


def _parse_examples(value: Any, key: Where, count: _Count) -> Examples:
    if value is None:
        return Examples()
    if not isinstance(value, dict):
        count.fail(key, "examples: expected a mapping with `match:` and `no_match:` lists")
        return Examples()
    for name in value:
        if name not in ("match", "no_match"):
            count.fail(key + (name, "__key__"),
                       f"unknown key {name!r} in examples{did_you_mean(str(name), ('match', 'no_match'))}")
    out: dict[str, tuple[str, ...]] = {}
    for name in ("match", "no_match"):
        items = value.get(name, [])
        problem = is_text_list(items)
        if problem:
            count.fail(key + (name,), f"examples.{name}: {problem}")
            items = []
        out[name] = tuple(items)
    if not out["match"]:
        count.fail(key, "examples: at least one `match` example is required")
    return Examples(**out)
