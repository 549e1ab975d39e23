"""Provides the dashboard's messages: the panels' drill-down to a span of the article, and what
the background threads report to the UI thread (Textual messages wrapping the session's records).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from .analyst import Result
    from .inbox import Arrival
    from .reuse_links import Link
    from .rulewatch import Read
    from .session import Batch, ExportDone


class JumpTo(Message):
    """Show the sentence holding text[start:end] and explain which rule found it."""

    def __init__(self, start: int, end: int, rule_id: str | None, what: str) -> None:
        super().__init__()
        self.start = start
        self.end = end
        self.rule_id = rule_id
        self.what = what


class Scored(Message):
    """A scoring thread's progress (see session.Batch)."""

    def __init__(self, batch: Batch) -> None:
        super().__init__()
        self.batch = batch


class Exported(Message):
    """A background export has been written (or could not be)."""

    def __init__(self, done: ExportDone) -> None:
        super().__init__()
        self.done = done


class RulesRead(Message):
    """A read of the rule files in a worker thread has finished (read is None: nothing changed)."""

    def __init__(self, read: Read | None) -> None:
        super().__init__()
        self.read = read


class Analysed(Message):
    """The analysis of an article asked for by the panels is ready (or failed)."""

    def __init__(self, result: Result) -> None:
        super().__init__()
        self.result = result


class Paired(Message):
    """A search for the pairs where one article reuses another has ended (links None: it failed)."""

    def __init__(self, ticket: int, links: dict[str, list[Link]] | None, failure: str | None = None) -> None:
        super().__init__()
        self.ticket = ticket
        self.links = links
        self.failure = failure


class Arrived(Message):
    """A look at the article files has ended (arrival None: nothing changed)."""

    def __init__(self, arrival: Arrival | None) -> None:
        super().__init__()
        self.arrival = arrival
