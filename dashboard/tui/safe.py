"""Provides Rich Text built from article and rule text: never markup, control characters escaped."""

from __future__ import annotations

from rich.text import Text

from ..report.safe import plain

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MARK = {"error": ("✗", "bold red"), "warning": ("!", "bold yellow"), "info": ("✓", "green"),
        None: ("✓", "green")}
KIND_STYLE = {
    "state_media": "bold red", "wire": "bold dodger_blue2", "aggregator": "bold magenta",
    "public_broadcaster": "bold cyan", "newspaper": "bold cyan", "broadcaster": "bold cyan",
    "magazine": "bold cyan", "online": "bold cyan", "government": "bold yellow",
    "intergovernmental": "bold yellow", "ngo": "bold green", "think_tank": "bold green",
    "company": "bold green", "other": "bold white",
}
NAMED_STYLE = "bold bright_white"
VAGUE_STYLE = "italic grey62"


def safe(text: object, style: str = "") -> Text:
    """Text shown exactly as written: "[bold]" stays literal, escape characters become visible."""
    return Text(plain(str(text)), style=style, no_wrap=False)


def kind_style(kind: str | None, vague: bool = False) -> str:
    if vague:
        return VAGUE_STYLE
    return KIND_STYLE.get(kind or "", NAMED_STYLE)
