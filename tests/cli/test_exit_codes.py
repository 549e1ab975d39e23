"""Exit codes a script can rely on: usage errors for limits that would crash or never fire, the
dashboard's own code passed through, and every code listed in the help."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("in_tmp")


@pytest.mark.parametrize(("option", "value", "message"), [
    # 1 GiB + 1: above MAX_LIMIT_BYTES (a larger limit ran out of memory instead of refusing)
    pytest.param("--max-bytes", "1073741825", "argument --max-bytes: at most 1073741824 bytes (1 GiB)",
                 id="max-bytes-1GiB+1"),
    # 10**30: read(limit + 1) raised OverflowError
    pytest.param("--max-bytes", "1" + "0" * 30, "argument --max-bytes: at most 1073741824 bytes (1 GiB)",
                 id="max-bytes-1e30"),
    # NaN: no article would ever time out
    pytest.param("--timeout", "nan", "argument --timeout: expected a finite number of seconds > 0, got nan",
                 id="timeout-nan"),
    # infinity: the same
    pytest.param("--timeout", "inf", "argument --timeout: expected a finite number of seconds > 0, got inf",
                 id="timeout-inf"),
    # negative: every article would time out at once
    pytest.param("--timeout", "-1", "argument --timeout: expected a finite number of seconds > 0, got -1",
                 id="timeout-negative"),
    # zero: was silently taken as "the default"
    pytest.param("--timeout", "0", "argument --timeout: expected a finite number of seconds > 0, got 0",
                 id="timeout-zero"),
])
@pytest.mark.parametrize("command", ["check", "score"])
def test_limits_that_cannot_work_are_usage_errors(run_cli, seed_file, command: str, option: str,
                                                  value: str, message: str) -> None:
    result = run_cli(command, seed_file("000"), f"{option}={value}")
    assert result.code == 2
    assert result.stderr.strip().splitlines()[-1] == f"biasdash {command}: error: {message}"
    assert result.stdout == ""


def test_the_largest_max_bytes_is_accepted(run_cli, seed_file) -> None:
    result = run_cli("score", seed_file("000"), "--max-bytes", "1073741824", "--format", "jsonl")
    assert result.code == 0, result.stderr
    assert len(result.lines) == 1


@pytest.mark.parametrize("return_code", [
    None,  # quit with q: 0
    143,   # stopped by SIGTERM (the app exits with 128 + 15)
    129,   # stopped by SIGHUP
])
def test_the_dashboard_exit_code_is_the_apps(run_cli, seeds_dir, monkeypatch, return_code) -> None:
    import dashboard.tui.app as tui_app

    class App:
        """Stands in for BiasDashApp: ends at once with the given code."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            self.return_code = None

        def run(self) -> None:
            self.return_code = return_code

    monkeypatch.setattr(tui_app, "BiasDashApp", App)
    monkeypatch.setattr("dashboard.cli._has_terminal", lambda streams: True)  # as in a terminal
    assert run_cli("tui", seeds_dir).code == (return_code or 0)
