"""Inputs that change while they are being read: a file swapped for a FIFO between its check and
its open, files and folders that vanish or cannot be listed while a folder is walked, reads that
fail part-way. Each is an error for that input, in its place; the rest is scored; nothing hangs.

The races are made deterministic with hooks (a patched os.stat or os.scandir) rather than timing.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import PROJECT, SEED, assert_clean, where

from dashboard.engine.article import Article
from dashboard.runtime.articles import LoadError, load_articles, load_file

# A hang guard only: each run takes a second or two.
HANG_GUARD = 60

# Runs biasdash on a folder after patching os.stat so that the first look at the article named
# by argv[1] replaces it with a FIFO: the check has passed (a regular file), the open comes next.
_SWAP_FOR_A_FIFO = """
import os, sys
target = os.path.abspath(sys.argv[1])
real_stat = os.stat
swapped = []

def stat(path, *args, **kwargs):
    result = real_stat(path, *args, **kwargs)
    if not swapped and isinstance(path, str) and os.path.abspath(path) == target:
        swapped.append(path)
        os.unlink(target)
        os.mkfifo(target)  # nobody ever writes to it
    return result

os.stat = stat
from dashboard.cli import main
sys.exit(main(["check", "-j", "1", *sys.argv[2:]]))
"""

SWAPPED = [
    # an article file: load_file stat()s it, then opens it
    "swapped.txt",
    # a JSONL file: the same check, then an open for reading line by line
    "swapped.jsonl",
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("name", SWAPPED)
def test_file_swapped_for_a_fifo_after_its_check_is_refused_not_waited_on(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    victim = folder / name
    if name.endswith(".jsonl"):
        victim.write_text('{"id": "x", "text": "Talks stalled, Reuters reported."}\n', encoding="utf-8")
    else:
        victim.write_bytes(SEED.read_bytes())
    script = tmp_path / "swap.py"
    script.write_text(_SWAP_FOR_A_FIFO, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    try:
        done = subprocess.run([sys.executable, str(script), str(victim), str(folder)], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        pytest.fail(f"biasdash waited for a writer on the FIFO {name} (hung for {HANG_GUARD} s)")
    assert victim.is_fifo()  # the hook did swap it
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert f"{where(victim, 1, 1)} error: not a regular file (a pipe, device or socket): not read" in done.stderr
    assert "1 article(s) checked" in done.stderr  # good.txt is still scored


# --- a folder whose contents change or cannot be read while it is listed and scored ----------------

def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b.txt").write_bytes(SEED.read_bytes())
    (folder / "sub" / "c.txt").write_bytes(SEED.read_bytes())
    return folder


def _deny(monkeypatch, function: str, path: Path) -> None:
    """Make os.<function>(path) fail with EACCES, as it does for a user without the permission
    (the tests run as root on CI, where chmod would change nothing)."""
    real = getattr(os, function)

    def denied(*args, **kwargs):
        target = args[0] if args else None
        if isinstance(target, (str, os.PathLike)) and os.fspath(target) == str(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(target))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, function, denied)


def test_subfolder_that_cannot_be_listed_is_reported(cli, tmp_path: Path, monkeypatch) -> None:
    # os.walk skips a folder it cannot list unless told otherwise: its articles vanished silently
    folder = _corpus(tmp_path)
    _deny(monkeypatch, "scandir", folder / "sub")
    run = cli("check", "-j", "1", folder)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(folder / 'sub', 1, 1)} error: cannot read folder: Permission denied" in run.stderr
    assert "2 article(s) checked, 0 finding(s), 1 input error(s)" in run.stderr


def test_subfolder_that_cannot_be_listed_with_skip_bad(cli, tmp_path: Path, monkeypatch) -> None:
    folder = _corpus(tmp_path)
    _deny(monkeypatch, "scandir", folder / "sub")
    run = cli("check", "-j", "1", "--skip-bad", folder)
    assert_clean(run)
    assert run.code == 0
    assert f"{where(folder / 'sub', 1, 1)} error: cannot read folder: Permission denied" in run.stderr


LOOKED_AT = [
    # a path below a folder the user may not search: stat() fails with EACCES (pathlib's is_dir()
    # re-raises it), which killed the run with a traceback
    ("denied", "cannot read: Permission denied"),
    # a name longer than the file system allows (ENAMETOOLONG, also re-raised by is_dir())
    ("too-long", "cannot read: File name too long"),
]


@pytest.mark.parametrize("case, message", LOOKED_AT, ids=[c[0] for c in LOOKED_AT])
def test_path_that_cannot_be_looked_at(cli, tmp_path: Path, monkeypatch, case: str, message: str) -> None:
    if case == "denied":
        path = tmp_path / "locked" / "article.txt"
        _deny(monkeypatch, "stat", path)
    else:
        path = tmp_path / ("a" * 5000 + ".txt")
    run = cli("check", "-j", "1", path, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(path, 1, 1)} error: {message}" in run.stderr
    assert "1 article(s) checked" in run.stderr


def test_name_too_long_alone(cli, tmp_path: Path) -> None:
    # one path and no --jobs: choosing how many workers to start looked at the path first
    path = tmp_path / ("a" * 5000 + ".txt")
    run = cli("check", path)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(path, 1, 1)} error: cannot read: File name too long" in run.stderr


def test_file_deleted_after_the_folder_was_listed(tmp_path: Path) -> None:
    """The folder is listed first, then each file is read: one removed in between is an error
    for that file (this already held on ab5574c; kept as a guard with the other races)."""
    folder = _corpus(tmp_path)
    items = load_articles([str(folder)])
    first = next(items)
    (folder / "b.txt").unlink()
    rest = list(items)
    assert isinstance(first, Article) and first.path == str(folder / "a.txt")
    assert [type(item) for item in rest] == [LoadError, Article]
    assert rest[0].path == str(folder / "b.txt") and rest[0].message == "cannot read: No such file or directory"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_jsonl_whose_read_fails_is_an_error_not_a_traceback(cli, tmp_path: Path) -> None:
    # /proc/self/mem is a regular file whose read at offset 0 fails with EIO: a read error part-way,
    # as on a failing disk or a lost network mount. A .txt read was caught; a JSONL read was not.
    link = tmp_path / "failing.jsonl"
    os.symlink("/proc/self/mem", link)
    run = cli("check", "-j", "1", link, SEED)
    assert_clean(run)
    assert run.code == 2
    assert f"{where(link, 1, 1)} error: cannot read: Input/output error" in run.stderr
    assert "1 article(s) checked" in run.stderr


class _FailingStdin(io.RawIOBase):
    """Standard input that fails on read, as a hung-up terminal does (EIO)."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise OSError(errno.EIO, os.strerror(errno.EIO))


def test_stdin_whose_read_fails_is_an_error_not_a_traceback() -> None:
    (item,) = load_file("-", stdin=_FailingStdin())
    assert isinstance(item, LoadError)
    assert str(item) == "<stdin>:1:1: cannot read: Input/output error"
