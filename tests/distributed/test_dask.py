"""`--dask ADDRESS`: a corpus scored on a Dask cluster (a scheduler and two worker processes on
loopback) gives byte for byte what a local run gives, unreadable inputs reported in place, the same
exit code; no dask, a bad address, no scheduler or no workers are one-line errors with exit code 2."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402
from dask_crash import render_or_die  # noqa: E402

from dashboard.cli import main  # noqa: E402
from dashboard.engine.article import Article  # noqa: E402
from dashboard.report.records import renderer  # noqa: E402
from dashboard.runtime.articles import LoadError, load_articles  # noqa: E402
from dashboard.runtime.corpus import score_all  # noqa: E402
from dashboard.runtime.distributed import CONNECT_TIMEOUT_ENV, score_on_dask  # noqa: E402
from dashboard.runtime.rulepacks import load_rules  # noqa: E402

# One worker runs this module (pytest-xdist), so that the cluster below is started once.
pytestmark = [pytest.mark.usefixtures("in_tmp"), pytest.mark.xdist_group("dask-cluster")]

# `single-source` (info) and `unattributed-quotes` (warning) fire on these.
SINGLE_SOURCE = "The talks went well, Reuters reported. Both sides agreed, Reuters said."
UNATTRIBUTED = 'The plan was discussed at length. "This will change everything for the region."'
ARTICLES = 150  # JSONL lines: more than two partitions of 64
BAD_LINES = {70: '{"id": "broken", "text": "cut off', 100: '{"id": "no-text"}'}
EXTRA = "--dask needs the dask extra: pip install 'biasdash[dask]'"


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """The address of a scheduler on 127.0.0.1 with two single-threaded worker processes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0") as local:
        yield local.scheduler_address


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> list[Path]:
    """A seed, a JSONL file (a long article first, then short ones with findings, two bad lines
    after the first partition), a missing file, the other seed."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    paragraphs = [p.strip() for s in seeds for p in s.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    lines = [json.dumps({"id": "long", "text": "\n\n".join(paragraphs * 40)})]
    for i in range(1, ARTICLES):
        if i + 1 in BAD_LINES:
            lines.append(BAD_LINES[i + 1])
            continue
        extra = (SINGLE_SOURCE, UNATTRIBUTED, "")[i % 3]
        text = "\n\n".join([paragraphs[i % len(paragraphs)], paragraphs[(7 * i) % len(paragraphs)], extra])
        lines.append(json.dumps({"id": f"a{i:03d}", "text": text, "outlet": "Example"}))
    folder = tmp_path / "inputs"
    folder.mkdir()
    jsonl = folder / "corpus.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [seeds[0], jsonl, folder / "missing.txt", seeds[1]]


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(("command", "options"), [
    ("score", ["--format", "jsonl"]),
    ("score", ["--format", "json"]),
    ("score", ["--format", "table"]),
    ("score", ["--format", "csv"]),
    ("check", []),
    ("check", ["--format", "jsonl"]),
    ("check", ["--format", "json", "--fail-on", "error"]),
])
def test_dask_output_is_byte_identical_to_a_local_run(run_cli, cluster, corpus, command, options) -> None:
    local = run_cli(command, *corpus, *options, "--jobs", "1")
    remote = run_cli(command, *corpus, *options, "--dask", cluster)
    # The reference run is what it should be: every article, the three unreadable inputs in order.
    assert local.code == 2, local.stderr
    errors = [line for line in local.err_lines if ": error: " in line]
    assert [line.split(":")[0:2] for line in errors] == [
        [str(corpus[1]), "70"], [str(corpus[1]), "100"], [str(corpus[2]), "1"]], local.stderr
    assert local.stdout.strip()
    assert remote.stdout == local.stdout
    assert remote.stderr == local.stderr
    assert remote.code == local.code


def test_dask_exit_code_follows_findings_when_bad_inputs_are_skipped(run_cli, cluster, corpus) -> None:
    local = run_cli("check", *corpus, "--skip-bad", "--jobs", "1")
    remote = run_cli("check", *corpus, "--skip-bad", "--dask", cluster)
    assert local.code == 1, local.stderr  # unattributed-quotes is a warning
    assert (remote.code, remote.stdout, remote.stderr) == (local.code, local.stdout, local.stderr)


def test_errors_come_out_between_the_findings_where_the_inputs_are(cluster, corpus) -> None:
    """stdout and stderr as one terminal shows them: each input error among the finding lines."""
    runs = []
    for option in (["--jobs", "1"], ["--dask", cluster]):
        both = io.StringIO()
        code = main(["check", *map(str, corpus), *option], stdin=io.BytesIO(), stdout=both, stderr=both)
        runs.append((code, both.getvalue()))
    (local_code, local), (remote_code, remote) = runs
    lines = local.splitlines()
    errors = [i for i, line in enumerate(lines) if ": error: " in line]
    # (finding lines before the first error, between the two bad JSONL lines, and after them)
    assert len(errors) == 3 and 0 < errors[0] < errors[1] - 1 < errors[2] - 2, local
    assert (remote_code, remote) == (local_code, local)


def test_output_file_written_from_dask_matches_a_local_one(run_cli, cluster, corpus, in_tmp) -> None:
    # --skip-bad: the corpus has bad lines, and a failed run leaves no report behind
    run_cli("score", *corpus, "--format", "jsonl", "--jobs", "1", "--skip-bad", "-o", in_tmp / "local.jsonl")
    result = run_cli("score", *corpus, "--format", "jsonl", "--dask", cluster, "--skip-bad",
                     "-o", in_tmp / "dask.jsonl")
    assert result.code == 0 and result.stdout == ""
    local = (in_tmp / "local.jsonl").read_bytes()
    assert local.count(b"\n") == ARTICLES - len(BAD_LINES) + 2
    assert (in_tmp / "dask.jsonl").read_bytes() == local


def test_small_partitions_come_back_in_input_order(cluster, corpus) -> None:
    """Partitions of three, finishing in any order (the first holds the long article), and load
    errors at partition edges: the same Scored values, in the same order, as a local run."""
    ruleset = load_rules([], include_default=True)
    render = renderer("jsonl", False)
    local = list(score_all(load_articles([str(p) for p in corpus]), ruleset, jobs=1, render=render))
    remote = list(score_on_dask(load_articles([str(p) for p in corpus]), ruleset, cluster, render,
                                partition_size=3))
    assert sum(isinstance(s.item, LoadError) for s in local) == 3
    assert remote == local


def test_stopping_early_disconnects_from_the_cluster(cluster, corpus) -> None:
    ruleset = load_rules([], include_default=True)

    def clients() -> int:
        with distributed.Client(cluster, set_as_default=False) as probe:
            # (minus the probe itself)
            return probe.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.clients)) - 1

    before = clients()
    scored = score_on_dask(load_articles([str(p) for p in corpus]), ruleset, cluster,
                           renderer("jsonl", False))
    assert next(scored).rendered is not None
    assert clients() == before + 1
    scored.close()
    deadline = time.monotonic() + 5
    while clients() != before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert clients() == before


def test_an_article_that_kills_its_worker_costs_only_itself() -> None:
    """Workers die on the article "poison": it is reported at its place; the other articles of
    its partition are scored all the same. (Dask gives up on a task at the first death here; the
    poison is in the last partition, so that no other partition is in flight to die with it.)"""
    articles = [Article(f"a{i}", f"Talks stalled on day {i}, Reuters reported. Officials said little.")
                for i in range(8)]
    articles[5] = Article("poison", articles[5].text)
    ruleset = load_rules([], include_default=True)
    render = renderer("jsonl", False)
    expected = [s if s.item.id != "poison" else None
                for s in score_all(articles, ruleset, jobs=1, render=render)]
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address="127.0.0.1:0") as local:
        got = list(score_on_dask(articles, ruleset, local.scheduler_address,
                                 partial(render_or_die, fmt="jsonl", is_check=False), partition_size=4))
    assert [s.item for s in got] == articles
    assert got[5].error == "the Dask worker scoring it died (1 attempt, each on a different worker); not scored"
    assert got[5].rendered is None
    assert got[:5] + got[6:] == expected[:5] + expected[6:]


@pytest.mark.parametrize("command", ["score", "check"])
def test_without_dask_installed_is_a_one_line_error(run_cli, corpus, monkeypatch, command) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    result = run_cli(command, *corpus, "--dask", "tcp://127.0.0.1:8786")
    assert result.code == 2
    assert result.stdout == ""
    assert result.err_lines == [f"biasdash: {EXTRA}"]


@pytest.mark.parametrize("address", ["tcp://127.0.0.1", "127.0.0.1:99999", "udp://127.0.0.1:8786", ""])
def test_bad_address_is_a_one_line_error_naming_it(run_cli, corpus, address) -> None:
    result = run_cli("score", *corpus, "--dask", address)
    assert result.code == 2
    assert result.stdout == ""
    assert len(result.err_lines) == 1, result.stderr
    assert result.err_lines[0].startswith(f"biasdash: bad Dask scheduler address {address!r}: ")


def test_unreachable_scheduler_is_a_one_line_error_naming_it(run_cli, corpus, monkeypatch) -> None:
    monkeypatch.setenv(CONNECT_TIMEOUT_ENV, "1")
    address = f"tcp://127.0.0.1:{_unused_port()}"
    started = time.monotonic()
    result = run_cli("score", *corpus, "--format", "jsonl", "--dask", address)
    assert time.monotonic() - started < 10
    assert result.code == 2
    assert result.stdout == ""
    assert len(result.err_lines) == 1, result.stderr
    assert result.err_lines[0].startswith(f"biasdash: cannot reach the Dask scheduler at {address}: ")


def test_unreachable_scheduler_from_the_command_line_leaves_no_output_file(corpus, in_tmp) -> None:
    address = f"tcp://127.0.0.1:{_unused_port()}"
    out = in_tmp / "out.txt"
    env = {**os.environ, CONNECT_TIMEOUT_ENV: "1"}
    proc = subprocess.run([sys.executable, "-m", "dashboard", "check", *map(str, corpus), "--dask", address,
                           "-o", str(out)], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"biasdash: cannot reach the Dask scheduler at {address}: "
        f"OSError: Timed out trying to connect to {address} after 1 s"]
    assert not out.exists() and [p.name for p in in_tmp.iterdir()] == ["inputs"]


def test_a_scheduler_without_workers_is_a_one_line_error(run_cli, corpus, monkeypatch) -> None:
    monkeypatch.setenv(CONNECT_TIMEOUT_ENV, "1")
    with distributed.LocalCluster(n_workers=0, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0") as empty:
        result = run_cli("score", *corpus, "--dask", empty.scheduler_address)
    assert result.code == 2
    assert result.stdout == ""
    assert result.err_lines == [f"biasdash: the Dask cluster at {empty.scheduler_address} has no workers "
                                f"(waited 1 s)"]


def test_a_scheduler_lost_mid_run_is_a_one_line_error(tmp_path) -> None:
    corpus = tmp_path / "big.jsonl"
    text = f"{SINGLE_SOURCE}\n\n{UNATTRIBUTED}"
    corpus.write_text("".join(json.dumps({"id": f"b{i}", "text": text}) + "\n" for i in range(6000)),
                      encoding="utf-8")
    env = {**os.environ, CONNECT_TIMEOUT_ENV: "1"}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0") as doomed:
        address = doomed.scheduler_address
        proc = subprocess.Popen([sys.executable, "-m", "dashboard", "score", str(corpus), "--format", "jsonl",
                                 "--dask", address], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
        first = proc.stdout.readline()  # scoring is under way
    out, err = proc.communicate(timeout=60)
    assert json.loads(first)["id"] == "b0"
    assert proc.returncode == 2
    assert (first + out).count("\n") < 6000
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"biasdash: lost the Dask cluster at {address}: "), err


def test_check_without_dask_does_not_import_it(seed_file) -> None:
    code = ("import sys; from dashboard.cli import main; code = main(['check', sys.argv[1]]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    proc = subprocess.run([sys.executable, "-c", code, str(seed_file("000"))], capture_output=True,
                          text=True, timeout=60)
    assert proc.stdout.splitlines()[-1] == "[]", proc.stderr
