"""Provides the source index: a source phrase or a web domain resolved to its source rule, by
alias (with its capitals), alias inside a longer phrase, domain, or a near spelling."""

from __future__ import annotations

import re
import sys

from ..text import TOKEN_RE
from .phrases import MAX_REMEMBERED_TOKENS, PhraseMatcher, phrase_tokens

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a one-article run)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Protocol

    class SourceRule(Protocol):
        """A source rule, as far as the index reads one (engine/kinds/sources.py has the rule)."""

        id: str
        name: str
        aliases: tuple[str, ...]
        domains: tuple[str, ...]
        source_kind: str

# rapidfuzz ratio (0-100) a phrase needs to be taken for a source's name ("Xinhau News Agency").
FUZZY_CUTOFF = 90


class SourceIndex:
    """Resolves a source phrase or a domain to a source rule."""

    def __init__(self, sources: Sequence[SourceRule]) -> None:
        self.phrases = PhraseMatcher()
        self.by_alias: dict[str, SourceRule] = {}
        self.by_id: dict[str, SourceRule] = {source.id: source for source in sources}
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
            if (best is None or j - i > best[0]) and any(_case_ok(c, tokens[i:j]) for c in spelled) \
                    and not _modifies(source, tokens, j):
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
            near = self._fuzzy(normalise(" ".join(capitalised)))
            last = max(i for i, t in enumerate(tokens) if t[:1].isupper())
            return None if near is None or _modifies(near, tokens, last + 1) else near
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
        """The source whose domain a host or URL is in. A plain host name is looked up in the rule
        files' domain table as it is and then without its leading labels ("news.bbc.co.uk", then
        "bbc.co.uk"), the longest listed name first. tldextract's registered domain of such a
        name is one of those, so the table finds the same source for every domain a rule lists
        as registered (as the shipped ones are: tests/unit/test_source_domains.py), without
        importing tldextract (150 ms of a one-article `check`). Anything else (a URL, a port, a
        name that is not ASCII) goes to tldextract, with its bundled suffix list."""
        name = host.strip().lower()
        if _PLAIN_HOST.fullmatch(name):
            labels = name.split(".")
            for k in range(len(labels) - 1):
                source = self.by_domain.get(".".join(labels[k:]))
                if source:
                    return source
            return None
        registered = registered_domain(host)
        return self.by_domain.get(registered) if registered else None


# Backreferences by number or name, and flags set for the whole pattern: these change meaning
# when a pattern becomes one alternative of several.


# Nouns after an outlet's name that still name the outlet ("the Reuters news agency") or its own
# published work ("a Washington Post analysis", "the Journal's editorial board").
OUTLET_NOUNS = frozenset("news agency newspaper paper tabloid network channel television tv radio daily "
                         "weekly magazine website site service broadcaster outlet wire station report "
                         "reports reporting analysis account editorial editorials investigation review "
                         "story article articles".split())
# Kinds of source that are not news outlets: "White House spokesman Josh Earnest" speaks for it.
NOT_OUTLETS = frozenset(("government", "intergovernmental", "ngo", "think_tank"))
# Words after a name that do not make it a modifier ("Reuters in London", "The Post on Monday").
_FUNCTION_WORDS = frozenset("and or but to in on at by with from of for about over after before during "
                            "since as than that which who whom whose is are was were has have had will "
                            "would could can may might also first".split())


def _modifies(source: SourceRule, tokens: list[str], j: int) -> bool:
    """Whether an outlet's name ending before token `j` only modifies the noun after it ("CCTV
    clips", "a Bloomberg interview", "a CNN poll"): the phrase then names something else, not
    the outlet. "China's Xinhua", "the Reuters news agency", "Reuters in London" still name it."""
    if j >= len(tokens) or source.source_kind in NOT_OUTLETS:
        return False
    token = tokens[j]
    low = token.lower()
    return (token[:1].isalpha() and token[:1].islower() and low not in OUTLET_NOUNS
            and low not in _FUNCTION_WORDS and not low.endswith(("ed", "ly")))


def _case_ok(alias: tuple[str, ...], found: list[str]) -> bool:
    for want, got in zip(alias, found):
        if _needs_case(want):
            if want != got:
                return False
        elif want[:1].isupper() and not got[:1].isupper() and want.lower() not in ("the", "a", "an"):
            return False
    return True


_EXTRACT: Any = None
# A host name of ASCII labels: tldextract's registered domain of one is always the name itself
# or the name without some leading labels (it reads labels and never changes them).
_PLAIN_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")


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
