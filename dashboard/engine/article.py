"""Provides the Article record: one article's text as decoded, and what is known about it."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class SourcePositions:
    """Where a text extracted from a markup file (a web page's main text) lies in that file: runs
    of the text, each starting at a text offset (`starts`, ascending) whose characters follow one
    another in the file from a file offset (`sources`; -1 for a run not found in the file), the
    file offset just past each run's last character (`ends`: past `&rsquo;` for a ’), and the
    file offset at which each of the file's lines starts (`lines`)."""

    starts: array[int]
    sources: array[int]
    ends: array[int]
    lines: array[int]

    def __hash__(self) -> int:  # arrays are not hashable; an Article is
        return hash((self.starts.tobytes(), self.sources.tobytes(), self.ends.tobytes(), len(self.lines)))

    def at(self, offset: int) -> tuple[int, int] | None:
        """The 1-based line and column in the file of the text's character at `offset`, or None
        where it was not found there."""
        run = bisect_right(self.starts, offset) - 1
        if run < 0 or self.sources[run] < 0:
            return None
        return self._line_column(self.sources[run] + offset - self.starts[run])

    def past(self, offset: int) -> tuple[int, int] | None:
        """The line and column in the file just past the text's character at `offset` (the end
        of a span whose last character it is), or None where it was not found there."""
        run = bisect_right(self.starts, offset) - 1
        if run < 0 or self.sources[run] < 0:
            return None
        last = run + 1 == len(self.starts) or self.starts[run + 1] == offset + 1
        return self._line_column(self.ends[run] if last else self.sources[run] + offset - self.starts[run] + 1)

    def _line_column(self, where: int) -> tuple[int, int]:
        line = bisect_right(self.lines, where)
        return line, where - self.lines[line - 1] + 1


@dataclass(frozen=True)
class Article:
    """One article: its text as decoded, and what is known about it."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None
    line: int = 1  # the JSONL line it came from; 1 for a whole file
    # A web page's: where its (extracted) text lies in the page's markup, which is what a
    # finding's line and column name; None for a text file, whose offsets are its own.
    positions: SourcePositions | None = None
