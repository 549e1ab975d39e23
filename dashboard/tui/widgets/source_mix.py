"""Provides the source mix: each source entity with its kind (as a mark and a word as well as a
colour), how often and how it was cited; outlets first."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...engine.analysis import Analysis
from ...engine.records import Attribution
from ...report.explain import model_text
from ...report.safe import plain
from ...report.sourcemix import MixRow, source_mix
from ..messages import JumpTo
from ..palette import kind_style


def describe(analysis: Analysis, a: Attribution) -> str:
    """What the article-text panel says of an attribution: its source and the entity it refers to,
    its cue, the pattern that found it and, when the learned layer decided, its probability and
    strongest features (plain text: the panel shows it as written)."""
    text = analysis.article.text
    who = text[a.source.start:a.source.end] if a.source else "no source"
    entity = next((e for e in analysis.entities if e.id == a.entity), None)
    refers = f" = {entity.name} ({entity.media_kind or entity.kind})" if entity and entity.name != who else ""
    return (f"attribution to {who!r}" + refers
            + (f" [{a.source_id}]" if a.source_id else "")
            + (" (vague)" if a.vague else "") + f", cue {text[a.cue.start:a.cue.end]!r}"
            + (f"; found by: {a.pattern}" if a.pattern else "")
            + (f"; {model_text(a, features=3)}" if a.why else ""))


class SourceMix(OptionList):
    """One line per source entity, outlets first (report/sourcemix.py); selecting one jumps to its
    first attribution in the text and describes it."""

    shown_analysis: Analysis | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.targets: list[MixRow | None] = []  # the row of each option (None: a heading)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual's OptionList fails to wrap its lines at no width (a panel squeezed to nothing
        # by a tiny terminal): one line each, then, as nothing of them can show anyway.
        if width <= 0:
            return self.option_count
        return super().get_content_height(container, viewport, width)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _: self.on_resize())

    def on_resize(self) -> None:
        # What is drawn depends on the width and the theme: draw again for the new one.
        if self.shown_analysis is not None:
            highlighted = self.highlighted
            self.show(self.shown_analysis)
            self.highlighted = highlighted

    def show(self, analysis: Analysis | None) -> None:
        self.shown_analysis = analysis
        self.clear_options()
        self.targets = []
        if analysis is None:
            return
        rows = source_mix(analysis)
        width = max(12, (self.size.width or 40) - 4)  # inside the borders and the scroll bar
        options: list[Option] = []
        section = ""
        for row in rows:
            if row.section != section:
                section = row.section
                options.append(Option(Text(section, style="bold underline"), disabled=True))
                self.targets.append(None)
            options.append(Option(_line(row, width, dark=self.app.current_theme.dark,
                                        words=self.app.no_color)))
            self.targets.append(row)
        if not rows:
            options.append(Option(Text("no attribution found", style="dim"), disabled=True))
            self.targets.append(None)
        self.add_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        row = self.targets[event.option_index]
        analysis = self.shown_analysis
        if row is None or analysis is None:
            return
        a = next((a for a in analysis.attributions if a.cue == row.first), None)
        if a is not None:
            self.post_message(JumpTo(a.cue.start, a.cue.end, a.source_id or a.vague_rule or a.cue_rule,
                                     describe(analysis, a)))
        else:
            self.post_message(JumpTo(row.first.start, row.first.end, row.source_id,
                                     f"quote by {row.name!r} ({row.label})"))


def _line(row: MixRow, width: int, *, dark: bool = True, words: bool = False) -> Text:
    """ "▲ Reuters 1 · wire  reported 1": the mark and name in the kind's colour, the count, the
    kind as a word, and how it was cited (dim), as much as the panel's width holds, in that order
    (the mark alone tells the kind apart when the word does not fit). With words (NO_COLOR, where
    the colour is gone), the kind's word is kept and the name shortened to make room for it."""
    style = kind_style(row.style_kind, row.label == "vague", dark=dark)
    count = f" {row.times}"
    kind = f" · {row.label}"
    room = width - len(count) - 2 - (len(kind) if words else 0)
    name = row.name if len(row.name) <= room else row.name[:max(4, room - 1)] + "…"
    line = Text()
    line.append(plain(f"{row.mark} {name}"), style=style)  # a span, not the base style: OptionList keeps it
    line.append(count, style="bold")
    for part, part_style in ((kind, style), (f"  {row.cited}", "dim"),
                             (f" ({row.loaded} loaded)" if row.loaded else "", "dim")):
        if part and line.cell_len + len(part) <= width:
            line.append(plain(part), style=part_style)
    return line
