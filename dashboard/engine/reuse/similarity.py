"""Provides the similarity of two news sentences in [0, 1] (a first measure: the Dice overlap of
their content words)."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+")
STOP = frozenset("""
a an the of to in on at by for from with and or but as is was are were be been being has have had
that this these those it its it's he she they them his her their we our you your i me my
said says say will would could should may might can not no also than then there here which who
whom whose what when where why how about into over after before more most such so if
""".split())


def words(text: str) -> frozenset[str]:
    """The content words of a sentence, lower-cased."""
    return frozenset(w for w in WORD.findall(text.lower()) if w not in STOP)


def similarity(x: frozenset[str], y: frozenset[str]) -> float:
    """Dice overlap of two sentences' content words."""
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))
