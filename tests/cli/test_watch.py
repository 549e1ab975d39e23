"""`biasdash check --watch PATH`: checks once, then re-checks the articles that change and prints
only the findings that changed, until Ctrl-C (130) or SIGTERM (143)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboard.runtime.watch import ArticleWatch, Finding, diff

CLEAN = "Port talks\n\nThe minister said the talks would resume on Monday, officials said.\n"
LOADED = "Port talks\n\nThe brutal thugs of the puppet regime attacked the port. It was brutal.\n"


class Watching:
    """A `check --watch` process, its stdout read line by line on a thread."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "check", "--watch", str(folder)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        threading.Thread(target=self._read, args=(self.process.stdout, self.lines.put), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.errors.append), daemon=True).start()

    @staticmethod
    def _read(stream: object, put: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            put(line.rstrip("\n"))  # type: ignore[operator]

    def next_line(self, timeout: float = 60.0) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output after {timeout} s; stderr: {self.errors}") from None

    def started(self, timeout: float = 60.0) -> None:
        """The first check has been made (it prints nothing on a clean corpus): the watch is on."""
        deadline = time.monotonic() + timeout
        while not any("watching" in line for line in self.errors):
            assert self.process.poll() is None, f"exited {self.process.returncode}: {self.errors}"
            assert time.monotonic() < deadline, f"not watching after {timeout} s: {self.errors}"
            time.sleep(0.05)

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=30)


@pytest.mark.parametrize("signum, code", [
    (signal.SIGINT, 130),  # Ctrl-C at the terminal
    (signal.SIGTERM, 143),  # a supervisor stopping it
])
def test_a_new_bad_article_is_printed_alone_and_the_signal_ends_the_watch(tmp_path: Path, signum: int,
                                                                          code: int) -> None:
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    watching = Watching(tmp_path)
    try:
        watching.started()
        (tmp_path / "bad.txt").write_text(LOADED, encoding="utf-8")
        line = watching.next_line()
        assert line.startswith(f"{tmp_path / 'bad.txt'}:3:"), line
        assert "warning max-loaded-author" in line
        assert watching.lines.empty(), "the clean article, unchanged, was printed again"
        assert watching.stop(signum) == code
    finally:
        if watching.process.poll() is None:
            watching.process.kill()
            watching.process.wait()


def test_mending_and_removing_articles_prints_what_was_fixed_and_what_went(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(LOADED, encoding="utf-8")
    watching = Watching(tmp_path)
    try:
        first = watching.next_line()
        assert "warning max-loaded-author" in first
        watching.started()
        bad.write_text(CLEAN, encoding="utf-8")
        fixed = watching.next_line()
        assert fixed.startswith(f"{bad}:3:") and ": fixed: warning max-loaded-author" in fixed, fixed
        bad.unlink()
        assert watching.next_line() == f"{bad}: removed"
    finally:
        watching.stop(signal.SIGINT)


def test_a_finding_that_only_moved_is_not_printed_again() -> None:
    # A sentence added above the finding moves it two lines down: same finding, nothing to say.
    before = [Finding("a.txt:3:5", "warning", "max-loaded-author: 22 per 100 words")]
    after = [Finding("a.txt:5:5", "warning", "max-loaded-author: 22 per 100 words")]
    assert diff(before, after) == []
    # Nor when the edit only changes the value the message says (a whole-article figure).
    diluted = [Finding("a.txt:5:5", "warning", "max-loaded-author: 14.54 per 100 words")]
    assert diff(before, diluted) == []
    # The same check with another message is one fixed and one new.
    other = [Finding("a.txt:5:5", "warning", "max-loaded-author: 22 per 100 quoted words")]
    assert diff(before, other) == ["a.txt:5:5: warning max-loaded-author: 22 per 100 quoted words",
                                   "a.txt:3:5: fixed: warning max-loaded-author: 22 per 100 words"]


def test_a_watch_reports_a_file_once_it_stops_changing(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(CLEAN, encoding="utf-8")
    watch = ArticleWatch([str(tmp_path)])
    assert not watch.changes()
    (tmp_path / "b.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not an article: not watched
    assert not watch.changes(), "reported while it may still be being written"
    changes = watch.changes()
    assert changes.added == [str(tmp_path / "b.md")] and not changes.changed and not changes.removed
    article.unlink()
    watch.changes()
    assert watch.changes().removed == [str(article)]


def test_the_reuse_checks_run_as_check_runs_them_and_a_copy_arriving_is_told(tmp_path: Path) -> None:
    # The seeds: 002 rewrites 000. `check` on the folder reports the reuse checks' findings on
    # 002; the watch prints the same at its start, and again for a copy of 002 saved later.
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    for seed in sorted(seeds.glob("*.txt")):
        (tmp_path / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "dashboard", "check", str(tmp_path)],
                             capture_output=True, text=True, timeout=120)
    expected = sorted(checked.stdout.splitlines())
    assert any("state-media-laundered" in line for line in expected), checked.stdout
    watching = Watching(tmp_path)
    try:
        assert sorted(watching.next_line() for _ in expected) == expected  # as `check` prints them
        watching.started()
        rewrite = next(p for p in sorted(tmp_path.glob("002_*.txt")))
        copy = tmp_path / "003_copy.txt"
        copy.write_text(rewrite.read_text(encoding="utf-8"), encoding="utf-8")
        told = [watching.next_line() for _ in range(2)]
        assert any(line.startswith(f"{copy}:") and "state-media-laundered" in line for line in told), told
    finally:
        watching.stop(signal.SIGINT)
