"""Provides one side of the compare screen: an article's text wrapped to the pane, with a gutter
that numbers its aligned sentences and marks the attribution changes, and scrolling to a span.

The pane wraps the text itself (rather than leaving it to a Static) so that it knows on which
line every character is: moving to an aligned pair scrolls both panes to their sentences.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...report.safe import as_written

# The gutter: the current pair's mark, the pair number, a space, a change or credit symbol, a space.
GUTTER = 7
# Where a sentence scrolled to lands: this share of the pane's height from its top (some text
# before it stays in view, as context).
CONTEXT_SHARE = 0.25
_WORD = re.compile(r"\S+\s*|\s+")


class Mark(NamedTuple):
    """A styled range of one pane's text, with what its gutter shows on its first lines."""

    start: int
    end: int
    style: str
    gutter: tuple[Text, ...] = ()  # one gutter Text per line from the range's first line


class Line(NamedTuple):
    start: int  # offset of the line's first character in the article text
    end: int


def shown_text(raw: str) -> str:
    """The characters one for one (offsets stay valid): spaces of every kind as spaces, controls
    that would act on the terminal as visible marks (report.safe.as_written)."""
    return as_written(raw)


def wrap(text: str, start: int, end: int, width: int) -> list[Line]:
    """text[start:end] (one paragraph) cut into lines of at most `width` cells, at spaces where
    it can be (a word longer than the line is cut where it must)."""
    width = max(1, width)
    lines: list[Line] = []
    line_start, used = start, 0
    for match in _WORD.finditer(text, start, end):
        word_end = match.start() + len(match.group().rstrip())
        if used and used + cell_len(text[match.start():word_end]) > width:
            lines.append(Line(line_start, match.start()))
            line_start, used = match.start(), 0
        position = match.start()
        while used + cell_len(text[position:word_end]) > width:  # a word wider than a line
            cut, cells = position, 0
            while cut < word_end and cells + cell_len(text[cut]) <= width:
                cells += cell_len(text[cut])
                cut += 1
            cut = max(cut, position + 1)
            lines.append(Line(line_start, cut))
            line_start = position = cut
        used += cell_len(text[position:match.end()])
    if line_start < end or not lines:
        lines.append(Line(line_start, end))
    return lines


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The non-blank lines of the text as (start, end) offsets."""
    out = []
    position = 0
    for raw in text.split("\n"):
        if raw.strip():
            out.append((position, position + len(raw)))
        position += len(raw) + 1
    return out


class Layout(NamedTuple):
    """The pane's text wrapped for one width: each line's (start, end) offsets, end None for the
    blank line between two paragraphs (whose start is the next paragraph's)."""

    lines: list[tuple[int, int | None]]
    starts: list[int]  # each line's start, for bisecting


def lay_out(text: str, width: int) -> Layout:
    """The text wrapped to width - GUTTER cells, a blank line between paragraphs."""
    body = max(8, width - GUTTER)
    lines: list[tuple[int, int | None]] = []
    for n, (p_start, p_end) in enumerate(paragraphs(text)):
        if n:
            lines.append((p_start, None))
        for line in wrap(text, p_start, p_end, body):
            lines.append((line.start, line.end))
    return Layout(lines, [start for start, _ in lines])


class Marks:
    """The marks of a pane, found by the lines they reach into; their gutters by line."""

    def __init__(self, marks: Sequence[Mark]) -> None:
        self.marks = sorted(marks, key=lambda m: m.start)
        self.starts = [m.start for m in self.marks]
        self.longest = max((m.end - m.start for m in self.marks), default=0)

    def within(self, start: int, end: int) -> list[Mark]:
        """The marks that overlap text[start:end], in the order they were given (later ones
        are drawn over earlier ones)."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.marks[lo:hi] if m.end > start and m.end > m.start]

    def gutters(self, layout: Layout) -> dict[int, Text]:
        """Each mark's gutter Texts on the lines from the one it starts on, within its paragraph."""
        starts = layout.starts
        out: dict[int, Text] = {}
        for mark in self.marks:
            at = max(0, bisect.bisect_right(starts, mark.start) - 1)
            for k, gutter in enumerate(mark.gutter):
                if at + k >= len(starts) or layout.lines[at + k][1] is None:
                    break  # (a gutter stays beside its paragraph)
                out.setdefault(at + k, gutter)
        return out


def styled_line(text: str, start: int, end: int | None, marks: Marks, gutter: Text | None) -> Text:
    """One line as the pane draws it: its gutter, then its characters with the marks' styles."""
    row = Text(no_wrap=True)
    if gutter is not None:
        row.append_text(gutter)
        row.append(" " * max(0, GUTTER - gutter.cell_len))
    else:
        row.append(" " * GUTTER)
    if end is None:
        return row
    piece = Text(shown_text(text[start:end]).rstrip())
    for mark in marks.within(start, end):
        piece.stylize(mark.style, max(0, mark.start - start), mark.end - start)
    row.append_text(piece)
    return row


class ComparePane(ScrollView, can_focus=True):
    """One article's text in the compare screen (its marks set by the screen)."""

    DEFAULT_CSS = """
    ComparePane {
        overflow-y: scroll;
        overflow-x: hidden;
    }
    """

    class Scrolled(Message):
        """The user scrolled the pane (the mouse, the arrows): the other pane follows."""

        def __init__(self, pane: ComparePane) -> None:
            super().__init__()
            self.pane = pane

    class Clicked(Message):
        """A line of the pane was clicked: text[start:end] is on it."""

        def __init__(self, pane: ComparePane, start: int, end: int) -> None:
            super().__init__()
            self.pane = pane
            self.start = start
            self.end = end

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text
        self.marks = Marks([])
        self.layout_ = Layout([], [])
        self._gutters: dict[int, Text] = {}
        self._width = 0
        self._driven = False  # the screen is scrolling it (not the user): no Scrolled

    def set_marks(self, marks: list[Mark]) -> None:
        """Style the text anew (it is not wrapped again: the lines stay where they are)."""
        self.marks = Marks(marks)
        self._gutters = self.marks.gutters(self.layout_)
        self.refresh()

    def on_resize(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        self.layout_ = lay_out(self.text, width)
        self._gutters = self.marks.gutters(self.layout_)
        self.virtual_size = Size(width, len(self.layout_.lines))
        self.refresh()

    def line_of(self, offset: int) -> int:
        """The line (of the pane as laid out now) on which the text's `offset` is."""
        return max(0, bisect.bisect_right(self.layout_.starts, offset) - 1)

    def show_span(self, start: int, end: int) -> None:
        """Scroll so that text[start:end] is in view, with some text before it when there is room."""
        self._relayout()
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        height = max(1, self.scrollable_content_region.height)
        above = int(height * CONTEXT_SHARE)
        # A sentence longer than what is left below the context starts at the top.
        top = first - above if last - first < height - above else first
        self.scroll_to_line(top)

    def scroll_to_line(self, top: int) -> None:
        """Scroll so that line `top` is the first in view (as the screen does, not the user)."""
        self._driven = True
        try:
            self.scroll_to(y=max(0, top), animate=False, immediate=True)
        finally:
            self._driven = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._driven and round(old_value) != round(new_value):
            self.post_message(self.Scrolled(self))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = int(self.scroll_offset.y) + offset.y
        if 0 <= line < len(self.layout_.lines):
            start, end = self.layout_.lines[line]
            if end is not None:  # (not the blank line between two paragraphs)
                self.post_message(self.Clicked(self, start, max(end, start + 1)))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        style: Style = self.rich_style
        if index >= len(self.layout_.lines):
            return Strip.blank(width, style)
        start, end = self.layout_.lines[index]
        line = styled_line(self.text, start, end, self.marks, self._gutters.get(index))
        line.stylize_before(style)
        strip = Strip(list(line.render(self.app.console)), line.cell_len)
        return strip.crop_extend(scroll_x, scroll_x + width, style).apply_offsets(scroll_x, index)
