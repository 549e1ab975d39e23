"""Provides the dashboard's rule files: where they come from, how they are watched for edits, and
their reading off the UI thread.

A read (RuleSource.read) runs in a worker thread: it waits until the files stop changing (an
editor's save, a `git checkout`, a script saving fifty times a second count as one edit), checks
that every file of the rules in force is still a readable regular file (one deleted, replaced by
a folder or a pipe, or made unreadable is an error that keeps the last good rules, not a silent
loss of its rules), then loads and validates the rules. Nothing here imports Textual.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from ..engine.ruleset import RuleSet
from ..runtime.rulepacks import RuleErrors, default_rules_dir, discover_rule_files, load_rules
from ..runtime.yamlsafe import FileError

# A change is read once the files have looked the same for this long...
SETTLE_SECONDS = 0.25
# ...or, when they never stop changing, this long after the first change was seen.
MAX_SETTLE_SECONDS = 2.0

# What a stat of one path gives: its type, inode, modification time and size, or why it failed.
Stamp = tuple[int, int, int, int] | str
Stamps = dict[str, Stamp]

# (The dashboard adds that the last good rules stay in force.)
REMOVED = "rule file was removed (r loads the rules without it)"
NOT_A_FILE = "not a regular file (a folder, pipe, device or socket): not read"


class Read(NamedTuple):
    """What one read of the rule files gave: new rules, or the problems that kept the old ones."""

    stamps: Stamps  # the files as they were when read (a later change is read again)
    ruleset: RuleSet | None
    files: list[str]  # the rule files the new rules come from
    errors: list[FileError]


class RuleSource:
    """Where the rules come from, and how to load them again after an edit."""

    def __init__(self, packs: list[Path], include_default: bool, disabled: frozenset[str],
                 overrides: dict[str, dict[str, object]]) -> None:
        self.packs = packs
        self.include_default = include_default
        self.disabled = disabled
        self.overrides = overrides

    def load(self) -> RuleSet:
        return load_rules(self.packs, include_default=self.include_default, disabled=self.disabled,
                          overrides=self.overrides)

    def roots(self) -> list[Path]:
        return ([default_rules_dir()] if self.include_default else []) + list(self.packs)

    def files(self) -> list[Path]:
        out: list[Path] = []
        for root in self.roots():
            try:
                if root.exists():
                    out.extend(discover_rule_files(root))
            except OSError:  # a pack that vanished while it was walked: load() says what is wrong
                continue
        return out

    def stamp(self) -> Stamps:
        """Every pack and rule file as stat sees it (an edit, a rename, a deletion changes it)."""
        paths = [str(p) for p in self.roots()] + [str(p) for p in self.files()]
        return {path: _stamp(path) for path in paths}

    def read(self, known: Stamps | None, in_force: list[str], *, force: bool = False,
             cancelled: Callable[[], bool] = lambda: False) -> Read | None:
        """(worker thread) Load the rules again if the files changed since `known` (or `force`).

        Returns None when nothing changed or the read was cancelled. Files of the rules in force
        (`in_force`) that are gone or unreadable are errors, unless `force` (the user pressed r:
        a file deleted on purpose is then left out).
        """
        stamps = self.stamp()
        if not force and stamps == known:
            return None
        deadline = time.monotonic() + MAX_SETTLE_SECONDS
        while time.monotonic() < deadline:
            time.sleep(SETTLE_SECONDS)
            if cancelled():
                return None
            again = self.stamp()
            if again == stamps:
                break
            stamps = again
        errors = [] if force else missing(in_force)
        if errors:
            return Read(stamps, None, [], errors)
        files = [str(p) for p in self.files()]
        try:
            ruleset = self.load()
        except RuleErrors as exc:
            return Read(stamps, None, [], list(exc.errors))
        except Exception as exc:  # the engine says what is wrong with a file; if it fails instead,
            # the dashboard still keeps the last good rules
            return Read(stamps, None, [], [FileError(str(self.roots()[-1]) if self.roots() else "rules",
                                                     1, 1, f"cannot load the rules: {exc}")])
        return Read(stamps, ruleset, files, [])


def _stamp(path: str) -> Stamp:
    try:
        info = os.stat(path)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return (stat.S_IFMT(info.st_mode), info.st_ino, info.st_mtime_ns, info.st_size)


def missing(paths: list[str]) -> list[FileError]:
    """A located error for each of these rule files that can no longer be read as one."""
    errors = []
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            errors.append(FileError(path, 1, 1, REMOVED))
            continue
        except OSError as exc:
            errors.append(FileError(path, 1, 1, f"cannot read: {exc.strerror or exc}"))
            continue
        if not stat.S_ISREG(info.st_mode):
            errors.append(FileError(path, 1, 1, NOT_A_FILE))
            continue
        try:  # non-blocking: if it has just become a pipe, opening it must not wait for a writer
            os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
        except OSError as exc:
            errors.append(FileError(path, 1, 1, f"cannot read: {exc.strerror or exc}"))
    return errors
