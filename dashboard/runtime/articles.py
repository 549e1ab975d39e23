"""Provides the article loaders: text, Markdown and HTML files, folders, stdin and JSONL."""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path

# READ_BLOCK: a JSONL line longer than the limit is read and dropped a block at a time, never held whole.
from ..engine.article import Article
from .files import NOT_REGULAR, READ_BLOCK, NotRegular, open_regular, read_limited

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO

# Saved web pages: their main text is scored (runtime/html.py), not their markup.
HTML_SUFFIXES = (".html", ".htm")
# Standard input has no suffix: it is a web page when it starts as one.
_PAGE_START = re.compile(rb"\s*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".jsonl", *HTML_SUFFIXES)
# Articles larger than this are refused with a message rather than read (configurable: --max-bytes).
# 2 MiB is some 300,000 words, far beyond any article, and scores in about two seconds.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# The largest --max-bytes (or config max_bytes) accepted: scoring costs up to 20x the article's
# size in memory, so a larger limit would only trade a clear refusal for running out of memory.
MAX_LIMIT_BYTES = 1 << 30
# A web page may be this many times the limit: markup, inline scripts and styles are most of a
# saved page, and only its extracted text (held to the limit itself) is scored.
HTML_MARKUP_FACTOR = 8
WESTERN_SINGLE_BYTE = frozenset({
    "cp1252", "cp1250", "cp1257", "cp775", "cp850", "cp437", "cp858", "cp865", "cp860", "cp863",
    "latin_1", "iso8859_15", "iso8859_2", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13",
    "iso8859_14", "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp1254",
})


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


NO_MEMORY = "not enough memory to read this article"


def _cannot_read(name: str, exc: OSError) -> LoadError:
    return LoadError(name, f"cannot read: {exc.strerror or exc}")


def expand_paths(paths: list[str]) -> Iterator[str | LoadError]:
    """Files to read, in order: folders are walked recursively (symlinked folders not followed).

    A path or subfolder that cannot be looked at (permission denied, a name too long, removed
    while being walked) is a LoadError in its place; the rest is still listed."""
    for given in paths:
        if given == "-":
            yield given
            continue
        try:
            info = os.stat(given)
        except OSError as exc:
            if os.path.islink(given):
                yield given  # a dangling or looping link: reading it says which
            elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
                yield LoadError(given, "no such file or folder")
            else:  # permission denied on a folder on the way, a name too long, ...
                yield _cannot_read(given, exc)
            continue
        except ValueError:  # a NUL byte in the name
            yield LoadError(given, "no such file or folder")
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(given)
        else:
            yield given


def _walk(folder: str) -> list[str | LoadError]:
    """Article files under a folder in sorted order, with folders that could not be listed in
    their place as LoadErrors (os.walk skips them silently otherwise)."""
    found: list[tuple[str, str | LoadError]] = []

    def unlisted(exc: OSError) -> None:
        where = exc.filename if isinstance(exc.filename, str) else folder
        found.append((where, LoadError(where, f"cannot read folder: {exc.strerror or exc}")))

    for root, dirs, files in os.walk(folder, onerror=unlisted, followlinks=False):
        dirs.sort()
        for name in files:
            if name.lower().endswith(ARTICLE_SUFFIXES):
                path = os.path.join(root, name)
                found.append((path, path))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]


def load_articles(paths: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
                  stdin: BinaryIO | None = None) -> Iterator[Article | LoadError]:
    """Articles from files, folders, JSONL files and stdin, in input order; errors in place.

    An article named by its file (its id the file's stem) whose id an earlier one has is named
    by its path instead (`b/index`, beside `a/index.html`'s `index`): ids stay unique, so that
    outputs and reused pairs can tell the two apart. Ids a JSONL record gives are kept as given."""
    taken: set[str] = set()
    for item in expand_paths(paths):
        if isinstance(item, LoadError):
            yield item
            continue
        for found in load_file(item, max_bytes=max_bytes, stdin=stdin):
            if isinstance(found, Article):
                if found.id in taken and not item.lower().endswith(".jsonl"):
                    found = replace(found, id=_unique_id(item, taken))
                taken.add(found.id)
            yield found


def _unique_id(name: str, taken: set[str]) -> str:
    """An id for the file `name` that no earlier article has: its path without the suffix
    (relative to the current folder where it is inside it), then with ~2, ~3, ... if need be."""
    path = os.path.splitext(name)[0]
    try:
        relative = os.path.relpath(path)
        path = relative if not relative.startswith("..") else path
    except ValueError:  # another drive (Windows)
        pass
    unique, n = path, 1
    while unique in taken:
        n += 1
        unique = f"{path}~{n}"
    return unique


def load_file(name: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              stdin: BinaryIO | None = None) -> Iterator[Article | LoadError]:
    """The article(s) in one file (a JSONL file holds many); `-` is standard input.

    Never raises for what is on disk: a file that vanishes, changes type or fails to read is a
    LoadError for that file."""
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            head = _head(stream)  # whether it is a web page, whose markup may be larger
            is_page = is_web_page(head)
            limit = max_bytes * HTML_MARKUP_FACTOR if is_page else max_bytes
            rest = read_limited(stream, limit - len(head)) if len(head) <= limit else None
        except OSError as exc:  # stdin is a folder (EISDIR), a hung-up terminal (EIO), ...
            yield _cannot_read("<stdin>", exc)
            return
        if rest is None:
            yield LoadError("<stdin>", f"input larger than the limit of {limit} bytes")
            return
        raw = head + rest if rest else head
        del head, rest
        item = _from_page("<stdin>", raw, max_bytes) if is_page else _from_bytes("<stdin>", "stdin", raw)
        del raw  # the bytes are not kept while the article is scored
        yield item
        return
    if name.lower().endswith(".jsonl"):
        yield from _load_jsonl(name, max_bytes)
        return
    yield _load_text_file(name, max_bytes)


def _load_text_file(name: str, max_bytes: int) -> Article | LoadError:
    is_page = name.lower().endswith(HTML_SUFFIXES)
    limit = max_bytes * HTML_MARKUP_FACTOR if is_page else max_bytes
    try:
        handle, size = open_regular(name)
        with handle:
            if size > limit:
                return LoadError(name, f"file is {size} bytes, over the limit of {limit} bytes "
                                       "(raise it with --max-bytes)")
            raw = read_limited(handle, limit, size)
    except NotRegular:
        return LoadError(name, NOT_REGULAR)
    except OSError as exc:
        return _cannot_read(name, exc)
    if raw is None:
        return LoadError(name, f"file is over the limit of {limit} bytes")
    if is_page:
        return _from_page(name, raw, max_bytes)
    return _from_bytes(name, Path(name).stem, raw)


def _head(stream: BinaryIO, size: int = 1024) -> bytes:
    """The first `size` bytes of a stream (fewer at its end), however a pipe delivers them."""
    chunks: list[bytes] = []
    got = 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def is_web_page(raw: bytes) -> bool:
    """Whether input with no file name (stdin) is a web page: it starts, after white space and a
    byte order mark, with `<!doctype html` or `<html` (in any case)."""
    head = raw[:1024]
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):len(bom) + 64].decode(codec, errors="ignore").encode("ascii", errors="ignore")
            break
    return _PAGE_START.match(head) is not None


def _from_page(name: str, raw: bytes, max_bytes: int) -> Article | LoadError:
    """A saved web page's article: its main text, title, URL, date and outlet (runtime/html.py)."""
    from .html import declared_charset, extract

    try:
        markup = None
        charset = declared_charset(raw)
        if charset is not None and not raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                markup = raw.decode(charset)
            except UnicodeDecodeError:
                pass  # a wrong declaration (a UTF-8 page saying latin-1): detected as for text
        if markup is None:
            markup = decode(raw)
        del raw
        page = extract(markup)
    except ValueError as exc:
        return LoadError(name, str(exc))
    except MemoryError:
        return LoadError(name, NO_MEMORY)
    if len(page.text.encode("utf-8")) > max_bytes:
        return LoadError(name, f"the page's text is over the limit of {max_bytes} bytes (raise it with --max-bytes)")
    stdin = name == "<stdin>"
    return Article(id="stdin" if stdin else Path(name).stem, text=page.text, path=None if stdin else name,
                   title=page.title, url=page.url, outlet=page.outlet, date=page.date,
                   positions=page.positions)


def _from_bytes(name: str, article_id: str, raw: bytes) -> Article | LoadError:
    try:
        text = decode(raw)
    except ValueError as exc:
        return LoadError(name, str(exc))
    except MemoryError:
        return LoadError(name, NO_MEMORY)
    if not text.strip():
        return LoadError(name, "empty article (no text)")
    title = _markdown_title(text) if name.lower().endswith((".md", ".markdown")) else None
    return Article(id=article_id, text=text, path=None if name == "<stdin>" else name, title=title)


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
        if line.strip():
            return None
    return None


def _load_jsonl(name: str, max_bytes: int) -> Iterator[Article | LoadError]:
    try:
        handle, _ = open_regular(name)
    except NotRegular:
        yield LoadError(name, NOT_REGULAR)
        return
    except OSError as exc:
        yield _cannot_read(name, exc)
        return
    number = 0
    with handle:
        try:
            for raw in _lines(handle, max_bytes):
                number += 1
                if raw is None:
                    yield LoadError(name, f"line longer than the limit of {max_bytes} bytes", number)
                    continue
                if not raw.strip():
                    continue
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError as exc:
                    yield LoadError(name, f"line is not UTF-8 (byte {exc.start})", number, exc.start + 1)
                    continue
                del raw  # only the decoded line is held while it is parsed...
                item = _jsonl_record(name, number, text)
                del text  # ...and only the article while it is scored
                yield item
        except OSError as exc:  # a read error part-way (EIO, a file on a lost mount): the lines before it stand
            yield LoadError(name, f"cannot read: {exc.strerror or exc}", number + 1)


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | bytearray | None]:
    """Each line of a binary file (with its line break), or None for a line longer than `limit`
    bytes, line break included. Memory stays flat whatever the length of a line: a line is
    gathered only while it is shorter than a block; a longer one is first measured, a block at a
    time and without keeping it, then read again in one piece if it is within the limit (or
    dropped if it is not)."""
    seekable = stream.seekable()
    keep = min(limit, READ_BLOCK) if seekable else limit
    line = bytearray()
    length = -1  # the length so far of a line too long to gather, or -1 while gathering
    block_at = stream.tell() if seekable else 0  # where the current block starts in the file
    line_at = block_at  # and the current line
    while True:
        block = stream.read(READ_BLOCK)
        if not block:
            break
        pos = 0
        while pos < len(block):
            end = block.find(b"\n", pos)
            stop = len(block) if end < 0 else end + 1
            if length < 0:
                line += memoryview(block)[pos:stop]
                if len(line) > keep:
                    length, line = len(line), bytearray()
            elif length <= limit:
                length += stop - pos
            if end < 0:
                break
            done: list[bytes | bytearray | None]
            if length < 0:
                done = [line]  # handed over, not kept: the caller can free it while this waits
            elif length > limit:
                done = [None]
            else:  # within the limit after all: read it again, in one piece
                stream.seek(line_at)
                done = [stream.read(length)]
                stream.seek(block_at + len(block))
            line, length, line_at = bytearray(), -1, block_at + stop
            yield done.pop()
            pos = stop
        block_at += len(block)
    if length > limit:
        yield None
    elif length >= 0:
        stream.seek(line_at)
        yield stream.read(length)
    elif line:
        done, line = [line], bytearray()
        yield done.pop()


def _jsonl_record(name: str, number: int, line: str) -> Article | LoadError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return LoadError(name, f"invalid JSON: {exc.msg}", number, exc.colno)
    except (ValueError, RecursionError) as exc:  # 5,000-digit numbers, nesting 10,000 deep
        return LoadError(name, f"invalid JSON: {str(exc).split(';')[0] or 'nested too deeply'}", number)
    except MemoryError:
        return LoadError(name, NO_MEMORY, number)
    if not isinstance(record, dict):
        return LoadError(name, "expected a JSON object with `id` and `text`", number)
    text = record.get("text")
    if not isinstance(text, str):
        return LoadError(name, "missing `text` (a string)", number)
    article_id = record.get("id")
    if article_id is None or isinstance(article_id, (dict, list, bool)):
        return LoadError(name, "missing `id` (a string or number)", number)
    def extra(key: str) -> str | None:
        value = record.get(key)
        return str(value) if value is not None and not isinstance(value, (dict, list)) else None

    return Article(id=str(article_id), text=text, path=name, line=number, title=extra("title"),
                   url=extra("url"), outlet=extra("outlet"), date=extra("date"))
