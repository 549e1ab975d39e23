"""Screenshots of the dashboard on the seed articles, compared with the stored SVGs.

Regenerate after an intended change of the layout:
    python3 -m pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import make_app, repaint_tables, settle

pytestmark = pytest.mark.usefixtures("at_repo")


async def scored(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    # A paint can race the tables' column measuring (a known flake, tested in test_app.py).
    repaint_tables(pilot.app)
    await pilot.pause()


def test_main_screen_120x36(snap_compare: Any) -> None:
    assert snap_compare(make_app(["seeds"], watch=False), terminal_size=(120, 36), run_before=scored)


def test_main_screen_160x48(snap_compare: Any) -> None:
    assert snap_compare(make_app(["seeds"], watch=False), terminal_size=(160, 48), run_before=scored)


def test_help_screen_120x36(snap_compare: Any) -> None:
    async def help_open(pilot: Pilot[Any]) -> None:
        await scored(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(["seeds"], watch=False), terminal_size=(120, 36), run_before=help_open)
