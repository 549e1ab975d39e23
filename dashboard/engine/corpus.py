"""Provides corpus scoring: many articles in, analyses out in input order, on N processes, with a
crash or a hang in one article reported for that article while the rest of the run completes."""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import time
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .article import Article, LoadError
from .rules import RuleSet
from .scoring import Analysis, analyse

# An article still being scored after this long is abandoned (its worker is replaced).
DEFAULT_TIMEOUT = 60.0
# Articles handed out ahead of the one being written: bounds memory on endless input.
AHEAD_PER_JOB = 8


@dataclass(frozen=True)
class Scored:
    """One input's outcome: an analysis, or why there is none."""

    item: Article | LoadError
    analysis: Analysis | None = None
    error: str | None = None


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def score_all(items: Iterable[Article | LoadError], ruleset: RuleSet, *, jobs: int = 1,
              timeout: float = DEFAULT_TIMEOUT) -> Iterator[Scored]:
    """Scored inputs in input order. With jobs > 1, articles are scored in worker processes."""
    if jobs <= 1:
        for item in items:
            yield _score_here(item, ruleset)
        return
    yield from _Pool(ruleset, jobs, timeout).run(items)


def _score_here(item: Article | LoadError, ruleset: RuleSet) -> Scored:
    if isinstance(item, LoadError):
        return Scored(item)
    try:
        return Scored(item, analyse(item, ruleset))
    except Exception as exc:  # an engine bug must not cost the rest of the run
        return Scored(item, error=f"internal error while scoring: {type(exc).__name__}: {exc}")


def _worker(ruleset: RuleSet, tasks: Any, results: Any) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers itself, without their tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ruleset.compiled  # compiled once per worker, before the first article
    while True:
        task = tasks.get()
        if task is None:
            return
        seq, article = task
        try:
            results.put((seq, analyse(article, ruleset), None))
        except Exception as exc:
            results.put((seq, None, f"internal error while scoring: {type(exc).__name__}: {exc}"))


class _Pool:
    """Worker processes with one task at a time each, so a dead or stuck one costs one article."""

    def __init__(self, ruleset: RuleSet, jobs: int, timeout: float) -> None:
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.ruleset = ruleset
        self.jobs = jobs
        self.timeout = timeout
        self.results = self.ctx.Queue()
        self.workers: list[dict[str, Any]] = []

    def _start(self) -> dict[str, Any]:
        tasks = self.ctx.Queue()
        process = self.ctx.Process(target=_worker, args=(self.ruleset, tasks, self.results), daemon=True)
        process.start()
        return {"process": process, "tasks": tasks, "seq": None, "since": 0.0}

    def run(self, items: Iterable[Article | LoadError]) -> Iterator[Scored]:
        self.workers = [self._start() for _ in range(self.jobs)]
        source = iter(items)
        pending: dict[int, Article] = {}
        done: dict[int, Scored] = {}
        next_seq = 0  # next sequence number to hand out
        emit = 0  # next sequence number to yield
        exhausted = False
        try:
            while True:
                # Hand out work to idle workers, keeping a bounded window ahead of `emit`.
                for w in self.workers:
                    while w["seq"] is None and not exhausted and next_seq - emit < AHEAD_PER_JOB * self.jobs:
                        try:
                            item = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        seq, next_seq = next_seq, next_seq + 1
                        if isinstance(item, LoadError):
                            done[seq] = Scored(item)
                            continue
                        pending[seq] = item
                        w["tasks"].put((seq, item))
                        w["seq"], w["since"] = seq, time.monotonic()
                while emit in done:
                    yield done.pop(emit)
                    emit += 1
                if exhausted and emit == next_seq:
                    return
                self._collect(pending, done)
        finally:
            for w in self.workers:
                if w["process"].is_alive():
                    w["tasks"].put(None)
            for w in self.workers:
                w["process"].join(timeout=1)
                if w["process"].is_alive():
                    w["process"].kill()

    def _collect(self, pending: dict[int, Article], done: dict[int, Scored]) -> None:
        """Wait briefly for results; replace workers that died or overran the timeout."""
        try:
            seq, analysis, error = self.results.get(timeout=0.05)
        except queue.Empty:
            pass
        else:
            article = pending.pop(seq, None)
            if article is not None:
                done[seq] = Scored(article, analysis, error)
            for w in self.workers:
                if w["seq"] == seq:
                    w["seq"] = None
        now = time.monotonic()
        for index, w in enumerate(self.workers):
            seq = w["seq"]
            if seq is None:
                continue
            dead = not w["process"].is_alive()
            late = now - w["since"] > self.timeout
            if not (dead or late):
                continue
            if late and not dead:
                w["process"].kill()
            w["process"].join(timeout=1)
            article = pending.pop(seq, None)
            if article is not None:
                why = (f"scoring took longer than {self.timeout:g} s and was stopped" if late
                       else f"the worker scoring it crashed (exit code {w['process'].exitcode})")
                done[seq] = Scored(article, error=why)
            self.workers[index] = self._start()
