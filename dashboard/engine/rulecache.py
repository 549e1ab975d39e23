"""Provides a cache of validated, compiled rule sets, so that checking one article does not parse
and compile the same rule files on every run (two thirds of a one-article `check` otherwise), and
of VADER's parsed lexicon.

An entry is keyed by every rule file's path, size and modification time, the engine's own source
files, the Python and biasdash versions and the load options; any change misses and rebuilds.
The cache lives in $BIASDASH_CACHE_DIR, else $XDG_CACHE_HOME/biasdash, else ~/.cache/biasdash;
BIASDASH_CACHE_DIR=off turns it off. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import Any

    from .rules import RuleSet

CACHE_ENV = "BIASDASH_CACHE_DIR"
# Entries kept; the oldest beyond this are removed when one is written.
KEEP = 16
_ENGINE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "biasdash"


def cache_key(files: list[Path], options: Any) -> str | None:
    """A description of everything the rule set is built from (None when a file cannot be read)."""
    from .. import __version__

    described = files_key([*files, *sorted(_ENGINE.glob("*.py"))])
    return None if described is None else repr([__version__, sys.version, options, os.getcwd(), described])


def files_key(paths: list[str | Path]) -> str | None:
    """A description of files by path, size and modification time (None when one is missing)."""
    try:
        return repr([(str(p), st.st_mtime_ns, st.st_size) for p in paths for st in (os.stat(p),)])
    except OSError:
        return None


def _entry(directory: Path, kind: str, key: str) -> Path:
    return directory / f"{kind}-{zlib.crc32(key.encode('utf-8', 'surrogatepass')):08x}.pickle"


def read(kind: str, key: str) -> Any:
    """What `write(kind, key, ...)` stored, or None (missing, unreadable, truncated, stale)."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with _entry(directory, kind, key).open("rb") as handle:
            import pickle

            stored_key, value = pickle.load(handle)
    except Exception:
        return None
    return value if stored_key == key else None


def write(kind: str, key: str, value: Any) -> None:
    """Store `value` atomically, keeping the newest KEEP entries of its kind; never raises for a
    cache that cannot be written (that costs speed only)."""
    directory = cache_dir()
    if directory is None:
        return
    import pickle
    import tempfile

    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((key, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, _entry(directory, kind, key))
        except BaseException:
            os.unlink(tmp)
            raise
        entries = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        pass


def load(key: str) -> "RuleSet | None":
    found = read("rules", key)
    if found is None:
        return None
    ruleset, compiled = found
    ruleset.__dict__["compiled"] = compiled  # what the cached_property would have computed
    return ruleset


def save(key: str, ruleset: "RuleSet") -> None:
    """Store the rule set with its compiled matchers (compiled now if it was not yet)."""
    write("rules", key, (ruleset, ruleset.compiled))
