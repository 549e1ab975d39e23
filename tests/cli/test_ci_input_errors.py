"""The CI formats tell the inputs that were never checked (a CI view is not green while an
article went unread), and carry no raw control character of a file name or message."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("in_tmp")

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "sarif-schema-2.1.0.json"
QUOTE = ('The plan was ready at last.\n"We are 100% sure this will change everything for the region."\n'
         "Nobody disagreed.\n")
CLEAN = "The talks went well, Reuters reported.\n"
ESC_NAME = "\x1b[32mgreen.txt"


def _two_inputs(tmp: Path) -> None:
    """good.txt (clean) and gone.txt, a symlink to nothing: an input error at gone.txt:1:1."""
    (tmp / "good.txt").write_text(CLEAN, encoding="utf-8")
    (tmp / "gone.txt").symlink_to(tmp / "nowhere")


@pytest.mark.parametrize("skip_bad", [False, True], ids=["strict", "skip-bad"])
def test_github_has_an_error_per_unreadable_input(run_cli, in_tmp, skip_bad) -> None:
    _two_inputs(in_tmp)
    result = run_cli("check", "--no-model", "good.txt", "gone.txt", "--format", "github",
                     *(["--skip-bad"] if skip_bad else []))
    assert result.code == (0 if skip_bad else 2), result.stderr
    assert result.out_lines == [
        "::error file=gone.txt,line=1,col=1,title=input error::cannot read: No such file or directory"]


def test_sarif_tells_unreadable_inputs_as_notifications(run_cli, in_tmp) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    _two_inputs(in_tmp)
    (in_tmp / "quotes.txt").write_text(QUOTE, encoding="utf-8")
    result = run_cli("check", "--no-model", "--skip-bad", "good.txt", "gone.txt", "quotes.txt",
                     "--format", "sarif")
    assert result.code == 1, result.stderr  # the finding; the input error does not count (--skip-bad)
    log = result.json
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["unattributed-quotes"]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"] == "cannot read: No such file or directory"
    location = note["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "gone.txt"
    assert location["region"] == {"startLine": 1, "startColumn": 1}


def test_sarif_of_a_run_without_input_errors_is_successful(run_cli, in_tmp) -> None:
    (in_tmp / "good.txt").write_text(CLEAN, encoding="utf-8")
    result = run_cli("check", "--no-model", "good.txt", "--format", "sarif")
    assert result.code == 0
    assert result.json["runs"][0]["invocations"] == [{"executionSuccessful": True,
                                                      "toolExecutionNotifications": []}]


def test_junit_has_a_case_in_error_per_unreadable_input(run_cli, in_tmp) -> None:
    _two_inputs(in_tmp)
    result = run_cli("check", "--no-model", "good.txt", "gone.txt", "--format", "junit")
    assert result.code == 2, result.stderr
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite is not None and suite.get("errors") == "1"
    [case] = [c for c in suite.iter("testcase") if c.find("error") is not None]
    assert case.get("classname") == "gone.txt" and case.get("file") == "gone.txt"
    error = case.find("error")
    assert error is not None and error.get("message") == "cannot read: No such file or directory"
    assert error.text == "gone.txt:1:1: error: cannot read: No such file or directory"
    assert int(suite.get("tests") or 0) == len(list(suite.iter("testcase")))


def test_github_neutralises_control_characters_of_a_file_name(run_cli, in_tmp) -> None:
    (in_tmp / ESC_NAME).write_text(QUOTE, encoding="utf-8")
    result = run_cli("check", "--no-model", ESC_NAME, "missing\x1b[31m.txt", "--skip-bad", "--format", "github")
    assert result.code == 1, result.stderr
    assert "\x1b" not in result.stdout
    [warning] = [line for line in result.out_lines if line.startswith("::warning")]
    [error] = [line for line in result.out_lines if line.startswith("::error")]
    assert warning.startswith("::warning file=\\x1b[32mgreen.txt,line=2,col=1,")
    assert error.startswith("::error file=missing\\x1b[31m.txt,line=1,col=1,")


def test_sarif_and_junit_carry_no_raw_control_character(run_cli, in_tmp) -> None:
    (in_tmp / ESC_NAME).write_text(QUOTE, encoding="utf-8")
    for fmt in ("sarif", "junit"):
        result = run_cli("check", "--no-model", ESC_NAME, "missing\x1b.txt", "--skip-bad", "--format", fmt)
        assert result.code == 1, result.stderr
        assert "\x1b" not in result.stdout
        if fmt == "junit":
            ET.fromstring(result.stdout)  # well-formed: XML 1.0 cannot hold ESC at all
        else:
            assert "\\u001b" not in result.stdout.replace("%1B", "")  # not even JSON-escaped
