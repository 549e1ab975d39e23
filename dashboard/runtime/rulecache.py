"""Provides a data-only cache of validated, compiled rule sets and of VADER's parsed lexicon, so
that checking one article does not parse and compile the same rule files on every run (two thirds
of a one-article `check` otherwise).

What it trusts, and why nothing in it can run code or serve stale rules:

- Entries are JSON (no pickle, marshal or eval): reading one can only give lists, strings and
  numbers. A rule set is stored as its rules' fields and, for the phrase matchers, the phrases
  and what each maps to; the objects are rebuilt from those by the engine's own constructors,
  and every value is type-checked (and the rules checked against the rule schema) on the way in.
  An entry that fails any check is ignored and rebuilt from the rule files; it never crashes a
  run. What is not checked again is the result of the slow checks made when it was written (a
  furniture pattern's backtracking probe): that is why the folder must be the user's own.
- The folder is $BIASDASH_CACHE_DIR, else $XDG_CACHE_HOME/biasdash, else ~/.cache/biasdash;
  BIASDASH_CACHE_DIR=off turns the cache off. A relative path is not used (the XDG spec calls
  one invalid; it would put the cache in whatever folder a run starts in, such as a checkout):
  a relative BIASDASH_CACHE_DIR turns the cache off, a relative XDG_CACHE_HOME falls back to
  ~/.cache. The folder is created 0700 and used only when it is a real folder (not a symlink)
  owned by the effective user and not writable by group or others; an entry only when it is a
  regular file (opened with O_NOFOLLOW, relative to the folder already checked) with the same
  owner and permissions. A missing folder is created only under a folder of the user's or
  root's (root run with another user's HOME, as `sudo` does, leaves nothing of root's in it).
  Entries are written 0600 to a temporary file and renamed into place; a run stopped while
  writing removes its temporary file (one killed outright leaves it, removed by a later write
  after ten minutes). A folder or entry refused is passed over silently: that costs speed only,
  and a note would repeat on every run.
- An entry is keyed by a hash (BLAKE2b) of the bytes of every rule file, the identity of the
  engine's source files (path, inode, size, modification and change time: `cp -p`, `touch -r`,
  `tar` and `rsync -a` restore a modification time, never a change time), the Python and
  biasdash versions, the working folder and the load options. The entry repeats its full key
  and the CRC-32 of its body. So a rule file edited with its size and modification time
  restored is read again, and a truncated or damaged entry is not read.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from . import rulecodec
from .files import NotRegular, open_regular, read_limited

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any

    from ..engine.ruleset import RuleSet

CACHE_ENV = "BIASDASH_CACHE_DIR"
OFF_VALUES = ("", "off", "0", "no")
# Bumped whenever what an entry holds changes; part of every key and of every entry's first line.
FORMAT = "biasdash-cache-2"
# Entries kept; the oldest beyond this are removed when one is written.
KEEP = 16
# A temporary file older than this was left by a run that was killed outright: it is removed.
STALE_TEMP_SECONDS = 600
# Rule and engine files past this size are not hashed (the rule loader refuses them anyway).
MAX_HASHED_BYTES = 32 * 1024 * 1024
# An entry larger than this is neither read nor written (the shipped pack's is about 0.3 MB): a
# planted multi-gigabyte file must not cost its size in memory.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_ENGINE = Path(__file__).resolve().parent.parent / "engine"
try:
    # hashlib loads OpenSSL, 4 ms of a one-article run; like the standard library's random
    # module, use the built-in implementation when there is one (BLAKE2 is the fastest of them).
    from _blake2 import blake2b
except ImportError:
    from hashlib import blake2b
# Without these (Windows), the folder and entry checks cannot be made: no cache.
_SUPPORTED = all(hasattr(os, name) for name in ("O_NOFOLLOW", "O_DIRECTORY", "geteuid", "fchmod"))
_OPEN_DIR = (getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0) | os.O_RDONLY)
# O_NONBLOCK: opening a FIFO planted under an entry's name must not wait for a writer.
_OPEN_ENTRY = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0))


# --- the folder and its entries ---------------------------------------------------------------

def cache_dir() -> Path | None:
    """The folder configured for the cache (not yet checked), or None when the cache is off or no
    absolute folder is configured."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        if configured.strip().lower() in OFF_VALUES or not os.path.isabs(configured):
            return None
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "biasdash"
    home = os.path.expanduser("~")
    return Path(home, ".cache", "biasdash") if os.path.isabs(home) else None


def _private(st: os.stat_result) -> bool:
    """Owned by the effective user and writable by no one else."""
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _ours_to_create(folder: Path) -> bool:
    """Whether the nearest existing folder above `folder` is the user's or root's, so that what
    is created in it belongs where it is put."""
    for parent in folder.parents:
        try:
            return os.stat(parent).st_uid in (os.geteuid(), 0)
        except FileNotFoundError:
            continue
        except OSError:
            return False
    return False


def _open_folder(*, create: bool) -> int | None:
    """A descriptor of the cache folder when it can be trusted (created 0700 if `create`), else
    None. Everything after goes through this descriptor, so the folder cannot be swapped for
    another between the check and the use."""
    folder = cache_dir() if _SUPPORTED else None
    if folder is None:
        return None
    try:
        if create and not os.path.lexists(folder) and _ours_to_create(folder):
            folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                os.mkdir(folder, 0o700)
            except FileExistsError:
                pass  # made by a run in parallel: checked below like any other
        fd = os.open(folder, _OPEN_DIR)  # O_NOFOLLOW: a symlink in its place is refused
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode) and _private(st):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _entry_name(kind: str, key: str) -> str:
    return f"{kind}-{key[:32]}.json"


def _header(kind: str, key: str, body: bytes) -> bytes:
    """An entry's first line: the format, its kind and full key, and the CRC-32 of the body,
    which finds a truncated or damaged body (a deliberate edit is what the folder checks stop)."""
    import zlib

    return f"{FORMAT} {kind} {key} {zlib.crc32(body):08x}\n".encode("ascii")


def read(kind: str, key: str) -> Any:
    """The JSON value `write(kind, key, ...)` stored, or None: no trusted folder, no entry, an
    entry not the user's own or not a regular file, another format, another key, or a body
    that does not match its digest or is not JSON. The caller validates the value itself."""
    import json

    folder = _open_folder(create=False)
    if folder is None:
        return None
    try:
        fd = os.open(_entry_name(kind, key), _OPEN_ENTRY, dir_fd=folder)
    except OSError:
        return None
    finally:
        os.close(folder)
    try:
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size > MAX_ENTRY_BYTES:
                return None
            data = handle.read(MAX_ENTRY_BYTES + 1)
            if len(data) > MAX_ENTRY_BYTES:
                return None
        head, newline, body = data.partition(b"\n")
        if not newline or head + newline != _header(kind, key, body):
            return None
        return json.loads(body)
    except (OSError, ValueError, RecursionError, MemoryError):
        return None


def write(kind: str, key: str, value: Any) -> None:
    """Store a JSON value atomically (0600, renamed into place), keeping the newest KEEP entries
    of its kind; never raises for a cache that cannot be written (that costs speed only)."""
    import json

    try:
        body = json.dumps(value, separators=(",", ":"), allow_nan=True).encode("ascii")
    except (TypeError, ValueError, RecursionError):
        return
    if len(body) > MAX_ENTRY_BYTES:
        return
    folder = _open_folder(create=True)
    if folder is None:
        return
    temp = f".{kind}-{os.getpid()}-{os.urandom(6).hex()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600, dir_fd=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o600)  # exactly 0600, whatever the umask
                handle.write(_header(kind, key, body))
                handle.write(body)
            os.replace(temp, _entry_name(kind, key), src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:  # a signal included: no temporary file is left behind
            try:
                os.unlink(temp, dir_fd=folder)
            except OSError:
                pass
            raise
        _prune(folder, kind)
    except OSError:
        pass
    finally:
        os.close(folder)


def _prune(folder: int, kind: str) -> None:
    """Remove the oldest entries of a kind beyond KEEP, the entries of the old pickle format
    (never read again), and temporary files left by runs killed while writing."""
    import time

    entries: list[tuple[int, str]] = []
    now = time.time_ns()
    with os.scandir(folder) as listing:
        for item in listing:
            name = item.name
            try:
                if name.startswith(f"{kind}-") and name.endswith(".json"):
                    entries.append((item.stat(follow_symlinks=False).st_mtime_ns, name))
                elif (name.startswith(f"{kind}-") and name.endswith(".pickle")) or (
                        name.startswith(f".{kind}-") and name.endswith(".tmp")
                        and now - item.stat(follow_symlinks=False).st_mtime_ns > STALE_TEMP_SECONDS * 10**9):
                    os.unlink(name, dir_fd=folder)
            except OSError:
                pass
    for _, name in sorted(entries)[:-KEEP]:
        try:
            os.unlink(name, dir_fd=folder)
        except OSError:
            pass


# --- keys -------------------------------------------------------------------------------------

def file_digests(paths: list[str | Path]) -> list[tuple[str, str]] | None:
    """Each file's path and a hash (BLAKE2b) of its bytes, or None when one cannot be read or is
    not a regular file (a FIFO or a device is not opened): then nothing is cached."""
    out = []
    for path in paths:
        try:
            handle, size = open_regular(path)
            with handle:
                data = read_limited(handle, MAX_HASHED_BYTES, size) if size <= MAX_HASHED_BYTES else None
        except (NotRegular, OSError):
            return None
        if data is None:
            return None
        out.append((str(path), blake2b(data).hexdigest()))
    return out


def file_identities(paths: list[str | Path]) -> list[tuple[Any, ...]] | None:
    """Each file's path, device, inode, size, modification and change times, or None when one
    is missing: what identifies installed code (the engine's sources, VADER's files) without
    reading it. The change time (ctime) cannot be set back by `cp -p`, `touch -r`, `tar` or
    `rsync -a`, which restore the modification time only, so no rewrite goes unseen."""
    try:
        return [(str(p), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
                for p in paths for st in (os.stat(p),)]
    except OSError:
        return None


def make_key(*parts: Any) -> str:
    """A key for an entry: a hash (BLAKE2b) of a description of everything it is built from."""
    return blake2b(repr([FORMAT, sys.version, *parts]).encode("utf-8", "surrogatepass"),
                   digest_size=32).hexdigest()


def cache_key(files: list[Path], options: Any) -> str | None:
    """The key of the rule set built from `files` with `options`, or None (the cache is off, or
    a file cannot be read): every rule file's bytes, the engine's source files, the versions,
    the working folder (rule files are named relative to it) and the options."""
    from .. import __version__

    if cache_dir() is None:
        return None  # nothing to read or write: no file is hashed, no rule set encoded
    rule_files = file_digests(list(files))
    engine = file_identities(sorted(_ENGINE.rglob("*.py")))
    if rule_files is None or engine is None:
        return None
    return make_key(__version__, options, os.getcwd(), rule_files, engine)


def load(key: str) -> RuleSet | None:
    """The rule set stored under `key`, or None (missing, untrusted, or not a valid entry)."""
    found = read("rules", key)
    if found is None:
        return None
    try:
        return rulecodec.decode_ruleset(found)
    except Exception:  # any malformed value: rebuilt from the rule files, never a crash
        return None


def save(key: str, ruleset: RuleSet) -> None:
    """Store the rule set with its compiled matchers (compiled now if it was not yet); a rule set
    that cannot be stored faithfully is not stored."""
    try:
        data = rulecodec.encode_ruleset(ruleset)
    except Exception:  # the engine holds what this code cannot store: the cache costs speed only
        return
    write("rules", key, data)
