"""Provides the Article model and its loaders: text and Markdown files, folders, stdin and JSONL."""

from __future__ import annotations

import codecs
import json
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from typing import BinaryIO, Iterator

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl")
# Articles larger than this are refused with a message rather than read (configurable: --max-bytes).
# 2 MiB is some 300,000 words, far beyond any article, and scores in about two seconds.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# The largest --max-bytes (or config max_bytes) accepted: scoring costs up to 20x the article's
# size in memory, so a larger limit would only trade a clear refusal for running out of memory.
MAX_LIMIT_BYTES = 1 << 30
WESTERN_SINGLE_BYTE = frozenset({
    "cp1252", "cp1250", "cp1257", "cp775", "cp850", "cp437", "cp858", "cp865", "cp860", "cp863",
    "latin_1", "iso8859_15", "iso8859_2", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13",
    "iso8859_14", "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp1254",
})


@dataclass(frozen=True)
class Article:
    """One article: its text as decoded, and what is known about it."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None
    line: int = 1  # the JSONL line it came from; 1 for a whole file


@dataclass(frozen=True)
class LoadError:
    """An input that could not be read as an article, with where and why."""

    path: str
    message: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def decode(raw: bytes) -> str:
    """Decode article bytes: UTF-8 first, then UTF-16/32 by BOM, then charset detection.

    Raises ValueError for content that is not text (NUL bytes without a UTF-16 BOM, images, ...).
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return raw.decode("utf-32")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" not in text:
        return text
    guessed = _utf16_without_bom(raw)
    if guessed is not None:
        return guessed
    if b"\x00" in raw:
        raise ValueError("binary file (contains NUL bytes): not an article")
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise ValueError("not text in any known encoding")
    if best.encoding in WESTERN_SINGLE_BYTE:
        # Short Western text fits several code pages equally well; cp1252 is by far the likeliest.
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise ValueError(f"not text (looked like {best.encoding} but does not decode)") from None


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte of its ASCII characters."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    even, odd = raw[0::2], raw[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.4 * len(zeros):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text
    return None


def _read_limited(stream: BinaryIO, limit: int) -> bytes | None:
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def expand_paths(paths: list[str]) -> Iterator[str | LoadError]:
    """Files to read, in order: folders are walked recursively (symlinked folders not followed)."""
    for given in paths:
        if given == "-":
            yield given
            continue
        path = Path(given)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in files:
                    if name.lower().endswith(ARTICLE_SUFFIXES):
                        found.append(os.path.join(root, name))
            yield from sorted(found)
        elif path.exists() or path.is_symlink():
            yield given
        else:
            yield LoadError(given, "no such file or folder")


def load_articles(paths: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
                  stdin: BinaryIO | None = None) -> Iterator[Article | LoadError]:
    """Articles from files, folders, JSONL files and stdin, in input order; errors in place."""
    for item in expand_paths(paths):
        if isinstance(item, LoadError):
            yield item
            continue
        yield from load_file(item, max_bytes=max_bytes, stdin=stdin)


def load_file(name: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              stdin: BinaryIO | None = None) -> Iterator[Article | LoadError]:
    """The article(s) in one file (a JSONL file holds many); `-` is standard input."""
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = _read_limited(stream, max_bytes)
        if raw is None:
            yield LoadError("<stdin>", f"input larger than the limit of {max_bytes} bytes")
            return
        yield from _from_bytes("<stdin>", "stdin", raw, jsonl=False)
        return
    if name.lower().endswith(".jsonl"):
        yield from _load_jsonl(name, max_bytes)
        return
    try:
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode):
            yield LoadError(name, "not a regular file (a pipe, device or socket): not read")
            return
        size = info.st_size
        if size > max_bytes:
            yield LoadError(name, f"file is {size} bytes, over the limit of {max_bytes} bytes "
                                  "(raise it with --max-bytes)")
            return
        with open(name, "rb") as handle:
            raw = _read_limited(handle, max_bytes)
    except OSError as exc:
        yield LoadError(name, f"cannot read: {exc.strerror or exc}")
        return
    if raw is None:
        yield LoadError(name, f"file is over the limit of {max_bytes} bytes")
        return
    yield from _from_bytes(name, Path(name).stem, raw, jsonl=False)


def _from_bytes(name: str, article_id: str, raw: bytes, *, jsonl: bool) -> Iterator[Article | LoadError]:
    try:
        text = decode(raw)
    except ValueError as exc:
        yield LoadError(name, str(exc))
        return
    if not text.strip():
        yield LoadError(name, "empty article (no text)")
        return
    title = _markdown_title(text) if name.lower().endswith((".md", ".markdown")) else None
    yield Article(id=article_id, text=text, path=None if name == "<stdin>" else name, title=title)


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
        if line.strip():
            return None
    return None


def _load_jsonl(name: str, max_bytes: int) -> Iterator[Article | LoadError]:
    try:
        if not stat.S_ISREG(os.stat(name).st_mode):
            yield LoadError(name, "not a regular file (a pipe, device or socket): not read")
            return
        handle = open(name, "rb")
    except OSError as exc:
        yield LoadError(name, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        number = 0
        while True:
            raw = handle.readline(max_bytes + 1)
            if not raw:
                break
            number += 1
            if len(raw) > max_bytes:
                yield LoadError(name, f"line longer than the limit of {max_bytes} bytes", number)
                while raw and not raw.endswith(b"\n"):
                    raw = handle.readline(max_bytes + 1)
                continue
            if not raw.strip():
                continue
            yield _jsonl_record(name, number, raw)


def _jsonl_record(name: str, number: int, raw: bytes) -> Article | LoadError:
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return LoadError(name, f"line is not UTF-8 (byte {exc.start})", number, exc.start + 1)
    except json.JSONDecodeError as exc:
        return LoadError(name, f"invalid JSON: {exc.msg}", number, exc.colno)
    except (ValueError, RecursionError) as exc:  # 5,000-digit numbers, nesting 10,000 deep
        return LoadError(name, f"invalid JSON: {str(exc).split(';')[0] or 'nested too deeply'}", number)
    if not isinstance(record, dict):
        return LoadError(name, "expected a JSON object with `id` and `text`", number)
    text = record.get("text")
    if not isinstance(text, str):
        return LoadError(name, "missing `text` (a string)", number)
    article_id = record.get("id")
    if article_id is None or isinstance(article_id, (dict, list, bool)):
        return LoadError(name, "missing `id` (a string or number)", number)
    extras = {}
    for key in ("title", "url", "outlet", "date"):
        value = record.get(key)
        extras[key] = str(value) if value is not None and not isinstance(value, (dict, list)) else None
    return Article(id=str(article_id), text=text, path=name, line=number, **extras)
