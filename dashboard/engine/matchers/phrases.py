"""Provides leftmost-longest phrase matching over tokens (PhraseMatcher): each phrase maps to a
payload of its kind's choosing (a cue entry, a vague rule, a loaded term, a source)."""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress

from ..text import TOKEN_RE

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    return tuple(m.group().lower().replace("’", "'") for m in TOKEN_RE.finditer(phrase))


# Distinct tokens a PhraseMatcher remembers what they start before it forgets them all.
MAX_REMEMBERED_TOKENS = 200_000
_UNSEEN: Any = object()
_NONE: Any = object()
# Phrases that can start with one token: exact ones of two or more words by their second word
# (longest first), the one-word phrase that is the token (or _NONE), wildcard phrases with a
# head, and the first one-word wildcard the token matches (or _NONE).
if TYPE_CHECKING:
    _Start = tuple[dict[str, list[tuple[tuple[str, ...], Any]]], Any, list[tuple[tuple[str, ...], str, Any]], Any]


class PhraseMatcher:
    """Leftmost-longest matching of token sequences (with optional prefix wildcards) over tokens."""

    def __init__(self) -> None:
        self._exact: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        # Wildcard terms: multi-word ones keyed by their first word, single words by 3 letters
        # (with the order they were added, the earliest winning).
        self._prefix: dict[str, list[tuple[tuple[str, ...], str, Any]]] = {}
        self._prefix_single: dict[str, list[tuple[int, str, Any]]] = {}
        self._starts: dict[str, _Start | None] = {}
        self._firsts: frozenset[str] | None = None
        self.size = 0

    def add(self, tokens: tuple[str, ...], payload: Any) -> None:
        if not tokens:
            return
        self.size += 1
        last = tokens[-1]
        if last.endswith("*") and len(last) > 1:
            prefix = last[:-1]
            if len(tokens) > 1:
                self._prefix.setdefault(tokens[0], []).append((tokens[:-1], prefix, payload))
            else:
                self._prefix_single.setdefault(prefix[:3], []).append((self.size, prefix, payload))
        else:
            bucket = self._exact.setdefault(tokens[0], [])
            bucket.append((tokens, payload))
        self._starts.clear()
        self._firsts = None  # until freeze()

    def freeze(self) -> None:
        for bucket in self._exact.values():
            bucket.sort(key=lambda item: -len(item[0]))
        self._starts.clear()
        # Every token a phrase can start with, when that is a fixed set (no one-word wildcards):
        # one set test in C rules out a sentence with none of them.
        self._firsts = None if self._prefix_single else frozenset(self._exact) | frozenset(self._prefix)

    def _start(self, first: str) -> _Start | None:
        """What a phrase starting with the token `first` could be, worked out once per distinct
        token (most tokens start nothing, and a text repeats its tokens)."""
        found = self._starts.get(first, _UNSEEN)
        if found is not _UNSEEN:
            return found
        # Single-word wildcards are filed under their first three letters (or fewer, if shorter).
        singles = [entry for n in (3, 2, 1) if len(first) >= n
                   for entry in self._prefix_single.get(first[:n], ()) if first.startswith(entry[1])]
        single = min(singles, key=lambda entry: entry[0])[2] if singles else _NONE
        by_second: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        one: Any = _NONE
        for tokens, payload in self._exact.get(first, ()):  # longest first
            if len(tokens) == 1:
                one = payload
                break
            by_second.setdefault(tokens[1], []).append((tokens, payload))
        multi = self._prefix.get(first, [])
        anything = by_second or one is not _NONE or multi or single is not _NONE
        found = (by_second, one, multi, single) if anything else None
        if len(self._starts) >= MAX_REMEMBERED_TOKENS:
            self._starts.clear()  # memory stays flat over an endless corpus
        self._starts[first] = found
        return found

    def match_at(self, lowers: list[str], i: int, stop: int) -> tuple[int, Any] | None:
        """The longest phrase starting at token `i`: (end token index, payload)."""
        start = self._starts.get(lowers[i], _UNSEEN)  # what _start() remembers, without the call
        if start is _UNSEEN:
            start = self._start(lowers[i])
        return None if start is None else self._match(start, lowers, i, stop)

    @staticmethod
    def _match(start: _Start, lowers: list[str], i: int, stop: int) -> tuple[int, Any] | None:
        by_second, one, multi, single = start
        best: tuple[int, Any] | None = None
        if by_second and i + 1 < stop:
            for tokens, payload in by_second.get(lowers[i + 1], ()):
                n = len(tokens)
                if i + n <= stop and (n == 2 or tuple(lowers[i:i + n]) == tokens):
                    best = (i + n, payload)
                    break
        if best is None and one is not _NONE:
            best = (i + 1, one)
        for head, prefix, payload in multi:
            j = i + len(head)
            if (j < stop and lowers[j].startswith(prefix) and (best is None or j + 1 > best[0])
                    and tuple(lowers[i:j]) == head):
                best = (j + 1, payload)
        if best is None and single is not _NONE:
            best = (i + 1, single)
        return best

    def candidates(self, lowers: list[str]) -> list[int] | None:
        """Indices of the tokens a phrase could start at, found in one pass in C (None when
        one-word wildcards make that a per-token question): give it to finditer() for every
        sentence of the same tokens."""
        if self._firsts is None:
            return None
        return list(compress(range(len(lowers)), map(self._firsts.__contains__, lowers)))

    def finditer(self, lowers: list[str], start: int = 0, stop: int | None = None,
                 candidates: list[int] | None = None) -> Iterable[tuple[int, int, Any]]:
        """Leftmost-longest phrases in tokens [start, stop): (first token, end token, payload)."""
        stop = len(lowers) if stop is None else stop
        if candidates is None:
            candidates = self.candidates(lowers[start:stop])
            if candidates is None:
                yield from self._scan(lowers, start, stop)
                return
            offset, first = start, 0
        else:
            offset, first = 0, bisect_left(candidates, start)
        starts, lookup, match = self._starts, self._start, self._match
        free = start  # tokens before this are inside a phrase already found
        for k in range(first, len(candidates)):
            i = candidates[k] + offset
            if i >= stop:
                return
            if i < free:
                continue
            found = starts.get(lowers[i], _UNSEEN)
            if found is _UNSEEN:
                found = lookup(lowers[i])
            hit = match(found, lowers, i, stop) if found is not None else None
            if hit:
                yield i, hit[0], hit[1]
                free = hit[0]

    def _scan(self, lowers: list[str], start: int, stop: int) -> Iterable[tuple[int, int, Any]]:
        starts, lookup, match = self._starts, self._start, self._match
        i = start
        while i < stop:
            first = lowers[i]
            found = starts.get(first, _UNSEEN)
            if found is _UNSEEN:
                found = lookup(first)
            if found is not None:
                hit = match(found, lowers, i, stop)
                if hit:
                    yield i, hit[0], hit[1]
                    i = hit[0]
                    continue
            i += 1
