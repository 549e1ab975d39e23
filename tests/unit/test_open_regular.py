"""A signal (its KeyboardInterrupt or Terminated) that lands the moment an article's file object is
made stays that signal: it is not turned into a "cannot read: Bad file descriptor" error for the
article, with the run going on as if never signalled (seen once under load in test_signals.py)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from dashboard.runtime import files


def test_a_signal_as_the_file_object_is_made_propagates_and_closes_nothing_else(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Officials said so.", encoding="utf-8")
    real = io.FileIO

    def made_then_signalled(fd: int, mode: str = "r", *args: object, **kwargs: object) -> io.FileIO:
        real(fd, mode)  # the object owns fd and, dropped, closes it: as when the signal's
        raise KeyboardInterrupt  # exception unwinds the frame that held it

    monkeypatch.setattr(io, "FileIO", made_then_signalled)
    with pytest.raises(KeyboardInterrupt):
        files.open_regular(article)
    monkeypatch.undo()
    # The descriptor was closed once: the number, reused by the next open, stays that file's.
    other = os.open(article, os.O_RDONLY)
    try:
        assert os.read(other, 9) == b"Officials"
    finally:
        os.close(other)
