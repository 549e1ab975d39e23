"""Provides the similarity of two news sentences in [0, 1]: a logistic combination of parts a
reader can check (content words weighted by their rarity, character-level fuzzy ratios, shared
numbers and names), with weights fitted on human-judged news paraphrases
(benchmarks/compare_accuracy.py prints the fit and its held-out figures)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz

WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
NUMBER = re.compile(r"\d")
QUOTE_MARK = re.compile(r"[“”\"]")
STOP = frozenset("""
a an the of to in on at by for from with and or but as is was are were be been being has have had
that this these those it its it's he she they them his her their we our you your i me my us him
said says say told tell tells will would could should may might can not no also than then there
here which who whom whose what when where why how about into over after before more most such so
if do does did just up out one all any some both each other its own s
""".split())
STEM = 6  # content words compare on their first letters: "relations" = "relationship"


def stem(word: str) -> str:
    """A word's comparable form: lower-cased, possessive and hyphens gone, cut to STEM letters."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("-", "").replace("'", "").replace(".", "")[:STEM]


@dataclass(frozen=True, slots=True)
class Sentence:
    """What similarity reads of one sentence, computed once."""

    stems: frozenset[str]  # content words (STOP left out), as stems
    numbers: frozenset[str]
    names: frozenset[str]  # capitalised words not opening the sentence, as stems
    plain: str  # lower-cased words joined by single spaces, for the fuzzy ratios
    unquoted: frozenset[str]  # content stems outside direct quotes
    words: int
    pairs: frozenset[str]  # neighbouring stems of all words, "a b": word order


def sentence(text: str) -> Sentence:
    """The parts of `text` that similarity compares."""
    found = WORD.findall(text)
    content = [w for w in found if w.lower() not in STOP]
    stems = frozenset(stem(w) for w in content)
    numbers = frozenset(w.replace(",", "") for w in found if NUMBER.search(w))
    names = frozenset(stem(w) for k, w in enumerate(found) if k and w[:1].isupper() and w.lower() not in STOP)
    outside = unquoted_text(text)
    unquoted = frozenset(stem(w) for w in WORD.findall(outside) if w.lower() not in STOP)
    every = [stem(w) for w in found]
    pairs = frozenset(f"{x} {y}" for x, y in pairwise(every))
    return Sentence(stems, numbers, names, " ".join(w.lower() for w in found), unquoted, len(found), pairs)


def unquoted_text(text: str) -> str:
    """The sentence without its direct quotes, also a quote the sentence only opens or only
    closes (a quote of several sentences is split by the sentence splitter)."""
    marks = list(QUOTE_MARK.finditer(text))
    if not marks:
        return text
    first = marks[0]
    after = text[first.end():first.end() + 1]
    inside = first.group() == "”" or (first.group() == '"' and first.start() > 0 and (not after or not after.isalnum()))
    out, last = [], 0
    for m in marks:
        if not inside:
            out.append(text[last:m.start()])
        inside, last = not inside, m.end()
    if not inside:
        out.append(text[last:])
    return " ".join(out)


def idf_table(sentences: Iterable[Sentence]) -> dict[str, float]:
    """Each stem's inverse sentence frequency over `sentences` (the two articles compared):
    a word in every sentence of both says nothing; one in a single sentence says most."""
    df: Counter[str] = Counter()
    n = 0
    for s in sentences:
        df.update(s.stems)
        n += 1
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


def weighted_dice(x: frozenset[str], y: frozenset[str], idf: dict[str, float], default: float) -> float:
    """Dice overlap of two stem sets, each stem counted by its rarity."""
    total = sum(idf.get(w, default) for w in x) + sum(idf.get(w, default) for w in y)
    if not total:
        return 0.0
    return 2 * sum(idf.get(w, default) for w in x & y) / total


def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    """Shared share of the smaller set; 1 when neither has any (nothing to disagree on)."""
    if not x and not y:
        return 1.0
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


FEATURES = ("idf_dice", "token_set", "ratio", "numbers", "names", "length", "word_pairs", "number_clash")


def features(x: Sentence, y: Sentence, idf: dict[str, float], default: float | None = None) -> tuple[float, ...]:
    """The parts, each in [0, 1], in the order of FEATURES; a stem missing from `idf` weighs
    `default` (by default the rarest's weight)."""
    if default is None:
        default = max(idf.values(), default=1.0)
    return (
        weighted_dice(x.stems, y.stems, idf, default),
        fuzz.token_set_ratio(x.plain, y.plain) / 100,
        fuzz.ratio(x.plain, y.plain) / 100,
        _overlap(x.numbers, y.numbers),
        _overlap(x.names, y.names),
        min(x.words, y.words) / max(x.words, y.words, 1),
        dice(x.pairs, y.pairs),
        1.0 if x.numbers and y.numbers and x.numbers != y.numbers else 0.0,
    )


# Fitted by benchmarks/compare_accuracy.py (logistic regression on half of the paraphrase file).
# Held out: accuracy .733, F1 .812 at 0.5 (where people mostly judge two news sentences to say
# the same thing), against .718 and .803 for plain word Dice.
BIAS = -9.67
WEIGHTS = (4.84, 1.96, 5.68, 0.18, -0.39, 3.91, -2.65, -0.54)


def combine(parts: tuple[float, ...]) -> float:
    """The logistic combination of the parts: how likely the two say the same thing."""
    z = BIAS + sum(w * f for w, f in zip(WEIGHTS, parts))
    return 1 / (1 + math.exp(-z))


def similarity(x: Sentence, y: Sentence, idf: dict[str, float], default: float | None = None) -> float:
    """How likely two sentences say the same thing, in [0, 1]."""
    if x.plain == y.plain:
        return 1.0
    if not x.stems or not y.stems:
        return 0.0
    return combine(features(x, y, idf, default))


def dice(x: frozenset[str], y: frozenset[str]) -> float:
    """Plain Dice overlap of two word sets (the first measure, kept as the benchmark's baseline)."""
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))
