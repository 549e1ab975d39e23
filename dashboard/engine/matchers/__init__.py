"""Provides the matchers rule kinds compile into: phrase tries (phrases.py), the source index
(sources.py), word inflections (inflect.py) and furniture patterns with their per-article time
budgets (furniture.py)."""

from __future__ import annotations

from .furniture import (
    ARTICLE_PATTERN_BUDGET,
    PATTERN_SECONDS_PER_MIB,
    PATTERN_TIMEOUT,
    FurnitureScan,
    article_budget,
    combinable,
    compile_pattern,
    pattern_match,
)
from .inflect import verb_forms, word_forms
from .phrases import MAX_REMEMBERED_TOKENS, PhraseMatcher, phrase_tokens
from .sources import FUZZY_CUTOFF, SourceIndex, normalise, registered_domain

__all__ = [
    "ARTICLE_PATTERN_BUDGET", "FUZZY_CUTOFF", "MAX_REMEMBERED_TOKENS", "PATTERN_SECONDS_PER_MIB",
    "PATTERN_TIMEOUT", "FurnitureScan", "PhraseMatcher", "SourceIndex", "article_budget", "combinable",
    "compile_pattern", "normalise", "pattern_match", "phrase_tokens", "registered_domain", "verb_forms",
    "word_forms",
]
