"""`biasdash --help` and each command's help: every command listed, every option shown, wrapped
to the terminal's width (the parser for a run is built for its command only)."""

from __future__ import annotations

import contextlib
import io

import pytest

from dashboard.cli import COMMANDS, build_parser


def _help(parser_args: list[str], only: str | None) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build_parser(only).parse_args([*parser_args, "--help"])
    return out.getvalue()


def test_top_level_help_lists_every_command(run_cli) -> None:
    result = run_cli("--help")
    assert result.code == 0
    listed = {line.split()[0] for line in result.stdout.split("COMMAND\n", 2)[-1].splitlines()
              if line.startswith("    ") and line.split()}
    assert set(COMMANDS) <= listed, result.stdout


@pytest.mark.parametrize("command", [["check"], ["score"], ["rules"], ["rules", "learn"], ["eval"], ["tui"]])
def test_a_commands_help_is_the_same_as_from_the_full_parser(run_cli, monkeypatch, command) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = run_cli(*command, "--help")
    assert result.code == 0
    assert result.stdout == _help(command, None)
    assert "--help" in result.stdout


def test_check_help_names_its_options(run_cli) -> None:
    text = run_cli("check", "--help").stdout
    for option in ("--fail-on", "--format", "--jobs", "--timeout", "--rules", "--config", "--output"):
        assert option in text


@pytest.mark.parametrize("columns", [60, 120])
def test_help_is_wrapped_to_the_terminal_width(run_cli, monkeypatch, columns) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = run_cli("check", "--help").stdout.splitlines()
    assert max(map(len, lines)) <= columns - 2
    assert max(map(len, lines)) > columns - 20  # and uses the width it has
