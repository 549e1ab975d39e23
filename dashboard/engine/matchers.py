"""Provides the matchers rule kinds compile into: phrase tries, the source index, furniture patterns
and their per-article time budgets."""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from dataclasses import dataclass
from itertools import compress
from time import perf_counter, thread_time

from .text import TOKEN_RE

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from .compiled import Compiled
    from .kinds.cues import CueRule
    from .kinds.furniture import FurnitureRule
    from .kinds.sources import SourceRule

# A furniture pattern gets this long on one line before it is abandoned for the rest of the
# article (catastrophic backtracking)...
PATTERN_TIMEOUT = 0.05
# ...and this long over all the lines of one article, plus PATTERN_SECONDS_PER_MIB for each MiB
# of its text: a pattern that stays under the per-line limit on every line (polynomial
# backtracking, such as (\w+\s?)*$ on lines of words) would otherwise cost minutes on a large
# article. Sound patterns cost time in proportion to the text: the slowest shipped one, the
# unanchored furniture-rights, spends 0.14-0.16 s on a 2 MiB article of 18,800 lines (out of
# 1.25 s there), so a large article (--max-bytes goes up to 1 GiB) never runs it out.
ARTICLE_PATTERN_BUDGET = 0.25
PATTERN_SECONDS_PER_MIB = 0.5
# rapidfuzz ratio (0-100) a phrase needs to be taken for a source's name ("Xinhau News Agency").
FUZZY_CUTOFF = 90

IRREGULAR = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"), "think": ("thought",), "know": ("knew", "known"),
    "hold": ("held",), "feel": ("felt",), "find": ("found",), "give": ("gave", "given"),
    "mean": ("meant",), "show": ("showed", "shown"), "broadcast": ("broadcast", "broadcasted"),
    "forecast": ("forecast", "forecasted"), "put": ("put",), "read": ("read",),
    "swear": ("swore", "sworn"), "teach": ("taught",), "lead": ("led",), "foresee": ("foresaw", "foreseen"),
    "hear": ("heard",), "see": ("saw", "seen"), "tweet": ("tweeted",), "bet": ("bet",),
    "understand": ("understood",), "take": ("took", "taken"), "get": ("got", "gotten"),
    "make": ("made",), "go": ("went", "gone"), "begin": ("began", "begun"), "draw": ("drew", "drawn"),
    "strike": ("struck",), "stand": ("stood",), "keep": ("kept",), "lay": ("laid",),
}
DOUBLING = frozenset({"admit", "commit", "regret", "submit", "omit", "permit", "refer", "prefer",
                      "confer", "plan", "stop", "rebut", "quip", "chat", "blog", "jab", "slam",
                      "snap", "drop", "nod", "beg", "spar", "fret", "abet", "occur", "concur",
                      "infer", "defer", "aver", "bar", "ban", "slap", "grab", "rap", "scrap"})
VOWELS = "aeiou"


def verb_forms(lemma: str) -> set[str]:
    """Every inflection of an English verb lemma, irregular forms included."""
    w = lemma.lower()
    forms = {w}
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(w + "es")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
        forms.add(w[:-1] + "ies")
    else:
        forms.add(w + "s")
    stem = w + w[-1] if w in DOUBLING else w
    if w in IRREGULAR:
        forms.update(IRREGULAR[w])
    elif w.endswith("e"):
        forms.add(w + "d")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
        forms.add(w[:-1] + "ied")
    else:
        forms.add(stem + "ed")
    if w.endswith("ie"):
        forms.add(w[:-2] + "ying")
    elif w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
        forms.add(w[:-1] + "ing")
    else:
        forms.add(stem + "ing")
    return forms


def word_forms(word: str) -> set[str]:
    """A word and its usual inflections and derived adverb (for lexicon terms)."""
    w = word.lower()
    forms = verb_forms(w)
    if w.endswith("ic"):
        forms.add(w + "ally")
    elif w.endswith("le"):
        forms.add(w[:-1] + "y")
    elif w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:
        forms.add(w[:-1] + "ily")
    else:
        forms.add(w + "ly")
    if w.endswith("e"):
        forms.update({w + "r", w + "st"})
    return forms


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
        multi = self._prefix.get(first, ())
        found = (by_second, one, multi, single) if by_second or one is not _NONE or multi or single is not _NONE else None
        if len(self._starts) >= MAX_REMEMBERED_TOKENS:
            self._starts.clear()  # memory stays flat over an endless corpus
        self._starts[first] = found
        return found

    def match_at(self, lowers: list[str], i: int, stop: int) -> tuple[int, Any] | None:
        """The longest phrase starting at token `i`: (end token index, payload)."""
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
            offset, k = start, 0
        else:
            offset, k = 0, bisect_left(candidates, start)
        starts, lookup, match = self._starts, self._start, self._match
        free = start  # tokens before this are inside a phrase already found
        for k in range(k, len(candidates)):
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


@dataclass(frozen=True)
class CueEntry:
    """A cue phrase as the matcher holds it: its rule and where the source stands."""

    rule: CueRule
    after: bool  # source follows the cue ("according to X")
    verb: bool = False  # a reporting verb form, rather than a phrase such as "in a statement"


class SourceIndex:
    """Resolves a source phrase or a domain to a source rule."""

    def __init__(self, sources: list[SourceRule]) -> None:
        self.phrases = PhraseMatcher()
        self.by_alias: dict[str, SourceRule] = {}
        self.by_domain: dict[str, SourceRule] = {}
        spellings: dict[tuple[str, ...], tuple[SourceRule, list[tuple[str, ...]]]] = {}
        for source in sources:
            for alias in source.aliases:
                key = phrase_tokens(alias)
                spellings.setdefault(key, (source, []))[1].append(phrase_tokens_cased(alias))
                if not _needs_case(alias):
                    self.by_alias.setdefault(normalise(alias), source)
            for domain in source.domains:
                self.by_domain[domain] = source
        for key, payload in spellings.items():
            self.phrases.add(key, payload)
        self.phrases.freeze()
        self.fuzzy_choices = [a for a in self.by_alias if len(a) >= 8]
        self._bags: list[tuple[int, Any]] | None = None
        # Source phrases recur across a corpus ("officials", "the ministry"): each is resolved once.
        self._resolved: dict[tuple[str, ...], SourceRule | None] = {}

    def resolve(self, text: str, tokens: list[str], lowers: list[str]) -> SourceRule | None:
        """The source named by a source span (its tokens as written and lowercased).

        The longest alias inside the span wins ("China's official Xinhua News Agency"); an alias
        matches only with its capitals ("the economist said" is not The Economist).
        """
        key = tuple(tokens)
        if key in self._resolved:
            return self._resolved[key]
        if len(self._resolved) >= MAX_REMEMBERED_TOKENS:
            self._resolved.clear()
        found = self._resolved[key] = self._resolve(tokens, lowers)
        return found

    def _resolve(self, tokens: list[str], lowers: list[str]) -> SourceRule | None:
        best: tuple[int, SourceRule] | None = None
        for i in range(len(lowers)):
            found = self.phrases.match_at(lowers, i, len(lowers))
            if found is None:
                continue
            j, (source, spelled) = found
            if (best is None or j - i > best[0]) and any(_case_ok(c, tokens[i:j]) for c in spelled):
                best = (j - i, source)
        if best:
            return best[1]
        for token in tokens:
            if "." in token and any(c.isalpha() for c in token):
                source = self.resolve_domain(token)
                if source:
                    return source
        capitalised = [t for t in tokens if t[:1].isupper()]
        if self.fuzzy_choices and capitalised:
            return self._fuzzy(normalise(" ".join(capitalised)))
        return None

    def _fuzzy(self, phrase: str) -> SourceRule | None:
        """Small misspellings of long names ("Xinhau News Agency")."""
        if len(phrase) < 8:
            return None
        if "rapidfuzz" not in sys.modules and not self._may_be_close(phrase):
            return None  # no name can score 90: a one-article run need not import rapidfuzz
        from rapidfuzz import fuzz, process

        found = process.extractOne(phrase, self.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self.by_alias[found[0]] if found else None

    def _may_be_close(self, phrase: str) -> bool:
        """Whether some name could score FUZZY_CUTOFF with rapidfuzz's ratio, 200 * LCS / (n + m):
        the common subsequence is at most the shorter length and at most the letters in common."""
        from collections import Counter

        if self._bags is None:
            self._bags = [(len(choice), Counter(choice)) for choice in self.fuzzy_choices]
        n, bag = len(phrase), Counter(phrase)
        for m, other in self._bags:
            need = FUZZY_CUTOFF * (n + m)
            if 200 * min(n, m) >= need and 200 * sum((bag & other).values()) >= need:
                return True
        return False

    def resolve_domain(self, host: str) -> SourceRule | None:
        registered = registered_domain(host)
        return self.by_domain.get(registered) if registered else None


# Backreferences by number or name, and flags set for the whole pattern: these change meaning
# when a pattern becomes one alternative of several.
_NOT_COMBINABLE = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?[a-zA-Z^]+\)|\(\?[-a-zA-Z]*[xX]")


def compile_pattern(pattern: str, flags: int) -> Any:
    """A furniture pattern compiled with `regex`, whose searches take a timeout: every pattern,
    the shipped pack's too (a file under rules/ is no proof of who wrote it; `regex` costs 8 ms
    to import)."""
    import regex

    return regex.compile(pattern, flags)  # re.IGNORECASE == regex.IGNORECASE


def combinable(pattern: str) -> bool:
    """Whether a pattern starts at the line start and keeps its meaning inside an alternation."""
    return pattern.startswith("^") and not _NOT_COMBINABLE.search(pattern)


def pattern_match(pattern: Any, line: str) -> bool:
    """Whether a furniture pattern matches one line on its own (`rules test`); a search that
    takes longer than PATTERN_TIMEOUT counts as no match. Articles use a FurnitureScan."""
    try:
        return pattern.search(line, timeout=PATTERN_TIMEOUT) is not None
    except TimeoutError:
        return False


def _case_ok(alias: tuple[str, ...], found: list[str]) -> bool:
    for want, got in zip(alias, found):
        if _needs_case(want):
            if want != got:
                return False
        elif want[:1].isupper() and not got[:1].isupper() and want.lower() not in ("the", "a", "an"):
            return False
    return True


_EXTRACT: Any = None


def registered_domain(host: str) -> str | None:
    """The registered domain of a host or URL, using tldextract's bundled suffix list only."""
    global _EXTRACT
    if _EXTRACT is None:
        import tldextract

        # No suffix_list_urls and no cache: the snapshot bundled with tldextract, never the network.
        _EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    parts = _EXTRACT(host.strip().lower())
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}"


def _needs_case(alias: str) -> bool:
    """Short all-caps aliases (AP, RT, BBC) only match in capitals: "ap" and "rt" are not them."""
    letters = [c for c in alias if c.isalpha()]
    return len(alias) <= 4 and bool(letters) and all(c.isupper() for c in letters)


def phrase_tokens_cased(phrase: str) -> tuple[str, ...]:
    return tuple(m.group() for m in TOKEN_RE.finditer(phrase))


_ARTICLE_WORDS = ("the ", "a ", "an ")


def normalise(name: str) -> str:
    """Lowercase, curly quotes straightened, leading article and trailing possessive removed."""
    n = " ".join(name.lower().replace("’", "'").split())
    for article in _ARTICLE_WORDS:
        if n.startswith(article):
            n = n[len(article):]
            break
    if n.endswith("'s"):
        n = n[:-2]
    return n.strip(" .,;:")


def furniture_scan(compiled: Compiled, size: int) -> FurnitureScan:
    """What the furniture matching of one article of `size` characters needs: its own time
    budgets."""
    return FurnitureScan(compiled, ARTICLE_PATTERN_BUDGET + PATTERN_SECONDS_PER_MIB * size / (1 << 20))


class FurnitureScan:
    """Furniture matching over one article, with each pattern's time budget for that article.

    A Compiled is shared by every article of a run (and sent to worker processes), so what a
    pattern has cost is kept here, per article: the seconds each pattern has spent, the patterns
    given up on (after PATTERN_TIMEOUT on one line, or `budget` seconds in all), and for each
    rule given up on, its id and the offset of the line where that happened (`gave_up`). A
    pattern given up on matches nothing for the rest of the article; the next article tries it
    afresh."""

    def __init__(self, compiled: Compiled, budget: float) -> None:
        self.compiled = compiled
        self.budget = budget
        # Seconds spent by each pattern, by rule id ("": the combined anchored pattern); a
        # pattern given up on is set to the whole budget.
        self.spent: dict[str, float] = {}
        self.gave_up: list[tuple[str, int]] = []
        # Spent time is measured on the wall clock (cheap), which also counts time this thread
        # was not running; a pattern that seems over its budget is held to this thread's CPU
        # time since the scan began, an upper bound on its own, so that a busy machine (a CI
        # runner) never makes a sound pattern look slow. regex's own per-line timeout counts CPU.
        self.cpu_start = thread_time()

    def may_be_furniture(self, line: str, offset: int) -> bool:
        """False only when no furniture pattern can match the line (at `offset` in the text)."""
        combined = self.compiled.furniture_anchored
        if combined is not None and self.match(None, combined, line, offset, anchored=True) is not False:
            return True  # found, or the combined search gave up: each pattern answers for itself
        return any(self.match(rule, pattern, line, offset) for rule, pattern in self.compiled.furniture_others)

    def match(self, rule: FurnitureRule | None, pattern: Any, line: str, offset: int, *,
              anchored: bool = False) -> bool | None:
        """Whether the pattern of `rule` (None: the combined anchored pattern) matches the line at
        `offset`; None once the pattern has been given up on in this article.
        `anchored`: every alternative starts with ^, so only the line start need be tried."""
        key = rule.id if rule is not None else ""
        spent = self.spent.get(key, 0.0)
        budget = self.budget
        if spent >= budget:
            return None
        left = budget - spent
        timeout = PATTERN_TIMEOUT if left > PATTERN_TIMEOUT else left
        started = perf_counter()
        try:
            # (string, pos, endpos, concurrent, partial, timeout), as regex's own module calls it:
            # by keyword, regex takes 2 us more to parse the call than to search a short line.
            found: bool | None = (pattern.match if anchored else pattern.search)(
                line, None, None, None, False, timeout) is not None
        except TimeoutError:
            found = None
        spent += perf_counter() - started
        if found is not None and spent >= budget:
            spent = min(spent, thread_time() - self.cpu_start)
        if found is None or spent >= budget:
            spent = budget
            if rule is not None:  # the combined pattern is no rule: its rules are tried one by one
                self.gave_up.append((rule.id, offset))
        self.spent[key] = spent
        return found
