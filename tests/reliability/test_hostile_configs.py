"""Hostile config files: refused with `file:line:column: what is wrong` and exit code 2 before anything
is scored, with no crash. The files are in fixtures/configs/."""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability_helpers import CONFIGS, SEED, assert_clean, where

CASES = [
    # "this is = = not toml"
    pytest.param("not_toml.toml", (1, 6), ["TOML syntax error"], id="not_toml.toml"),
    # fail-on = "error" (a dash for the underscore)
    pytest.param("unknown_key.toml", (1, 1), ["unknown key 'fail-on'", "did you mean 'fail_on'?"],
                 id="unknown_key.toml"),
    # max_bytes = "big"
    pytest.param("wrong_type.toml", (2, 12), ["max_bytes: expected a whole number of bytes > 0"],
                 id="wrong_type.toml"),
    # [checks.min-attribution-density] severity = "fatal"
    pytest.param("bad_severity.toml", (2, 11), ["severity: expected one of info, warning, error"],
                 id="bad_severity.toml"),
    # [checks.min-atribution-density]: no such check
    pytest.param("unknown_check.toml", (1, 1), ["no check with id 'min-atribution-density'",
                                                "did you mean 'min-attribution-density'?"],
                 id="unknown_check.toml"),
    # disable = ["single-sorce"]: no such rule
    pytest.param("unknown_disable.toml", (1, 10), ["no rule with id 'single-sorce'",
                                                   "did you mean 'single-source'?"],
                 id="unknown_disable.toml"),
    # Latin-1 bytes in a comment
    pytest.param("not_utf8.toml", (1, 1), ["not UTF-8 text (byte 25)"], id="not_utf8.toml"),
    # max_bytes = 0
    pytest.param("zero_max_bytes.toml", (1, 12), ["max_bytes: expected a whole number of bytes > 0"],
                 id="zero_max_bytes.toml"),
    # max_bytes = a 5000-digit integer: tomllib's int() raises ValueError, not TOMLDecodeError
    pytest.param("huge_int.toml", (1, 1), [], id="huge_int.toml"),
    # disable = 2000 nested arrays: tomllib recurses once per level
    pytest.param("deep_nesting.toml", (1, 1), [], id="deep_nesting.toml"),
]

COMMANDS = [
    pytest.param(("check",), id="check"),
    pytest.param(("score", "--format", "jsonl"), id="score"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name, at, messages", CASES)
def test_bad_config_is_refused(cli, command: tuple[str, ...], name: str, at: tuple[int, int],
                               messages: list[str]) -> None:
    path = CONFIGS / name
    run = cli(*command, "--config", path, SEED)
    assert_clean(run)
    assert run.code == 2
    assert run.stdout == ""  # nothing scored
    assert f"{where(path, *at)} " in run.stderr, run.stderr
    for message in messages:
        assert message in run.stderr


@pytest.mark.parametrize("name, at, messages", CASES)
def test_bad_config_stops_rules_validate(cli, name: str, at: tuple[int, int], messages: list[str]) -> None:
    path = CONFIGS / name
    run = cli("rules", "validate", "--config", path)
    assert_clean(run)
    assert run.code == 2
    assert where(path) in run.stderr


@pytest.mark.parametrize("command, allowed", [("check", "text, json, jsonl"),
                                              ("score", "table, json, jsonl, csv")])
def test_bad_default_format(cli, command: str, allowed: str) -> None:
    # format = "xml": checked when the config's format is used, i.e. without --format
    path = CONFIGS / "bad_format.toml"
    run = cli(command, "--config", path, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(path, 1, 1)} format 'xml' is not one of {allowed} for {command}" in run.stderr
    assert run.stdout == ""
    run = cli(command, "--format", "json", "--config", path, SEED)  # --format wins: no error
    assert_clean(run)
    assert run.code == 0


def test_missing_rule_pack_named_in_config(cli) -> None:
    # rules = ["no-such-pack/"], resolved next to the config file
    run = cli("check", "--config", CONFIGS / "missing_pack.toml", SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(CONFIGS / 'no-such-pack', 1, 1)} rule pack not found" in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize("target", ["missing.toml", "."], ids=["missing", "a-folder"])
def test_config_that_is_not_a_file(cli, tmp_path: Path, target: str) -> None:
    path = tmp_path / target
    run = cli("check", "--config", path, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(path, 1, 1)} config file not found" in run.stderr


def test_bad_pyproject_table_is_found_and_refused(cli, in_tmp: Path) -> None:
    # no --config: [tool.biasdash] of the pyproject.toml in the current folder
    pyproject = in_tmp / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n[tool.biasdash]\nfail-on = "error"\n', encoding="utf-8")
    run = cli("check", SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(pyproject, 5, 1)} unknown key 'fail-on'" in run.stderr


def test_every_config_fixture_is_covered() -> None:
    names = {c.id for c in CASES} | {"missing_pack.toml", "bad_format.toml"}
    assert {p.name for p in CONFIGS.glob("*.toml")} == names
