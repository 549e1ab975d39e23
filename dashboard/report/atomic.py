"""Provides safe report writing: regular files replaced atomically, devices and pipes written
directly, and write failures (a full disk) told apart from every other error."""

from __future__ import annotations

import errno
import os
import stat
from contextlib import contextmanager
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, TextIO


class OutputError(Exception):
    """Writing the output failed (a full disk, a closed terminal): not the input's fault."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or str(cause))
        self.cause = cause


class GuardedStream:
    """A text stream whose write and flush failures raise OutputError (a broken pipe stays a
    BrokenPipeError: the reader went away, which is not an error of the run)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc) from exc

    def __getattr__(self, name: str) -> Any:  # fileno, isatty, encoding, ...
        return getattr(self._stream, name)


class Report:
    """An open report: `handle` to write to; `discard()` keeps the old file instead."""

    def __init__(self, handle: TextIO, *, direct: bool) -> None:
        self.handle: TextIO = GuardedStream(handle)  # type: ignore[assignment]
        self.direct = direct  # a device or pipe, written as it goes: nothing to discard
        self.discarded = False

    def discard(self) -> bool:
        """Leave the old file as it was (the temporary file is removed); False for a device or
        pipe, whose data has already gone out."""
        self.discarded = not self.direct
        return self.discarded


def output_target(path: Path) -> Path:
    """The file a report for `path` replaces: a symlink's target (a dangling link's too, which
    is then created), so that the link stays a link.

    Raises OSError for a symlink loop, and IsADirectoryError for a folder."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        pass
    else:  # a device or pipe is written through the link: /dev/stdout -> /proc/self/fd/1 -> pipe:[...]
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            return path
    target = path
    if os.path.islink(path):
        try:
            target = Path(os.path.realpath(path, strict=True))
        except FileNotFoundError:
            target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    return target


@contextmanager
def open_report(path: Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[Report]:
    """Open the report `path` for writing.

    A regular file (or a new one) is written to a temporary file beside it and renamed into place
    when the block ends, unless `discard()` was called or the block raised; a symlink's target is
    replaced the same way. A character device (/dev/null, /dev/stdout) or a FIFO is opened and
    written directly: replacing it would destroy it.

    Raises OutputError when the report cannot be opened, written or put in place; exceptions of
    the block itself pass through unchanged."""
    in_block = False
    try:
        target = output_target(path)
        try:
            info: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            info = None
        if info is not None and not stat.S_ISREG(info.st_mode):
            handle = _open_direct(target, encoding, newline)
            try:
                report = Report(handle, direct=True)
                in_block = True
                yield report
                in_block = False
                report.handle.flush()
            finally:
                try:
                    handle.close()
                except OSError:  # the flush above already failed and was reported
                    pass
            return
        with atomic_writer(target, encoding=encoding, newline=newline) as raw:
            report = Report(raw, direct=False)
            in_block = True
            yield report
            in_block = False
            if report.discarded:
                raise _Discard
    except OSError as exc:
        if in_block or isinstance(exc, BrokenPipeError):
            raise
        raise OutputError(exc) from exc


def _open_direct(target: Path, encoding: str, newline: str | None) -> TextIO:
    """A device or FIFO opened for writing without waiting: a FIFO that nobody reads is an error
    (ENXIO) rather than a run that waits for a reader for ever."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a pipe (or socket) that nobody reads", str(target)) from None
        raise
    try:
        os.set_blocking(fd, True)  # the writes themselves may wait for a slow reader
    except BaseException:
        os.close(fd)
        raise
    # open() owns the descriptor from here, and closes it itself if it fails part-way (a signal
    # included): closing it here too could close another file opened under the same number.
    return open(fd, "w", encoding=encoding, newline=newline)


class _Discard(Exception):
    """Raised inside atomic_writer to remove the temporary file and keep the old report."""


@contextmanager
def atomic_writer(path: Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """Write to `path` so that readers see the old file or the whole new one, never a part.

    If the block raises (Ctrl-C included), the temporary file is removed and `path` is untouched.
    The temporary file is created 0600 (mkstemp), so nobody reads a half-written report, and gets
    the old file's permissions (or the umask's default) only when it is complete.
    """
    import tempfile  # here: a run that writes to stdout does not pay for its import

    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, _Discard):
            return
        raise


def _mode_for(path: Path) -> int:
    """The existing file's permission bits, or what a plain open() would give under the current
    umask (set-user-id and the like are dropped: a report is never a program)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
