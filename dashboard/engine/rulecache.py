"""Provides a cache of validated, compiled rule sets, so that checking one article does not parse
and compile the same rule files on every run (two thirds of a one-article `check` otherwise).

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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

    parts: list[Any] = [__version__, sys.version, options, os.getcwd()]
    try:
        for path in [*files, *sorted(_ENGINE.glob("*.py"))]:
            st = os.stat(path)
            parts.append((str(path), st.st_mtime_ns, st.st_size))
    except OSError:
        return None
    return repr(parts)


def _entry(directory: Path, key: str) -> Path:
    return directory / f"rules-{zlib.crc32(key.encode('utf-8', 'surrogatepass')):08x}.pickle"


def load(key: str) -> "RuleSet | None":
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with _entry(directory, key).open("rb") as handle:
            import pickle

            stored_key, ruleset, compiled = pickle.load(handle)
    except Exception:  # missing, unreadable, truncated or from another version: rebuild
        return None
    if stored_key != key:
        return None
    ruleset.__dict__["compiled"] = compiled  # what the cached_property would have computed
    return ruleset


def save(key: str, ruleset: "RuleSet") -> None:
    """Store the rule set with its compiled matchers (compiled now if it was not yet)."""
    directory = cache_dir()
    if directory is None:
        return
    import pickle
    import tempfile

    try:
        directory.mkdir(parents=True, exist_ok=True)
        target = _entry(directory, key)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((key, ruleset, ruleset.compiled), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
        entries = sorted(directory.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # a read-only or full cache costs speed only
