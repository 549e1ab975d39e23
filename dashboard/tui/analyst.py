"""Provides the dashboard's analysis of the selected article, off the UI thread.

The panels need the selected article's full Analysis, which takes from milliseconds to many
seconds (a 2 MiB article). It is made on a few daemon threads: only the latest request waits
(moving the cursor over ten articles asks for one analysis, not ten), a new selection does not
wait for a stale analysis to finish (another thread takes it), and an analysis still running
when the dashboard quits does not hold up its exit. A stale result is still posted; the app drops
it (see Session.analysed). Nothing here imports Textual: results go to a callback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import NamedTuple

from ..engine.analysis import Analysis
from ..engine.article import Article
from ..engine.ruleset import RuleSet

# Threads at most: one per stale analysis still running, plus the current one. Beyond this, a
# request waits for a thread (a user flicking through slow articles keeps a few cores busy, not all).
MAX_THREADS = 3


class Request(NamedTuple):
    """What to analyse; `ticket` tells the app's latest request from stale ones."""

    ticket: int
    article: Article
    ruleset: RuleSet


class Result(NamedTuple):
    request: Request
    analysis: Analysis | None
    error: str | None  # why the article could not be analysed


class Analyst:
    """Analyses the latest requested article on a small pool of daemon threads."""

    def __init__(self, analyse: Callable[[Article, RuleSet], Analysis], deliver: Callable[[Result], object],
                 max_threads: int = MAX_THREADS) -> None:
        self._analyse = analyse
        self._deliver = deliver
        self._max = max_threads
        self._lock = threading.Condition()
        self._pending: Request | None = None
        self._threads = 0
        self._idle = 0
        self._stopped = False

    def request(self, request: Request) -> None:
        """Analyse this instead of any request not yet started."""
        with self._lock:
            if self._stopped:
                return
            self._pending = request
            if self._idle == 0 and self._threads < self._max:
                self._threads += 1
                threading.Thread(target=self._serve, name="biasdash-analyst", daemon=True).start()
            self._lock.notify()

    def stop(self) -> None:
        """Start nothing more; threads finish what they are doing (their results are dropped)."""
        with self._lock:
            self._stopped = True
            self._pending = None
            self._lock.notify_all()

    def _serve(self) -> None:
        while True:
            with self._lock:
                self._idle += 1
                while self._pending is None and not self._stopped:
                    self._lock.wait()
                self._idle -= 1
                request, self._pending = self._pending, None
                if self._stopped or request is None:
                    self._threads -= 1
                    return
            try:
                result = Result(request, self._analyse(request.article, request.ruleset), None)
            except Exception as exc:  # reported in the panels; the dashboard stays up
                result = Result(request, None, f"{type(exc).__name__}: {exc}")
            try:
                self._deliver(result)
            except Exception:  # the app has closed while this ran
                pass
