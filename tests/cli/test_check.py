"""`biasdash check`: exit codes, finding lines, configs, rule-file and input errors, output files."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("in_tmp")

# Two attributions, both to Reuters: the default `single-source` check (severity info) fires.
SINGLE_SOURCE = "The talks went well, Reuters reported. Both sides agreed, Reuters said.\n"
# A quote of four or more words with no speaker: `unattributed-quotes` (warning) fires.
UNATTRIBUTED = 'The plan was ready at last. "This will change everything for the region."\n'
FINDING_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<column>\d+): "
                          r"(?P<severity>info|warning|error) (?P<check>[a-z0-9][a-z0-9_.-]*): (?P<message>.+)$")


def test_clean_run_exits_0(run_cli, seeds_dir) -> None:
    result = run_cli("check", "--fail-on", "error", seeds_dir)
    assert result.code == 0, result.stderr
    assert "2 article(s) checked" in result.stderr
    assert "0 input error(s)" in result.stderr


def test_threshold_breached_by_config_exits_1_with_finding_lines(run_cli, seeds_dir, write_file) -> None:
    config = write_file("strict.toml", """
        disable = ["partial-wire-credit", "state-media-laundered"]  # the seeds' reuse findings
        [checks.min-attribution-density]
        threshold = 0.9
        severity = "error"
        """)
    result = run_cli("check", "--config", config, seeds_dir)
    assert result.code == 1, result.stderr
    found = [FINDING_LINE.match(line) for line in result.out_lines]
    assert found and all(found), result.stdout
    by_path = {Path(m["path"]).name: m for m in found}
    assert set(by_path) == {p.name for p in seeds_dir.glob("*.txt")}
    for m in found:
        assert Path(m["path"]).is_file()
        assert (m["severity"], m["check"]) == ("error", "min-attribution-density")
        assert "minimum 90%" in m["message"]  # {threshold} filled in from the config, as a percentage
        assert int(m["line"]) >= 1 and int(m["column"]) >= 1


def test_default_threshold_is_not_breached_by_the_seeds(run_cli, seeds_dir) -> None:
    result = run_cli("check", "--fail-on", "info", seeds_dir)
    assert "min-attribution-density" not in result.stdout


def test_finding_position_points_at_the_evidence(run_cli, write_file) -> None:
    path = write_file("quote.txt", "Headline\n\n" + UNATTRIBUTED)
    result = run_cli("check", "--no-model", path)  # the learned layer takes "it read" as a cue (PolNeAR does)
    assert result.code == 1
    [m] = [FINDING_LINE.match(line) for line in result.out_lines]
    assert m["check"] == "unattributed-quotes"
    assert m["path"] == str(path)
    line_no, column = int(m["line"]), int(m["column"])
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[line_no - 1][column - 1] == '"'


def test_one_finding_per_unattributed_quote_at_its_line_and_column(run_cli, write_file) -> None:
    # Three quotes: one with a speaker tag, two without; each of those two gets its own finding,
    # at the quote's own opening mark, and its message names the quote.
    text = ("Headline\n\n"
            '"Why would anyone want to hurt our son?" Kim said.\n\n'
            'The plan was discussed at length. "This will change everything for the region."\n\n'
            'Nothing else was agreed. Later that day:\n\n'
            '   “We will see what the next round of talks can bring to all of us.”\n')
    path = write_file("quotes.txt", text)
    result = run_cli("check", path)
    assert result.code == 1
    found = [FINDING_LINE.match(line) for line in result.out_lines]
    assert all(found), result.stdout
    quotes = [m for m in found if m and m["check"] == "unattributed-quotes"]
    lines = text.splitlines()
    assert [(int(m["line"]), int(m["column"])) for m in quotes] == [(5, 35), (9, 4)]
    for m in quotes:
        assert lines[int(m["line"]) - 1][int(m["column"]) - 1] in '"“'
    assert '"This will change everything for the…"' in quotes[0]["message"]
    assert "“We will see what the next…”" in quotes[1]["message"]
    assert all("(2 in the article)" in m["message"] for m in quotes)


@pytest.mark.parametrize(("fail_on", "code"), [
    ("info", 1),      # the info finding is at the fail level
    ("warning", 0),   # below it
    ("error", 0),
])
def test_fail_on_level(run_cli, write_file, fail_on: str, code: int) -> None:
    path = write_file("one.txt", SINGLE_SOURCE)
    result = run_cli("check", "--fail-on", fail_on, path)
    assert result.code == code
    assert "info single-source" in result.stdout  # reported whatever the fail level


def test_broken_rule_file_exits_2_with_position(run_cli, seeds_dir, tmp_rules, good_loaded_rule) -> None:
    pack = tmp_rules(good_loaded_rule.replace("terms: [fiendish]", "terms: [fiendish"))
    result = run_cli("check", "--rules", pack, seeds_dir)
    assert result.code == 2
    assert result.stdout == ""  # nothing was scored
    assert re.search(r"rules\.yaml:\d+:\d+: YAML syntax error", result.stderr), result.stderr


def test_unknown_rule_key_exits_2_with_suggestion(run_cli, seeds_dir, tmp_rules, good_loaded_rule) -> None:
    pack = tmp_rules(good_loaded_rule.replace("    category:", "    categroy:"))
    result = run_cli("check", "--rules", pack, seeds_dir)
    assert result.code == 2
    assert "pack/rules.yaml:5:5: unknown key 'categroy'" in result.stderr
    assert "did you mean 'category'?" in result.stderr


def test_unknown_config_key_exits_2_with_suggestion(run_cli, seeds_dir, write_file) -> None:
    config = write_file("bad.toml", 'fial_on = "error"\n')
    result = run_cli("check", "--config", config, seeds_dir)
    assert result.code == 2
    assert result.stdout == ""
    assert f"{config}:1:1: unknown key 'fial_on'" in result.stderr
    assert "did you mean 'fail_on'?" in result.stderr


def test_unknown_key_in_pyproject_table_names_its_line(run_cli, seeds_dir, write_file) -> None:
    write_file("pyproject.toml", """
        [project]
        name = "newsroom"

        [tool.biasdash]
        fial_on = "error"
        """)
    result = run_cli("check", seeds_dir)
    assert result.code == 2
    assert re.search(r"pyproject\.toml:5:1: unknown key 'fial_on' \(did you mean 'fail_on'\?\)",
                     result.stderr), result.stderr


@pytest.mark.parametrize(("toml", "message"), [
    ('fail_on = "critical"\n', "fail_on: expected one of info, warning, error"),
    ("[checks.min-atribution-density]\nthreshold = 0.5\n", "did you mean 'min-attribution-density'?"),
    ('[checks.min-attribution-density]\ntreshold = 0.5\n', "did you mean 'threshold'?"),
    ('[checks.min-attribution-density]\nthreshold = "high"\n', "threshold: expected a number"),
    ("fail_on = \n", "TOML syntax error"),
])
def test_bad_config_values_exit_2(run_cli, seeds_dir, write_file, toml: str, message: str) -> None:
    config = write_file("c.toml", toml)
    result = run_cli("check", "--config", config, seeds_dir)
    assert result.code == 2
    assert f"{config}:" in result.stderr
    assert message in result.stderr


def test_missing_file_exits_2_but_good_articles_are_reported(run_cli, seeds_dir) -> None:
    result = run_cli("check", "--format", "jsonl", seeds_dir, "no-such-article.txt")
    assert result.code == 2
    assert result.lines is not None and len(result.lines) == 2
    assert "no-such-article.txt:1:1: error: no such file or folder" in result.stderr
    assert "1 input error(s)" in result.stderr


def test_skip_bad_keeps_the_exit_code_of_the_good_articles(run_cli, seeds_dir) -> None:
    result = run_cli("check", "--format", "jsonl", "--skip-bad", seeds_dir, "no-such-article.txt")
    assert result.code in (0, 1)
    assert result.code == run_cli("check", seeds_dir).code
    assert len(result.lines) == 2
    assert "no-such-article.txt" in result.stderr  # still reported


def test_jsonl_with_a_malformed_line(run_cli, write_file) -> None:
    path = write_file("feed.jsonl", (
        '{"id": "a", "text": "Troops massed at the border, Reuters reported."}\n'
        '{"id": "b", "text": "unterminated\n'
        '{"id": "c", "text": "The talks went well, Xinhua reported."}\n'))
    result = run_cli("check", "--format", "jsonl", path)
    assert result.code == 2
    assert [r["id"] for r in result.lines] == ["a", "c"]
    assert re.search(rf"{re.escape(str(path))}:2:\d+: error: invalid JSON", result.stderr), result.stderr


@pytest.mark.parametrize(("record", "message"), [
    ('{"text": "No id here, Reuters reported."}', "missing `id`"),
    ('{"id": "x"}', "missing `text`"),
    ('["id", "text"]', "expected a JSON object"),
])
def test_jsonl_records_missing_fields(run_cli, write_file, record: str, message: str) -> None:
    path = write_file("feed.jsonl", '{"id": "ok", "text": "Troops massed, Reuters reported."}\n'
                                    + record + "\n")
    result = run_cli("check", "--format", "jsonl", path)
    assert result.code == 2
    assert [r["id"] for r in result.lines] == ["ok"]
    assert f"{path}:2:" in result.stderr and message in result.stderr


def test_jsonl_findings_point_at_the_jsonl_line(run_cli, write_file) -> None:
    path = write_file("feed.jsonl", '{"id": "clean", "text": "Troops massed, Reuters reported."}\n'
                                    '{"id": "quote", "text": ' + json.dumps(UNATTRIBUTED) + "}\n")
    result = run_cli("check", "--no-model", path)
    assert result.code == 1
    [m] = [FINDING_LINE.match(line) for line in result.out_lines]
    assert (m["path"], m["line"], m["column"]) == (str(path), "2", "1")
    assert m["message"].startswith("[quote] ")


def test_pyproject_in_cwd_is_read(run_cli, write_file) -> None:
    article = write_file("one.txt", SINGLE_SOURCE)
    assert run_cli("check", article).code == 0  # info is below the default fail level
    write_file("pyproject.toml", """
        [tool.biasdash]
        fail_on = "info"
        """)
    result = run_cli("check", article)
    assert result.code == 1
    assert "info single-source" in result.stdout


def test_pyproject_is_found_upward_and_cli_option_wins(run_cli, write_file, monkeypatch, in_tmp) -> None:
    write_file("pyproject.toml", '[tool.biasdash]\nfail_on = "info"\n')
    article = write_file("drafts/today/one.txt", SINGLE_SOURCE)
    monkeypatch.chdir(in_tmp / "drafts" / "today")
    assert run_cli("check", "one.txt").code == 1
    assert run_cli("check", "--fail-on", "warning", "one.txt").code == 0
    assert article.is_file()


def test_config_disable_and_format(run_cli, write_file) -> None:
    article = write_file("one.txt", SINGLE_SOURCE)
    config = write_file("c.toml", 'fail_on = "info"\nformat = "jsonl"\ndisable = ["single-source"]\n')
    result = run_cli("check", "--config", config, article)
    assert result.code == 0
    assert result.lines == [{"id": "one", "path": str(article), "findings": []}]




@pytest.mark.parametrize(("file", "head"), [
    pytest.param("c.toml", "# house settings\n\n", id="config-file"),
    pytest.param("pyproject.toml", '[project]\nname = "newsroom"\n[tool.biasdash]\n', id="pyproject"),
])
@pytest.mark.parametrize(("body", "where", "message"), [
    ('disable = ["single-sorce"]\n', "4:11", "no rule with id 'single-sorce' (did you mean 'single-source'?)"),
    ("[checks.single-sorce]\nseverity = 'error'\n", "4:1",
     "no check with id 'single-sorce' (did you mean 'single-source'?)"),
], ids=["disable", "checks-table"])
def test_config_naming_an_unknown_rule_exits_2_at_its_line(run_cli, write_file, file, head, body, where,
                                                            message) -> None:
    article = write_file("one.txt", SINGLE_SOURCE)
    if file == "pyproject.toml":
        body = body.replace("[checks.", "[tool.biasdash.checks.")
    else:
        head = head + "\n"  # the same line numbers as the pyproject variant
    config = write_file(file, head + body)
    args = ["--config", config] if file == "c.toml" else []
    result = run_cli("check", *args, article)
    assert result.code == 2
    assert result.stdout == ""
    assert f"{file}:{where}: {message}" in result.stderr, result.stderr


def test_config_rules_are_relative_to_the_config_file(run_cli, seeds_dir, write_file, tmp_rules,
                                                      in_tmp, monkeypatch) -> None:
    tmp_rules("""
        kind: checks
        rules:
          - id: min-attribution-density
            description: The house standard is stricter than the default.
            metric: attribution_density
            op: "<"
            threshold: 0.9
            severity: error
            message: "only {value} attributed (house minimum {threshold})"
            examples:
              match: ["The economy grew. Prices rose."]
        """, name="settings/house")
    config = write_file("settings/biasdash.toml", 'rules = ["house"]\n')
    elsewhere = in_tmp / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run_cli("check", "--config", config, seeds_dir)
    assert result.code == 1, result.stderr
    assert "error min-attribution-density: only" in result.stdout
    assert "house minimum 90%" in result.stdout  # a share, shown as a percentage


def test_json_format(run_cli, seeds_dir, write_file) -> None:
    article = write_file("one.txt", SINGLE_SOURCE)
    result = run_cli("check", "--format", "json", "--fail-on", "error", seeds_dir, article)
    assert result.code == 0
    assert isinstance(result.json, list) and len(result.json) == 3
    assert all(set(r) == {"id", "path", "findings"} for r in result.json)
    [mine] = [r for r in result.json if r["id"] == "one"]
    [finding] = mine["findings"]
    assert (finding["check"], finding["severity"]) == ("single-source", "info")
    assert finding["line"] == 1 and finding["column"] == 1


def test_output_file_is_written_atomically(run_cli, seeds_dir, write_file, in_tmp) -> None:
    config = write_file("strict.toml", 'disable = ["partial-wire-credit", "state-media-laundered"]\n'
                                       "[checks.min-attribution-density]\nthreshold = 0.9\n")
    out_dir = in_tmp / "reports"
    out_dir.mkdir()
    before = set(os.listdir(out_dir))
    result = run_cli("check", "--config", config, "-o", out_dir / "report.txt", seeds_dir)
    assert result.code == 1
    assert result.stdout == ""
    assert set(os.listdir(out_dir)) - before == {"report.txt"}  # no temporary file left
    lines = (out_dir / "report.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(FINDING_LINE.match(line) for line in lines)


def test_output_file_replaces_an_old_report(run_cli, seeds_dir, in_tmp) -> None:
    target = in_tmp / "report.jsonl"
    target.write_text("old contents\n", encoding="utf-8")
    result = run_cli("check", "--format", "jsonl", "--fail-on", "error", "-o", target, seeds_dir)
    assert result.code == 0
    assert "old contents" not in target.read_text(encoding="utf-8")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2
    assert sorted(os.listdir(in_tmp)) == ["report.jsonl"]


def test_output_file_gets_the_usual_permissions(run_cli, seeds_dir, in_tmp) -> None:
    old = os.umask(0o022)
    try:
        result = run_cli("check", "--format", "jsonl", "--fail-on", "error", "-o",
                         in_tmp / "report.jsonl", seeds_dir)
    finally:
        os.umask(old)
    assert result.code == 0
    assert stat.S_IMODE(os.stat(in_tmp / "report.jsonl").st_mode) == 0o644


def test_output_file_in_a_missing_folder_exits_2(run_cli, seeds_dir, in_tmp) -> None:
    result = run_cli("check", "-o", in_tmp / "nope" / "report.txt", seeds_dir)
    assert result.code == 2
    assert "report.txt:1:1: error: cannot write" in result.stderr


def test_terminal_escapes_in_articles_are_neutralised(run_cli, write_file, in_tmp) -> None:
    # An escape in the text, in the file name and in a JSONL id; rich-style markup in each too.
    txt = write_file("evil\x1b[2Jname.txt",
                     "[bold]Evil[/bold] \x1b[31mheadline\x1b[0m\n\n" + UNATTRIBUTED.replace(
                         "everything", "\x1b]0;pwned\x07everything"))
    jsonl = write_file("feed.jsonl", '{"id": "id\\u001b[31m[bold]x", "text": '
                       + json.dumps(UNATTRIBUTED.strip() + " [bold]Hi[/bold] \x1b[2J") + "}\n")
    result = run_cli("check", "--no-model", txt, jsonl)
    assert result.code == 1
    assert len(result.out_lines) >= 2
    for line in result.out_lines + result.err_lines:
        assert "\x1b" not in line and "\x07" not in line, repr(line)
    assert any("\\x1b" in line for line in result.out_lines)  # shown, visibly escaped
    assert any("[bold]" in line for line in result.out_lines)  # markup is left as literal text
    assert all(FINDING_LINE.match(line) for line in result.out_lines)


def test_max_bytes_refuses_large_articles(run_cli, seeds_dir) -> None:
    result = run_cli("check", "--max-bytes", "100", "--format", "jsonl", seeds_dir)
    assert result.code == 2
    assert result.lines == []
    assert "over the limit of 100 bytes" in result.stderr


def test_binary_and_empty_inputs_are_input_errors(run_cli, write_file) -> None:
    good = write_file("good.txt", SINGLE_SOURCE)
    binary = write_file("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    empty = write_file("empty.txt", "   \n")
    result = run_cli("check", "--format", "jsonl", good, binary, empty)
    assert result.code == 2
    assert [r["id"] for r in result.lines] == ["good"]
    assert f"{binary}:1:1: error:" in result.stderr
    assert f"{empty}:1:1: error: empty article" in result.stderr


@pytest.mark.parametrize("argv", [
    ["check"],                                   # no PATH
    ["check", "--fail-on", "fatal", "x.txt"],   # not a severity
    ["check", "--format", "csv", "x.txt"],      # csv is a score format
])
def test_usage_errors_exit_2(run_cli, argv: list[str]) -> None:
    assert run_cli(*argv).code == 2
