"""Provides corpus scoring: many articles in, analyses out in input order, on N processes, with a
crash or a hang in one article reported for that article while the rest of the run completes."""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import time
from collections import deque
from dataclasses import dataclass, field

from ..engine.analysis import Analysis
from ..engine.article import Article
from ..engine.pipeline import analyse
from ..engine.ruleset import RuleSet
from ..engine.sentiment import polarity_scores
from . import vader
from .articles import LoadError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Generator, Iterable, Iterator
    from typing import Any

# An article still being scored after this long is abandoned (its worker is replaced).
DEFAULT_TIMEOUT = 60.0
# Articles handed out ahead of the one being written: bounds memory on endless input...
AHEAD_PER_JOB = 8
# ...and the memory their texts take, so that a few huge articles cannot multiply it: no more
# is handed out once the articles not yet written hold this much (but always at least one).
AHEAD_BYTES = 32 << 20
# Articles queued at each worker: the next is there the moment it finishes one.
QUEUED_PER_JOB = 2
# selectors.EVENT_READ and EVENT_WRITE (selectors is imported only when workers start).
_READ, _WRITE = 1, 2
NO_MEMORY = "not enough memory to score this article"
# A worker that runs out of memory outside an article's scoring (receiving a huge one) exits with
# this code, and that article is reported as NO_MEMORY.
_NO_MEMORY_EXIT = 75


@dataclass(frozen=True)
class Scored:
    """One input's outcome: an analysis (or what `render` made of it), or why there is none."""

    item: Article | LoadError
    analysis: Analysis | None = None
    error: str | None = None
    rendered: Any = None
    # How long its scoring took (None: not measured, as on Dask); not part of what was scored.
    seconds: float | None = field(default=None, compare=False)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def score_all(items: Iterable[Article | LoadError], ruleset: RuleSet, *, jobs: int = 1,
              timeout: float = DEFAULT_TIMEOUT, render: Callable[[Analysis], Any] | None = None,
              stop: threading.Event | None = None) -> Generator[Scored, None, None]:
    """Scored inputs in input order. With jobs > 1, articles are scored in worker processes.

    With `render` (a module-level function, so that it pickles), each analysis is turned into
    what the caller writes where it was made, and only that comes back: `Scored.rendered`, with
    `analysis` left None. Sending rendered records instead of whole analyses is most of what
    lets two workers run twice as fast as one.

    `stop`: once set, the run ends at the next article, or within 50 ms while waiting for
    workers (whose work under way is dropped): a dashboard quitting mid-run need not wait for a
    large article. Closing the generator ends it as well.
    """
    vader.warm()
    if jobs <= 1:
        for item in items:
            if stop is not None and stop.is_set():
                return
            yield _score_here(item, ruleset, render)
        return
    # Work done here before the workers fork is shared by all of them, not repeated in each.
    ruleset.compiled  # noqa: B018 (a cached property: compiled here, once)
    polarity_scores()
    yield from _Pool(ruleset, jobs, timeout, render).run(items, stop)


def score_one(article: Article, ruleset: RuleSet, render: Callable[[Analysis], Any] | None
              ) -> tuple[Analysis | None, str | None, Any]:
    """(analysis, error, rendered) for one article; never raises."""
    try:
        vader.warm()
        analysis = analyse(article, ruleset)
        if render is None:
            return analysis, None, None
        return None, None, render(analysis)
    except MemoryError:  # what was built for this article is freed here; the next one may fit
        return None, NO_MEMORY, None
    except Exception as exc:  # an engine bug must not cost the rest of the run
        return None, f"internal error while scoring: {type(exc).__name__}: {exc}", None


def _score_here(item: Article | LoadError, ruleset: RuleSet,
                render: Callable[[Analysis], Any] | None) -> Scored:
    if isinstance(item, LoadError):
        return Scored(item)
    start = time.monotonic()
    outcome = score_one(item, ruleset, render)
    return Scored(item, *outcome, seconds=time.monotonic() - start)


def _worker(ruleset: RuleSet, render: Callable[[Analysis], Any] | None, tasks: Any, results: Any,
            inherited: list[int]) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers itself, without their tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Forked workers hold copies of the parent's ends of every pipe: closed, so that the parent's
    # death reads here as end of input (no orphan left scoring), and a sibling's as its own.
    for fd in inherited:
        try:
            os.close(fd)
        except OSError:
            pass
    ruleset.compiled  # noqa: B018 compiled once per worker (already, when forked from a parent that did)
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            return
        except MemoryError:  # the article it was sent does not fit: the parent reports it
            os._exit(_NO_MEMORY_EXIT)
        if task is None:
            return
        seq, article = task
        del task
        outcome = score_one(article, ruleset, render)
        del article
        try:
            # A pipe send is complete when it returns: a worker that dies later loses nothing sent.
            results.send((seq, *outcome))
        except OSError:  # the parent stopped listening (it ended, or stopped the run)
            return
        except MemoryError:  # the result is too big to send: the article's error instead
            del outcome
            try:
                results.send((seq, None, NO_MEMORY, None))
            except OSError:
                return


class _Pool:
    """Worker processes with a short queue each, so that none waits for work, and a dead or stuck
    one costs only the article it was scoring (the rest of its queue goes to its replacement).

    Tasks go out over a non-blocking pipe per worker, written from this thread when the selector
    says there is room: no feeder thread to hand each article to (and to wait for at exit), and no
    deadlock when a big article and a big result are both in flight."""

    def __init__(self, ruleset: RuleSet, jobs: int, timeout: float,
                 render: Callable[[Analysis], Any] | None) -> None:
        import multiprocessing as mp  # here: one-article runs never start a worker
        import selectors

        methods = mp.get_all_start_methods()
        self.ctx: Any = mp.get_context("fork" if "fork" in methods else "spawn")
        self.forked = self.ctx.get_start_method() == "fork"
        self.ruleset = ruleset
        self.render = render
        self.jobs = jobs
        self.timeout = timeout
        self.workers: list[_Worker] = []
        self.selector = selectors.DefaultSelector()

    def _start(self) -> _Worker:
        from multiprocessing.connection import Connection

        task_read, task_write = os.pipe()
        tasks = Connection(task_read, writable=False)
        reader, writer = self.ctx.Pipe(duplex=False)
        # What a forked worker must not keep: the parent's ends of its own pipes and its siblings'.
        inherited = [task_write, reader.fileno()]
        if self.forked:
            for w in self.workers:
                if not w.retired:
                    inherited += [w.task_fd, w.results.fileno()]
        process = self.ctx.Process(target=_worker, daemon=True,
                                   args=(self.ruleset, self.render, tasks, writer,
                                         inherited if self.forked else []))
        process.start()
        writer.close()  # the worker holds the only writing end: its death reads as end of file
        tasks.close()
        os.set_blocking(task_write, False)
        worker = _Worker(process, task_write, reader)
        self.selector.register(reader, _READ, worker)
        self.selector.register(process.sentinel, _READ, worker)
        return worker

    def _retire(self, w: _Worker) -> None:
        """Forget a worker that has ended or been killed, and close the parent's ends of its pipes."""
        if w.retired:
            return
        w.retired = True
        for fileobj in (w.results, w.process.sentinel, w.task_fd):
            try:
                self.selector.unregister(fileobj)
            except (KeyError, ValueError):
                pass
        w.results.close()
        os.close(w.task_fd)
        w.out.clear()

    def run(self, items: Iterable[Article | LoadError], stop: threading.Event | None = None
            ) -> Iterator[Scored]:
        self.workers = []
        for _ in range(self.jobs):  # one at a time: each closes the pipes of those before it
            self.workers.append(self._start())
        source = iter(items)
        pending: dict[int, Article] = {}
        done: dict[int, Scored] = {}
        sizes: dict[int, int] = {}  # the memory each article not yet written takes
        held = 0  # their sum
        next_seq = 0  # next sequence number to hand out
        emit = 0  # next sequence number to yield
        exhausted = False
        try:
            while True:
                # Hand out work, keeping a window ahead of `emit` bounded in articles and bytes.
                for w in self.workers:
                    while len(w.seqs) < QUEUED_PER_JOB and not exhausted \
                            and next_seq - emit < AHEAD_PER_JOB * self.jobs and held < AHEAD_BYTES:
                        try:
                            item = next(source)
                        except StopIteration:
                            exhausted = True
                            break
                        seq, next_seq = next_seq, next_seq + 1
                        if isinstance(item, LoadError):
                            done[seq] = Scored(item)
                            continue
                        sizes[seq] = sys.getsizeof(item.text)
                        held += sizes[seq]
                        pending[seq] = item
                        self._give(w, seq, item)
                        del item  # (held by `pending` until its result comes)
                while emit in done:
                    held -= sizes.pop(emit, 0)
                    yield done.pop(emit)
                    emit += 1
                if (exhausted and emit == next_seq) or (stop is not None and stop.is_set()):
                    return
                self._collect(pending, done)
        finally:
            self._stop()

    def _stop(self) -> None:
        """End every worker: an idle one is told to stop; one still holding work nobody will read
        (the caller stopped early) is killed at once."""
        for w in self.workers:
            if w.seqs or w.out or not self._send_now(w, _STOP):
                w.process.kill()
        for w in self.workers:
            w.process.join(timeout=1)
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            self._retire(w)
        self.workers = []
        self.selector.close()

    def _give(self, w: _Worker, seq: int, article: Article) -> None:
        if not w.seqs:
            w.since = time.monotonic()
        w.seqs.append(seq)
        w.out.extend(map(memoryview, _frame((seq, article))))
        self._flush(w)

    def _flush(self, w: _Worker) -> None:
        """Write what the pipe takes now; wait for room (in the selector) for the rest."""
        try:
            while w.out:
                head = w.out[0]
                written = os.write(w.task_fd, head)
                if written == len(head):
                    w.out.popleft()
                else:
                    w.out[0] = head[written:]  # a view: the rest of the pickle is not copied
        except BlockingIOError:
            pass
        except OSError:  # the worker is gone: its sentinel reports it
            w.out.clear()
        if w.out and not w.writing:
            self.selector.register(w.task_fd, _WRITE, w)
        elif w.writing and not w.out:
            self.selector.unregister(w.task_fd)
        w.writing = bool(w.out)

    def _send_now(self, w: _Worker, frame: bytes) -> bool:
        try:
            return os.write(w.task_fd, frame) == len(frame)
        except OSError:
            return False

    def _collect(self, pending: dict[int, Article], done: dict[int, Scored]) -> None:
        """Wait briefly for results or for room in a task pipe; replace workers that died or
        overran the timeout."""
        for key, _ in self.selector.select(timeout=0.05):
            w = key.data
            if key.fileobj is w.results:
                w.receive(pending, done)
            elif key.fileobj == w.task_fd:
                if w.writing:
                    self._flush(w)
            else:  # its sentinel: the process has ended
                w.ended = True
        now = time.monotonic()
        for index, w in enumerate(self.workers):
            dead = w.ended
            late = bool(w.seqs) and now - w.since > self.timeout
            if not (dead or late):
                continue
            if late and not dead:
                w.process.kill()
            w.process.join(timeout=1)
            w.receive(pending, done, to_the_end=True)  # whatever it finished before it ended
            self._retire(w)
            replacement = self.workers[index] = self._start()
            if not w.seqs:
                continue
            seq = w.seqs.popleft()
            article = pending.pop(seq, None)
            if article is not None:
                if late:
                    why = f"scoring took longer than {self.timeout:g} s and was stopped"
                elif w.process.exitcode == _NO_MEMORY_EXIT:
                    why = NO_MEMORY
                else:
                    why = f"the worker scoring it crashed (exit code {w.process.exitcode})"
                done[seq] = Scored(article, error=why)
            for seq in w.seqs:
                self._give(replacement, seq, pending[seq])


def _frame(obj: Any) -> tuple[bytes, bytes]:
    """`obj` as multiprocessing's Connection.recv() reads it: a length, then the pickle (apart,
    so that a big article's pickle is not copied to put its length in front)."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    if len(data) > 0x7FFFFFFF:
        return struct.pack("!i", -1) + struct.pack("!Q", len(data)), data
    return struct.pack("!i", len(data)), data


_STOP = b"".join(_frame(None))


class _Worker:
    """One worker process, its task pipe (and what is still to be written to it), its result
    pipe, and the tasks it holds, oldest first."""

    def __init__(self, process: Any, task_fd: int, results: Any) -> None:
        self.process = process
        self.task_fd = task_fd
        self.out: deque[memoryview] = deque()  # task bytes the pipe has not taken yet
        self.writing = False  # registered with the selector to hear when the pipe has room
        self.retired = False  # its pipes closed: ended, or killed and replaced
        self.ended = False  # its process has exited (its sentinel said so)
        self.results = results
        self.seqs: deque[int] = deque()
        self.since = 0.0  # when the oldest task it holds became the one it is working on

    def receive(self, pending: dict[int, Article], done: dict[int, Scored], *, to_the_end: bool = False
                ) -> None:
        """The result the selector saw arrive (a worker answers its tasks in the order given), or,
        `to_the_end` (the worker has ended), every result left in the pipe."""
        try:
            while True:
                seq, analysis, error, rendered = self.results.recv()
                if seq in self.seqs:
                    self.seqs.remove(seq)
                # Since the worker took it up: when it answered the one before (or was given it).
                took = time.monotonic() - self.since
                self.since = time.monotonic()
                article = pending.pop(seq, None)
                if article is not None:
                    done[seq] = Scored(article, analysis, error, rendered, took)
                if not to_the_end:
                    return
        except (EOFError, OSError):
            pass  # the worker died mid-send: what it held is reported by the caller
