"""Provides what the main screen shows around the panels: the status line, names cut to fit, and
the layout for the terminal's size (any size, 1x1 included)."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from .safe import safe
from .session import Session

# Below this the panels cannot be laid out (Textual fails on widgets of no width): the dashboard
# says so instead, and comes back when the terminal grows.
MIN_WIDTH, MIN_HEIGHT = 60, 16
# Below this the chrome goes (header, legend) so that the panels keep their room.
COMPACT_WIDTH, COMPACT_HEIGHT = 120, 32
# Article and rule text in the header and panel borders is cut to this many characters.
NAME_CHARS = 60


def shorten(text: str, limit: int = NAME_CHARS) -> str:
    """A long path keeps its end, the file name."""
    return text if len(text) <= limit else "…" + text[-(limit - 1):]


def status_line(session: Session, listed: int, filtered: tuple[int, str] | None = None) -> Text:
    """Articles listed (and, filtered: how many the filter shows, and the filter), whether scoring
    goes on, unreadable inputs, and the rules in force."""
    text = Text()
    text.append(f"{listed} articles", style="bold")
    if filtered is not None:
        shown, what = filtered
        text.append(f" · {shown} shown: ", style="bold cyan")
        text.append_text(safe(what, "cyan"))
        text.append(" (/ to change or clear)", style="dim")
    if session.scoring or session.loading:
        text.append(" · scoring…", style="yellow")
    elif session.pairing:
        text.append(" · comparing articles…", style="yellow")
    if session.arrived:
        text.append(" · ", style="dim")
        text.append_text(safe(session.arrived, "cyan"))
    if session.load_errors:
        text.append(f" · {len(session.load_errors)} unreadable", style="yellow")
    if session.rule_error:
        text.append(" · rules: ", style="bold red")
        text.append_text(safe(session.rule_error, "red"))
        text.append(" (last good rules in force)", style="red")
    elif session.ruleset is not None:
        text.append(f" · {len(session.ruleset.rules)} rules", style="dim")
    return text


def fit(main: Screen[object], width: int, height: int) -> None:
    """Lay the main screen out for the terminal's size."""
    small = width < MIN_WIDTH or height < MIN_HEIGHT
    main.set_class(width < COMPACT_WIDTH or height < COMPACT_HEIGHT, "compact")
    # Set on the widgets, not by a class: the screen is laid out for the new size before
    # a class change reaches the styles, and the panels must be gone by then.
    # (Shown again by dropping that inline style: the CSS decides, .compact hiding the header.)
    for widget in main.query("Header, #status-bar, #top, #bottom, Footer"):
        if small:
            widget.styles.display = "none"
        else:
            widget.styles.clear_rule("display")
    note = main.query_one("#too-small", Static)
    note.display = small
    if small:
        note.update(Text(f"terminal too small: need at least {MIN_WIDTH}x{MIN_HEIGHT} "
                         f"(this one is {width}x{height}); q quits", style="bold"))
