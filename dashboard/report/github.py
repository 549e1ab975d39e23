"""Provides `check --format github`: one GitHub Actions workflow command a finding
(`::warning file=PATH,line=L,col=C,title=CHECK::message`), which the runner shows as an annotation,
and an `::error` for each input that was never checked."""

from __future__ import annotations

from .cifindings import ArticleFindings, InputError, relative_path
from .safe import plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A message or property as a workflow command carries it: control characters (the ESC of
    a colour code, CR, LF, a bidi override) shown as visible escapes (\\x1b), so that none reaches
    the log raw, and % escaped (so is CR and LF, should any remain)."""
    return plain(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title): as a message, and `:` and `,` escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def error_line(error: InputError) -> str:
    """`::error file=PATH,line=L,col=C::message` for an input that was never checked."""
    props = [] if error.path is None else [f"file={escape_property(error.where)}"]
    props += [f"line={error.line or 1}", f"col={error.column or 1}", "title=input error"]
    return f"::error {','.join(props)}::{escape_data(error.message)}"


def annotation_lines(found: ArticleFindings) -> list[str]:
    lines = []
    for f in found.findings:
        finding = f.finding
        props = []
        if found.path is not None:
            props.append(f"file={escape_property(relative_path(found.path))}")
        props.append(f"line={finding.line or 1}")
        if not found.in_jsonl and found.path is not None:
            props.append(f"col={finding.column or 1}")
            if f.end_line is not None:
                props += [f"endLine={f.end_line}", f"endColumn={f.end_column}"]
        props.append(f"title={escape_property(finding.check)}")
        message = escape_data(found.label() + finding.message)
        lines.append(f"::{COMMANDS.get(finding.severity, 'warning')} {','.join(props)}::{message}")
    return lines


class GithubWriter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, found: ArticleFindings) -> None:
        for line in annotation_lines(found):
            print(line, file=self.out)

    def error(self, error: InputError) -> None:
        print(error_line(error), file=self.out)

    def close(self) -> None:
        pass
