"""Provides the one table of what the user can do in the dashboard, and the key bindings, help
screen lines and command palette entries made from it.

Each action is written once: its key, the footer's label, the sentence that describes it (in
the help screen and under its name in the command palette) and its palette title. An action
`name` runs BiasDashApp.action_<name>; a row without one is a key the widgets handle, listed in
the help screen only. The panel keys come from the table of panels (panels.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import NamedTuple

from textual.binding import Binding, BindingType

from .panels import PANELS, keys_help


class Action(NamedTuple):
    """One thing the user can do, with how it is reached."""

    name: str  # the action ("sort" runs action_sort); "": a key handled by the widgets
    key: str  # Textual's name of its key ("slash"); "": no key binding of the app's own
    shown_key: str  # the key as the help screen writes it ("/")
    label: str  # in the footer ("": not shown there)
    description: str  # the help screen's line, and the palette entry's help text
    help: bool = True  # listed in the help screen
    palette: str = ""  # its title in the command palette ("": not there)


_PANEL_KEYS, _PANEL_KEYS_HELP = keys_help()

ACTIONS = (
    Action("quit", "q", "q", "Quit", "quit"),
    Action("", "", "↑ ↓ / mouse", "", "move in a table; Enter or click selects (jumps to the text)"),
    Action("", "", "Tab / Shift+Tab", "", "next / previous panel"),
    Action("filter", "slash", "/", "Filter", "filter the article list (title, outlet, id, source, check; "
           "outlet:NAME or date:YYYY-MM-DD for one outlet's or day's articles)",
           palette="Filter articles"),
    # (The palette has a "Sort by ..." entry per column instead: see palette().)
    Action("sort", "s", "s", "Sort", "sort the article list by the next column (or click a column header)"),
    Action("corpus", "o", "o", "Outlets",
           "the corpus view: scores per outlet and per day; Enter on one lists its articles",
           palette="Corpus view: outlets and dates"),
    Action("compare", "c", "c", "Compare",
           "compare the selected article with the one it reuses or that reuses it (Reuse column: "
           "← derived from, → reused by)", palette="Compare with the article it reuses"),
    Action("reload_rules", "r", "r", "Reload rules",
           "reload the rule files now (they are also watched for edits)", palette="Reload rules"),
    Action("edit_rule", "e", "e", "Edit rule", "open the rule behind the selected finding in $EDITOR (a shipped rule: "
           "offers to copy it into your pack first)",
           palette="Open rule file"),
    Action("export_csv", "x", "x", "CSV", "export the article table as CSV", palette="Export CSV"),
    Action("export_json", "j", "j", "JSON", "export the scores as JSON (the score contract)",
           palette="Export JSON"),
    Action("export_svg", "ctrl+s", "ctrl+s", "SVG", "save the current view as SVG", palette="Export SVG"),
    Action("toggle_theme", "t", "t", "Theme", "light / dark theme", palette="Toggle light/dark theme"),
    Action("", "", _PANEL_KEYS, "", _PANEL_KEYS_HELP),
    *(Action(f"toggle_panel('{panel.key}')", panel.key, panel.key, "",
             f"show or hide the {panel.name} panel ({panel.key})", help=False, palette=f"Toggle {panel.name}")
      for panel in PANELS if panel.key),
    Action("", "", "ctrl+p", "", "command palette: every action by name"),
    Action("help", "question_mark", "?", "Help", "the keys and what the colours mean",
           palette="Help"),
)


def bindings() -> list[BindingType]:
    """The app's key bindings (the footer shows those with a label)."""
    return [Binding(a.key, a.name, a.label, show=bool(a.label)) for a in ACTIONS if a.name and a.key]


def help_lines() -> list[tuple[str, str]]:
    """(key, what it does) for the help screen, in the table's order."""
    return [(a.shown_key, a.description) for a in ACTIONS if a.help]


def palette(run: Callable[[str], object]) -> Iterator[tuple[str, str, Callable[[], object]]]:
    """(title, help, callback) of every palette entry; `run` runs an action by its name."""
    for action in ACTIONS:
        if action.palette:
            # (Capitalised as Textual's own palette entries are.)
            help_text = action.description[:1].upper() + action.description[1:]
            yield action.palette, help_text, partial(run, action.name)
