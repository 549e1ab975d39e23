"""`biasdash --help` and each command's help: every command listed, every option shown, wrapped
to the terminal's width (the parser for a run is built for its command only), the exit codes and
the --format choices said from the tables the code runs on."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from dashboard.cli import COMMANDS, EXIT_CODES, ExitCode, build_parser
from dashboard.report.records import FORMAT_HELP


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


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("command", [[], ["check"], ["score"], ["compare"], ["report"], ["eval"], ["rules", "test"]])
def test_help_lists_every_exit_code_with_its_meaning(run_cli, command) -> None:
    text = _one_line(run_cli(*command, "--help").stdout)
    assert "exit codes:" in text
    for code, meaning in EXIT_CODES.items():
        assert f" {int(code)} {meaning}" in text, (code, meaning)
    assert set(EXIT_CODES) == set(ExitCode)  # a code added to ExitCode is said in the table too


@pytest.mark.parametrize("command", sorted(FORMAT_HELP))
def test_a_commands_help_lists_each_format_choice_with_what_it_writes(run_cli, command) -> None:
    result = run_cli(command, "--help")
    text = _one_line(result.stdout)
    for name, meaning in FORMAT_HELP[command].items():
        assert f" {name} {meaning}" in text, name
    # and those are the choices the parser takes: a format not in the table is refused
    refused = run_cli(command, "--format", "nosuchformat", "x")
    assert refused.code == 2 and "invalid choice: 'nosuchformat'" in refused.stderr


def test_top_level_help_lists_the_formats_of_every_command(run_cli) -> None:
    text = _one_line(run_cli("--help").stdout)
    for command, formats in FORMAT_HELP.items():
        assert f" {command} {', '.join(formats)}" in text, command


def test_the_format_choices_are_the_table_in_the_help() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    for command, formats in FORMAT_HELP.items():
        option = next(a for a in commands[command]._actions if "--format" in a.option_strings)
        assert tuple(option.choices) == tuple(formats), command
