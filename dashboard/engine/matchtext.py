"""Provides the matching form of an article's text and the map from its offsets back to the original.

A source name can be disguised so that a reader still sees "Xinhua" while the rules see another
word: invisible format characters inside it ("Xin<U+200B>hua", a soft hyphen), letters of another
script that look Latin ("Xinhu<U+0430>" with a Cyrillic a, a Greek capital Chi for the X), or
full-width and mathematical forms ("<U+FF38>inhua"). `match_text()` undoes that for matching, word by word:

* NFKC (compatibility forms to their plain letters: full-width, mathematical, ligatures);
* every invisible format character (Unicode category Cf, soft hyphen included, plus variation
  selectors and the combining grapheme joiner) removed;
* look-alike letters of other scripts folded to the Latin letter they imitate (`FOLD`, taken from
  Unicode's confusables.txt), only where that cannot mangle real text in that script: in a word
  that mixes Latin letters with look-alikes and has no other letter ("Xinhu<U+0430>"), and in a
  word made only of look-alikes (TASS spelt with Cyrillic Te, A and Dze) whose neighbours on the
  line are Latin words, none of them a word of another script. A Russian, Greek or Japanese
  sentence has words of its own script beside every word, so none of its words is folded.

A word counts as obfuscated when it reads as Latin and was disguised: mixed scripts, look-alikes
folded, an invisible character inside it, or full-width/mathematical letters among Latin words.
Ligatures, decomposed accents and full-width forms inside CJK text are normalised but not counted.

The map is sparse: folding and full-width forms keep every offset, so only the changes of length
(an invisible character removed, a ligature expanded) are stored, as breakpoints in `array`s.
ASCII text never reaches this module (scoring checks `str.isascii()` first).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right

from .records import Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Iterator

# Removed for matching. Every format character (category Cf) of Unicode 15: soft hyphen, Arabic
# number signs and letter mark, Syriac and Mongolian marks, zero-width space, non-joiner, joiner,
# LRM/RLM, bidi embeddings, overrides and isolates, word joiner and invisible operators, BOM,
# interlinear annotation, Brahmi/Kaithi number signs, Egyptian hieroglyph controls, shorthand
# format controls, musical symbol beams, tags. Plus the invisible marks a word can also hide:
# combining grapheme joiner, Mongolian free variation selectors, variation selectors, and the
# letters that render as nothing (Hangul fillers U+115F, U+1160, U+3164, U+FFA0; Khmer inherent
# vowels U+17B4, U+17B5).
# tests/reliability/test_obfuscation.py checks that this covers every Cf of the running Python.
INVISIBLE = ("\u00ad\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"
             "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180b-\u180f"
             "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
             "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
             "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef")

# Look-alike letters of other scripts and the Latin letter they imitate, from Unicode's
# confusables.txt (https://www.unicode.org/Public/security/latest/confusables.txt, UTS #39):
# the entries whose prototype is one ASCII letter, for the scripts a Latin name is disguised with
# (Cyrillic, Greek, Armenian, Cherokee) and two IPA letters. confusables.txt maps capital I and
# its look-alikes to "l" (one prototype for I, l and 1); here they fold to "I", the letter a reader
# takes them for. Letters confusables.txt maps to non-ASCII prototypes (Cyrillic ka U+043A and
# Greek kappa U+03BA to kra) are left out. Full-width and mathematical letters need no entry:
# NFKC maps them.
_FOLD_PAIRS = (
    # Cyrillic
    " \u0430a \u0435e \u043eo \u0440p \u0441c \u0443y \u0445x \u0455s \u0456i \u0458j \u04bbh \u0501d"
    " \u051bq \u051dw \u04cfi \u04bde \u04afy \u0433r \u0475v \u0461w"
    " \u0410A \u0412B \u0415E \u041aK \u041cM \u041dH \u041eO \u0420P \u0421C \u0422T \u0423Y \u0425X"
    " \u0405S \u0406I \u0408J \u04c0I \u04aeY \u051cW \u050cG \u042cb \u0474V"
    # Greek
    " \u0391A \u0392B \u0395E \u0396Z \u0397H \u0399I \u039aK \u039cM \u039dN \u039fO \u03a1P \u03a4T"
    " \u03a5Y \u03a7X \u03f9C \u03dcF \u037fJ \u03d2Y"
    " \u03b1a \u03b9i \u03bdv \u03bfo \u03c1p \u03c3o \u03c5u \u03b3y \u03f2c \u03f3j \u03f1p"
    # Armenian
    " \u0585o \u0555O \u057du \u054dU \u0578n \u057cn \u0581g \u0563q \u0566q \u0584f \u0561w \u054fS"
    # Cherokee
    " \u13aaA \u13f4B \u13dfC \u13a0D \u13acE \u13c0G \u13bbH \u13abJ \u13e6K \u13deL \u13b7M \u13e2P"
    " \u13a1R \u13daS \u13a2T \u13d9V \u13b3W \u13c3Z \u13a9Y \u13a5i"
    # IPA letters used as look-alikes (Latin script, but no orthography writes words with them)
    " \u0251a \u0261g"
).split()
FOLD: dict[str, str] = {pair[0]: pair[1] for pair in _FOLD_PAIRS}
_FOLD_TABLE = str.maketrans(FOLD)

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# A word as far as disguise goes: word characters with the invisible characters and combining
# marks that can sit inside them.
_RUN = re.compile(f"[\\w{INVISIBLE}{_MARKS}]+")
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]+")
_LOOKALIKE_RE = re.compile("[" + "".join(FOLD) + "]")
# Latin letters (ASCII, Latin-1, Latin Extended A-E, IPA, Latin Extended Additional, ligatures),
# without the two IPA look-alikes above.
_LATIN = ("A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u0250\u0252-\u0260\u0262-\u02af"
          "\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufb06")
_LATIN_RE = re.compile(f"[{_LATIN}]")
_LATIN_OR_LOOKALIKE = re.compile(f"[{_LATIN}" + "".join(FOLD) + "]+")
_LOOKALIKES = "".join(FOLD)
# In a line with no invisible character and nothing for NFKC to do, only these words can change:
# a word where a Latin letter and a look-alike meet (digits or marks between them at most), and
# a word of look-alikes only.
_MIXED_MEETING = re.compile(f"[{_LATIN}][\\d{_MARKS}]*[{_LOOKALIKES}]"
                            f"|[{_LOOKALIKES}][\\d{_MARKS}]*[{_LATIN}]")
_WORD_CHAR = re.compile(f"[\\w{_MARKS}]")
_LOOKALIKE_WORD = re.compile(f"\\b[{_LOOKALIKES}]+\\b")
# Full-width Latin letters and digits, letterlike symbols (U+2102, U+210C), mathematical alphanumerics.
_COMPAT_LATIN = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2100-\u214f"
                           "\U0001d400-\U0001d7ff]")

# Longest line handled as one piece: longer lines are cut at a space, so the words looked at for
# context stay near the word.
_WINDOW = 1 << 16
# How many words on each side decide whether an all-look-alike word stands among Latin words,
# looked for within this many characters.
_CONTEXT_WORDS = 4
_CONTEXT_CHARS = 120
# A compatibility form that expands a word more than this is left alone (U+FDFA is one character
# and 18 in NFKC): the matching text stays about the size of the article.
_MAX_GROWTH = 2

NEUTRAL, LATIN, MIXED, LOOKALIKE, OTHER = range(5)


class OffsetMap:
    """Offsets of the matching text back to the original, from sparse breakpoints.

    Each breakpoint is a stretch whose length changed: `norm_starts[k]:norm_ends[k]` in the
    matching text stands for `orig_starts[k]:orig_ends[k]` in the original. Between breakpoints
    the two texts differ by a constant shift. A span that starts or ends inside a stretch gets the
    whole stretch (the word it belongs to)."""

    __slots__ = ("norm_ends", "norm_starts", "orig_ends", "orig_starts")

    def __init__(self) -> None:
        self.norm_starts = array("q")
        self.norm_ends = array("q")
        self.orig_starts = array("q")
        self.orig_ends = array("q")

    def __len__(self) -> int:
        return len(self.norm_starts)

    def add(self, norm_start: int, norm_end: int, orig_start: int, orig_end: int) -> None:
        last = len(self.norm_starts) - 1
        if last >= 0 and self.norm_ends[last] == norm_start and self.orig_ends[last] == orig_start:
            self.norm_ends[last], self.orig_ends[last] = norm_end, orig_end  # adjacent: one stretch
            return
        self.norm_starts.append(norm_start)
        self.norm_ends.append(norm_end)
        self.orig_starts.append(orig_start)
        self.orig_ends.append(orig_end)

    def start(self, pos: int) -> int:
        """The original offset of a span start at `pos` (a removed character before it is skipped)."""
        k = bisect_right(self.norm_starts, pos) - 1
        if k < 0:
            return pos
        if pos >= self.norm_ends[k]:
            return pos - self.norm_ends[k] + self.orig_ends[k]
        return self.orig_starts[k]

    def end(self, pos: int) -> int:
        """The original offset of a span end at `pos` (a removed character after it is left out)."""
        k = bisect_left(self.norm_starts, pos) - 1
        if k < 0:
            return pos
        if pos >= self.norm_ends[k]:
            return pos - self.norm_ends[k] + self.orig_ends[k]
        return self.orig_ends[k]

    def span(self, span: Span) -> Span:
        start = self.start(span[0])
        return Span(start, max(start, self.end(span[1])))


class MatchText:
    """An article's text as the rules see it, with the way back to the original.

    text: the matching text; offsets: None when it is the original text itself; obfuscated:
    how many words were disguised; first: the first of them (original offsets), or None."""

    __slots__ = ("first", "hyphenated", "obfuscated", "offsets", "text")

    def __init__(self, text: str, offsets: OffsetMap | None, obfuscated: int = 0,
                 first: Span | None = None, hyphenated: list[Span] | None = None) -> None:
        self.text = text
        self.offsets = offsets
        self.obfuscated = obfuscated
        self.first = first
        # Latin words whose only disguise is a soft hyphen (original offsets): web pages put
        # hyphenation hints in long words, so these count only where they hid a match.
        self.hyphenated = hyphenated or []

    def span(self, span: Span) -> Span:
        """A span of the matching text as a span of the original."""
        return span if self.offsets is None else self.offsets.span(span)


def match_text(text: str) -> MatchText:
    """The matching form of `text` (see the module docstring); `text` itself when nothing changes."""
    if text.isascii():
        return MatchText(text, None)
    pieces: list[str] = []
    offsets = OffsetMap()
    found = _Found()
    copied = 0  # the original text before here is in `pieces`, changed or not
    norm_len = 0  # the length of what is in `pieces`
    for start, end in _pieces(text):
        changes = _changes(text, start, end, found)
        if changes:
            gap = text[copied:start]
            pieces.append(gap)
            norm_len += len(gap)
            new = _apply(text, start, end, changes, norm_len, offsets)
            pieces.append(new)
            norm_len += len(new)
            copied = end
    if not pieces:
        return MatchText(text, None, found.obfuscated, found.first, found.hyphenated)
    pieces.append(text[copied:])
    return MatchText("".join(pieces), offsets, found.obfuscated, found.first, found.hyphenated)


class _Found:
    """The disguised words seen so far: how many, and the first; and the words with only soft
    hyphens in them."""

    __slots__ = ("first", "hyphenated", "obfuscated")

    def __init__(self) -> None:
        self.obfuscated = 0
        self.first: Span | None = None
        self.hyphenated: list[Span] = []

    def add(self, start: int, end: int) -> None:
        self.obfuscated += 1
        if self.first is None:
            self.first = Span(start, end)


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """The lines of `text` as (start, end); a line longer than _WINDOW in pieces cut at spaces."""
    start = 0
    n = len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end < 0 else end
        while end - start > _WINDOW:
            cut = text.rfind(" ", start + _WINDOW // 2, start + _WINDOW)
            cut = cut if cut > start else start + _WINDOW  # no space: cut where it falls
            yield start, cut
            start = cut
        yield start, end
        start = end + 1


def _changes(text: str, start: int, end: int, found: _Found) -> list[tuple[int, int, str, bool]]:
    """The words of text[start:end] that change, as (start, end, new text, aligned); `aligned`:
    each letter of the new text stands for one letter of the word, invisible ones left out."""
    line = text[start:end]
    if line.isascii():
        return []
    if _INVISIBLE_RE.search(line) is None and unicodedata.is_normalized("NFKC", line):
        if _LOOKALIKE_RE.search(line) is None or _LATIN_RE.search(line) is None:
            return []  # Russian, Greek, Japanese text with no Latin letter beside it
        # Only folding can change a word here: look at the words that can fold, not every word
        # of a Russian paragraph that mentions Reuters.
        words = sorted(_mixed_words(text, start, end)
                       + [m.span() for m in _LOOKALIKE_WORD.finditer(text, start, end)])
    else:
        words = [m.span() for m in _RUN.finditer(text, start, end) if not m.group().isascii()]
    changes = []
    for w_start, w_end in words:
        word = text[w_start:w_end]
        core = _INVISIBLE_RE.sub("", word)
        kind = _classify(core)
        fold = kind == MIXED or (kind == LOOKALIKE and _among_latin(text, start, end, w_start, w_end))
        # Look-alikes are folded before NFKC: NFKC turns the C-shaped lunate sigma into a Sigma.
        new, aligned = _nfkc(core.translate(_FOLD_TABLE) if fold else core)
        inside = len(core) < len(word) and _INVISIBLE_RE.search(word.strip(_INVISIBLE_CHARS)) is not None
        if kind == MIXED:
            disguised = True
        elif fold:
            disguised = len(new) > 1 or inside  # a lone Cyrillic "a" among Latin words hides no name
        elif kind == LATIN:
            disguised = inside or (_COMPAT_LATIN.search(core) is not None
                                   and _among_latin(text, start, end, w_start, w_end))
        else:
            disguised = False
        if disguised and kind == LATIN and inside and set(word) - set(core) == {"\u00ad"} \
                and _COMPAT_LATIN.search(core) is None:
            found.hyphenated.append(Span(w_start, w_end))  # perhaps a hyphenation hint
        elif disguised:
            found.add(w_start, w_end)
        if new != word:
            changes.append((w_start, w_end, new, aligned))
    return changes


def _mixed_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The words of text[start:end] in which a Latin letter meets a look-alike."""
    words: list[tuple[int, int]] = []
    for m in _MIXED_MEETING.finditer(text, start, end):
        if words and m.start() < words[-1][1]:
            continue  # another meeting in the same word
        w_start = m.start()
        while w_start > start and _WORD_CHAR.match(text, w_start - 1):
            w_start -= 1
        word = _RUN.match(text, m.start(), end)
        words.append((w_start, word.end() if word else m.end()))
    return words


_INVISIBLE_CHARS = "".join(
    chr(c) for first, last in re.findall(r"(.)(?:-(.))?", INVISIBLE)
    for c in range(ord(first), ord(last or first) + 1))


def _classify(word: str) -> int:
    """NEUTRAL (no letter), LATIN, MIXED (Latin letters and look-alikes), LOOKALIKE (look-alikes
    only) or OTHER (a letter of another script that is no look-alike: a Russian, Greek, Japanese
    word). A letter counts as what NFKC makes of it (a full-width X is Latin); modifier letters
    (U+02BC as an apostrophe) belong to no script here."""
    has_latin = _LATIN_RE.search(word) is not None
    has_lookalike = _LOOKALIKE_RE.search(word) is not None
    for c in _LATIN_OR_LOOKALIKE.sub("", word):  # the rest: compatibility forms, other scripts
        if c.isdecimal() or not c.isalnum():
            continue  # digits, marks: no script
        for d in unicodedata.normalize("NFKC", c):
            if d in FOLD:
                has_lookalike = True
            elif _LATIN_RE.match(d):
                has_latin = True
            elif d.isalpha() and unicodedata.category(d) != "Lm":
                return OTHER
    if has_latin:
        return MIXED if has_lookalike else LATIN
    return LOOKALIKE if has_lookalike else NEUTRAL


def _nfkc(word: str) -> tuple[str, bool]:
    """NFKC of a word, and whether each of its letters became exactly one letter (so offsets
    inside the word keep). A form that grows more than _MAX_GROWTH times is left as it is."""
    if unicodedata.is_normalized("NFKC", word):
        return word, True
    normal = unicodedata.normalize("NFKC", word)
    if len(normal) > _MAX_GROWTH * len(word) + 2 or "\n" in normal or "\r" in normal:
        return word, True  # U+FDFA and the like: one character, a sentence in NFKC
    letters = [unicodedata.normalize("NFKC", c) for c in word]
    return normal, all(len(c) == 1 for c in letters) and "".join(letters) == normal


def _kind(word: str) -> int:
    if word.isascii():
        return LATIN if word.strip("0123456789_") else NEUTRAL
    return _classify(_INVISIBLE_RE.sub("", word))


def _among_latin(text: str, start: int, end: int, w_start: int, w_end: int) -> bool:
    """Whether the nearest words of text[start:end] on each side of the word at w_start:w_end (up
    to _CONTEXT_WORDS with letters; words of look-alikes only are skipped) include a Latin word
    and no word of another script."""
    before = [m.group() for m in _RUN.finditer(text, max(start, w_start - _CONTEXT_CHARS), w_start)]
    after = [m.group() for m in _RUN.finditer(text, w_end, min(end, w_end + _CONTEXT_CHARS))]
    latin = False
    for words in (reversed(before), after):
        seen = 0
        for word in words:
            kind = _kind(word)
            if kind == OTHER:
                return False
            if kind in (LATIN, MIXED):
                latin = True
                seen += 1
                if seen == _CONTEXT_WORDS:
                    break
    return latin


def _apply(text: str, start: int, end: int, changes: list[tuple[int, int, str, bool]],
           norm_start: int, offsets: OffsetMap) -> str:
    """text[start:end] with the changed words replaced; each change of length goes into `offsets`
    (`norm_start`: where text[start] lands in the matching text)."""
    out: list[str] = []
    cursor = start
    shift = norm_start - start  # matching offset minus original offset at `cursor`
    for w_start, w_end, new, aligned in changes:
        out.append(text[cursor:w_start])
        out.append(new)
        grown = len(new) - (w_end - w_start)
        if grown and aligned:
            # Only invisible characters went: each is a zero-length stretch, every letter keeps
            # its own offset.
            removed = 0
            for m in _INVISIBLE_RE.finditer(text, w_start, w_end):
                at = m.start() + shift - removed
                offsets.add(at, at, m.start(), m.end())
                removed += m.end() - m.start()
        elif grown:
            offsets.add(w_start + shift, w_start + shift + len(new), w_start, w_end)
        shift += grown
        cursor = w_end
    out.append(text[cursor:end])
    return "".join(out)
