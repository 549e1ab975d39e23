"""Provides baselines: the findings of a run written to a file (`check --write-baseline`), and
read back (`check --baseline`) so that a run fails only on findings that are not in it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.findings import line_column
from .atomic import open_report
from .cifindings import ArticleFindings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

VERSION = 1
ABOUT = ("Findings of `biasdash check` accepted for now: `biasdash check --baseline THIS_FILE` "
         "reports and fails only on the others. Rewrite with --write-baseline.")


class BaselineError(Exception):
    """A baseline file that cannot be read: `path:line:column: error: message`."""

    def __init__(self, path: Path, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: error: {message}")


@dataclass
class Baseline:
    """The fingerprints of a baseline file, and which of them this run has found again."""

    fingerprints: frozenset[str]
    matched: set[str] = field(default_factory=set)

    def known(self, fingerprint: str) -> bool:
        if fingerprint in self.fingerprints:
            self.matched.add(fingerprint)
            return True
        return False

    @property
    def gone(self) -> int:
        """How many of its findings this run did not find (fixed, or in articles not checked)."""
        return len(self.fingerprints - self.matched)


def read_baseline(path: Path) -> Baseline:
    """The baseline at `path`. Raises BaselineError naming the file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(path, 1, 1, "no such baseline file (write one with --write-baseline)") from None
    except IsADirectoryError:
        raise BaselineError(path, 1, 1, "the baseline is a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise BaselineError(path, 1, 1, f"the baseline is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise BaselineError(path, 1, 1, f"cannot read the baseline: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(path, exc.lineno, exc.colno, f"not JSON: {exc.msg}") from None
    except RecursionError:
        raise BaselineError(path, 1, 1, "not a baseline: nested too deeply") from None
    if not isinstance(data, dict):
        raise BaselineError(path, 1, 1, "not a baseline: expected an object with \"version\" and \"findings\"")
    if data.get("version") != VERSION:
        raise BaselineError(path, *_at(text, '"version"'),
                            f"baseline version {data.get('version')!r} is not one this biasdash reads "
                            f"({VERSION}); write it again with --write-baseline")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(path, *_at(text, '"findings"'), "\"findings\" must be a list")
    prints = []
    for k, entry in enumerate(entries):
        fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint:
            raise BaselineError(path, *_entry_at(text, k),
                                f"finding {k + 1}: expected an object with a \"fingerprint\" string")
        prints.append(fingerprint)
    return Baseline(frozenset(prints))


def _at(text: str, key: str) -> tuple[int, int]:
    """The line and column of the first `key` in the text (1:1 when it is not there)."""
    found = text.find(key)
    return line_column(text, found) if found >= 0 else (1, 1)


def _entry_at(text: str, index: int) -> tuple[int, int]:
    """The line and column where entry `index` of the "findings" list starts."""
    match = re.search(r'"findings"\s*:\s*\[', text)
    if match is None:
        return 1, 1
    decoder = json.JSONDecoder()
    pos = match.end()
    for k in range(index + 1):
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if k == index:
            return line_column(text, pos)
        try:
            _, pos = decoder.raw_decode(text, pos)
        except ValueError:
            break
    return line_column(text, match.start())


def baseline_entries(found: ArticleFindings) -> list[dict[str, Any]]:
    """What a baseline records of each finding: the fingerprint it is matched by, and the
    article, check and message for the people who read it."""
    return [{"article": found.identity, "check": f.finding.check, "fingerprint": p, "message": f.finding.message}
            for f, p in zip(found.findings, found.fingerprints)]


def write_baseline(path: Path, entries: list[dict[str, Any]]) -> None:
    """Writes the baseline, sorted (article, check, fingerprint) so that a rewrite after a
    small change is a small diff, and atomically. Raises OutputError."""
    ordered = sorted(entries, key=lambda e: (e["article"], e["check"], e["fingerprint"]))
    document = {"version": VERSION, "about": ABOUT, "findings": ordered}
    with open_report(path) as report:
        report.handle.write(json.dumps(document, ensure_ascii=True, indent=2, sort_keys=False) + "\n")
