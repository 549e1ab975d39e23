"""A screenshot of the compare screen on the seed pair at 160x48, compared with the stored SVG.

Regenerate after an intended change of its layout:
    python3 -m pytest tests/tui/test_compare_snapshot.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import make_app, settle, until

from dashboard.tui.screens.compare import CompareScreen

pytestmark = pytest.mark.usefixtures("at_repo")


def test_compare_screen_160x48(snap_compare: Any) -> None:
    async def compare_open(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(pilot.app.screen, CompareScreen), "the compare screen")
        await pilot.press("n", "n")  # pair 3: the Xinhua attribution dropped
        await pilot.pause()

    assert snap_compare(make_app(["seeds"], watch=False), terminal_size=(160, 48), run_before=compare_open)
