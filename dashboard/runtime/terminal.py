"""Provides whether a stream is a terminal: what colour, the progress line and the table's fit
to the width all ask first."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import TextIO


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is a terminal; False for a closed or detached stream, or one without a
    descriptor (a StringIO)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
