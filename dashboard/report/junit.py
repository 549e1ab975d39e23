"""Provides `check --format junit`: a JUnit XML report, one test suite for the run and one test
case for each article and check, failed by findings at or above the fail level, and one in
error for each input that was never checked."""

from __future__ import annotations

import tempfile
from xml.sax.saxutils import escape as escape_text
from xml.sax.saxutils import quoteattr

from ..engine.analysis import SEVERITY_RANK
from .cifindings import ArticleFindings, InputError, relative_path
from .safe import plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


def _xml(text: str) -> str:
    """Text XML can carry: control characters (not allowed in XML 1.0) shown as escapes."""
    return plain(text, keep_newlines=True)


class JunitWriter:
    """Writes the test cases to a spooled temporary file as articles come (memory stays flat),
    then the suite with its counts around them."""

    def __init__(self, out: TextIO, checks: list[str], fail_on: str) -> None:
        self.out = out
        self.checks = checks
        self.fail_on = SEVERITY_RANK[fail_on]
        # Closed by close(), once the suite is written around the cases.
        self.cases = tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+", encoding="utf-8")  # noqa: SIM115
        self.tests = self.failures = self.errors = 0

    def write(self, found: ArticleFindings) -> None:
        by_check: dict[str, list[str]] = {}
        first: dict[str, str] = {}
        failing: dict[str, bool] = {}
        where = relative_path(found.path) if found.path is not None else "<stdin>"
        for f in found.findings:
            finding = f.finding
            by_check.setdefault(finding.check, []).append(
                f"{where}:{finding.line}:{finding.column}: {finding.severity} {finding.check}: "
                f"{found.label()}{finding.message}")
            first.setdefault(finding.check, f"{finding.line}:{finding.column}: {found.label()}{finding.message}")
            if SEVERITY_RANK[finding.severity] >= self.fail_on:
                failing[finding.check] = True
        name = f"{where}#{found.id}" if found.in_jsonl or found.path is None else where
        for check in self.checks + [c for c in by_check if c not in self.checks]:
            self.tests += 1
            attrs = f"name={quoteattr(_xml(check))} classname={quoteattr(_xml(name))}"
            if found.path is not None:
                attrs += f" file={quoteattr(_xml(where))}"
            lines = by_check.get(check, [])
            if not lines:
                self.cases.write(f"    <testcase {attrs}/>\n")
                continue
            body = escape_text(_xml("\n".join(lines)))
            self.cases.write(f"    <testcase {attrs}>\n")
            if failing.get(check):
                self.failures += 1
                message = first[check] if len(lines) == 1 else f"{len(lines)} findings, the first at {first[check]}"
                self.cases.write(f"      <failure message={quoteattr(_xml(message))} "
                                 f"type={quoteattr(_xml(check))}>{body}</failure>\n")
            else:  # below the fail level: shown, not failed
                self.cases.write(f"      <system-out>{body}</system-out>\n")
            self.cases.write("    </testcase>\n")

    def error(self, error: InputError) -> None:
        """An input that was never checked: a test case in error, so that the run is not green."""
        self.tests += 1
        self.errors += 1
        told = f"{error.where}:{error.line}:{error.column}: error: {error.message}"
        attrs = f"name=\"input error\" classname={quoteattr(_xml(error.where))}"
        if error.path is not None:
            attrs += f" file={quoteattr(_xml(error.where))}"
        self.cases.write(f"    <testcase {attrs}>\n      <error message={quoteattr(_xml(error.message))} "
                         f"type=\"input-error\">{escape_text(_xml(told))}</error>\n    </testcase>\n")

    def close(self) -> None:
        self.out.write('<?xml version="1.0" encoding="utf-8"?>\n')
        counts = f'tests="{self.tests}" failures="{self.failures}" errors="{self.errors}" skipped="0"'
        self.out.write(f"<testsuites name=\"biasdash\" {counts}>\n")
        self.out.write(f"  <testsuite name=\"biasdash check\" {counts}>\n")
        self.cases.seek(0)
        while chunk := self.cases.read(1 << 16):
            self.out.write(chunk)
        self.cases.close()
        self.out.write("  </testsuite>\n</testsuites>\n")
