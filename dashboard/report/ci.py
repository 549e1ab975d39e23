"""Provides what `check` writes when it reads or writes a baseline or writes a CI format: each
article's findings fingerprinted, those of the baseline left out, then written in the format."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.metrics import METRICS
from .cifindings import ArticleFindings, InputError, identified, keep
from .records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, TextIO

    from ..engine.ruleset import RuleSet
    from .baseline import Baseline

CI_FORMATS = ("sarif", "junit", "github")


@dataclass
class CiRun:
    """One `check` run's findings on their way out: `baseline` (read) leaves its findings out,
    `entries` collects every finding for --write-baseline."""

    fmt: str
    ruleset: RuleSet
    fail_on: str
    corpus: bool  # the reuse checks run
    baseline: Baseline | None = None
    entries: list[dict[str, Any]] | None = None
    in_baseline: int = 0
    input_errors: list[InputError] = field(default_factory=list)  # added as the run finds them
    article_level: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        # Checks of the whole article: their evidence moves with edits, so it is not fingerprinted.
        self.article_level = frozenset(r.id for r in self.ruleset.of_kind("checks")
                                       if METRICS[r.metric].occurrences is None)

    def filtered(self, records: Iterator[Record]) -> Iterator[Record]:
        """The records, fingerprinted, without the findings of the baseline (counted)."""
        from .baseline import baseline_entries

        for record in records:
            found = identified(record.body, self.article_level)
            if self.entries is not None:
                self.entries.extend(baseline_entries(found))
            if self.baseline is not None:
                wanted = [not self.baseline.known(p) for p in found.fingerprints]
                self.in_baseline += wanted.count(False)
                found = keep(found, wanted)
            yield Record(len(found.findings), found.worst(), found)

    def write(self, records: Iterator[Record], out: TextIO) -> None:
        """The records in the format, each input error in its place among them (those after the
        last record at the end)."""
        writer = self._writer(out)
        told = 0
        for record in records:
            told = self._tell_errors(writer, told)
            writer.write(record.body)
        self._tell_errors(writer, told)
        writer.close()

    def _tell_errors(self, writer: Any, told: int) -> int:
        for error in self.input_errors[told:]:
            writer.error(error)
        return len(self.input_errors)

    def _writer(self, out: TextIO) -> Any:
        if self.fmt == "sarif":
            from .sarif import SarifWriter

            return SarifWriter(out, self._rules())
        if self.fmt == "junit":
            from .junit import JunitWriter

            return JunitWriter(out, [r.id for r in self._rules()], self.fail_on)
        if self.fmt == "github":
            from .github import GithubWriter

            return GithubWriter(out)
        return _CheckWriter(out, self.fmt)

    def _rules(self) -> list[Any]:
        """The checks of the run: the article checks, and the reuse checks on a corpus."""
        return self.ruleset.of_kind("checks") + (self.ruleset.of_kind("reuse") if self.corpus else [])


class _CheckWriter:
    """The text, json and jsonl formats of `check`, byte for byte as without a baseline."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out, self.fmt, self.count = out, fmt, 0

    def write(self, found: ArticleFindings) -> None:
        if self.fmt == "text":
            if found.findings:
                print("\n".join(found.text_lines()), file=self.out)
        elif self.fmt == "jsonl":
            print(found.json_body(None), file=self.out)
            self.out.flush()
        else:
            body = found.json_body(2)
            self.out.write(("[\n" if not self.count else ",\n") + "\n".join("  " + line for line in body.split("\n")))
        self.count += 1

    def error(self, error: InputError) -> None:
        pass  # told on stderr, as without a baseline

    def close(self) -> None:
        if self.fmt == "json":
            print("[]" if not self.count else "\n]", file=self.out)
