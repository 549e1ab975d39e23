"""Provides the source mix: bars per source and per kind of source."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...engine.analysis import Analysis
from ...engine.records import Attribution
from ..messages import JumpTo
from ..safe import kind_style, safe

BAR = "█"
BAR_WIDTH = 8


def describe(analysis: Analysis, a: Attribution) -> str:
    """What the article-text panel says of an attribution: its source, cue and the pattern that
    found it (plain text: the panel shows it as written)."""
    text = analysis.article.text
    who = text[a.source.start:a.source.end] if a.source else "no source"
    return (f"attribution to {who!r}" + (f" = {a.source_id} ({a.source_kind})" if a.source_id else "")
            + (" (vague)" if a.vague else "") + f", cue {text[a.cue.start:a.cue.end]!r}"
            + (f"; found by: {a.pattern}" if a.pattern else ""))


class SourceMix(OptionList):
    """One line per source (resolved or named) and per kind; selecting one jumps to its first
    attribution in the text and describes it."""

    shown_analysis: Analysis | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.targets: list[int] = []  # attribution index per option (-1: a heading)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual's OptionList fails to wrap its lines at no width (a panel squeezed to nothing
        # by a tiny terminal): one line each, then, as nothing of them can show anyway.
        if width <= 0:
            return self.option_count
        return super().get_content_height(container, viewport, width)

    def on_resize(self) -> None:
        # What is drawn depends on the width: draw again for the new one.
        if self.shown_analysis is not None:
            self.show(self.shown_analysis)

    def show(self, analysis: Analysis | None) -> None:
        self.shown_analysis = analysis
        self.clear_options()
        self.targets = []
        if analysis is None:
            return
        text = analysis.article.text
        per_source: Counter[tuple[str, str | None, bool]] = Counter()
        first: dict[tuple[str, str | None, bool], int] = {}
        for i, a in enumerate(analysis.attributions):
            if a.source is None:
                name = "(no source)"
            else:
                name = a.source_id or text[a.source.start:a.source.end]
            key = (name, a.source_kind, a.vague)
            per_source[key] += 1
            first.setdefault(key, i)
        kinds = analysis.source_kinds()
        most = max([*per_source.values(), *kinds.values(), 1])
        # Name column fits the panel: bar and count take BAR_WIDTH + 5 cells, borders 4.
        width = max(8, min(24, (self.size.width or 30) - BAR_WIDTH - 9))
        options: list[Option] = []
        options.append(Option(Text("sources", style="bold underline"), disabled=True))
        self.targets.append(-1)
        for (name, kind, vague), n in per_source.most_common():
            line = safe(f"{name[:width]:<{width}} ", kind_style(kind, vague))
            line.append(BAR * max(1, round(BAR_WIDTH * n / most)), style=kind_style(kind, vague))
            line.append(f" {n}", style="dim")
            options.append(Option(line))
            self.targets.append(first[(name, kind, vague)])
        options.append(Option(Text("kinds", style="bold underline"), disabled=True))
        self.targets.append(-1)
        if not kinds:
            options.append(Option(Text("no source from the rule files", style="dim"), disabled=True))
            self.targets.append(-1)
        for kind, n in kinds.most_common():
            line = safe(f"{kind[:width]:<{width}} ", kind_style(kind))  # (a rule file's word)
            line.append(BAR * max(1, round(BAR_WIDTH * n / most)), style=kind_style(kind))
            line.append(f" {n}", style="dim")
            options.append(Option(line))
            self.targets.append(next(i for i, a in enumerate(analysis.attributions) if a.source_kind == kind))
        self.add_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self.targets[event.option_index]
        if target < 0 or self.shown_analysis is None:
            return
        a = self.shown_analysis.attributions[target]
        self.post_message(JumpTo(a.cue.start, a.cue.end, a.source_id or a.vague_rule or a.cue_rule,
                                 describe(self.shown_analysis, a)))
