"""Provides the messages panels send each other: drill-down to a span of the article."""

from __future__ import annotations

from textual.message import Message


class JumpTo(Message):
    """Show the sentence holding text[start:end] and explain which rule found it."""

    def __init__(self, start: int, end: int, rule_id: str | None, what: str) -> None:
        super().__init__()
        self.start = start
        self.end = end
        self.rule_id = rule_id
        self.what = what
