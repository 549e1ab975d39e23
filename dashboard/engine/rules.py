"""Provides the rule-file schema, loading and validation, and the compiled RuleSet."""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .metrics import METRICS
from .files import NOT_REGULAR
from .yamlsafe import FileError, Located, load_yaml

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any, Callable

RULE_KINDS = ("sources", "cues", "vague", "loaded", "checks", "furniture")
SOURCE_KINDS = (
    "state_media", "wire", "aggregator", "public_broadcaster", "newspaper", "broadcaster",
    "magazine", "online", "government", "intergovernmental", "ngo", "think_tank", "company",
    "other",
)
SEVERITIES = ("info", "warning", "error")
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# Upper bound on terms in one pack: far above any real lexicon, low enough to keep loading fast.
MAX_TERMS = 200_000
RULE_SUFFIXES = (".yaml", ".yml")
# A pack folder is walked (without following links) through at most this many files and folders.
# The shipped pack has 7 files; a folder past this is a wrong path (a home folder, a whole
# repository, "/"), and walking it would cost minutes before anything was said.
MAX_PACK_ENTRIES = 10_000


def default_rules_dir() -> Path:
    """The default rule pack shipped with the package."""
    return (Path(__file__).resolve().parent.parent / "rules").resolve()


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
        return self._values() == other._values()  # type: ignore[attr-defined]

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
             for name in vars(klass).get("__annotations__", {})]
    cls.fields = tuple(dict.fromkeys(names))
    cls._defaults = {name: getattr(cls, name) for name in cls.fields if hasattr(cls, name)}


_record_fields(Rule)


class SourceRule(Rule):
    """A source statements can be attributed to: its names, web domains and kind."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    source_kind: str = "other"
    country: str = ""


class CueRule(Rule):
    """Words that mark an attribution ("said", "according to") and where the source stands."""

    verbs: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    neutrality: str = "neutral"
    source: str = "subject"
    excluded: tuple[str, ...] = ()


class VagueRule(Rule):
    """Attributions to no one in particular ("experts say", "sources said")."""

    phrases: tuple[str, ...] = ()
    standalone: tuple[str, ...] = ()


class LoadedRule(Rule):
    """Loaded wording: terms, their category and weight."""

    terms: tuple[str, ...] = ()
    inflect: bool = True
    category: str = "loaded"
    weight: float = 1.0
    excluded: tuple[str, ...] = ()


class CheckRule(Rule):
    """A threshold on a metric, and the severity of a finding when it is crossed."""

    metric: str
    op: str
    threshold: float
    severity: str
    message: str
    min_sentences: int = 0
    min_attributions: int = 0


class FurnitureRule(Rule):
    """Page furniture (bylines, share buttons, copyright lines) left out of the scores."""

    pattern: str
    case: bool = False
    scope: str = "line"
    where: str = "any"


# --- schema ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    """One key of a rule: its type check, whether it is required, and its dataclass attribute."""

    check: Callable[[Any], str | None]
    required: bool = False
    attr: str | None = None
    convert: Callable[[Any], Any] = lambda v: v


def _is_str(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else "expected non-empty text"


def _is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "expected true or false"


def _is_number(v: Any) -> str | None:
    ok = isinstance(v, (int, float)) and not isinstance(v, bool)
    return None if ok else "expected a number"


def finite_number(v: Any) -> str | None:
    """A number a comparison can use: NaN compares false with everything and an infinity (or an
    integer too large for a float) is never crossed, so such a threshold is a gate that never fires."""
    problem = _is_number(v)
    if problem:
        return problem
    try:
        if math.isfinite(v):
            return None
    except OverflowError:  # an int too large to become a float
        return f"expected a finite number, not one of {len(str(abs(v)))} digits"
    return f"expected a finite number, not {v}"


def _is_int(v: Any) -> str | None:
    ok = isinstance(v, int) and not isinstance(v, bool) and v >= 0
    return None if ok else "expected a whole number >= 0"


def _is_str_list(v: Any) -> str | None:
    if not isinstance(v, list):
        return "expected a list of text"
    for item in v:
        if not isinstance(item, str) or not item.strip():
            return "expected a list of text (found an empty or non-text item)"
    return None


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(v: Any) -> str | None:
        if isinstance(v, str) and v in choices:
            return None
        hint = _did_you_mean(str(v), choices)
        return f"expected one of {', '.join(choices)}{hint}"
    return check


def _weight(v: Any) -> str | None:
    problem = _is_number(v)
    if problem:
        return problem
    return None if 0 < v <= 3 else "expected a weight between 0.1 and 3"


_tuple = tuple

COMMON: dict[str, Field] = {
    "id": Field(_is_str, required=True),
    "description": Field(_is_str, required=True),
    "examples": Field(lambda v: None, required=True),
    "enabled": Field(_is_bool),
}

SCHEMAS: dict[str, dict[str, Field]] = {
    "sources": {
        "name": Field(_is_str, required=True),
        "aliases": Field(_is_str_list, convert=_tuple),
        "domains": Field(_is_str_list, convert=lambda v: tuple(d.lower() for d in v)),
        "kind": Field(_one_of(SOURCE_KINDS), required=True, attr="source_kind"),
        "country": Field(_is_str),
    },
    "cues": {
        "verbs": Field(_is_str_list, convert=_tuple),
        "forms": Field(_is_str_list, convert=_tuple),
        "phrases": Field(_is_str_list, convert=_tuple),
        "neutrality": Field(_one_of(("neutral", "loaded")), required=True),
        "source": Field(_one_of(("subject", "after"))),
        "except": Field(_is_str_list, attr="excluded", convert=lambda v: tuple(x.lower() for x in v)),
    },
    "vague": {
        "phrases": Field(_is_str_list, convert=_tuple),
        "standalone": Field(_is_str_list, convert=_tuple),
    },
    "loaded": {
        "terms": Field(_is_str_list, required=True, convert=_tuple),
        "inflect": Field(_is_bool),
        "category": Field(_is_str, required=True),
        "weight": Field(_weight, required=True, convert=float),
        "except": Field(_is_str_list, attr="excluded", convert=lambda v: tuple(x.lower() for x in v)),
    },
    "checks": {
        "metric": Field(_is_str, required=True),
        "op": Field(_one_of(tuple(OPERATORS)), required=True),
        "threshold": Field(finite_number, required=True, convert=float),
        "severity": Field(_one_of(SEVERITIES), required=True),
        "message": Field(_is_str, required=True),
        "min_sentences": Field(_is_int),
        "min_attributions": Field(_is_int),
    },
    "furniture": {
        "pattern": Field(_is_str, required=True),
        "case": Field(_is_bool),
        "scope": Field(_one_of(("line", "rest"))),
        "where": Field(_one_of(("any", "head", "tail"))),
    },
}

RULE_CLASSES: dict[str, type[Rule]] = {
    "sources": SourceRule, "cues": CueRule, "vague": VagueRule, "loaded": LoadedRule,
    "checks": CheckRule, "furniture": FurnitureRule,
}
FILE_KEYS = ("kind", "description", "rules")


def _did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    import difflib
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class RuleErrors(Exception):
    """One or more rule-file problems, each a FileError with its position."""

    def __init__(self, errors: list[FileError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def parse_rule_file(path: Path, text: str | None = None) -> tuple[list[Rule], list[FileError]]:
    """Read one rule file; return its valid rules and every problem found in it."""
    try:
        doc = load_yaml(path, text)
    except FileError as exc:
        return [], [exc]
    errors: list[FileError] = []

    def err(key: tuple[Any, ...], message: str) -> None:
        line, col = doc.where(key)
        errors.append(FileError(doc.path, line, col, message))

    data = doc.data
    if data is None:
        err((), "empty rule file: expected `kind:` and `rules:`")
        return [], errors
    if not isinstance(data, dict):
        err((), "a rule file must be a mapping with `kind:` and `rules:`")
        return [], errors
    kind = data.get("kind")
    if kind not in RULE_KINDS:
        # Not a rule file, or a misspelt kind. Nothing else of the file is quoted: a YAML file
        # that is not a rule file (given by mistake, or planted) may hold secrets.
        if "kind" not in data:
            err((), f"not a rule file: missing `kind:` (one of {', '.join(RULE_KINDS)})")
        else:
            hint = _did_you_mean(str(kind), RULE_KINDS) if isinstance(kind, str) else ""
            shown = f" {kind!r}{hint}" if hint else ""
            err(("kind",), f"unknown kind{shown}; expected one of {', '.join(RULE_KINDS)}")
        return [], errors
    for key in data:
        if key not in FILE_KEYS:
            err((key, "__key__"), f"unknown key {key!r}{_did_you_mean(str(key), FILE_KEYS)}")
    entries = data.get("rules")
    if not isinstance(entries, list):
        err(("rules",) if "rules" in data else (), "expected `rules:` with a list of rules")
        return [], errors
    rules: list[Rule] = []
    for index, entry in enumerate(entries):
        rule = _parse_rule(doc, kind, index, entry, err)
        if rule is not None:
            rules.append(rule)
    return rules, errors


def _parse_rule(doc: Located, kind: str, index: int, entry: Any,
                err: Callable[[tuple[Any, ...], str], None]) -> Rule | None:
    base = ("rules", index)
    if not isinstance(entry, dict):
        err(base, "a rule must be a mapping of keys (id, description, examples, ...)")
        return None
    schema = {**COMMON, **SCHEMAS[kind]}
    errs = _ErrorCount(err)
    for key in entry:
        if key not in schema:
            errs.fail(base + (key, "__key__"),
                        f"unknown key {key!r} in a {kind} rule{_did_you_mean(str(key), list(schema))}")
    values: dict[str, Any] = {}
    for key, spec in schema.items():
        if key not in entry:
            if spec.required:
                errs.fail(base, f"rule is missing required key {key!r}")
            continue
        if key == "examples":
            continue  # parsed below into Examples
        problem = spec.check(entry[key])
        if problem:
            errs.fail(base + (key,), f"{key}: {problem}")
            continue
        values[spec.attr or key] = spec.convert(entry[key])
    rule_id = values.get("id")
    if rule_id is not None and not ID_PATTERN.match(rule_id):
        errs.fail(base + ("id",), f"id {rule_id!r}: use lowercase letters, digits, '-', '_', '.'")
    examples = _parse_examples(entry.get("examples"), base + ("examples",), errs)
    if kind == "cues" and not (values.get("verbs") or values.get("forms") or values.get("phrases")):
        errs.fail(base, "a cue rule needs `verbs`, `forms` or `phrases`")
    if kind == "vague" and not values.get("phrases") and not values.get("standalone"):
        errs.fail(base, "a vague rule needs `phrases` or `standalone`")
    if kind == "sources" and "name" in values:
        values["aliases"] = tuple(dict.fromkeys((values["name"], *values.get("aliases", ()))))
    if kind == "furniture" and "pattern" in values:
        problem = _check_pattern(values["pattern"])
        if problem:
            errs.fail(base + ("pattern",), problem)
    if kind == "checks" and "metric" in values and values["metric"] not in METRICS:
        errs.fail(base + ("metric",), f"unknown metric {values['metric']!r}"
                                      f"{_did_you_mean(values['metric'], list(METRICS))}")
    if kind == "loaded" and len(values.get("terms", ())) > MAX_TERMS:
        errs.fail(base + ("terms",), f"more than {MAX_TERMS} terms in one rule")
    if errs.count:
        return None
    line, col = doc.where(base)
    return RULE_CLASSES[kind](kind=kind, examples=examples, file=doc.path, line=line,
                              column=col, **values)


class _ErrorCount:
    def __init__(self, err: Callable[[tuple[Any, ...], str], None]) -> None:
        self.err = err
        self.count = 0

    def fail(self, key: tuple[Any, ...], message: str) -> None:
        self.count += 1
        self.err(key, message)


def _parse_examples(value: Any, key: tuple[Any, ...], errors: _ErrorCount) -> Examples:
    if value is None:
        return Examples()
    if not isinstance(value, dict):
        errors.fail(key, "examples: expected a mapping with `match:` and `no_match:` lists")
        return Examples()
    for name in value:
        if name not in ("match", "no_match"):
            errors.fail(key + (name, "__key__"),
                        f"unknown key {name!r} in examples{_did_you_mean(str(name), ('match', 'no_match'))}")
    out: dict[str, tuple[str, ...]] = {}
    for name in ("match", "no_match"):
        items = value.get(name, [])
        problem = _is_str_list(items)
        if problem:
            errors.fail(key + (name,), f"examples.{name}: {problem}")
            items = []
        out[name] = tuple(items)
    if not out["match"]:
        errors.fail(key, "examples: at least one `match` example is required")
    return Examples(**out)


# Lines on which a pattern with catastrophic backtracking takes far too long: short adversarial
# lines for exponential cases ((a|aa)+$), and a long line of words, which real articles have, for
# polynomial ones: (\w+\s?)*$ takes microseconds on 41 characters but seconds on 2,000 (and
# searched on every line of a 2 MiB article, minutes). A sound pattern takes microseconds on each.
_PROBES = ("a" * 40 + "!", "x " * 40 + "\t", "1" * 40 + "a", "-" * 40 + "x", ". " * 40 + "!",
           "word " * 400 + "!")
PATTERN_PROBE_TIMEOUT = 0.05


def _check_pattern(pattern: str) -> str | None:
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


def discover_rule_files(directory: Path) -> list[Path]:
    """Every rule file of a pack, in a stable order, named relative to the cwd (what the dashboard
    watches; a pack with problems gives what it has, and load_rules reports the problems)."""
    return find_rule_files(directory)[0]


def find_rule_files(pack: Path) -> tuple[list[Path], list[FileError]]:
    """The rule files of a pack, a .yaml/.yml file or a folder searched recursively, named
    relative to the cwd, and every reason the pack cannot be used as given.

    Nothing is opened here. A pipe or device is refused from os.stat (reading it would block or
    never end), and so is a pack with no rule file (it would silently add nothing). A folder is
    walked without following links, and through at most MAX_PACK_ENTRIES entries."""
    name = str(pack)
    try:
        info = os.stat(pack)
    except (FileNotFoundError, NotADirectoryError):
        return [], [FileError(name, 1, 1, "rule pack not found")]
    except OSError as exc:
        return [], [FileError(name, 1, 1, f"cannot read: {exc.strerror or exc}")]
    if stat.S_ISDIR(info.st_mode):
        return _walk_pack(pack)
    if not stat.S_ISREG(info.st_mode):
        return [], [FileError(name, 1, 1, NOT_REGULAR)]
    if pack.suffix not in RULE_SUFFIXES:
        # Read nothing of it: its text would show up in the errors, and it may be any file.
        return [], [FileError(name, 1, 1, "not a rule file (expected .yaml or .yml)")]
    return [pack], []


def _walk_pack(folder: Path) -> tuple[list[Path], list[FileError]]:
    """The .yaml/.yml files under a folder, walked with os.scandir so that no link is followed
    (a link to a folder is left alone, as for articles; one named like a rule file is an error)."""
    found: list[Path] = []
    errors: list[FileError] = []
    pending = [str(folder)]
    visited = 0
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    visited += 1
                    if visited > MAX_PACK_ENTRIES:
                        return [], [FileError(str(folder), 1, 1,
                                              f"rule pack has more than {MAX_PACK_ENTRIES} files and "
                                              "folders: give the folder that holds the rule files")]
                    is_rule = os.path.splitext(entry.name)[1] in RULE_SUFFIXES
                    if entry.is_symlink():
                        # A link could lead anywhere (a planted pack.yaml -> /etc/shadow): named so
                        # that the rules it would have brought are not silently missing.
                        if is_rule:
                            errors.append(FileError(str(_relative(Path(entry.path))), 1, 1,
                                                    "a symbolic link: links in a rule pack are not "
                                                    "followed (give its target with --rules)"))
                    elif entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif is_rule:
                        if entry.is_file(follow_symlinks=False):
                            found.append(Path(entry.path))
                        else:
                            errors.append(FileError(str(_relative(Path(entry.path))), 1, 1, NOT_REGULAR))
        except OSError as exc:
            errors.append(FileError(str(_relative(Path(current))), 1, 1,
                                    f"cannot read folder: {exc.strerror or exc}"))
    if not found and not errors:
        errors.append(FileError(str(folder), 1, 1, "rule pack has no rule files (.yaml or .yml)"))
    return [_relative(p) for p in sorted(found)], errors


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def load_rules(packs: list[Path] | None = None, *, include_default: bool = True,
               disabled: frozenset[str] = frozenset(),
               overrides: dict[str, dict[str, Any]] | None = None) -> "RuleSet":
    """Load and validate rule packs; later packs override rules of earlier packs by id.

    Raises RuleErrors listing every problem in every file when any file is invalid.
    """
    from . import rulecache

    dirs = ([default_rules_dir()] if include_default else []) + list(packs or [])
    found = [(pack, *find_rule_files(pack)) for pack in dirs]
    errors: list[FileError] = [e for _, _, problems in found for e in problems]
    key = None if errors else rulecache.cache_key(
        [f for _, files, _ in found for f in files],
        (include_default, [str(p) for p in dirs], sorted(disabled), sorted((overrides or {}).items())))
    cached = rulecache.load(key) if key else None
    if cached is not None:
        return cached
    by_id: dict[str, Rule] = {}
    for _, files, _ in found:
        seen_in_pack: dict[str, Rule] = {}
        for path in files:
            rules, problems = parse_rule_file(path)
            errors.extend(problems)
            for rule in rules:
                if rule.id in seen_in_pack:
                    first = seen_in_pack[rule.id]
                    errors.append(FileError(rule.file, rule.line, rule.column,
                                            f"duplicate rule id {rule.id!r} (first defined at "
                                            f"{first.file}:{first.line}:{first.column})"))
                    continue
                seen_in_pack[rule.id] = rule
                replaced = by_id.get(rule.id)
                if replaced is not None and replaced.kind != rule.kind:
                    # A rule of another kind would silently remove the one it replaces: a loaded
                    # term named like a check switches the check off, and with it the CI gate.
                    errors.append(FileError(
                        rule.file, rule.line, rule.column,
                        f"rule {rule.id!r} of kind {rule.kind} would replace the {replaced.kind} rule "
                        f"of that id at {replaced.file}:{replaced.line}:{replaced.column}: a rule can "
                        f"only replace one of its own kind (give it another id)"))
                    continue
                by_id[rule.id] = rule
    if errors:
        raise RuleErrors(errors)
    rules = list(by_id.values())
    rules = _apply_overrides(rules, overrides or {}, disabled)
    ruleset = RuleSet(tuple(rules))
    if key:
        rulecache.save(key, ruleset)
    return ruleset


def _apply_overrides(rules: list[Rule], overrides: dict[str, dict[str, Any]],
                     disabled: frozenset[str]) -> list[Rule]:
    out = []
    for rule in rules:
        changes = dict(overrides.get(rule.id, {}))
        if rule.id in disabled:
            changes["enabled"] = False
        out.append(rule.replace(**changes) if changes else rule)
    return out


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
    def compiled(self) -> "Compiled":
        from .compiled import Compiled

        return Compiled(self)

    def __getstate__(self) -> dict[str, Any]:
        # Workers get the rules and compile them once on their side.
        return {"rules": self.rules}

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "rules", state["rules"])
        self.__post_init__()
