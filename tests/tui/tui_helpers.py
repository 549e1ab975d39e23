"""Helpers for the dashboard tests: build the app, let it settle, read what a panel shows."""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static

from dashboard.tui.app import BiasDashApp, RuleSource

REPO = Path(__file__).resolve().parents[2]
SIZE = (160, 48)

T = TypeVar("T")


def run(coro: Awaitable[T]) -> T:
    """Run an async test body (pytest-asyncio is not a dependency of the project)."""
    return asyncio.run(coro)  # type: ignore[arg-type]


def default_rules() -> RuleSource:
    return RuleSource([], True, frozenset(), {})


def make_app(paths: list[str] | None = None, *, rules: RuleSource | None = None, **kwargs: Any) -> BiasDashApp:
    kwargs.setdefault("watch", False)
    return BiasDashApp(paths if paths is not None else ["seeds"], rules or default_rules(), **kwargs)


async def settle(pilot: Pilot[Any], timeout: float = 120.0) -> None:
    """Wait until scoring, reading the rule files and analysing the selected article are done
    and every message they caused has been handled."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        await app.workers.wait_for_complete()
        await pilot.pause()
        # A finished read of the rules starts a re-score, whose rows start an analysis.
        if not app.busy or time.monotonic() > deadline:
            break
        await pilot.pause(0.01)
    await pilot.pause()
    await pilot.pause()


async def until(pilot: Pilot[Any], condition: Callable[[], object], what: str, timeout: float = 60.0) -> None:
    """Let the app run until `condition()` holds; fail saying `what` was awaited after `timeout`
    seconds (generous: a loaded machine, or a parallel run, is slow; a hang is not)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {timeout:g} s for {what}")
        await pilot.pause(0.01)


def child_processes() -> list[int]:
    """Processes (zombies too) whose parent is this one, read from /proc."""
    me = os.getpid()
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == me:
            children.append(int(entry))
    return children


def table_rows(table: DataTable[Any]) -> list[list[str]]:
    """Every row of a table as the user reads it, top to bottom."""
    return [cell_texts(table, row) for row in range(table.row_count)]


def repaint_tables(app: Any) -> None:
    """Drop every DataTable's rendered-line cache, as a full repaint would see the table.

    Textual's DataTable measures auto-width columns on idle without invalidating the lines it
    already rendered, so a paint that lands between `add_row` and that idle keeps cells cut to the
    header's width (see test_loaded_table_is_not_left_truncated_by_an_early_paint). Tests that are
    not about that race read the tables through this so that they do not fail at random.
    """
    for table in app.query(DataTable):
        table._clear_caches()
        table.refresh()


def shown(widget: Widget, *, fresh: bool = True) -> str:
    """The lines the widget paints on screen, as plain text (what a user reads).

    fresh: for a DataTable, read it as a full repaint draws it (see repaint_tables).
    """
    if fresh and isinstance(widget, DataTable):
        widget._clear_caches()
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def static_text(widget: Static) -> str:
    """The plain text a Static was given (Rich Text or Textual Content)."""
    content = widget.render()
    plain = getattr(content, "plain", None)
    return plain if isinstance(plain, str) else str(content)


def option_prompts(options: OptionList) -> list[str]:
    out = []
    for i in range(options.option_count):
        prompt = options.get_option_at_index(i).prompt
        out.append(prompt.plain if hasattr(prompt, "plain") else str(prompt))
    return out


def source_names(options: OptionList) -> list[str]:
    """The source names in the Source mix panel: each row's text after its kind mark, before its
    count ("▲ Reuters 1 · wire" -> "Reuters"); headings have no mark."""
    names = []
    for prompt in option_prompts(options):
        mark, _, rest = prompt.partition(" ")
        if len(mark) == 1 and not mark.isalnum() and rest:
            names.append(re.sub(r" \d+(?: ·.*|  .*)?$", "", rest).rstrip("…"))
    return names


def cell_texts(table: DataTable[Any], row: int) -> list[str]:
    return [getattr(c, "plain", str(c)) for c in table.get_row_at(row)]
