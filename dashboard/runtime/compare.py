"""Provides what `biasdash compare --pairs FILE.jsonl` reads: the pairs to align, each line an object
{"a": path-or-id, "b": path-or-id}, with every bad line reported at its line and column."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from .articles import LoadError
from .files import NOT_REGULAR, NotRegular, open_regular, read_limited

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

MAX_PAIRS_BYTES = 64 << 20


@dataclass(frozen=True)
class PairRef:
    """One pair asked for: each side an article id or the path of an article file, and the line
    of the pairs file it is on."""

    a: str
    b: str
    path: str
    line: int


def read_pairs(path: str) -> Iterator[PairRef | LoadError]:
    """The pairs of a pairs file in order, and a LoadError for each line that is not one."""
    if os.path.isdir(path):
        yield LoadError(path, "a folder, not a pairs file")
        return
    try:
        stream, size = open_regular(path)
        with stream:
            data = read_limited(stream, MAX_PAIRS_BYTES, size)
    except FileNotFoundError:
        yield LoadError(path, "no such pairs file")
        return
    except NotRegular:
        yield LoadError(path, NOT_REGULAR)
        return
    except (OSError, ValueError) as exc:
        yield LoadError(path, f"cannot read the pairs file: {getattr(exc, 'strerror', None) or exc}")
        return
    if data is None:
        yield LoadError(path, f"the pairs file is larger than {MAX_PAIRS_BYTES} bytes")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield LoadError(path, f"the pairs file is not UTF-8 (byte {exc.start})")
        return
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield LoadError(path, f"not JSON: {exc.msg}", number, exc.colno)
            continue
        if not isinstance(item, dict):
            yield LoadError(path, 'expected an object {"a": path-or-id, "b": path-or-id}', number, 1)
            continue
        sides = [item.get(key) for key in ("a", "b")]
        missing = [key for key, side in zip("ab", sides) if not isinstance(side, str) or not side.strip()]
        if missing:
            yield LoadError(path, f"{' and '.join(repr(k) for k in missing)}: expected an article id or path",
                            number, 1)
            continue
        yield PairRef(sides[0], sides[1], path, number)  # type: ignore[arg-type]
