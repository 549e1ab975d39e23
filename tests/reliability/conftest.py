"""Fixtures of the reliability tests: the helpers module is importable, runs start in an empty folder."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reliability_helpers import Run, run_in_process


@pytest.fixture
def cli(run_cli: Callable[..., Any], in_tmp: Path) -> Callable[..., Run]:
    """`cli(*args, stdin=b"") -> Run`: biasdash in-process from an empty temporary folder (no
    pyproject.toml config is picked up), timed, with a crash turned into a traceback on stderr."""

    def call(*args: Any, stdin: bytes = b"") -> Run:
        return run_in_process(run_cli, *args, stdin=stdin)

    return call
