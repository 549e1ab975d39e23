"""`check --format sarif|junit|github`: what CI systems read, validated as they would read it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("in_tmp")

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "sarif-schema-2.1.0.json"
# A quote of four or more words with no speaker: an `unattributed-quotes` finding (warning) at 2:1.
QUOTE = ('The plan was ready at last.\n"We are 100% sure this will change everything for the region."\n'
         "Nobody disagreed.\n")


def _article(tmp: Path, name: str = "quotes.txt", text: str = QUOTE) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sarif_is_valid_against_the_official_schema(run_cli, in_tmp, seeds_dir) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    shutil.copytree(seeds_dir, in_tmp / "seeds")
    _article(in_tmp)
    result = run_cli("check", "--no-model", "seeds", "quotes.txt", "--format", "sarif")
    assert result.code == 1, result.stderr
    log = result.json
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert "unattributed-quotes" in ids and "state-media-laundered" in ids  # the reuse checks too
    quotes_rule = rules[ids.index("unattributed-quotes")]
    assert quotes_rule["help"]["text"].startswith("A direct quotation with no speaker")
    results = run["results"]
    # One result per occurrence: the quote, and the seeds' two reuse findings.
    assert sorted(r["ruleId"] for r in results) == ["partial-wire-credit", "state-media-laundered",
                                                    "unattributed-quotes"]
    quotes = [r for r in results if r["ruleId"] == "unattributed-quotes"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in quotes]
    assert [(g["startLine"], g["startColumn"]) for g in regions] == [(2, 1)]
    assert all(g["endLine"] == g["startLine"] and g["endColumn"] > 20 for g in regions)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in quotes} == {"quotes.txt"}
    prints = [r["partialFingerprints"]["biasdash/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    again = run_cli("check", "--no-model", "seeds", "quotes.txt", "--format", "sarif").json
    assert [r["partialFingerprints"] for r in again["runs"][0]["results"]] == \
        [r["partialFingerprints"] for r in results]


def test_sarif_of_a_clean_run_is_valid_and_empty(run_cli, in_tmp) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    _article(in_tmp, "clean.txt", "The talks went well, Reuters reported.\n")
    result = run_cli("check", "clean.txt", "--format", "sarif", "--fail-on", "error")
    assert result.code == 0, result.stderr
    jsonschema.validate(result.json, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert result.json["runs"][0]["results"] == []


def test_sarif_is_accepted_by_a_sarif_reader(run_cli, in_tmp) -> None:
    pytest.importorskip("sarif.loader", reason="sarif-tools (a SARIF reader) is not installed")
    sarif_cli = shutil.which("sarif", path=str(Path(sys.executable).parent)) or shutil.which("sarif")
    if sarif_cli is None:
        pytest.skip("the sarif command of sarif-tools is not on PATH")
    _article(in_tmp)
    (in_tmp / "out.sarif").write_text(run_cli("check", "--no-model", "quotes.txt", "--format", "sarif").stdout)
    done = subprocess.run([sarif_cli, "ls", "out.sarif"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    summary = subprocess.run([sarif_cli, "summary", "out.sarif"], capture_output=True, text=True, timeout=120)
    assert summary.returncode == 0, summary.stderr
    assert "unattributed-quotes" in summary.stdout, summary.stdout


def test_junit_has_a_case_per_article_and_check_failing_at_the_fail_level(run_cli, in_tmp) -> None:
    _article(in_tmp)
    _article(in_tmp, "single.txt", "The talks went well, Reuters reported. Both sides agreed, Reuters said.\n")
    result = run_cli("check", "--no-model", "quotes.txt", "single.txt", "--format", "junit",
                     "--config", _no_reuse(in_tmp))
    assert result.code == 1, result.stderr
    suites = ET.fromstring(result.stdout)
    [suite] = suites.findall("testsuite")
    cases = suite.findall("testcase")
    by = {(c.get("classname"), c.get("name")): c for c in cases}
    checks = {name for _, name in by}
    assert len(cases) == 2 * len(checks) == int(suite.get("tests"))
    quote_case = by[("quotes.txt", "unattributed-quotes")]
    [failure] = quote_case.findall("failure")
    assert failure.get("message").startswith("2:1: direct quote with no speaker")
    assert "quotes.txt:2:1: warning unattributed-quotes" in failure.text
    # single-source is info: below the fail level it is shown and the case passes.
    info_case = by[("single.txt", "single-source")]
    assert not info_case.findall("failure") and "single-source" in info_case.find("system-out").text
    assert suite.get("failures") == "1"


def _no_reuse(tmp: Path) -> Path:
    config = tmp / "no-reuse.toml"
    config.write_text('disable = ["uncredited-wire-copy", "partial-wire-credit", "state-media-laundered"]\n')
    return config


def test_github_annotations_with_escaping(run_cli, in_tmp) -> None:
    _article(in_tmp, "a, b: c.txt")
    result = run_cli("check", "--no-model", "a, b: c.txt", "--format", "github")
    assert result.code == 1, result.stderr
    [line] = result.out_lines
    assert line.startswith("::warning file=a%2C b%3A c.txt,line=2,col=1,endLine=2,endColumn=")
    assert ",title=unattributed-quotes::direct quote with no speaker" in line
    # % in the message is escaped as %25 (the quote says "100%").
    assert "100%25" in line and "100% " not in line


def test_github_notice_for_info(run_cli, in_tmp) -> None:
    _article(in_tmp, "single.txt", "The talks went well, Reuters reported. Both sides agreed, Reuters said.\n")
    result = run_cli("check", "single.txt", "--format", "github", "--fail-on", "error")
    assert result.code == 0
    assert result.out_lines and result.out_lines[0].startswith("::notice file=single.txt,line=1,col=")
