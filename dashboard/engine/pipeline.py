"""Provides analyse(): an article and a RuleSet in, an Analysis with metrics and findings out,
by running the stages (stages.py) in order on one Doc (doc.py)."""

from __future__ import annotations

from dataclasses import replace

from .analysis import Analysis
from .article import Article
from .compiled import Compiled
from .doc import Doc
from .ruleset import RuleSet
from .stages import STAGES


def analyse(article: Article, ruleset: RuleSet) -> Analysis:
    """Score one article with a rule set; never raises for any text.

    Text that is not ASCII is analysed in its matching form (engine/matchtext.py: NFKC, invisible
    characters removed, look-alike letters folded to Latin), so that "Xinhua" with a zero-width
    space or a Cyrillic "a" in it resolves as Xinhua does; every span of the result is then
    mapped back (the restore stage), so that offsets, span texts and line:column of findings
    index the article's own text."""
    doc = start(article, ruleset.compiled)
    for stage in STAGES:
        stage.run(doc)
    return doc.analysis()


def start(article: Article, compiled: Compiled) -> Doc:
    """The Doc the stages start from: the article's text, or its matching form."""
    if article.text.isascii():  # the common case: no map, no copy, no import
        return Doc(article, compiled)
    from .matchtext import match_text

    matching = match_text(article.text)
    analysed = article if matching.offsets is None else replace(article, text=matching.text)
    return Doc(analysed, compiled, matching=matching, original=article,
               obfuscated=matching.obfuscated, obfuscated_span=matching.first)
