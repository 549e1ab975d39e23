"""Shared helpers: run the CLI in-process, locate the seed articles, write rule packs and configs."""

from __future__ import annotations

import atexit
import faulthandler
import io
import json
import os
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rule_snippets import GOOD_LOADED_RULE

from dashboard.cli import main

# The rule-set cache goes to a folder of this process's own, never the user's ~/.cache: each
# pytest-xdist worker imports this file and so gets its own folder, and subprocesses started by
# its tests inherit it. Tests that look into the cache set BIASDASH_CACHE_DIR to their tmp_path.
os.environ["BIASDASH_CACHE_DIR"] = tempfile.mkdtemp(prefix="biasdash-test-cache-")
atexit.register(shutil.rmtree, os.environ["BIASDASH_CACHE_DIR"], ignore_errors=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    """If the test process is still alive two minutes after the last test (something it started
    keeps it from exiting), print every thread's stack and exit 1, rather than hold CI for ever.

    Not in an xdist worker: one that runs out of tests early is told to finish while the others
    still run, and waits (alive, as it should) for the session to end; killed after two minutes,
    it would leave the controller waiting for it for ever."""
    if hasattr(config, "workerinput"):
        return
    faulthandler.dump_traceback_later(120, exit=True, file=sys.__stderr__ or sys.stderr)


TESTS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = TESTS_DIR.parent


@dataclass
class Result:
    """What one `biasdash` run produced."""

    code: int
    stdout: str
    stderr: str
    json: Any = None  # stdout parsed as one JSON document, when it is one
    lines: list[Any] | None = field(default=None)  # stdout parsed line by line (JSONL), when every line parses

    @property
    def out_lines(self) -> list[str]:
        return self.stdout.splitlines()

    @property
    def err_lines(self) -> list[str]:
        return self.stderr.splitlines()


def _parse(stdout: str) -> tuple[Any, list[Any] | None]:
    try:
        whole = json.loads(stdout)
    except ValueError:
        whole = None
    lines: list[Any] = []
    for line in stdout.splitlines():
        if not line.strip():
            continue
        try:
            lines.append(json.loads(line))
        except ValueError:
            return whole, None
    return whole, lines


def invoke(*args: Any, stdin: bytes = b"") -> Result:
    """Run `biasdash ARGS...` in-process with in-memory streams (Path arguments are allowed)."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    whole, lines = _parse(out.getvalue())
    return Result(int(code), out.getvalue(), err.getvalue(), whole, lines)


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """`run_cli(*args, stdin=b"") -> Result(code, stdout, stderr, json, lines)`."""
    return invoke


@pytest.fixture(scope="module")
def run_cli_once() -> Callable[..., Result]:
    """run_cli for module-scoped fixtures (a corpus scored once for all of a module's tests)."""
    return invoke


@pytest.fixture
def seeds_dir() -> Path:
    """The project's seed articles."""
    return PROJECT_DIR / "seeds"


@pytest.fixture
def seed_file(seeds_dir: Path) -> Callable[[str], Path]:
    """`seed_file("000")`: the seed whose file name is 000_*.txt."""

    def find(prefix: str) -> Path:
        found = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
        assert len(found) == 1, f"expected exactly one seed {prefix}_*.txt, found {found}"
        return found[0]

    return find


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from an empty temporary folder: no pyproject.toml config is picked up by accident."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def tmp_rules(tmp_path: Path) -> Callable[..., Path]:
    """`tmp_rules(yaml_text, name="pack", file="rules.yaml") -> Path` of a rule-pack folder."""

    def write(text: str, name: str = "pack", file: str = "rules.yaml") -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return folder

    return write


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """`write_file(name, text_or_bytes) -> Path` in tmp_path (text is dedented, written as UTF-8)."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def good_loaded_rule() -> str:
    """The YAML of a valid one-rule loaded pack (line 3 is `- id:`, line 7 is `terms:`)."""
    return GOOD_LOADED_RULE


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers per core. Much of the suite waits rather than computes (the
    dashboard's Pilot pauses, CLI subprocesses, worker pools starting), so on this project's
    2-core runners four workers finish sooner than two (measured on an idle 2-core machine:
    the whole suite in 166 s with four, 190 s with two)."""
    return 2 * (os.cpu_count() or 1)
