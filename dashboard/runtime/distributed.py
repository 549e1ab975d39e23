"""Provides corpus scoring on a Dask distributed cluster (`biasdash score --dask ADDRESS`): the same
results as `score_all`, in input order, with the articles scored on the cluster's workers.

The client reads the inputs lazily, as a local run does, and sends consecutive articles to the
workers in partitions (one task each), so the workers need biasdash installed but no shared
filesystem. An unreadable input (a LoadError) never leaves the client: it is yielded at its place.
The rule set is sent once (each worker fetches a copy the first time it needs it) and compiled
once per worker process. A bounded number of partitions is in flight, so memory stays flat on any
corpus, and results are yielded strictly in input order, whichever partition finishes first.

A worker that dies mid-partition: the scheduler runs the partition again on another worker. If
workers keep dying on it (more than `distributed.scheduler.allowed-failures` times, default 3),
Dask gives up on it (KilledWorker); its articles are then sent again one per task, so that an
article that kills every worker it reaches costs only itself: it is reported as an error at its
place, as a crashing article is with --jobs. (`--timeout` does not apply on a cluster.)

This module imports no Dask until `score_on_dask` runs: the CLI imports it on every run.
"""

from __future__ import annotations

import _thread
import os
from collections import OrderedDict, deque
from contextlib import contextmanager
from itertools import islice

from ..engine.article import Article
from .articles import LoadError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

    from ..engine.analysis import Analysis
    from ..engine.ruleset import RuleSet
    from .corpus import Scored

# Articles per task: large enough that scheduling costs little next to scoring (some 0.5 s of work).
DEFAULT_PARTITION_SIZE = 64
# Partitions in flight per worker thread: the next is there the moment one finishes.
PARTITIONS_PER_THREAD = 4
# How long to try to reach the scheduler (and to wait for a first worker) before giving up.
DEFAULT_CONNECT_TIMEOUT = 10.0
CONNECT_TIMEOUT_ENV = "BIASDASH_DASK_CONNECT_TIMEOUT"
# Rule sets kept compiled in each worker process (several clients may share one cluster).
KEEP_RULESETS = 4

EXTRA_MISSING = "--dask needs the dask extra: pip install 'biasdash[dask]'"


class ClusterError(Exception):
    """The cluster cannot be used (no dask, a bad address, no scheduler, lost): the run stops."""


def score_on_dask(items: Iterable[Article | LoadError], ruleset: RuleSet, address: str,
                  render: Callable[[Analysis], Any] | None = None, *,
                  partition_size: int = DEFAULT_PARTITION_SIZE,
                  connect_timeout: float | None = None) -> Iterator[Scored]:
    """Scored inputs in input order, as `score_all` yields them, scored on the Dask cluster whose
    scheduler is at `address`. Raises ClusterError (on the first `next`) if dask is missing or
    the scheduler cannot be reached within `connect_timeout` seconds (default: the environment
    variable BIASDASH_DASK_CONNECT_TIMEOUT, else 10), and if the cluster is lost mid-run."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(EXTRA_MISSING) from None
    timeout = _connect_timeout() if connect_timeout is None else connect_timeout
    _check_address(address)
    with _quiet_dask_logs():
        try:
            client = Client(address, timeout=timeout, set_as_default=False)
        except Exception as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {_describe(exc)}") from None
        try:
            yield from _Run(client, address, ruleset, render, max(1, partition_size), timeout).run(items)
        finally:
            try:
                client.close(timeout=timeout)
            except Exception:  # closing a client whose scheduler is gone may time out; nothing is lost
                pass


def score_partition(fingerprint: str, ruleset: RuleSet, articles: list[Article],
                    render: Callable[[Analysis], Any] | None) -> list[tuple[Any, Any, Any]]:
    """(analysis, error, rendered) for each article, as `score_one` gives them. Runs on a worker."""
    from .corpus import score_one

    compiled = _compiled(fingerprint, ruleset)
    return [score_one(article, compiled, render) for article in articles]


_RULESETS: OrderedDict[str, RuleSet] = OrderedDict()
_RULESETS_LOCK = _thread.allocate_lock()  # not `threading`: the CLI imports this module on every run


def _rules(ruleset: RuleSet) -> RuleSet:
    return ruleset


def _compiled(fingerprint: str, ruleset: RuleSet) -> RuleSet:
    """The rule set with this fingerprint, compiled once per process (a worker that unpickles the
    rule set again, or a second worker thread, gets the copy compiled first)."""
    with _RULESETS_LOCK:
        cached = _RULESETS.get(fingerprint)
        if cached is not None:
            _RULESETS.move_to_end(fingerprint)
            return cached
        ruleset.compiled  # noqa: B018 (a cached property: compiled here, once per fingerprint)
        _RULESETS[fingerprint] = ruleset
        while len(_RULESETS) > KEEP_RULESETS:
            _RULESETS.popitem(last=False)
        return ruleset


def fingerprint(ruleset: RuleSet) -> str:
    """What identifies a rule set across processes: a hash of its pickle (the rules only: a
    RuleSet pickles without its compiled matchers, which each worker builds for itself)."""
    import hashlib
    import pickle

    return hashlib.sha256(pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def _connect_timeout() -> float:
    text = os.environ.get(CONNECT_TIMEOUT_ENV, "")
    try:
        value = float(text)
    except ValueError:
        return DEFAULT_CONNECT_TIMEOUT
    return value if value > 0 else DEFAULT_CONNECT_TIMEOUT


def _check_address(address: str) -> None:
    """Refuses what the Client would fail on without connecting (and then complain about again,
    with a traceback, when it is garbage-collected): no port, a bad port, an unknown scheme."""
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls"):
            port = parse_host_port(location)[1]
            if not 0 < port < 65536:
                raise ValueError(f"port {port} is out of range")
    except ValueError as exc:
        raise ClusterError(f"bad Dask scheduler address {address!r}: {exc} "
                           f"(expected tcp://host:port)") from None


@contextmanager
def _quiet_dask_logs() -> Iterator[None]:
    """Keeps Dask's own log lines (a lost scheduler's reconnect traceback, warnings about workers)
    off stderr while this process is a client: what matters comes as one ClusterError line."""
    import logging

    names = [name for name, logger in logging.root.manager.loggerDict.items()
             if name.split(".")[0] in ("distributed", "tornado") and isinstance(logger, logging.Logger)
             and logger.level != logging.NOTSET]
    saved = {name: logging.getLogger(name).level for name in names + ["distributed", "tornado"]}
    for name in saved:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Run:
    """One corpus on one client: partitions submitted ahead, results taken in input order."""

    def __init__(self, client: Any, address: str, ruleset: RuleSet,
                 render: Callable[[Analysis], Any] | None, partition_size: int, timeout: float) -> None:
        self.client = client
        self.address = address
        self.ruleset = ruleset
        self.render = render
        self.partition_size = partition_size
        self.timeout = timeout
        self.fingerprint = fingerprint(ruleset)
        self.rules: Any = None

    def run(self, items: Iterable[Article | LoadError]) -> Iterator[Scored]:
        from .corpus import Scored

        self.rules = self._send_rules()
        threads = sum(self._call(self.client.nthreads).values())
        limit = max(2, PARTITIONS_PER_THREAD * threads)
        source = iter(items)
        # Each entry: the inputs of one partition, in order, and the task scoring its articles.
        window: deque[tuple[list[Article | LoadError], list[Article], Any]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(window) < limit:
                block = list(islice(source, self.partition_size))
                exhausted = len(block) < self.partition_size
                if not block:
                    break
                articles = [item for item in block if isinstance(item, Article)]
                window.append((block, articles, self._submit(articles) if articles else None))
            if not window:
                return
            block, articles, future = window.popleft()
            results = iter(self._results(articles, future))
            del future  # the scheduler can forget the task as soon as its result is here
            for item in block:
                yield Scored(item) if isinstance(item, LoadError) else Scored(item, *next(results))

    def _send_rules(self) -> Any:
        """The rule set as a task's result: sent to the scheduler once, copied to each worker the
        first time it needs it, and (unlike scattered data) made again should every worker
        holding it die."""
        try:
            self.client.wait_for_workers(1, timeout=self.timeout)
        except TimeoutError:
            raise ClusterError(f"the Dask cluster at {self.address} has no workers "
                               f"(waited {self.timeout:g} s)") from None
        except Exception as exc:
            raise ClusterError(f"the Dask cluster at {self.address} failed: {_describe(exc)}") from None
        import uuid

        return self._call(self.client.submit, _rules, self.ruleset, key=f"biasdash-rules-{uuid.uuid4().hex}")

    def _submit(self, articles: list[Article]) -> Any:
        return self._call(self.client.submit, score_partition, self.fingerprint, self.rules,
                          articles, self.render, pure=False)

    def _results(self, articles: list[Article], future: Any) -> list[tuple[Any, Any, Any]]:
        if future is None:
            return []
        from distributed import KilledWorker

        try:
            return self._call(future.result)
        except KilledWorker as exc:
            if len(articles) == 1:
                tries = exc.allowed_failures + 1
                return [(None, f"the Dask worker scoring it died ({tries} attempt{'s' * (tries > 1)}, "
                               f"each on a different worker); not scored", None)]
            # Which article kills its workers? Each on its own, one at a time (a task waiting on
            # the worker that dies is counted as a suspect too): only that one is lost.
            return [self._results([article], self._submit([article]))[0] for article in articles]

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`method(...)`, with any failure but a dead worker's (and Ctrl-C) a ClusterError."""
        import asyncio
        import concurrent.futures

        from distributed import KilledWorker

        try:
            return method(*args, **kwargs)
        except KilledWorker:
            raise
        except (concurrent.futures.CancelledError, asyncio.CancelledError, OSError) as exc:
            raise ClusterError(f"lost the Dask cluster at {self.address}: {_describe(exc)}") from None
        except Exception as exc:
            hint = (" (do its workers have biasdash installed?)"
                    if isinstance(exc, ImportError) else "")
            raise ClusterError(f"the Dask cluster at {self.address} failed: {_describe(exc)}"
                               f"{hint}") from None
