"""Provides the progress line of a long `score`, `check` or `compare` run: articles done (of how
many, when that is known), the rate and the time left, redrawn in place on one line of a
terminal with "\\r" and cleared at the end, so that nothing of it stays in what was written.

`wanted` says whether a stream is a place for it: a terminal, not --quiet, not a CI job."""

from __future__ import annotations

import time

from .terminal import is_terminal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import TextIO

# Redrawn at most this often: a fast run over small articles must not spend its time drawing.
REDRAW_SECONDS = 0.1
# Environment variables that CI services set: their logs are no place for a redrawn line.
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD")


def wanted(stream: TextIO, *, quiet: bool, environ: Mapping[str, str]) -> bool:
    """Whether a progress line belongs on `stream`: a terminal, not --quiet, not a CI job."""
    if quiet or any(environ.get(name) for name in CI_VARIABLES) or environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def describe(done: int, total: int | None, elapsed: float, what: str = "article") -> str:
    """The progress line's text: `12/30 articles  4.1/s  ETA 0:04` (without total: `12 articles
    4.1/s`, `1 article ...`); `what` is the thing counted, in the singular."""
    rate = done / elapsed if elapsed > 0 else 0.0
    noun = what if (total if total is not None else done) == 1 else what + "s"
    counted = f"{done}/{total} {noun}" if total is not None else f"{done} {noun}"
    parts = [f"biasdash: {counted}", f"{rate:.1f}/s"]
    if total is not None and rate > 0 and done < total:
        parts.append(f"ETA {_duration((total - done) / rate)}")
    return "  ".join(parts)


class Progress:
    """One run's progress line on `stream` (a terminal). `advance()` after each article;
    `clear()` before anything else is written to the terminal (it is redrawn at the next
    advance); `close()` at the end."""

    def __init__(self, stream: TextIO, total: int | None = None, *, width: int = 80,
                 clock: Callable[[], float] = time.monotonic, what: str = "article") -> None:
        self.stream = stream
        self.total = total
        self.what = what  # the thing counted, in the singular
        # The last column would wrap on some terminals; a terminal that says 0 columns gets 80.
        self.width = max(20, width - 1) if width > 0 else 79
        self.done = 0
        self._clock = clock
        self._start = clock()
        self._drawn_at: float | None = None
        self._shown = 0  # characters of the line on the terminal now

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = self._clock()
        if self._drawn_at is not None and now - self._drawn_at < REDRAW_SECONDS and self._shown:
            return
        self._draw(now)

    def _draw(self, now: float) -> None:
        text = describe(self.done, self.total, now - self._start, self.what)[:self.width]
        self._write("\r" + text + " " * (self._shown - len(text)))  # spaces over a longer line before
        self._shown = len(text)
        self._drawn_at = now

    def clear(self) -> None:
        """The line wiped from the terminal, the cursor at its start."""
        if self._shown:
            self._write("\r" + " " * self._shown + "\r")
            self._shown = 0

    def close(self) -> None:
        self.clear()

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal is gone (SIGHUP): nothing to draw on
            pass
