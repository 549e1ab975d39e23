"""Provides the colour of each source kind in the dashboard's dark and light themes, and the short
label that marks a source's kind where colour is off (NO_COLOR).

The kinds a fact-checker tells apart are grouped (all the press, from newspapers to online
outlets, share one colour; the legend says so); each group has its own colour in each theme,
at a WCAG contrast of at least 4.5 on that theme's background and surface
(tests/unit/test_kind_palette.py computes it)."""

from __future__ import annotations

# Kind (a source rule's, else the kind of the entity the source refers to) -> the group whose
# colour and label it takes; a kind not listed (a named source of no known kind) is "named".
GROUP_OF = {
    "state_media": "state_media", "wire": "wire", "aggregator": "aggregator",
    "public_broadcaster": "press", "newspaper": "press", "broadcaster": "press", "magazine": "press",
    "online": "press", "outlet": "press", "government": "government", "intergovernmental": "government",
    "ngo": "organisation", "think_tank": "organisation", "company": "organisation",
    "organisation": "organisation", "other": "organisation", "person": "named", "group": "group",
    "anonymous": "vague",
}
GROUPS = ("state_media", "wire", "aggregator", "press", "government", "organisation", "named",
          "group", "vague")

# The backgrounds the kinds are drawn on: Textual's $background (the article text) and $surface
# (the source mix), per theme.
BACKGROUNDS = {"textual-dark": ("#121212", "#1E1E1E"), "textual-light": ("#E0E0E0", "#D8D8D8")}

# Hue by hue round the wheel in both themes, so that a kind keeps its hue when the theme changes:
# light on the dark theme, dark on the light one.
COLOURS = {
    "textual-dark": {
        "state_media": "#FF6B6B", "wire": "#6CB6FF", "aggregator": "#D68CFF", "press": "#4FD6D6",
        "government": "#F0D050", "organisation": "#7EE07E", "named": "#FFFFFF", "group": "#FFA657",
        "vague": "#A8A8A8",
    },
    "textual-light": {
        "state_media": "#A00000", "wire": "#0040B0", "aggregator": "#8B008B", "press": "#005F5F",
        "government": "#665C00", "organisation": "#1A6A1A", "named": "#000000", "group": "#8A4500",
        "vague": "#555555",
    },
}
# Besides the colour: sources the engine resolved are bold, vague ones italic, groups plain.
ATTRIBUTES = {"group": "", "vague": "italic"}

# The label after each source in the article text under NO_COLOR, and what it stands for.
LABELS = {
    "state_media": ("state", "state media"), "wire": ("wire", "wire service"),
    "aggregator": ("agg", "news aggregator"),
    "press": ("press", "newspaper, broadcaster, magazine or online outlet"),
    "government": ("gov", "government or intergovernmental body"),
    "organisation": ("org", "NGO, think tank, company or other organisation"),
    "named": ("person", "a person, or a named source of no known kind"), "group": ("group", "a group of people"),
    "vague": ("vague", "a vague source (\"officials said\")"),
}


def group(kind: str | None, vague: bool = False) -> str:
    """The group a source kind's colour and label come from."""
    return "vague" if vague else GROUP_OF.get(kind or "", "named")


def theme_palette(dark: bool) -> str:
    """The theme whose colours a dashboard in a dark (or light) theme uses."""
    return "textual-dark" if dark else "textual-light"


def kind_style(kind: str | None, vague: bool = False, *, dark: bool = True) -> str:
    """The Rich style of a source of this kind in a dark or light theme."""
    name = group(kind, vague)
    return f"{ATTRIBUTES.get(name, 'bold')} {COLOURS[theme_palette(dark)][name]}".strip()


def kind_label(kind: str | None, vague: bool = False) -> str:
    """The short label of a source's kind, as shown after it under NO_COLOR ("[wire]")."""
    return f"[{LABELS[group(kind, vague)][0]}]"
