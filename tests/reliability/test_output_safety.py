"""`-o FILE` never destroys anything: devices and pipes are written, not replaced; a symlink's
target is replaced and the link kept; an input is refused before anything is scored; a failed run
or a full disk leaves the old report as it was; and a write error is exit 2, never 1."""

from __future__ import annotations

import errno
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reliability_helpers import FIXTURES, PROJECT, SEED, assert_clean

from dashboard.cli import main

OUTPUT = FIXTURES / "output"
OLD = "the old report\n"
NOT_WRITTEN = "the report was not written"


def names(folder: Path) -> list[str]:
    """Every entry of `folder`, hidden ones too: a left-over `.report.XXXX.tmp` shows here."""
    return sorted(p.name for p in folder.iterdir())


def copy_fixture(name: str, folder: Path) -> Path:
    """A fixture copied into the test's folder: a run that overwrote it must not touch the repo."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(OUTPUT / name, folder / name))


# --- devices and pipes are written directly, never replaced -------------------------------

def _device(path: Path, major: int, minor: int) -> Path:
    """A character device node like /dev/null (1, 3) or /dev/full (1, 7), made in a tmp folder
    so that a run that replaces it destroys nothing of the machine's."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("device nodes cannot be made here (a nodev mount?)")
    return path


@pytest.mark.parametrize(("fmt", "ext"), [
    ("json", "json"),    # the whole JSON array, streamed
    ("csv", "csv"),      # the CSV rows
    ("table", "txt"),    # the text table
])
def test_a_device_like_dev_null_is_written_not_replaced(cli, in_tmp: Path, fmt: str, ext: str) -> None:
    null = _device(in_tmp / f"null.{ext}", 1, 3)
    run = cli("score", "--format", fmt, "-o", null, SEED)
    assert_clean(run)
    assert run.code == 0, run.stderr
    assert stat.S_ISCHR(os.stat(null).st_mode), "the device was replaced by a regular file"
    assert os.stat(null).st_rdev == os.makedev(1, 3)
    assert names(in_tmp) == [null.name]  # no temporary file beside it


def test_a_full_device_like_dev_full_is_exit_2_and_stays_a_device(cli, in_tmp: Path) -> None:
    full = _device(in_tmp / "full", 1, 7)
    run = cli("score", "--format", "jsonl", "-o", full, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{full}:1:1: error: cannot write the report: No space left on device" in run.stderr
    assert NOT_WRITTEN not in run.stderr  # a device has no old report to keep
    assert stat.S_ISCHR(os.stat(full).st_mode)
    assert names(in_tmp) == ["full"]


def test_a_fifo_is_written_to_its_reader_and_stays_a_fifo(cli, in_tmp: Path) -> None:
    fifo = in_tmp / "report.csv"
    os.mkfifo(fifo)
    # A reader is there before the run (so the run's open does not wait for one); the CSV of one
    # article is far smaller than the pipe's buffer, so nothing waits for the reads below.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        run = cli("score", "--format", "csv", "-o", fifo, SEED)
        received = b""
        while chunk := os.read(reader, 65536):
            received += chunk
    except BlockingIOError:
        pass
    finally:
        os.close(reader)
    assert_clean(run)
    assert run.code == 0, run.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the pipe was replaced by a regular file"
    assert received.decode().startswith("id,title,outlet,words,")
    assert SEED.stem in received.decode()
    assert names(in_tmp) == ["report.csv"]


def test_a_fifo_that_nobody_reads_is_an_error_not_a_run_waiting_for_ever(cli, in_tmp: Path) -> None:
    fifo = in_tmp / "report.csv"
    os.mkfifo(fifo)
    run = cli("score", "--format", "csv", "-o", fifo, SEED)  # on the old code: waits for a reader
    assert_clean(run)
    assert run.code == 2
    assert f"{fifo}:1:1: error: cannot write the report: a pipe (or socket) that nobody reads" in run.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert names(in_tmp) == ["report.csv"]


# --- a symlink is followed: its target is replaced, the link stays ------------------------

@pytest.mark.parametrize("target_exists", [
    True,   # the link points at an old report in another folder: that file gets the new report
    False,  # a dangling link: its target is created, as `>` in a shell would
])
def test_a_symlink_keeps_being_a_link_and_its_target_gets_the_report(cli, in_tmp: Path,
                                                                     target_exists: bool) -> None:
    elsewhere = in_tmp / "reports"
    elsewhere.mkdir()
    target = elsewhere / "latest.jsonl"
    if target_exists:
        target.write_text(OLD)
    link = in_tmp / "report.jsonl"
    link.symlink_to(target)
    run = cli("score", "--format", "jsonl", "-o", link, SEED)
    assert_clean(run)
    assert run.code == 0, run.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith('{"id": "' + SEED.stem)
    assert names(elsewhere) == ["latest.jsonl"]  # the temporary file was beside the target
    assert names(in_tmp) == ["report.jsonl", "reports"]


def test_a_symlink_loop_is_a_clear_error_before_scoring(cli, in_tmp: Path) -> None:
    (in_tmp / "a.json").symlink_to(in_tmp / "b.json")
    (in_tmp / "b.json").symlink_to(in_tmp / "a.json")
    run = cli("check", "--format", "json", "-o", in_tmp / "a.json", SEED)
    assert_clean(run)
    assert run.code == 2
    assert "a.json:1:1: error: cannot write the report: Too many levels of symbolic links" in run.stderr
    assert "checked" not in run.stderr  # nothing was scored
    assert (in_tmp / "a.json").is_symlink() and (in_tmp / "b.json").is_symlink()


def test_a_folder_as_output_is_a_clear_error_before_scoring(cli, in_tmp: Path) -> None:
    (in_tmp / "out").mkdir()
    run = cli("check", "--format", "json", "-o", in_tmp / "out", SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{in_tmp / 'out'}:1:1: error: cannot write the report: is a folder" in run.stderr
    assert "checked" not in run.stderr  # refused before scoring, not after
    assert names(in_tmp) == ["out"] and names(in_tmp / "out") == []


# --- an output that is one of the inputs is refused before anything is scored ----------------

def _article(tmp: Path) -> tuple[list[Any], Path, str]:
    path = copy_fixture("article.txt", tmp / "in")
    return [path], path, "the article"


def _in_folder(tmp: Path) -> tuple[list[Any], Path, str]:
    path = copy_fixture("article.txt", tmp / "in")
    return [tmp / "in"], path, "the article"


def _jsonl(tmp: Path) -> tuple[list[Any], Path, str]:
    path = copy_fixture("feed.jsonl", tmp / "in")
    return [path], path, "the article"


def _through_symlink(tmp: Path) -> tuple[list[Any], Path, str]:
    path = copy_fixture("article.txt", tmp / "in")
    link = tmp / "report.txt"
    link.symlink_to(path)
    return [path], link, "the article"


def _hard_link(tmp: Path) -> tuple[list[Any], Path, str]:
    path = copy_fixture("article.txt", tmp / "in")
    other = tmp / "report.txt"
    os.link(path, other)
    return [path], other, "the article"


def _config(tmp: Path) -> tuple[list[Any], Path, str]:
    config = copy_fixture("config.toml", tmp / "conf")
    return ["--config", config, SEED], config, "the config file"


def _pyproject(tmp: Path) -> tuple[list[Any], Path, str]:
    return [SEED], copy_fixture("pyproject.toml", tmp), "the config file"  # found in the cwd


def _rule_file(tmp: Path) -> tuple[list[Any], Path, str]:
    pack = copy_fixture("pack.yaml", tmp / "pack")
    return ["--rules", tmp / "pack", SEED], pack, "the rule file"


@pytest.mark.parametrize("case", [
    _article,           # -o the article given on the command line
    _in_folder,         # -o an article inside a folder given on the command line
    _jsonl,             # -o the JSONL file being read
    _through_symlink,   # -o a symlink to the article
    _hard_link,         # -o another name (hard link) of the article
    _config,            # -o the --config file
    _pyproject,         # -o the pyproject.toml the config was found in
    _rule_file,         # -o a rule file of a --rules pack
], ids=lambda f: f.__name__.strip("_"))
def test_an_output_that_is_an_input_is_refused_before_scoring(
        cli, in_tmp: Path, case: Callable[[Path], tuple[list[Any], Path, str]]) -> None:
    args, output, what = case(in_tmp)
    before = output.read_bytes()
    run = cli("check", "--format", "json", *args, "-o", output)
    assert_clean(run)
    assert run.code == 2
    assert run.stderr.startswith(f"{output}:1:1: error: the output is {what} "), run.stderr
    assert "an input is never overwritten" in run.stderr
    assert "checked" not in run.stderr  # refused before anything was scored
    assert output.read_bytes() == before


def test_a_default_rule_file_as_output_is_refused(cli, in_tmp: Path) -> None:
    # Checked on a copy: only its identity with a file in use matters, so a symlink stands in.
    rule_file = PROJECT / "rules" / "checks.yaml"
    before = rule_file.read_bytes()
    link = in_tmp / "checks.yaml"
    link.symlink_to(rule_file)
    run = cli("check", "--format", "json", "-o", link, SEED)
    assert run.code == 2
    assert "error: the output is the rule file" in run.stderr and "checks.yaml" in run.stderr
    assert rule_file.read_bytes() == before


# --- a failed run keeps the old report --------------------------------------------------------

@pytest.mark.parametrize("command", [
    ("score", "--format", "json"),    # the run that wrote `[]` over the old report
    ("score", "--format", "csv"),
    ("check", "--format", "jsonl"),
])
@pytest.mark.parametrize("inputs", [
    ["missing.txt"],              # nothing readable at all: the report would be empty
    ["missing.txt", str(SEED)],   # one good article and one input error: a partial report
])
def test_a_failed_run_leaves_the_old_report_as_it_was(cli, in_tmp: Path, command: tuple[str, ...],
                                                      inputs: list[str]) -> None:
    report = in_tmp / "report.out"
    report.write_text(OLD)
    run = cli(*command, *inputs, "-o", report)
    assert_clean(run)
    assert run.code == 2
    assert "missing.txt:1:1: error: no such file or folder" in run.stderr
    assert (f"biasdash: the report was not written: 1 input error(s); {report} is as it was "
            "(with --skip-bad, the report of the articles that could be read is written)") in run.stderr
    assert report.read_text() == OLD
    assert names(in_tmp) == ["report.out"]


def test_a_failed_run_creates_no_report(cli, in_tmp: Path) -> None:
    run = cli("score", "--format", "json", "missing.txt", "-o", in_tmp / "new.json")
    assert run.code == 2
    assert f"{in_tmp / 'new.json'} was not created" in run.stderr
    assert names(in_tmp) == []


# --- findings are not a failure of the run ---------------------------------------------------

def test_check_with_findings_exits_1_and_writes_the_report(cli, in_tmp: Path) -> None:
    article = copy_fixture("finding.txt", in_tmp / "in")
    report = in_tmp / "findings.json"
    report.write_text(OLD)
    run = cli("check", "--format", "json", article, "-o", report)
    assert_clean(run)
    assert run.code == 1, run.stderr
    assert NOT_WRITTEN not in run.stderr
    assert '"check": "unattributed-quotes"' in report.read_text()


# --- full disks: exit 2 with one line, never a traceback, never exit 1 ------------------------

def _full_disk_mkstemp(real: Callable[..., tuple[int, str]]) -> Callable[..., tuple[int, str]]:
    """mkstemp whose file descriptor writes to /dev/full: every write to the temporary file
    fails with ENOSPC, as on a full filesystem, while the file itself exists to be cleaned up."""

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real(*args, **kwargs)
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, fd)
        os.close(full)
        return fd, name

    return mkstemp


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", [
    "json",    # small: the error comes at the final flush
    "jsonl",   # flushed per record
    "csv",
])
def test_a_full_filesystem_under_o_keeps_the_old_report(cli, in_tmp: Path, monkeypatch, fmt: str) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", _full_disk_mkstemp(tempfile.mkstemp))
    report = in_tmp / "report.out"
    report.write_text(OLD)
    run = cli("score", "--format", fmt, SEED, "-o", report)
    assert_clean(run)
    assert run.code == 2
    assert f"{report}:1:1: error: cannot write the report: No space left on device" in run.stderr
    assert f"biasdash: {NOT_WRITTEN}; {report} is as it was" in run.stderr
    assert report.read_text() == OLD
    assert names(in_tmp) == ["report.out"]  # the temporary file is gone


class _FullStream(io.StringIO):
    """A standard output on a full disk."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("args", [
    ("score", "--format", "table"),
    ("score", "--format", "jsonl"),
    ("rules", "list"),
])
def test_a_full_stdout_in_process_is_exit_2_with_one_line(in_tmp: Path, args: tuple[str, ...]) -> None:
    err = io.StringIO()
    code = main([*args, *([str(SEED)] if args[0] == "score" else [])], stdin=io.BytesIO(),
                stdout=_FullStream(), stderr=err)
    assert code == 2
    assert err.getvalue() == "biasdash: cannot write output: No space left on device\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [
    ("score", str(SEED)),                            # the table
    ("score", "--format", "csv", str(SEED)),
    ("score", "--format", "json", str(SEED)),
    ("check", str(OUTPUT / "finding.txt")),          # a finding line: exit 1 would read as "findings"
])
def test_stdout_on_dev_full_is_exit_2_not_a_traceback(in_tmp: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "dashboard", *args], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=in_tmp, timeout=60,
                              env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert "biasdash: cannot write output: No space left on device" in done.stderr


# --- an error of biasdash itself is exit 3 and one line, never a traceback --------------------

@pytest.mark.parametrize(("target", "command"), [
    ("dashboard.cli.load_articles", ("score", "--format", "jsonl")),   # reading the inputs
    ("dashboard.cli._write", ("check",)),                              # writing the report
])
def test_an_internal_error_is_exit_3_with_one_line_and_keeps_the_report(
        in_tmp: Path, monkeypatch, target: str, command: tuple[str, ...]) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.delenv("BIASDASH_TRACEBACK", raising=False)
    monkeypatch.setattr(target, broken)
    report = in_tmp / "report.out"
    report.write_text(OLD)
    err = io.StringIO()
    code = main([*command, str(SEED), "-o", str(report)], stdin=io.BytesIO(), stdout=io.StringIO(),
                stderr=err)
    assert code == 3
    lines = err.getvalue().splitlines()
    assert lines[0] == "biasdash: internal error: ZeroDivisionError: a bug"
    assert lines[1].startswith("biasdash: this is a bug in biasdash; please report it")
    assert len(lines) == 2 and "Traceback" not in err.getvalue()
    assert report.read_text() == OLD and names(in_tmp) == ["report.out"]


def test_an_internal_error_outside_scoring_is_exit_3(in_tmp: Path, monkeypatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("rules")

    monkeypatch.setattr("dashboard.cli._rules", broken)
    err = io.StringIO()
    code = main(["rules", "list"], stdin=io.BytesIO(), stdout=io.StringIO(), stderr=err)
    assert code == 3
    assert err.getvalue().startswith("biasdash: internal error: KeyError: 'rules'\n")


@pytest.mark.parametrize("output", [
    # the article file itself, read through standard input
    "article.txt",
    # /dev/stdin, which leads to the same file
    "/dev/stdin",
])
def test_an_article_read_from_standard_input_is_never_the_output(in_tmp: Path, output: str) -> None:
    article = in_tmp / "article.txt"
    article.write_text("Talks ended, Xinhua reported.\n", encoding="utf-8")
    with article.open("rb") as stdin:
        run = subprocess.run([sys.executable, "-m", "dashboard", "check", "-", "-o", output],
                             cwd=in_tmp, stdin=stdin, capture_output=True, text=True, timeout=60,
                             env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert run.returncode == 2, run.stderr
    assert "the output is the article read from standard input" in run.stderr
    assert article.read_text(encoding="utf-8") == "Talks ended, Xinhua reported.\n"


def test_dev_stdout_on_a_pipe_is_written_to_the_pipe(in_tmp: Path) -> None:
    """/dev/stdout leads to /proc/self/fd/1 and then to `pipe:[...]`, no file at all."""
    run = subprocess.run([sys.executable, "-m", "dashboard", "score", "--format", "jsonl", str(SEED),
                          "-o", "/dev/stdout"], cwd=in_tmp, stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert run.returncode == 0, run.stderr
    assert f'"id": "{SEED.stem}"' in run.stdout
    assert names(in_tmp) == []
