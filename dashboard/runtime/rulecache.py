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

from .files import NotRegular, open_regular, read_limited

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..engine.kinds import Rule
    from ..engine.matchers import PhraseMatcher
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


# --- rule sets as plain data ------------------------------------------------------------------
#
# Every part is stored as columns (one list per field, across all rules of a kind or all phrases
# of a matcher), so that reading one back is a few passes in C per column (type checks, tuple
# conversion) rather than Python calls per value: 10 ms of a one-article run otherwise.

class Invalid(Exception):
    """A cache entry (or a rule set being stored) is not of the shape this code reads and writes."""


def _expect(condition: bool) -> None:
    if not condition:
        raise Invalid


def _only(values: Any, kind: type) -> bool:
    """Whether `values` is a list of values of exactly `kind` (a bool is no int)."""
    return type(values) is list and set(map(type, values)) <= {kind}


def _column(values: Any, kind: type, count: int) -> list[Any]:
    _expect(_only(values, kind) and len(values) == count)
    return values


def _text_tuples(values: Any, count: int) -> list[tuple[str, ...]]:
    """A column of lists of text, as tuples."""
    from itertools import chain

    _column(values, list, count)
    _expect(_only(list(chain.from_iterable(values)), str))
    return list(map(tuple, values))


def _numbers(values: Any, count: int) -> list[Any]:
    _expect(type(values) is list and set(map(type, values)) <= {float, int} and len(values) == count)
    return values


def _examples(values: Any, count: int) -> list[Any]:
    from ..engine.kinds import Examples

    _column(values, list, count)
    _expect(set(map(len, values)) <= {2})
    matches = _text_tuples([v[0] for v in values], count)
    no_matches = _text_tuples([v[1] for v in values], count)
    _expect(all(matches))  # a rule file must give at least one `match` example
    return [Examples(match=m, no_match=n) for m, n in zip(matches, no_matches)]


# How a rule field's column is read back, by the field's annotation (the rule classes defer
# their annotations to strings); a float field written from a float comes back as one.
_FIELD_COLUMNS: dict[str, Callable[[Any, int], list[Any]]] = {
    "str": lambda v, n: _column(v, str, n), "bool": lambda v, n: _column(v, bool, n),
    "int": lambda v, n: _column(v, int, n), "float": _numbers,
    "tuple[str, ...]": _text_tuples, "Examples": _examples,
}


_NO_DEFAULT = object()


def _annotations(cls: type) -> dict[str, str]:
    """Every field's annotation, as written."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        found.update(vars(klass).get("__annotations__", {}))
    return found


def _encode_rules(kind: str, rules: list[Rule]) -> list[list[Any]]:
    from ..engine.kinds import RULE_CLASSES

    cls = RULE_CLASSES[kind]
    annotations = _annotations(cls)
    _expect(all(type(rule) is cls and len(vars(rule)) == len(cls.fields) for rule in rules))
    columns = []
    for name in cls.fields:
        values = [getattr(rule, name) for rule in rules]
        annotation = annotations[name]
        if annotation == "Examples":
            values = [[list(v.match), list(v.no_match)] for v in values]
        elif annotation == "tuple[str, ...]":
            values = list(map(list, values))
        columns.append(values)
    return columns


def _decode_rules(kind: str, columns: Any, count: int) -> list[Rule]:
    """The `count` rules of a kind, from their columns: each column of its field's type, and
    every value the rule-file schema checks (choices, ranges, non-empty text, ids, metrics)
    checked again, so that no value a rule file could not have given reaches the engine."""
    from ..engine.kinds import ID_PATTERN, KINDS, RULE_CLASSES
    from ..engine.metrics import METRICS

    cls = RULE_CLASSES[kind]
    annotations = _annotations(cls)
    checks = {spec.attr or key: spec.check for key, spec in KINDS[kind].schema.items()
              if key != "examples"}
    _expect(type(columns) is list and len(columns) == len(cls.fields))
    fields = {}
    for name, raw in zip(cls.fields, columns):
        values = fields[name] = _FIELD_COLUMNS[annotations[name]](raw, count)
        check = checks.get(name)
        if check is not None:
            default = cls._defaults.get(name, _NO_DEFAULT)  # a default needs no check (country "")
            _expect(all(check(r) is None for v, r in zip(values, raw) if v != default))
    _expect(set(fields["kind"]) <= {kind} and all(map(ID_PATTERN.match, fields["id"]))
            and (not count or min(fields["line"] + fields["column"]) >= 1))
    _expect(kind != "checks" or set(fields["metric"]) <= set(METRICS))
    names = cls.fields
    return [cls(**dict(zip(names, row))) for row in zip(*(fields[name] for name in names))]


# Compiled's phrase matchers, stored as data, and what each maps a phrase to: a cue entry, a
# vague rule, a loaded rule with the term the phrase comes from. The source index is stored too;
# every other part of Compiled (the furniture patterns) is compiled again on each load.
_MATCHERS = {"cues": "cues", "vague": "vague", "standalone": "vague", "loaded": "loaded"}
_STORED = (*_MATCHERS, "sources")
_SOURCE_PARTS = ("phrases", "by_alias", "by_domain", "fuzzy_choices")
# The kinds whose compiled parts are stored; every other kind (checks, furniture, and any kind
# added later) is compiled again on each load, by its own `compile`.
_STORED_KINDS = frozenset(("cues", "vague", "loaded", "sources"))
_PAYLOAD_COLUMNS = {"cues": 3, "vague": 1, "loaded": 2, "sources": 2}


def _encode_payloads(kind: str, payloads: list[Any], index: dict[int, int]) -> list[list[Any]]:
    """What phrases map to, as columns of plain values (rules by their index in the rule set)."""
    from ..engine.matchers import CueEntry

    if kind == "cues":
        _expect(all(type(p) is CueEntry and len(vars(p)) == 3 for p in payloads))
        return [[index[id(p.rule)] for p in payloads], [p.after for p in payloads],
                [p.verb for p in payloads]]
    if kind == "vague":
        return [[index[id(p)] for p in payloads]]
    _expect(all(type(p) is tuple and len(p) == 2 for p in payloads))
    if kind == "loaded":
        return [[index[id(p[0])] for p in payloads], [p[1] for p in payloads]]
    _expect(all(type(p[1]) is list for p in payloads))  # sources: (rule, its spellings' tokens)
    return [[index[id(p[0])] for p in payloads], [list(map(" ".join, p[1])) for p in payloads]]


def _rules_of(kind: str, owners: Any, rules: tuple[Rule, ...]) -> list[Rule]:
    """The rules a column of indices names, each of them in range and of `kind`."""
    _expect(_only(owners, int) and (not owners or (min(owners) >= 0 and max(owners) < len(rules))))
    _expect({rules[i].kind for i in set(owners)} <= {kind})
    return list(map(rules.__getitem__, owners))


def _phrases(joined: Any, count: int) -> list[tuple[str, ...]]:
    """A column of phrases, each stored as its words joined by spaces (a word never holds
    whitespace; JSON reads one string faster than a list of them), as tuples of words."""
    _column(joined, str, count)
    phrases = list(map(tuple, map(str.split, joined)))
    _expect(all(phrases))
    return phrases


def _decode_payloads(kind: str, columns: list[Any], count: int, rules: tuple[Rule, ...]) -> list[Any]:
    """What `_encode_payloads` stored, each rule index in range and naming a rule of `kind`."""
    from ..engine.matchers import CueEntry

    owned = _rules_of(kind, _column(columns[0], int, count), rules)
    if kind == "cues":
        after, verb = _column(columns[1], bool, count), _column(columns[2], bool, count)
        # Equal entries are one object: they are immutable values, and 800 phrases have a few
        # dozen distinct ones.
        entries = {key: CueEntry(rules[key[0]], key[1], verb=key[2])
                   for key in set(zip(columns[0], after, verb))}
        return list(map(entries.__getitem__, zip(columns[0], after, verb)))
    if kind == "vague":
        return owned
    if kind == "loaded":
        return list(zip(owned, _column(columns[1], str, count)))
    _column(columns[1], list, count)
    return [(rule, _phrases(spellings, len(spellings))) for rule, spellings in zip(owned, columns[1])]


def _encode_buckets(kind: str, buckets: dict[str, list[tuple[Any, ...]]], items: int,
                    index: dict[int, int]) -> list[list[Any]]:
    """One of a matcher's tables (a dict of lists of tuples whose last item is a payload) as
    columns: the keys, each list's length, one column per tuple item (a phrase as its words
    after the first, which is the key, so stored once), then the payload's columns."""
    flat = [item for bucket in buckets.values() for item in bucket]
    _expect(all(type(item) is tuple and len(item) == items + 1 for item in flat))
    columns: list[list[Any]] = [list(buckets), [len(bucket) for bucket in buckets.values()]]
    for i in range(items):
        column = [item[i] for item in flat]
        if column and type(column[0]) is tuple:
            column = ["".join(" " + word for word in phrase[1:]) for phrase in column]
        columns.append(column)
    return columns + _encode_payloads(kind, [item[-1] for item in flat], index)


def _decode_buckets(kind: str, columns: Any, shape: str, rules: tuple[Rule, ...]) -> dict[str, list[Any]]:
    """The table `_encode_buckets` stored, each item checked and filed under its own key:
    `shape` "phrase" for (phrase, payload) items filed by their first word, "head" for (head,
    prefix, payload) filed by the head's first word, "single" for (rank, prefix, payload)
    filed by the prefix's first three letters."""
    from itertools import accumulate, chain, repeat
    from operator import add, itemgetter

    items = 1 if shape == "phrase" else 2
    _expect(type(columns) is list and len(columns) == 2 + items + _PAYLOAD_COLUMNS[kind])
    keys, counts = columns[0], columns[1]
    _expect(_only(keys, str) and len(set(keys)) == len(keys) and _only(counts, int)
            and len(counts) == len(keys) and (not counts or min(counts) > 0))
    n = sum(counts)
    under = list(chain.from_iterable(map(repeat, keys, counts)))  # each item's key
    parts: list[list[Any]] = []
    if shape == "single":
        parts.append(_column(columns[2], int, n))
        parts.append(_column(columns[3], str, n))
        _expect(all(parts[1]) and [prefix[:3] for prefix in parts[1]] == under)
    else:
        # A phrase is its key followed by the rest of its words ("" or " word word").
        parts.append(_phrases(list(map(add, under, _column(columns[2], str, n))), n))
        _expect(list(map(itemgetter(0), parts[0])) == under)
        if shape == "head":
            parts.append(_column(columns[3], str, n))
            _expect(all(parts[1]))
    parts.append(_decode_payloads(kind, columns[2 + items:], n, rules))
    flat = list(zip(*parts))
    # Consecutive runs of `counts` items, one list per key, sliced without a loop in Python.
    bounds = list(accumulate(counts, initial=0))
    return dict(zip(keys, map(flat.__getitem__, map(slice, bounds, bounds[1:]))))


def _encode_matcher(kind: str, matcher: PhraseMatcher, index: dict[int, int]) -> dict[str, Any]:
    return {"exact": _encode_buckets(kind, matcher._exact, 1, index),
            "prefix": _encode_buckets(kind, matcher._prefix, 2, index),
            "single": _encode_buckets(kind, matcher._prefix_single, 2, index),
            "size": matcher.size}


def _decode_matcher(kind: str, data: Any, rules: tuple[Rule, ...]) -> PhraseMatcher:
    """The matcher `_encode_matcher` stored: its tables filled from the checked columns (every
    phrase filed under its own first word, every rule index in range and of the matcher's kind)."""
    from ..engine.matchers import PhraseMatcher

    _expect(type(data) is dict and data.keys() == {"exact", "prefix", "single", "size"}
            and type(data["size"]) is int)
    matcher = PhraseMatcher()
    _expect(set(vars(matcher)) == {"_exact", "_prefix", "_prefix_single", "size", "_starts", "_firsts"})
    matcher._exact = _decode_buckets(kind, data["exact"], "phrase", rules)
    matcher._prefix = _decode_buckets(kind, data["prefix"], "head", rules)
    matcher._prefix_single = _decode_buckets(kind, data["single"], "single", rules)
    matcher.size = data["size"]
    # What freeze() adds (the tables were stored sorted, and sorting 4,000 lists again costs
    # 3 ms); encode_ruleset() checks that this is exactly the state freeze() leaves.
    matcher._firsts = (None if matcher._prefix_single
                       else frozenset(matcher._exact) | frozenset(matcher._prefix))
    return matcher


def _encode_sources(sources: Any, index: dict[int, int]) -> dict[str, Any]:
    return {"phrases": _encode_matcher("sources", sources.phrases, index),
            "by_alias": [list(sources.by_alias), [index[id(r)] for r in sources.by_alias.values()]],
            "by_domain": [list(sources.by_domain), [index[id(r)] for r in sources.by_domain.values()]],
            "fuzzy_choices": list(sources.fuzzy_choices)}


def _decode_sources(data: Any, rules: tuple[Rule, ...]) -> Any:
    from ..engine.matchers import SourceIndex

    _expect(type(data) is dict and data.keys() == set(_SOURCE_PARTS))
    sources = SourceIndex([])
    _expect(set(_SOURCE_PARTS) <= set(vars(sources)))
    sources.phrases = _decode_matcher("sources", data["phrases"], rules)
    for name in ("by_alias", "by_domain"):
        _expect(type(data[name]) is list and len(data[name]) == 2)
        names, owners = data[name]
        _expect(_only(names, str) and len(names) == len(owners))
        setattr(sources, name, dict(zip(names, _rules_of("sources", owners, rules))))
    _expect(_only(data["fuzzy_choices"], str))
    sources.fuzzy_choices = data["fuzzy_choices"]
    return sources


def _state(obj: Any, skip: tuple[str, ...] = ("_starts",)) -> dict[str, Any]:
    """An object's attributes, less its memo of what it looked up (empty until it is used)."""
    return {name: value for name, value in vars(obj).items() if name not in skip}


def encode_ruleset(ruleset: RuleSet) -> dict[str, Any]:
    """A rule set as plain data: its rules' fields, its phrase matchers' tables and its source
    index. Raises Invalid when it holds anything this code cannot store faithfully (the engine
    has changed): decoding what it stored must give the very same rules and matchers, and every
    other part of Compiled must come out the same when compiled from the furniture and check
    rules alone."""
    from ..engine.kinds import RULE_CLASSES

    compiled = ruleset.compiled
    index = {id(rule): i for i, rule in enumerate(ruleset.rules)}
    kinds = [rule.kind for rule in ruleset.rules]
    data = {"fields": {kind: list(cls.fields) for kind, cls in RULE_CLASSES.items()},
            "kinds": kinds,
            "rules": {kind: _encode_rules(kind, [r for r in ruleset.rules if r.kind == kind])
                      for kind in RULE_CLASSES},
            "matchers": {name: _encode_matcher(kind, getattr(compiled, name), index)
                         for name, kind in _MATCHERS.items()},
            "sources": _encode_sources(compiled.sources, index)}
    decoded = decode_ruleset(data)
    rebuilt = decoded.compiled
    _expect(decoded.rules == ruleset.rules and set(vars(rebuilt)) == set(vars(compiled)))
    for name in _MATCHERS:
        _expect(_state(getattr(rebuilt, name)) == _state(getattr(compiled, name)))
    _expect(_state(rebuilt.sources, ("phrases",)) == _state(compiled.sources, ("phrases",)))
    _expect(_state(rebuilt.sources.phrases) == _state(compiled.sources.phrases))
    for name in set(vars(compiled)) - set(_STORED):
        _expect(repr(getattr(rebuilt, name)) == repr(getattr(compiled, name)))
    return data


def decode_ruleset(data: Any) -> RuleSet:
    """The rule set `encode_ruleset` stored, every value checked; raises Invalid (or another
    exception of a malformed value) for anything else."""
    from ..engine.compiled import Compiled
    from ..engine.kinds import RULE_CLASSES
    from ..engine.ruleset import RuleSet

    _expect(type(data) is dict and data.keys() == {"fields", "kinds", "rules", "matchers", "sources"})
    _expect(data["fields"] == {kind: list(cls.fields) for kind, cls in RULE_CLASSES.items()})
    kinds = data["kinds"]
    _expect(_only(kinds, str) and type(data["rules"]) is dict and data["rules"].keys() == RULE_CLASSES.keys()
            and type(data["matchers"]) is dict and data["matchers"].keys() == _MATCHERS.keys())
    of_kind = {kind: iter(_decode_rules(kind, columns, kinds.count(kind)))
               for kind, columns in data["rules"].items()}
    rules = tuple(next(of_kind[kind]) for kind in kinds)  # in their order in the rule set
    ruleset = RuleSet(rules)
    # Furniture patterns are compiled objects, and conditions trees: compiled again (a few ms).
    compiled = Compiled(RuleSet(tuple(r for r in rules if r.kind not in _STORED_KINDS)))
    _expect(set(_STORED) <= set(vars(compiled)))
    for name, kind in _MATCHERS.items():
        setattr(compiled, name, _decode_matcher(kind, data["matchers"][name], rules))
    compiled.sources = _decode_sources(data["sources"], rules)
    ruleset.__dict__["compiled"] = compiled  # what the cached_property would have computed
    return ruleset


def load(key: str) -> RuleSet | None:
    """The rule set stored under `key`, or None (missing, untrusted, or not a valid entry)."""
    found = read("rules", key)
    if found is None:
        return None
    try:
        return decode_ruleset(found)
    except Exception:  # any malformed value: rebuilt from the rule files, never a crash
        return None


def save(key: str, ruleset: RuleSet) -> None:
    """Store the rule set with its compiled matchers (compiled now if it was not yet); a rule set
    that cannot be stored faithfully is not stored."""
    try:
        data = encode_ruleset(ruleset)
    except Exception:  # the engine holds what this code cannot store: the cache costs speed only
        return
    write("rules", key, data)
