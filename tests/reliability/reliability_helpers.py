"""Helpers of the hostile-input tests: fixture paths, safe CLI runs (in-process and in a subprocess),
and the checks every run must pass (no traceback, no raw escape, no hang)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ARTICLES = FIXTURES / "articles"
RULES = FIXTURES / "rules"
CONFIGS = FIXTURES / "configs"
PROJECT = HERE.parents[1]
SEEDS = PROJECT / "seeds"
SEED = sorted(SEEDS.glob("000_*.txt"))[0]  # the good article run beside every hostile one
SEED_ID = SEED.stem

# A hang guard, not a benchmark: every run here takes well under a second or two.
HANG_SECONDS = 10.0


@dataclass
class Run:
    """What one biasdash run produced, and how long it took."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    crashed: bool = False  # main() raised instead of returning an exit code
    records: list[Any] = field(default_factory=list)  # stdout parsed as JSON lines, where it parses

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _json_lines(stdout: str) -> list[Any]:
    out = []
    for line in stdout.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            pass
    return out


def run_in_process(run_cli: Callable[..., Any], *args: Any, stdin: bytes = b"") -> Run:
    """`run_cli` (tests/conftest.py), with an exception escaping main() recorded as a traceback on
    stderr (what a user would see) rather than failing the test before its assertions run."""
    started = time.monotonic()
    try:
        result = run_cli(*args, stdin=stdin)
    except Exception:
        return Run(1, "", traceback.format_exc(), time.monotonic() - started, crashed=True)
    return Run(result.code, result.stdout, result.stderr, time.monotonic() - started,
               records=_json_lines(result.stdout))


def run_subprocess(args: list[str], *, timeout: float = HANG_SECONDS, cwd: Path | None = None,
                   env: dict[str, str] | None = None, stdin: bytes = b"",
                   prefix: list[str] | None = None) -> Run:
    """`python -m dashboard ARGS` in its own process group; killed (with its workers) on timeout.

    A run that is killed gets code -9 and "TIMEOUT" on stderr."""
    command = [sys.executable, *(prefix or ["-m", "dashboard"]), *args]
    full_env = {**os.environ, "PYTHONPATH": str(PROJECT), **(env or {})}
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd or PROJECT, env=full_env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        return Run(-9, out.decode("utf-8", "replace"), err.decode("utf-8", "replace") + "\nTIMEOUT",
                   time.monotonic() - started)
    stdout = out.decode("utf-8", "surrogateescape")
    return Run(process.returncode, stdout, err.decode("utf-8", "surrogateescape"),
               time.monotonic() - started, records=_json_lines(stdout))


def assert_clean(run: Run, *, limit: float = HANG_SECONDS) -> None:
    """What every run must satisfy, whatever its input: no crash, no raw escape, no hang."""
    assert not run.crashed, f"main() raised:\n{run.stderr}"
    assert run.code != 3, f"an internal error (exit 3):\n{run.stderr[-3000:]}"
    assert run.code != -9, f"killed after its time limit ({run.seconds:.1f} s): a hang"
    assert "Traceback" not in run.stdout, run.stdout[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert "\x1b" not in run.stdout, "raw ESC on stdout"
    assert "\x1b" not in run.stderr, "raw ESC on stderr"
    assert run.seconds < limit, f"took {run.seconds:.1f} s (hang guard {limit} s)"


def assert_no_raw_controls(text: str, where: str = "output") -> None:
    """No C0/C1 control (tab, newline, carriage return excepted) and no bidi control."""
    bad = sorted({f"U+{ord(c):04X}" for c in text
                  if (ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F
                  or c in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"})
    assert not bad, f"raw control characters in {where}: {', '.join(bad)}"


def where(path: Path | str, line: int | None = None, column: int | None = None) -> str:
    """The `file:line:column:` prefix a diagnostic must start with (just `file:` without a line)."""
    if line is None:
        return f"{path}:"
    return f"{path}:{line}:{column}:"


def contract_spans(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every span of a score-contract record (cues, sources, contents, sentences, quotes,
    speakers, loaded hits), absent ones left out."""
    candidates: list[Any] = []
    for a in record["attributions"]:
        candidates += [a["cue"], a["source"], a["content"], a["sentence"]]
    for q in record["quotes"]:
        candidates += [q, q["speaker"]]
    candidates += record["loaded"]
    yield from (span for span in candidates if span is not None)
