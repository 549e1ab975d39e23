"""Provides the score cards of the selected article, each coloured by what the checks found.

A card's colour is read from the article's findings, never worked out again here: the checks
on the card's metric (a finding's check id -> that check rule's metric) give it the colour of
their worst finding's severity, or green when none fired. So a config that changes a threshold
or a severity (sample_configs/newsroom-review.toml) changes the cards as it changes the checks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...engine.analysis import SEVERITY_RANK, Analysis
from ...engine.ruleset import RuleSet

SEVERITY_CARD = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
PASSED = "bold green"  # a check in force watches the metric, and found nothing in this article
UNCHECKED = "bold"  # no check in force watches the metric
# (Sentiment is rarely checked: unchecked, its card shows the polarity, as VADER reads its
# compound score: positive above 0.05, negative below -0.05. Not a verdict.)
POLARITY = 0.05


class Card(NamedTuple):
    label: str
    metric: str  # the metric whose checks colour the card
    value: Callable[[Mapping[str, float]], str]


CARDS = (
    Card("attribution density", "attribution_density", lambda m: f"{m['attribution_density']:.0%}"),
    Card("named sources", "named_sources", lambda m: f"{int(m['named_sources'])}"),
    Card("anonymous share", "anonymous_share", lambda m: f"{m['anonymous_share']:.0%}"),
    Card("sentiment", "sentiment_compound", lambda m: f"{m['sentiment_compound']:+.2f}"),
    Card("loaded author | quoted", "loaded_author_per_100",
         lambda m: f"{int(m['loaded_author'])} | {int(m['loaded_quoted'])}"),
)


def verdicts(analysis: Analysis, ruleset: RuleSet | None) -> dict[str, str]:
    """For each metric an enabled check watches: the worst severity of this article's findings
    on it, or "pass"."""
    if ruleset is None:
        return {}
    out = {rule.metric: "pass" for rule in ruleset.of_kind("checks")}
    for finding in analysis.findings:
        metric = getattr(ruleset.by_id.get(finding.check), "metric", None)
        if metric is None:
            continue
        worst = out.get(metric, "pass")
        if worst == "pass" or SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst]:
            out[metric] = finding.severity
    return out


def card_style(card: Card, metrics: Mapping[str, float], verdict: str | None) -> str:
    if verdict is not None:
        return PASSED if verdict == "pass" else SEVERITY_CARD[verdict]
    if card.metric == "sentiment_compound":
        value = metrics[card.metric]
        return "bold green" if value > POLARITY else "bold red" if value < -POLARITY else UNCHECKED
    return UNCHECKED


def _card(label: str, value: str, style: str = "bold") -> Text:
    text = Text(value + "\n", style=style, justify="center")
    text.append(label, style="dim")
    return text


class ScoreCards(Static):
    """Attribution density, named sources, anonymous share, sentiment, loaded wording by voice."""

    shown_analysis: Analysis | None = None
    ruleset: RuleSet | None = None

    def on_resize(self) -> None:
        # What is drawn depends on the width: draw again for the new one.
        if self.shown_analysis is not None:
            self.show(self.shown_analysis, ruleset=self.ruleset)

    def show(self, analysis: Analysis | None, placeholder: str | None = None,
             ruleset: RuleSet | None = None) -> None:
        """The article's scores, coloured by the findings of `ruleset`'s checks (the rules it
        was analysed with); without one, the placeholder ("scoring…") or "no article selected"."""
        self.shown_analysis = analysis
        self.ruleset = ruleset
        if analysis is None:
            self.update(Text(placeholder or "no article selected", style="dim"))
            return
        m = analysis.metrics
        if self.size.width and self.size.width < 60:
            self.update(Text(
                f"attr {m['attribution_density']:.0%} · named {int(m['named_sources'])} · "
                f"anon {m['anonymous_share']:.0%} · sent {m['sentiment_compound']:+.2f} · "
                f"loaded {int(m['loaded_author'])}|{int(m['loaded_quoted'])} (author|quoted) · "
                f"state {m['state_media_share']:.0%}"))
            return
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in CARDS:
            grid.add_column(justify="center", ratio=1)
        judged = verdicts(analysis, ruleset)
        grid.add_row(*(_card(card.label, card.value(m), card_style(card, m, judged.get(card.metric)))
                       for card in CARDS))
        items = [f"{int(m['words'])} words", f"{int(m['sentences'])} sentences",
                 f"{int(m['attributions'])} attributions", f"{int(m['quotes'])} quotes",
                 f"state media {m['state_media_share']:.0%}", f"wire {m['wire_share']:.0%}"]
        # Two short lines rather than one that a narrow panel would wrap mid-item.
        words = Text(" · ".join(items[:4]) + "\n" + " · ".join(items[4:]), style="dim", justify="center")
        self.update(Group(grid, words))
