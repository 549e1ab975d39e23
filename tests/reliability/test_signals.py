"""SIGTERM (a cancelled CI job, `kill`) and SIGHUP (a closed terminal) during a long run exit 143
and 129 with `biasdash: terminated`, no traceback, no temporary file and no worker left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import PROJECT, SEED


def _corpus(folder: Path) -> Path:
    """Articles of 28 kB, far from all scored when the signal comes (as in test_interrupt.py)."""
    text = SEED.read_text(encoding="utf-8")
    corpus = folder / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for n in range(1500):
            handle.write(json.dumps({"id": f"a{n}", "text": "\n\n".join([text] * 8)}) + "\n")
    return corpus


def _start(args: list[str], folder: Path, stdout: int | None = subprocess.PIPE) -> subprocess.Popen:
    # In a session of its own, so that the whole group (workers included) can be signalled and
    # checked for survivors; SIGHUP and SIGTERM as a fresh shell would leave them (not ignored).
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard", *args], stdout=stdout, stderr=subprocess.PIPE,
        text=True, cwd=folder, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL) for s in (signal.SIGHUP, signal.SIGTERM)])


def _wait_for_temp_file(process: subprocess.Popen, folder: Path) -> None:
    """Until the report's temporary file exists (the run is writing), plus a moment."""
    deadline = time.monotonic() + 30  # a hang guard, not a timing assertion
    while time.monotonic() < deadline and process.poll() is None \
            and not any(p.name.endswith(".tmp") for p in folder.iterdir()):
        time.sleep(0.05)
    time.sleep(0.5)
    assert process.poll() is None, "the run ended before it could be signalled"


def _group_is_gone(pgid: int) -> bool:
    """No process of the run's group is left (workers are in it); zombies are waited for briefly."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize(("signum", "code", "message"), [
    pytest.param(signal.SIGTERM, 143, "biasdash: terminated", id="SIGTERM"),   # kill, a cancelled job
    pytest.param(signal.SIGHUP, 129, "biasdash: terminated (hang-up)", id="SIGHUP"),  # terminal closed
])
@pytest.mark.parametrize("jobs", [
    pytest.param("1", id="jobs1"),  # scored in the main process
    pytest.param("2", id="jobs2"),  # scored by worker processes, which must be stopped too
])
@pytest.mark.parametrize("whole_group", [
    pytest.param(False, id="to-biasdash"),  # the signal to biasdash only (kill PID)
    pytest.param(True, id="to-group"),      # to its process group, workers included (CI cancelling)
])
def test_a_signal_exits_with_its_code_and_leaves_no_temp_file(tmp_path: Path, signum: int, code: int,
                                                              message: str, jobs: str,
                                                              whole_group: bool) -> None:
    corpus = _corpus(tmp_path)
    process = _start(["score", str(corpus), "--format", "jsonl", "-o", "report.jsonl", "--jobs", jobs],
                     tmp_path)
    _wait_for_temp_file(process, tmp_path)
    if whole_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert stderr.strip().splitlines()[-1] == message
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]  # no report, no temp file
    assert _group_is_gone(process.pid), "a worker outlived the run"


@pytest.mark.parametrize("fmt", [
    "jsonl",  # streamed line by line
    "csv",    # streamed row by row
])
def test_sigterm_while_writing_to_stdout_exits_143(tmp_path: Path, fmt: str) -> None:
    corpus = _corpus(tmp_path)
    with open(tmp_path / "stdout.txt", "w") as out:
        process = _start(["score", str(corpus), "--format", fmt, "--jobs", "2"], tmp_path, stdout=out.fileno())
        deadline = time.monotonic() + 30  # a hang guard: until the first rows are out
        while time.monotonic() < deadline and process.poll() is None \
                and (tmp_path / "stdout.txt").stat().st_size == 0:
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be signalled"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert "biasdash: terminated" in stderr and "Traceback" not in stderr
    assert _group_is_gone(process.pid)


def _workers_started(pgid: int) -> bool:
    """Whether the run's process group holds more than biasdash itself (its workers are up)."""
    members = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            members += int(fields[2]) == pgid
    return members > 1


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="counts the run's processes in /proc")
def test_sigterm_during_compare_exits_143_with_no_report_and_no_worker(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    process = _start(["compare", str(corpus), "--format", "jsonl", "-o", "pairs.jsonl", "--jobs", "2"], tmp_path)
    deadline = time.monotonic() + 30  # a hang guard, not a timing assertion
    while time.monotonic() < deadline and process.poll() is None and not _workers_started(process.pid):
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be signalled"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert stderr.strip().splitlines()[-1] == "biasdash: terminated" and "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]
    assert _group_is_gone(process.pid), "a worker outlived the run"
