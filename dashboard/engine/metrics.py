"""Provides the names, meanings and ranges of the per-article metrics that checks compare."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """One metric checks can compare: its name, what it means and its range."""

    name: str
    meaning: str
    low: float
    high: float | None  # None: no upper bound


METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("words", "words in the article body (page furniture excluded)", 0, None),
    Metric("sentences", "sentences in the article body", 0, None),
    Metric("attributions", "statements attributed to a source by a cue", 0, None),
    Metric("attribution_density", "share of body sentences that carry an attribution", 0, 1),
    Metric("named_sources", "distinct named sources (people, organisations, outlets; "
                            "not pronouns, not vague sources)", 0, None),
    Metric("resolved_sources", "distinct sources found in the source rule files", 0, None),
    Metric("vague_attributions", "attributions to vague or anonymous sources", 0, None),
    Metric("anonymous_share", "share of attributions whose source is vague or anonymous", 0, 1),
    Metric("state_media_share", "share of attributions credited to state media", 0, 1),
    Metric("wire_share", "share of attributions credited to wire services", 0, 1),
    Metric("aggregator_share", "share of attributions credited to aggregators", 0, 1),
    Metric("loaded_cue_share", "share of attributions made with a loaded verb "
                               "(claimed, admitted, insisted)", 0, 1),
    Metric("quotes", "direct quotations", 0, None),
    Metric("unattributed_quotes", "direct quotations of four or more words with no speaker", 0, None),
    Metric("loaded_author", "loaded-wording hits in the author's own voice", 0, None),
    Metric("loaded_quoted", "loaded-wording hits inside quotes or attributed statements", 0, None),
    Metric("loaded_author_per_100", "loaded hits in the author's voice per 100 body words", 0, 100),
    Metric("loaded_quoted_per_100", "loaded hits in quoted speech per 100 body words", 0, 100),
    Metric("sentiment_compound", "mean VADER compound score of the body sentences", -1, 1),
    Metric("obfuscated_words", "words disguised from the rules: invisible characters inside, "
                               "look-alike letters of another script, full-width letters", 0, None),
    Metric("rule_timeouts", "furniture rules given up on in the article for taking too long "
                            "(its furniture, and so its scores, may be incomplete)", 0, None),
)}
