"""The code stays lint-clean, type-clean and layered as ARCHITECTURE.md draws it: ruff, mypy and
import-linter run as part of the test command, each with the settings of pyproject.toml, so a
change that breaks one of them fails the suite instead of waiting for someone to run the tool.

Each tool runs from the folder of the interpreter that runs pytest (the virtual environment's bin),
not from PATH, so the versions pinned in the `test` extra are the ones used; none needs a network.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Not resolved: .venv/bin/python is a link to the base interpreter, whose bin has no ruff or mypy.
BIN_DIR = Path(sys.executable).parent

TOOLS = [
    # lint: the rule selection of [tool.ruff] over all the Python of the repository
    pytest.param(["ruff", "check", "--no-fix", "--output-format", "concise", "dashboard", "tests", "benchmarks"],
                 id="ruff"),
    # types: the files and strictness of [tool.mypy] (every function annotated)
    pytest.param(["mypy"], id="mypy"),
    # layers: the contracts of [tool.importlinter] (faces > report > runtime > engine, a pure engine)
    pytest.param(["lint-imports"], id="import-linter"),
]


@pytest.mark.parametrize("command", TOOLS)
def test_tool_is_clean(command: list[str]) -> None:
    tool = BIN_DIR / command[0]
    if not tool.exists():
        pytest.fail(f"{tool} is not installed: pip install -e '.[test]' installs it")
    # NO_COLOR: plain text in the failure message even where CI sets FORCE_COLOR.
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([str(tool), *command[1:]], cwd=PROJECT_DIR, env=env, capture_output=True,
                          text=True, timeout=240, check=False)
    if done.returncode != 0:
        pytest.fail(f"`{' '.join(command)}` exited {done.returncode}:\n{done.stdout}{done.stderr}",
                    pytrace=False)
