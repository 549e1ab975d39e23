"""Provides what every rule kind is made of: the Rule record, the Field of a rule-file key with its
documentation and check, the value checks, and the Kind interface the registry lists."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..analysis import Analysis

    Check = Callable[[Any], "str | None"]
    Fail = Callable[[tuple[Any, ...], str], None]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class Examples:
    """Sentences a rule must match, and sentences it must not (run by `biasdash rules test`)."""

    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()


class Rule:
    """What every rule has: identity, documentation and where it was defined.

    Rules are immutable records made with keyword arguments, like frozen keyword-only
    dataclasses: their fields are the annotated class attributes, the base class's first, and a
    class attribute is a field's default. They are not dataclasses because generating those
    methods costs 0.5 ms a class, 4 ms of every one-article check for the rule kinds."""

    fields: tuple[str, ...]
    _defaults: dict[str, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _record_fields(cls)

    def __init__(self, **values: Any) -> None:
        cls = type(self)
        unknown = values.keys() - set(cls.fields)
        if unknown:
            raise TypeError(f"{cls.__name__}() got unexpected keyword arguments: "
                            f"{', '.join(sorted(unknown))}")
        for name in cls.fields:
            if name in values:
                object.__setattr__(self, name, values[name])
            elif name in cls._defaults:
                object.__setattr__(self, name, cls._defaults[name])
            else:
                raise TypeError(f"{cls.__name__}() missing required keyword argument: {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[name] for name in self.fields)

    def replace(self, **changes: Any) -> Rule:
        """A copy with some fields changed (as dataclasses.replace)."""
        return type(self)(**{**{name: self.__dict__[name] for name in self.fields}, **changes})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: rules are immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: rules are immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self.fields)
        return f"{type(self).__qualname__}({fields})"

    id: str
    kind: str
    description: str
    examples: Examples
    file: str
    line: int = 1
    column: int = 1
    enabled: bool = True


def _record_fields(cls: type[Rule]) -> None:
    """A rule class's `fields` (annotated attributes, its bases' first) and their defaults."""
    names = [name for klass in reversed(cls.__mro__) if issubclass(klass, Rule)
             for name in vars(klass).get("__annotations__", {}) if name not in ("fields", "_defaults")]
    cls.fields = tuple(dict.fromkeys(names))
    cls._defaults = {name: getattr(cls, name) for name in cls.fields if hasattr(cls, name)}


_record_fields(Rule)


# --- the keys of a rule file ----------------------------------------------------------------

def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Field:
    """One key of a rule: its type (as the docs show it), its meaning, its check, whether it is
    required, the rule attribute it fills (when not named like the key), its conversion, and its
    JSON Schema when the check is not one the schema knows."""

    type: str
    doc: str
    check: Check
    required: bool = False
    attr: str | None = None
    convert: Callable[[Any], Any] = _same
    # The key's JSON Schema, for a check the rule-file schema cannot read (report/ruleschema.py
    # knows the checks of this module).
    json_schema: dict[str, Any] | None = None


def is_text(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else "expected non-empty text"


def is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "expected true or false"


def is_number(v: Any) -> str | None:
    ok = isinstance(v, (int, float)) and not isinstance(v, bool)
    return None if ok else "expected a number"


def finite_number(v: Any) -> str | None:
    """A number a comparison can use: NaN compares false with everything and an infinity (or an
    integer too large for a float) is never crossed, so such a threshold is a gate that never fires."""
    problem = is_number(v)
    if problem:
        return problem
    try:
        if math.isfinite(v):
            return None
    except OverflowError:  # an int too large to become a float
        return f"expected a finite number, not one of {len(str(abs(v)))} digits"
    return f"expected a finite number, not {v}"


def is_count(v: Any) -> str | None:
    ok = isinstance(v, int) and not isinstance(v, bool) and v >= 0
    return None if ok else "expected a whole number >= 0"


def is_text_list(v: Any) -> str | None:
    if not isinstance(v, list):
        return "expected a list of text"
    for item in v:
        if not isinstance(item, str) or not item.strip():
            return "expected a list of text (found an empty or non-text item)"
    return None


class OneOf:
    """The check of a key whose value is one of a few words, which it keeps for the rule-file
    schema (report/ruleschema.py) to list."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices

    def __call__(self, v: Any) -> str | None:
        if isinstance(v, str) and v in self.choices:
            return None
        return f"expected one of {', '.join(self.choices)}{did_you_mean(str(v), self.choices)}"


def one_of(choices: tuple[str, ...]) -> OneOf:
    return OneOf(choices)


def texts(v: list[str]) -> tuple[str, ...]:
    return tuple(v)


def lower_texts(v: list[str]) -> tuple[str, ...]:
    return tuple(x.lower() for x in v)


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    import difflib
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _no_examples_check(v: Any) -> str | None:
    return None  # examples are parsed into Examples by parse_entry


COMMON: dict[str, Field] = {
    "id": Field("str", "unique across every file of every pack in use; `[a-z0-9][a-z0-9_.-]*`",
                is_text, required=True),
    "description": Field("str", "what the rule does and why", is_text, required=True),
    "examples": Field("mapping", "`match:` (at least one) and `no_match:` lists of text that "
                                 "`biasdash rules test` runs", _no_examples_check, required=True),
    "enabled": Field("bool", "`false` switches the rule off (default `true`)", is_bool),
}


# --- a kind ----------------------------------------------------------------------------------

def _no_more_checks(values: dict[str, Any], fail: Callable[[str | None, str], None]) -> None:
    return None


def _compiles_nothing(rules: list[Any]) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Kind:
    """A rule kind: everything the engine knows of one `kind:` of rule file.

    - `record`: the Rule class its rules are made as; `fields`: its rule-file keys;
    - `validate(values, fail)`: checks across its keys, after each key's own check
      (`fail(key or None, message)` reports a problem at the key or at the rule);
    - `compile(rules)`: what its enabled rules need at analysis time, by the name of the
      Compiled attribute each part becomes (`{"cues": PhraseMatcher}`);
    - `example`: what its `match`/`no_match` examples mean (the docs' table), and
      `took_part(rule, analysis)`: whether the rule took part in an example's analysis, or
      `fires_alone(rule, text)` for a kind whose examples are judged without analysis;
      `pair_examples`: each example is two articles separated by a `---` line (the reuse kind),
      judged by the reuse checks on their comparison (engine/ruletest.py)."""

    name: str
    summary: str
    record: type[Rule]
    fields: dict[str, Field]
    example: tuple[str, str]
    took_part: Callable[[Any, Analysis], bool] | None = None
    fires_alone: Callable[[Any, str], bool] | None = None
    pair_examples: bool = False
    validate: Callable[[dict[str, Any], Callable[[str | None, str], None]], None] = _no_more_checks
    compile: Callable[[list[Any]], dict[str, Any]] = _compiles_nothing
    notes: str = ""
    schema: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "schema", {**COMMON, **self.fields})
