"""Provides the one table of the dashboard's panels: the widget, its id, its border title and the
key that shows or hides it.

compose() makes every panel from this table, on_mount() titles them from it, the number keys,
the help screen and the command palette's "Toggle ..." commands are made from it, and the
selected article's analysis goes to every panel it lists as showing one. A new panel is a widget
module in widgets/, a row here, and its place in BiasDashApp.compose (the layout).
"""

from __future__ import annotations

from typing import NamedTuple

from textual.widget import Widget

from .widgets.article_list import ArticleList
from .widgets.article_text import ArticleText
from .widgets.checks import ChecksPanel
from .widgets.loaded_hits import LoadedHits
from .widgets.score_cards import ScoreCards
from .widgets.sentiment import SentimentPanel
from .widgets.source_mix import SourceMix


class Panel(NamedTuple):
    """One panel of the main screen."""

    id: str  # the widget's id (and CSS selector #id)
    title: str  # its border title; lower-cased, its name in the command palette
    widget: type[Widget]
    key: str = ""  # the key that shows or hides it ("": always shown)
    short: str = ""  # its name in the help screen's line of panel keys
    analysis: bool = True  # it shows the selected article's analysis (has show(analysis))

    @property
    def name(self) -> str:
        return self.title.lower()


PANELS = (
    Panel("list", "Articles", ArticleList, analysis=False),
    Panel("cards", "Scores", ScoreCards, "1", "scores"),
    Panel("sources", "Source mix", SourceMix, "2", "sources"),
    Panel("sentiment", "Sentiment", SentimentPanel, "3", "sentiment"),
    Panel("loaded", "Loaded wording", LoadedHits, "4", "loaded"),
    Panel("checks", "Checks", ChecksPanel, "5", "checks"),
    Panel("text", "Article text", ArticleText, "6", "text"),
)
BY_ID = {panel.id: panel for panel in PANELS}
BY_KEY = {panel.key: panel for panel in PANELS if panel.key}


def make(panel_id: str) -> Widget:
    """The panel's widget, as compose() places it."""
    panel = BY_ID[panel_id]
    return panel.widget(id=panel.id)


def keys_help() -> tuple[str, str]:
    """The help screen's line for the panel keys: ("1-6", "show or hide a panel: 1 scores, ...")."""
    keyed = [panel for panel in PANELS if panel.key]
    keys = f"{keyed[0].key}-{keyed[-1].key}" if len(keyed) > 1 else keyed[0].key
    return keys, "show or hide a panel: " + ", ".join(f"{p.key} {p.short or p.name}" for p in keyed)
