"""A renderer for the Dask tests that kills the worker process scoring the article with id
"poison", as a segfault in a C extension would (imported by the workers, so in its own module)."""

from __future__ import annotations

import os
from typing import Any

from dashboard.engine.analysis import Analysis
from dashboard.report.records import render


def render_or_die(analysis: Analysis, *, fmt: str, is_check: bool) -> Any:
    if analysis.article.id == "poison":
        os._exit(70)
    return render(analysis, fmt=fmt, is_check=is_check)
