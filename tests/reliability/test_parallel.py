"""--jobs N: a crash or a hang while scoring one article is reported and the rest completes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.engine.article import Article
from dashboard.runtime import corpus
from dashboard.runtime.articles import LoadError
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules()


def _hostile_analyse(article, ruleset):
    if "CRASH" in article.text:
        os._exit(3)  # the worker process dies outright
    if "HANG" in article.text:
        time.sleep(60)
    if "OOM" in article.text:
        raise MemoryError  # as when an article needs more memory than there is
    if article.text.startswith("BIG"):
        return REAL_ANALYSE(Article(id=article.id, text="Talks stalled, Reuters reported."), ruleset)
    return REAL_ANALYSE(article, ruleset)


REAL_ANALYSE = corpus.analyse


@pytest.fixture
def hostile(monkeypatch):
    monkeypatch.setattr(corpus, "analyse", _hostile_analyse)


def _articles() -> list[Article | LoadError]:
    good = "Talks stalled on Monday, Reuters reported. Both sides blamed each other, officials said."
    return [
        Article(id="a", text=good),
        Article(id="crash", text="CRASH " + good),
        Article(id="b", text=good),
        LoadError("missing.txt", "no such file or folder"),
        Article(id="hang", text="HANG " + good),
        Article(id="c", text=good),
    ]


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="the hostile stand-in reaches workers only when they are forked")
def test_crash_and_hang_cost_one_article_each(hostile) -> None:
    started = time.monotonic()
    results = list(corpus.score_all(_articles(), RULESET, jobs=2, timeout=2))
    assert time.monotonic() - started < 30
    assert [getattr(r.item, "id", None) or r.item.path for r in results] == \
        ["a", "crash", "b", "missing.txt", "hang", "c"]  # input order kept
    by_id = {getattr(r.item, "id", r.item.path if isinstance(r.item, LoadError) else None): r for r in results}
    assert "crashed" in by_id["crash"].error
    assert "longer than 2 s" in by_id["hang"].error
    for good in ("a", "b", "c"):
        assert by_id[good].analysis is not None
        assert by_id[good].analysis.sources()["reuters"] == 1


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "workers"])
def test_running_out_of_memory_costs_one_article(hostile, jobs: int) -> None:
    if jobs > 1 and "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("the hostile stand-in reaches workers only when they are forked")
    good = "Talks stalled on Monday, Reuters reported."
    articles = [Article(id="a", text=good), Article(id="oom", text="OOM " + good), Article(id="b", text=good)]
    results = list(corpus.score_all(articles, RULESET, jobs=jobs, timeout=30))
    assert [r.item.id for r in results] == ["a", "oom", "b"]
    assert results[1].error == "not enough memory to score this article"
    assert results[1].analysis is None
    assert results[0].analysis.sources()["reuters"] == results[2].analysis.sources()["reuters"] == 1


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="the hostile stand-in reaches workers only when they are forked")
def test_articles_handed_out_ahead_are_bounded_in_bytes(hostile, monkeypatch) -> None:
    """With a budget of 8 MiB for the texts not yet written, articles of 5 MiB go out two at a
    time; bounded by count alone, each of the two workers was given two (four in flight), and
    with N workers and huge JSONL lines memory grew N-fold."""
    monkeypatch.setattr(corpus, "AHEAD_BYTES", 8 << 20, raising=False)
    pulled = []

    def big_articles():
        for n in range(6):
            pulled.append(n)
            yield Article(id=f"big{n}", text="BIG " + "x" * (5 << 20))

    in_flight = []
    for emitted, result in enumerate(corpus.score_all(big_articles(), RULESET, jobs=2, timeout=30), 1):
        assert result.error is None and result.analysis is not None
        in_flight.append(len(pulled) - emitted + 1)  # read from the input and not yet written
    assert len(in_flight) == 6
    assert max(in_flight) <= 2, in_flight


def test_parallel_and_serial_runs_give_the_same_analyses() -> None:
    articles = [Article(id=str(n), text=f"Item {n}: the talks stalled, Xinhua reported. "
                                         f"“We will not give up,” the minister said.") for n in range(12)]
    serial = [r.analysis.metrics for r in corpus.score_all(articles, RULESET, jobs=1)]
    parallel = [r.analysis.metrics for r in corpus.score_all(articles, RULESET, jobs=2)]
    assert serial == parallel


_EXIT_AFTER_A_TIMEOUT = """
import time
from dashboard.runtime import corpus
from dashboard.engine.article import Article
from dashboard.runtime.rulepacks import load_rules

real = corpus.analyse
def stuck(article, ruleset):
    if article.id == "hang":
        time.sleep(60)
    return real(article, ruleset)
corpus.analyse = stuck
big = "Talks stalled, Reuters reported. " * 8000  # 260 kB: more than a pipe holds
articles = [Article(id="hang", text=big)] + [Article(id=f"a{i}", text=big) for i in range(5)]
results = list(corpus.score_all(articles, load_rules(), jobs=2, timeout=2))
print(len(results), results[0].error, flush=True)
"""


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                    reason="the hostile stand-in reaches workers only when they are forked")
def test_a_process_that_stopped_a_stuck_worker_holding_big_articles_still_exits(tmp_path) -> None:
    """The killed worker still had a big article half-way into its task pipe. With a
    multiprocessing Queue the run's results came back, but the program then waited for the
    Queue's feeder thread for ever at exit (this hung CI after the last test)."""
    script = tmp_path / "run.py"
    script.write_text(_EXIT_AFTER_A_TIMEOUT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    try:
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                              timeout=60)
    except subprocess.TimeoutExpired as stuck:
        pytest.fail(f"the program did not exit after its run; it printed {stuck.stdout!r}")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "6 scoring took longer than 2 s and was stopped\n"
    assert "Traceback" not in done.stderr


def test_workers_do_not_outlive_a_killed_run(tmp_path) -> None:
    """`kill -9` on biasdash (an OOM kill, a CI runner's timeout) leaves no worker scoring on."""
    text = "Talks stalled on Monday, Reuters reported. Both sides blamed each other, officials said. " * 40
    corpus = tmp_path / "big.jsonl"
    corpus.write_text("".join(f'{{"id": "a{n}", "text": "{text}"}}\n' for n in range(20000)), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "dashboard", "score", str(corpus), "--format", "jsonl",
                                "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               cwd=Path(__file__).resolve().parents[2], start_new_session=True)
    assert process.stdout.readline()  # scoring is under way, on workers
    group = process.pid  # its own session: the workers are in its process group
    process.kill()
    process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(group, 9)
    pytest.fail("worker processes were still running 20 s after their parent was killed")


def test_a_stop_event_ends_a_run_without_waiting_for_the_article_under_way() -> None:
    """A dashboard quitting mid-run sets the run's stop event: score_all returns within moments
    even while a worker is busy with a large article, and leaves no worker process behind."""
    import multiprocessing
    import threading
    import time

    stop = threading.Event()
    big = [Article(id=f"big{n}", text="Officials said the talks failed. " * 60_000) for n in range(4)]
    results = corpus.score_all(big, RULESET, jobs=2, timeout=120, stop=stop)
    started = time.monotonic()
    threading.Timer(0.3, stop.set).start()
    got = list(results)
    assert time.monotonic() - started < 10
    assert len(got) < len(big)  # it did stop early: not every big article was scored
    assert not [p for p in multiprocessing.active_children() if p.is_alive()]
