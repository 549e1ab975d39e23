"""Provides the TOML configuration: a --config file or [tool.biasdash] in the nearest pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..engine.kinds import SEVERITIES, did_you_mean
from ..engine.kinds.base import finite_number
from ..engine.kinds.checks import condition_problem
from ..engine.ruleset import RuleSet
from .articles import MAX_LIMIT_BYTES
from .yamlsafe import FileError, FileTooLarge, Located, load_toml, read_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any

KEYS = ("fail_on", "format", "rules", "default_rules", "disable", "max_bytes", "checks")
CHECK_KEYS = ("threshold", "severity", "enabled", "message", "condition")
# The kinds of rule a [checks.ID] table may override.
CHECK_KINDS = ("checks", "reuse")


@dataclass
class Config:
    """Settings from a config file; command-line options override them."""

    path: str | None = None
    fail_on: str | None = None
    format: str | None = None
    rules: list[Path] = field(default_factory=list)
    default_rules: bool = True
    disable: frozenset[str] = frozenset()
    max_bytes: int | None = None
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    located: Located | None = None
    prefix: tuple[str, ...] = ()  # ("tool", "biasdash") when read from pyproject.toml

    def rule_overrides(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for check_id, values in self.checks.items():
            change: dict[str, Any] = {}
            if "threshold" in values:
                change["threshold"] = float(values["threshold"])
            for key in ("severity", "enabled", "message", "condition"):
                if key in values:
                    change[key] = values[key]
            out[check_id] = change
        return out

    def check_ids_exist(self, ruleset: RuleSet) -> list[FileError]:
        """Problems for [checks.X] or disable entries naming rules that do not exist."""
        known = [r.id for r in ruleset.rules]
        errors = []
        for check_id, values in self.checks.items():
            rule = ruleset.by_id.get(check_id)
            if rule is None or rule.kind not in CHECK_KINDS:
                errors.append(self._error(("checks", check_id, "__key__"),
                                          f"no check with id {check_id!r}{did_you_mean(check_id, known)}"))
            elif rule.kind == "reuse":  # a check over a pair: no metrics to condition on, shares as thresholds
                if "condition" in values:
                    errors.append(self._error(("checks", check_id, "condition"),
                                              f"checks.{check_id}.condition: a reuse check has no condition "
                                              "(it applies to every reused pair)"))
                threshold = values.get("threshold")
                if isinstance(threshold, (int, float)) and not 0 <= threshold <= 1:
                    errors.append(self._error(("checks", check_id, "threshold"),
                                              f"checks.{check_id}.threshold: expected a share from 0 to 1 "
                                              f"for a reuse check, got {threshold:g}"))
        for rule_id in sorted(self.disable):
            if rule_id not in ruleset.by_id:
                errors.append(self._error(("disable",), f"no rule with id {rule_id!r}{did_you_mean(rule_id, known)}"))
        return errors

    def where(self, key: tuple[Any, ...]) -> tuple[int, int]:
        """The line and column of a key of the config's table (1, 1 for no config file)."""
        return self.located.where(self.prefix + key) if self.located else (1, 1)

    def _error(self, key: tuple[Any, ...], message: str) -> FileError:
        line, col = self.where(key)
        return FileError(self.path or "<config>", line, col, message)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.biasdash] table."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = read_file(candidate, "config file").decode("utf-8", errors="replace")
            except FileTooLarge:
                return candidate  # too large to look into: load_config says so
            except FileError:
                return None  # unreadable, or not a regular file: not a config
            return candidate if "[tool.biasdash" in text else None
    return None


def load_config(path: Path | None, cwd: Path | None = None) -> Config:
    """Read and validate a config; with no path, [tool.biasdash] of the nearest pyproject.toml.

    Raises FileError (the first problem) for a bad file.
    """
    table_key: tuple[str, ...] = ()
    if path is None:
        path = find_pyproject((cwd or Path.cwd()).resolve())
        if path is None:
            return Config()
        table_key = ("tool", "biasdash")
    if not path.exists() or path.is_dir():
        raise FileError(str(path), 1, 1, "config file not found")
    located = load_toml(path)  # a pipe or device is refused there, unread
    data: Any = located.data
    for part in table_key:
        data = data.get(part, {}) if isinstance(data, dict) else {}
    errors = _validate(data, located, table_key)
    if errors:
        raise errors[0]
    base = path.parent
    return Config(
        path=str(path), fail_on=data.get("fail_on"), format=data.get("format"),
        rules=_rule_packs(data.get("rules", []), base, located, table_key),
        default_rules=data.get("default_rules", True),
        disable=frozenset(data.get("disable", [])), max_bytes=data.get("max_bytes"),
        checks=data.get("checks", {}), located=located, prefix=table_key,
    )


def _rule_packs(entries: list[str], base: Path, located: Located, prefix: tuple[str, ...]) -> list[Path]:
    """The rule packs a config names, each of which must lie inside the folder that holds the
    config once links and `..` are resolved. A config comes with the repository being checked,
    which must not make biasdash read (and quote in its errors) /etc/shadow, or walk "/"; a pack
    elsewhere is the user's to name, with --rules."""
    project = base.resolve()
    packs = []
    for entry in entries:
        pack = base / entry
        try:
            inside = pack.resolve().is_relative_to(project)
        except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
            inside = False
        if not inside:
            line, col = located.where(prefix + ("rules",))
            raise FileError(located.path, line, col,
                            f"rules: {entry!r} is outside the project folder ({project}): a config "
                            "can only name rule packs inside the folder that holds it (give others "
                            "with --rules)")
        packs.append(pack)
    return packs


def _validate(data: Any, located: Located, prefix: tuple[str, ...]) -> list[FileError]:
    errors: list[FileError] = []

    def err(key: tuple[Any, ...], message: str) -> None:
        line, col = located.where(prefix + key)
        errors.append(FileError(located.path, line, col, message))

    if not isinstance(data, dict):
        err((), "expected a table of settings")
        return errors
    for key, value in data.items():
        if key not in KEYS:
            err((key, "__key__"), f"unknown key {key!r}{did_you_mean(key, KEYS)}")
            continue
        problem = _check_value(key, value)
        if problem:
            err((key,), f"{key}: {problem}")
    for check_id, values in (data.get("checks") or {}).items() if isinstance(data.get("checks"), dict) else ():
        if not isinstance(values, dict):
            err(("checks", check_id), f"checks.{check_id}: expected a table")
            continue
        for key, value in values.items():
            where = ("checks", check_id, key)
            if key not in CHECK_KEYS:
                err(where + ("__key__",), f"unknown key {key!r} in [checks.{check_id}]{did_you_mean(key, CHECK_KEYS)}")
            elif key == "threshold" and finite_number(value):
                err(where, f"checks.{check_id}.threshold: {finite_number(value)}")
            elif key == "severity" and value not in SEVERITIES:
                err(where, f"checks.{check_id}.severity: expected one of {', '.join(SEVERITIES)}"
                           f"{did_you_mean(str(value), SEVERITIES)}")
            elif key == "enabled" and not isinstance(value, bool):
                err(where, f"checks.{check_id}.enabled: expected true or false")
            elif key == "message" and not isinstance(value, str):
                err(where, f"checks.{check_id}.message: expected text")
            elif key == "condition" and condition_problem(value):
                err(where, f"checks.{check_id}.condition: {condition_problem(value)}")
    return errors


def _check_value(key: str, value: Any) -> str | None:
    if key == "fail_on":
        if value in SEVERITIES:
            return None
        return f"expected one of {', '.join(SEVERITIES)}{did_you_mean(str(value), SEVERITIES)}"
    if key == "format":
        return None if isinstance(value, str) else "expected text"
    if key in ("rules", "disable"):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if ok and key == "rules" and any("\x00" in v for v in value):
            return "expected a list of paths (a path cannot hold a NUL character)"
        return None if ok else "expected a list of text"
    if key == "default_rules":
        return None if isinstance(value, bool) else "expected true or false"
    if key == "max_bytes":
        if not isinstance(value, int) or isinstance(value, bool):
            return f"expected a whole number of bytes > 0, not {value!r}"
        if value <= 0:
            return "expected a whole number of bytes > 0"
        if value > MAX_LIMIT_BYTES:
            return f"{value} is over the largest limit, {MAX_LIMIT_BYTES} bytes (1 GiB)"
        return None
    if key == "checks":
        return None if isinstance(value, dict) else "expected a table of [checks.ID] tables"
    return None
