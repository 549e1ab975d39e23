"""Provides rule packs: finding the rule files of a pack, reading and validating each file (every
problem with its file, line and column), and loading a RuleSet from packs (cached as data)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..engine.kinds import FILE_KEYS, KINDS, RULE_KINDS, Rule, did_you_mean, parse_rule
from ..engine.ruleset import RuleSet
from . import rulecache
from .files import NOT_REGULAR
from .yamlsafe import FileError, load_yaml

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

RULE_SUFFIXES = (".yaml", ".yml")
# A pack folder is walked (without following links) through at most this many files and folders.
# The shipped pack has 7 files; a folder past this is a wrong path (a home folder, a whole
# repository, "/"), and walking it would cost minutes before anything was said.
MAX_PACK_ENTRIES = 10_000


def default_rules_dir() -> Path:
    """The default rule pack shipped with the package."""
    return (Path(__file__).resolve().parent.parent / "rules").resolve()


USER_PACK = "rules-local"


def user_pack(packs: list[Path], cwd: Path | None = None) -> Path:
    """The pack a user's own rules are written to (`rules new`, the dashboard's copy of a shipped
    rule): the last pack the config and --rules name (later packs override earlier ones by id, so
    the last has the final word), else ./rules-local in the working folder, which is read only
    when named (`--rules rules-local`, or `rules = ["rules-local"]` in the config): nothing is
    picked up from a folder the user did not name."""
    for pack in reversed(packs):
        if pack.resolve() != default_rules_dir():
            return pack
    return (cwd or Path.cwd()) / USER_PACK


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
            hint = did_you_mean(str(kind), RULE_KINDS) if isinstance(kind, str) else ""
            shown = f" {kind!r}{hint}" if hint else ""
            err(("kind",), f"unknown kind{shown}; expected one of {', '.join(RULE_KINDS)}")
        return [], errors
    for key in data:
        if key not in FILE_KEYS:
            err((key, "__key__"), f"unknown key {key!r}{did_you_mean(str(key), FILE_KEYS)}")
    entries = data.get("rules")
    if not isinstance(entries, list):
        err(("rules",) if "rules" in data else (), "expected `rules:` with a list of rules")
        return [], errors
    rules: list[Rule] = []
    for index, entry in enumerate(entries):
        rule = parse_rule(KINDS[kind], entry, ("rules", index), err, doc.where, doc.path)
        if rule is not None:
            rules.append(rule)
    return rules, errors


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
                            errors.append(FileError(str(relative(Path(entry.path))), 1, 1,
                                                    "a symbolic link: links in a rule pack are not "
                                                    "followed (give its target with --rules)"))
                    elif entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif is_rule:
                        if entry.is_file(follow_symlinks=False):
                            found.append(Path(entry.path))
                        else:
                            errors.append(FileError(str(relative(Path(entry.path))), 1, 1, NOT_REGULAR))
        except OSError as exc:
            errors.append(FileError(str(relative(Path(current))), 1, 1,
                                    f"cannot read folder: {exc.strerror or exc}"))
    if not found and not errors:
        errors.append(FileError(str(folder), 1, 1, "rule pack has no rule files (.yaml or .yml)"))
    return [relative(p) for p in sorted(found)], errors


def relative(path: Path) -> Path:
    """`path` relative to the working folder when it lies inside it (as a user would type it)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def load_rules(packs: list[Path] | None = None, *, include_default: bool = True,
               disabled: frozenset[str] = frozenset(),
               overrides: dict[str, dict[str, Any]] | None = None, model: bool = True,
               said: Callable[[str], None] | None = None) -> RuleSet:
    """Load and validate rule packs; later packs override rules of earlier packs by id.

    With the default pack (and `model`), the rule set carries the shipped learned decision layer
    (dashboard/rules/attribution_model.tsv, runtime/model.py); `model=False` is rules alone.
    Raises RuleErrors listing every problem in every file (the weights file too) when any is invalid.
    `said` is told which rule files were read, or that the rule set came from the cache (--verbose).
    """
    ruleset = _load_rules(packs, include_default, disabled, overrides, said or (lambda _: None))
    if model and include_default:
        from .model import shipped_model

        try:
            ruleset = ruleset.with_model(shipped_model())
        except FileError as exc:
            raise RuleErrors([exc]) from None
    return ruleset


def _load_rules(packs: list[Path] | None, include_default: bool, disabled: frozenset[str],
                overrides: dict[str, dict[str, Any]] | None, said: Callable[[str], None]) -> RuleSet:
    dirs = ([default_rules_dir()] if include_default else []) + list(packs or [])
    found = [(pack, *find_rule_files(pack)) for pack in dirs]
    errors: list[FileError] = [e for _, _, problems in found for e in problems]
    key = None if errors else rulecache.cache_key(
        [f for _, files, _ in found for f in files],
        (include_default, [str(p) for p in dirs], sorted(disabled), sorted((overrides or {}).items())))
    cached = rulecache.load(key) if key else None
    files = [f for _, pack_files, _ in found for f in pack_files]
    if cached is not None:
        said(f"biasdash: rule set from the cache ({len(files)} rule file(s) unchanged: "
             f"{', '.join(map(str, files))})")
        return cached
    by_id: dict[str, Rule] = {}
    for _, files, _ in found:
        seen_in_pack: dict[str, Rule] = {}
        for path in files:
            said(f"biasdash: reading rule file {path}")
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
        # A key the rule does not have (a condition on a reuse check) is the config's error to report.
        changes = {k: v for k, v in overrides.get(rule.id, {}).items() if k in rule.fields}
        if rule.id in disabled:
            changes["enabled"] = False
        out.append(rule.replace(**changes) if changes else rule)
    return out
