"""Provides corpus scoring: many articles in, analyses out in input order, on N processes, with a
crash or a hang in one article reported for that article while the rest of the run completes."""

from __future__ import annotations

import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from .article import Article, LoadError
from .rules import RuleSet
from .scoring import Analysis, analyse
from .sentiment import polarity_scores

# An article still being scored after this long is abandoned (its worker is replaced).
DEFAULT_TIMEOUT = 60.0
# Articles handed out ahead of the one being written: bounds memory on endless input.
AHEAD_PER_JOB = 8
# Articles queued at each worker: the next is there the moment it finishes one.
QUEUED_PER_JOB = 2


@dataclass(frozen=True)
class Scored:
    """One input's outcome: an analysis (or what `render` made of it), or why there is none."""

    item: Article | LoadError
    analysis: Analysis | None = None
    error: str | None = None
    rendered: Any = None


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def score_all(items: Iterable[Article | LoadError], ruleset: RuleSet, *, jobs: int = 1,
              timeout: float = DEFAULT_TIMEOUT, render: Callable[[Analysis], Any] | None = None
              ) -> Iterator[Scored]:
    """Scored inputs in input order. With jobs > 1, articles are scored in worker processes.

    With `render` (a module-level function, so that it pickles), each analysis is turned into
    what the caller writes where it was made, and only that comes back: `Scored.rendered`, with
    `analysis` left None. Sending rendered records instead of whole analyses is most of what
    lets two workers run twice as fast as one.
    """
    if jobs <= 1:
        for item in items:
            yield _score_here(item, ruleset, render)
        return
    # Work done here before the workers fork is shared by all of them, not repeated in each.
    ruleset.compiled
    polarity_scores()
    yield from _Pool(ruleset, jobs, timeout, render).run(items)


def score_one(article: Article, ruleset: RuleSet, render: Callable[[Analysis], Any] | None
              ) -> tuple[Analysis | None, str | None, Any]:
    """(analysis, error, rendered) for one article; never raises."""
    try:
        analysis = analyse(article, ruleset)
        if render is None:
            return analysis, None, None
        return None, None, render(analysis)
    except Exception as exc:  # an engine bug must not cost the rest of the run
        return None, f"internal error while scoring: {type(exc).__name__}: {exc}", None


def _score_here(item: Article | LoadError, ruleset: RuleSet,
                render: Callable[[Analysis], Any] | None) -> Scored:
    if isinstance(item, LoadError):
        return Scored(item)
    return Scored(item, *score_one(item, ruleset, render))


def _worker(ruleset: RuleSet, render: Callable[[Analysis], Any] | None, tasks: Any, results: Any) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers itself, without their tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ruleset.compiled  # compiled once per worker (already, when forked from a parent that did)
    while True:
        task = tasks.get()
        if task is None:
            return
        seq, article = task
        # A pipe send is complete when it returns: a worker that dies later loses nothing sent.
        results.send((seq, *score_one(article, ruleset, render)))


class _Pool:
    """Worker processes with a short queue each, so that none waits for work, and a dead or stuck
    one costs only the article it was scoring (the rest of its queue goes to its replacement)."""

    def __init__(self, ruleset: RuleSet, jobs: int, timeout: float,
                 render: Callable[[Analysis], Any] | None) -> None:
        import multiprocessing as mp  # here: one-article runs never start a worker

        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.ruleset = ruleset
        self.render = render
        self.jobs = jobs
        self.timeout = timeout
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        tasks = self.ctx.Queue()
        # A worker that is killed (crash, timeout, stop) can leave its queue's feeder thread blocked
        # on an article too big for the pipe; by default, exiting would wait for it for ever.
        tasks.cancel_join_thread()
        reader, writer = self.ctx.Pipe(duplex=False)
        process = self.ctx.Process(target=_worker, args=(self.ruleset, self.render, tasks, writer),
                                   daemon=True)
        process.start()
        writer.close()  # the worker holds the only writing end: its death reads as end of file
        return _Worker(process, tasks, reader)

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
                # Hand out work, keeping a bounded window ahead of `emit`.
                for w in self.workers:
                    while len(w.seqs) < QUEUED_PER_JOB and not exhausted \
                            and next_seq - emit < AHEAD_PER_JOB * self.jobs:
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
                        w.give(seq, item)
                while emit in done:
                    yield done.pop(emit)
                    emit += 1
                if exhausted and emit == next_seq:
                    return
                self._collect(pending, done)
        finally:
            for w in self.workers:
                if w.process.is_alive():
                    w.tasks.put(None)
            for w in self.workers:
                w.process.join(timeout=1)
                if w.process.is_alive():
                    w.process.kill()
                w.results.close()

    def _collect(self, pending: dict[int, Article], done: dict[int, Scored]) -> None:
        """Wait briefly for results; replace workers that died or overran the timeout."""
        from multiprocessing.connection import wait

        busy = [w for w in self.workers if w.seqs]
        ready = wait([w.results for w in busy] + [w.process.sentinel for w in busy], timeout=0.05)
        for w in busy:
            if w.results in ready:
                w.receive(pending, done)
        now = time.monotonic()
        for index, w in enumerate(self.workers):
            if not w.seqs:
                continue
            dead = not w.process.is_alive()
            late = now - w.since > self.timeout
            if not (dead or late):
                continue
            if late and not dead:
                w.process.kill()
            w.process.join(timeout=1)
            w.receive(pending, done)  # whatever it finished before it died
            if not w.seqs:
                continue
            seq = w.seqs.popleft()
            article = pending.pop(seq, None)
            if article is not None:
                why = (f"scoring took longer than {self.timeout:g} s and was stopped" if late
                       else f"the worker scoring it crashed (exit code {w.process.exitcode})")
                done[seq] = Scored(article, error=why)
            w.results.close()
            replacement = self._start()
            for seq in w.seqs:
                replacement.give(seq, pending[seq])
            self.workers[index] = replacement


class _Worker:
    """One worker process, its task queue, its result pipe and the tasks it holds, oldest first."""

    def __init__(self, process: Any, tasks: Any, results: Any) -> None:
        self.process = process
        self.tasks = tasks
        self.results = results
        self.seqs: deque[int] = deque()
        self.since = 0.0  # when the oldest task it holds became the one it is working on

    def give(self, seq: int, article: Article) -> None:
        if not self.seqs:
            self.since = time.monotonic()
        self.seqs.append(seq)
        self.tasks.put((seq, article))

    def receive(self, pending: dict[int, Article], done: dict[int, Scored]) -> None:
        """Every result waiting in the pipe (a worker answers its tasks in the order given)."""
        try:
            while self.seqs and self.results.poll():
                seq, analysis, error, rendered = self.results.recv()
                if seq in self.seqs:
                    self.seqs.remove(seq)
                self.since = time.monotonic()
                article = pending.pop(seq, None)
                if article is not None:
                    done[seq] = Scored(article, analysis, error, rendered)
        except (EOFError, OSError):
            pass  # the worker died mid-send: what it held is reported by the caller
