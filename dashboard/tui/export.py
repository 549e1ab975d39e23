"""Provides the dashboard's export files: each export a new file, never one that already exists.

Exports are named by the second they were asked for (biasdash-20261123-101502.csv); two in the
same second, or a file of that name already in the folder, get a counter (…-101502-2.csv) instead
of replacing it. The content goes to a temporary file beside it that is then linked to the final
name: os.link fails rather than replace anything, so the name is claimed and the whole file
appears in one step (readers never see a part of it), and a failed or stopped export leaves
nothing behind.
"""

from __future__ import annotations

import errno
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

T = TypeVar("T")

PREFIX = "biasdash-"
# Past this many exports of one name, something other than the dashboard is filling the folder.
MAX_COUNTER = 10_000
# os.link is refused by some file systems (FAT, some network mounts): the name is then claimed
# with O_EXCL and the temporary file renamed over that claim (its own, empty placeholder).
_NO_LINKS = (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS)


def stem_for(when: float | None = None) -> str:
    """The name of an export asked for at `when` (now), without counter and suffix."""
    return PREFIX + time.strftime("%Y%m%d-%H%M%S", time.localtime(when))


def write_new(folder: Path, stem: str, suffix: str, fill: Callable[[TextIO], T], *,
              newline: str | None = None) -> tuple[Path, T]:
    """Write a new file `stem.suffix` (or `stem-N.suffix`, the first free N) in `folder` with
    what `fill` writes to it; returns its path and what `fill` returned.

    Raises OSError when the folder cannot be written; if `fill` raises (or the export is
    stopped), no file is left, under the final name or a temporary one.
    """
    tmp = _temporary(folder, stem, suffix)
    try:
        with open(tmp, "w", encoding="utf-8", newline=newline) as handle:
            result = fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        return _claim(folder, stem, suffix, tmp), result
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


def _temporary(folder: Path, stem: str, suffix: str) -> Path:
    """A new hidden file beside the export, created with O_EXCL (never an existing file or link)
    and the mode the umask gives a new file, as the export itself will have."""
    for _ in range(100):
        tmp = folder / f".{stem}.{suffix}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _claim(folder: Path, stem: str, suffix: str, tmp: Path) -> Path:
    """Give the written temporary file the first free export name (it stays to be unlinked)."""
    for n in range(1, MAX_COUNTER + 1):
        path = folder / (f"{stem}.{suffix}" if n == 1 else f"{stem}-{n}.{suffix}")
        try:
            os.link(tmp, path)
            return path
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
        try:  # no hard links here: claim the name, then put the file in place of the claim
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666))
        except FileExistsError:
            continue
        os.replace(tmp, path)
        return path
    raise FileExistsError(errno.EEXIST, f"{MAX_COUNTER} exports of this name already exist",
                          str(folder / f"{stem}.{suffix}"))
