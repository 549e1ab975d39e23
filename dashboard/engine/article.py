"""Provides the Article record: one article's text as decoded, and what is known about it."""

from __future__ import annotations

from dataclasses import dataclass


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
