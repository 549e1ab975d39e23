"""Provides `check --format sarif`: a SARIF 2.1.0 log of the run, one result per finding, each
rule described from its `description`, written as the results come (memory stays flat); each
input never checked is a notification of the run's invocation, then not successful."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from .cifindings import ArticleFindings, InputError, relative_path
from .safe import plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from ..engine.kinds import Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "biasdash/v1"  # the key of partialFingerprints


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A reportingDescriptor: the rule's id, its description as short text (its first sentence),
    full text and help, and its severity as the default level."""
    text = " ".join(rule.description.split())
    short = text.split(". ")[0].rstrip(".") + "."
    severity = getattr(rule, "severity", "warning")
    return {"id": rule.id, "shortDescription": {"text": short}, "fullDescription": {"text": text},
            "help": {"text": text}, "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
            "properties": {"kind": rule.kind}}


def artifact_uri(path: str) -> str:
    """A relative URI for a path inside the current folder, else a file: URI."""
    where = relative_path(path)
    return quote(where) if not where.startswith("/") else Path(where).as_uri()


class SarifWriter:
    """Writes one SARIF log: the run's tool and rules first, then each article's results."""

    def __init__(self, out: TextIO, rules: list[Rule]) -> None:
        self.out = out
        self.descriptors = [rule_descriptor(r) for r in rules]
        self.index = {d["id"]: k for k, d in enumerate(self.descriptors)}
        self.results: list[str] = []
        self.count = 0
        self.notifications: list[dict[str, Any]] = []  # the inputs never checked

    def write(self, found: ArticleFindings) -> None:
        for f, fingerprint in zip(found.findings, found.fingerprints):
            finding = f.finding
            result: dict[str, Any] = {"ruleId": finding.check}
            if finding.check in self.index:  # (a finding of no rule of the run has its id alone)
                result["ruleIndex"] = self.index[finding.check]
            result.update({
                "level": LEVELS.get(finding.severity, "warning"),
                "message": {"text": plain(found.label() + finding.message)},
                "partialFingerprints": {FINGERPRINT: fingerprint},
            })
            if found.path is not None:
                region: dict[str, Any] = {"startLine": finding.line or 1}
                if not found.in_jsonl:
                    region["startColumn"] = finding.column or 1
                    if f.end_line is not None:
                        region["endLine"], region["endColumn"] = f.end_line, f.end_column
                result["locations"] = [{"physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(found.path)}, "region": region}}]
            if found.in_jsonl or found.path is None:
                result["properties"] = {"article": found.id}
            self.results.append(json.dumps(result, ensure_ascii=True))
            self.count += 1
            if len(self.results) >= 256:
                self._flush_results()

    def error(self, error: InputError) -> None:
        """An input that was never checked: a notification of the run's invocation, which is
        then not successful (a CI view shows it rather than a green run)."""
        notification: dict[str, Any] = {"level": "error", "message": {"text": plain(error.message)},
                                        "descriptor": {"id": "input-error"}}
        if error.path is not None:
            notification["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(error.path)},
                "region": {"startLine": error.line or 1, "startColumn": error.column or 1}}}]
        else:
            notification["properties"] = {"article": "<stdin>"}
        self.notifications.append(notification)

    def _flush_results(self) -> None:
        if not self.results:
            return
        if not getattr(self, "_opened", False):
            self._opened = True
            self.out.write(self._head())
            separator = "\n"
        else:
            separator = ",\n"
        self.out.write(separator + ",\n".join("        " + r for r in self.results))
        self.results = []

    def _head(self) -> str:
        return self._document().split('"@RESULTS@"')[0] + "["

    def _document(self) -> str:
        log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "biasdash", "version": __version__, "rules": self.descriptors}},
            "columnKind": "unicodeCodePoints",
            "results": "@RESULTS@",
            "invocations": [{"executionSuccessful": not self.notifications,
                             "toolExecutionNotifications": self.notifications}],
        }]}
        return json.dumps(log, ensure_ascii=True, indent=2)

    def close(self) -> None:
        if not getattr(self, "_opened", False) and not self.results:
            self.out.write(self._document().replace('"@RESULTS@"', "[]") + "\n")
            return
        self._flush_results()
        self.out.write("\n      ]" + self._document().split('"@RESULTS@"')[1] + "\n")
