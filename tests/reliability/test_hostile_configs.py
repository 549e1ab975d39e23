"""Hostile config files: refused with `file:line:column: what is wrong` and exit code 2 before anything
is scored, with no crash. The files are in fixtures/configs/; pipes, links and inputs too big to
commit are made at test time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reliability_helpers import CONFIGS, SEED, assert_clean, where
from rule_snippets import GOOD_LOADED_RULE

from dashboard.runtime.yamlsafe import MAX_FILE_BYTES

CASES = [
    # "this is = = not toml"
    pytest.param("not_toml.toml", (1, 6), ["TOML syntax error"], id="not_toml.toml"),
    # fail-on = "error" (a dash for the underscore)
    pytest.param("unknown_key.toml", (1, 1), ["unknown key 'fail-on'", "did you mean 'fail_on'?"],
                 id="unknown_key.toml"),
    # max_bytes = "big"
    pytest.param("wrong_type.toml", (2, 13), ["max_bytes: expected a whole number of bytes > 0, not 'big'"],
                 id="wrong_type.toml"),
    # [checks.min-attribution-density] severity = "fatal"
    pytest.param("bad_severity.toml", (2, 12), ["severity: expected one of info, warning, error"],
                 id="bad_severity.toml"),
    # [checks.min-atribution-density]: no such check
    pytest.param("unknown_check.toml", (1, 1), ["no check with id 'min-atribution-density'",
                                                "did you mean 'min-attribution-density'?"],
                 id="unknown_check.toml"),
    # disable = ["single-sorce"]: no such rule
    pytest.param("unknown_disable.toml", (1, 11), ["no rule with id 'single-sorce'",
                                                   "did you mean 'single-source'?"],
                 id="unknown_disable.toml"),
    # Latin-1 bytes in a comment
    pytest.param("not_utf8.toml", (1, 1), ["not UTF-8 text (byte 25)"], id="not_utf8.toml"),
    # max_bytes = 0
    pytest.param("zero_max_bytes.toml", (1, 13), ["max_bytes: expected a whole number of bytes > 0"],
                 id="zero_max_bytes.toml"),
    # max_bytes = a 5000-digit integer: tomllib's int() raises ValueError, not TOMLDecodeError
    pytest.param("huge_int.toml", (1, 1), [], id="huge_int.toml"),
    # disable = 2000 nested arrays: tomllib recurses once per level
    pytest.param("deep_nesting.toml", (1, 1), [], id="deep_nesting.toml"),
    # rules = ["/etc"]: a config of the checked repository made biasdash read files outside it
    # (and quote their lines as "unknown key"s)
    pytest.param("outside_absolute.toml", (1, 9), ["rules: '/etc' is outside the project folder"],
                 id="outside_absolute.toml"),
    # rules = ["/"]: the whole disk was walked for rule files
    pytest.param("outside_root.toml", (1, 9), ["rules: '/' is outside the project folder"],
                 id="outside_root.toml"),
    # rules = ["../rules/dup"]: a way out of the config's folder with `..`
    pytest.param("outside_parent.toml", (1, 9), ["rules: '../rules/dup' is outside the project folder"],
                 id="outside_parent.toml"),
    # [checks.min-attribution-density] threshold = nan: a gate that can never fire
    pytest.param("nan_threshold.toml", (2, 13),
                 ["checks.min-attribution-density.threshold: expected a finite number, not nan"],
                 id="nan_threshold.toml"),
    # [checks.max-state-media-share] threshold = inf: never crossed by `>`
    pytest.param("inf_threshold.toml", (2, 13),
                 ["checks.max-state-media-share.threshold: expected a finite number, not inf"],
                 id="inf_threshold.toml"),
    # threshold = a 401-digit integer: float() of it raised OverflowError (a traceback)
    pytest.param("huge_threshold.toml", (2, 13),
                 ["checks.min-attribution-density.threshold: expected a finite number, not one of 401 digits"],
                 id="huge_threshold.toml"),
    # max_bytes = 10 TB: over dashboard.engine.article.MAX_LIMIT_BYTES, and was accepted
    pytest.param("huge_max_bytes.toml", (1, 13),
                 ["max_bytes: 10000000000000 is over the largest limit, 1073741824 bytes (1 GiB)"],
                 id="huge_max_bytes.toml"),
    # max_bytes = 100e9: a float, named as such
    pytest.param("float_max_bytes.toml", (1, 13),
                 ["max_bytes: expected a whole number of bytes > 0, not 100000000000.0"],
                 id="float_max_bytes.toml"),
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
    for message in messages:
        assert message in run.stderr


@pytest.mark.parametrize("command", ["check", "score", "compare", "report"])
def test_bad_default_format(cli, command: str, tmp_path: Path) -> None:
    # format = "xml": no command has it, so the config is refused as a whole, at the value
    path = CONFIGS / "bad_format.toml"
    args = ["-o", str(tmp_path / "r.html")] if command == "report" else []
    run = cli(command, "--config", path, SEED, *args)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(path, 1, 10)} error: format 'xml' is not one of csv, github, json" in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize("command, shows", [("score", "words"), ("check", "\"version\": \"2.1.0\"")])
def test_a_format_of_another_command_leaves_a_command_its_default(cli, command: str, shows: str,
                                                                  tmp_path: Path) -> None:
    # format = "sarif" is check's: score keeps its table, check writes SARIF
    config = tmp_path / "biasdash.toml"
    config.write_text('format = "sarif"\n', encoding="utf-8")
    run = cli(command, "--config", config, SEED)
    assert_clean(run)
    assert run.code in (0, 1), run.stderr
    assert shows in run.stdout


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


def _project(root: Path, rules: str) -> Path:
    """A project folder with a [tool.biasdash] table naming `rules` (a TOML array's text)."""
    project = root / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n[tool.biasdash]\nrules = {rules}\n',
                                            encoding="utf-8")
    return project


def test_pyproject_cannot_make_biasdash_read_a_file_outside_the_project(cli, in_tmp: Path,
                                                                         monkeypatch) -> None:
    # The checked repository's pyproject.toml named a file elsewhere on the disk: it was read, and
    # its keys (here, secrets) quoted as unknown keys of a rule file
    secret = in_tmp / "secret.yaml"
    secret.write_text("hunter2-secret: the database password\n", encoding="utf-8")
    project = _project(in_tmp, f'["{secret}"]')
    monkeypatch.chdir(project)
    run = cli("check", SEED)
    assert_clean(run)
    assert run.code == 2 and run.stdout == ""
    assert f"{where(project / 'pyproject.toml', 5, 9)} rules: '{secret}' is outside the project folder" \
        in run.stderr, run.stderr
    assert "hunter2" not in run.output


def test_a_link_out_of_the_project_is_outside_it(cli, in_tmp: Path, monkeypatch) -> None:
    # rules = ["house"], where house is a link to a pack elsewhere: links are resolved before
    # the pack is judged to be inside the project (the pack there used to be loaded)
    elsewhere = in_tmp / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "rules.yaml").write_text(GOOD_LOADED_RULE, encoding="utf-8")
    project = _project(in_tmp, '["house"]')
    (project / "house").symlink_to(elsewhere)
    monkeypatch.chdir(project)
    run = cli("check", SEED)
    assert_clean(run)
    assert run.code == 2 and run.stdout == ""
    assert f"{where(project / 'pyproject.toml', 5, 9)} rules: 'house' is outside the project folder" in run.stderr


def test_an_oversized_config_is_refused_from_its_size(cli, tmp_path: Path) -> None:
    # a valid config padded with comments past the limit: refused before it is read
    path = tmp_path / "big.toml"
    path.write_text('fail_on = "warning"\n' + ("#" + "x" * 1023 + "\n") * 1024, encoding="utf-8")
    run = cli("check", "--config", path, SEED)
    assert_clean(run)
    assert run.code == 2 and run.stdout == ""
    assert (f"{where(path, 1, 1)} config file is {path.stat().st_size} bytes, over the limit of "
            f"{MAX_FILE_BYTES} bytes") in run.stderr


def test_a_config_that_is_a_pipe_is_refused_unread(cli, tmp_path: Path) -> None:
    # --config of a named pipe: it was called "not found"; it is never opened (it would block)
    path = tmp_path / "config.toml"
    os.mkfifo(path)
    run = cli("check", "--config", path, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(path, 1, 1)} not a regular file (a pipe, device or socket): not read" in run.stderr


def test_every_config_fixture_is_covered() -> None:
    names = {c.id for c in CASES} | {"missing_pack.toml", "bad_format.toml"}
    assert {p.name for p in CONFIGS.glob("*.toml")} == names


def test_a_nul_in_a_rule_path_is_a_located_error(cli, in_tmp: Path) -> None:
    config = in_tmp / "nul.toml"
    config.write_text('rules = ["x/\\u0000"]\n', encoding="utf-8")  # TOML's escape for NUL
    run = cli("check", "--config", config, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{config}:1:9: rules: expected a list of paths (a path cannot hold a NUL character)" in run.stderr
