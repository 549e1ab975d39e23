"""Fixtures of the dashboard tests: run from the repository root so that paths stay relative."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tui_helpers import REPO


@pytest.fixture
def at_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root: the app is opened on the relative path `seeds`."""
    monkeypatch.chdir(REPO)
    return REPO
