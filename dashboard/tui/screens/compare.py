"""Provides the compare screen: two articles side by side, the origin on the left, their aligned
sentences numbered and tinted alike on both sides, the credit and the attribution changes marked,
and keys that move from one aligned pair to the next with both panes following.

The screen shows a Reuse (engine/reuse) as it is: the pairs, the origin and why, the shares, the
credit and the changes are the engine's; nothing here decides what is reuse.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ...engine.article import Article
from ...engine.records import Span
from ...engine.reuse import Aligned, Change, Party, Reuse
from ..palette import kind_style
from ..safe import safe
from ..view import COMPACT_HEIGHT, COMPACT_WIDTH, shorten
from ..widgets.compare_pane import CONTEXT_SHARE, GUTTER, ComparePane, Mark

# Each change kind: its symbol, its label and its colour (the symbol carries it without colour).
CHANGE_MARKS = {
    "laundered": ("⚠", "laundered", "bold magenta"),
    "dropped": ("✗", "dropped", "bold red"),
    "changed": ("≠", "changed", "bold yellow"),
    "quote_changed": ("❝", "quote changed", "bold cyan"),
    "added": ("+", "added", "bold green"),
}
CHANGE_ORDER = tuple(CHANGE_MARKS)  # the worst first: the gutter's first line shows it
CREDIT_MARK = ("©", "credit", "bold dodger_blue1")
CREDIT_STYLE = "bold underline dodger_blue1"
# Aligned sentences are tinted by their number, alike on both sides (dark theme, light theme).
TINTS = {True: ("on #1f3a5a", "on #47305a", "on #1f4a35", "on #55283a"),
         False: ("on #d4e6fa", "on #ecdcf7", "on #d6f2df", "on #f7d9e3")}
CURRENT = {True: "bold on #8a6d00", False: "bold on #ffd75f"}
CURRENT_MARK = "▶"
LONE_STYLE = "italic"  # a sentence with a change but aligned with none on the other side
# The screen's keys as the help screen lists them (the bindings are CompareScreen.BINDINGS).
COMPARE_KEYS = (
    ("n / j, p / k", "next / previous aligned pair (or change): both panes scroll to it"),
    ("g / G", "first / last pair"),
    ("Tab, ↑ ↓ PgUp PgDn", "the other pane; scroll the focused pane on its own (the mouse too)"),
    ("Escape / q", "back to the article list"),
)


@dataclass
class Stop:
    """A place the keys move to: an aligned pair (both sides), or a change on one side only."""

    left: Span | None
    right: Span | None
    aligned: Aligned | None = None
    number: int | None = None  # the aligned pair's number, from 1
    changes: list[Change] = field(default_factory=list)
    credit: bool = False  # the derivative's credit is in this stop's right sentence


def _inside(inner: Span | None, outer: Span | None) -> bool:
    return inner is not None and outer is not None and inner.start < outer.end and outer.start < inner.end


def stops_of(reuse: Reuse, flip: bool) -> list[Stop]:
    """The stops in reading order: the aligned pairs (in both texts' order), with each change
    beside the pair whose sentence holds it; a change no pair holds is a stop of its own.

    flip: the origin is B, shown on the left (so B's spans are the left ones)."""
    stops = [Stop(x.b if flip else x.a, x.a if flip else x.b, x, n) for n, x in enumerate(reuse.aligned, 1)]
    lone: list[Stop] = []
    for change in reuse.changes:
        left, right = (change.b, change.a) if flip else (change.a, change.b)
        home = next((s for s in stops if _inside(left, s.left) or _inside(right, s.right)), None)
        if home is None:
            home = next((s for s in lone if s.left == left and s.right == right), None)
            if home is None:
                home = Stop(left, right)
                lone.append(home)
        home.changes.append(change)
    credit = reuse.credit
    for stop in stops:
        stop.credit = credit is not None and _inside(credit, stop.right)

    def key(stop: Stop) -> tuple[float, float]:
        if stop.right is not None:
            return (stop.right.start, 0)
        assert stop.left is not None
        # A left-only stop goes before the first aligned pair that comes after it on the left.
        after = [s.right.start for s in stops if s.left is not None and s.right is not None
                 and s.left.start > stop.left.start]
        return (min(after) - 0.5 if after else float("inf"), stop.left.start)

    for stop in stops + lone:
        stop.changes.sort(key=lambda c: CHANGE_ORDER.index(c.change) if c.change in CHANGE_ORDER else 99)
    return sorted(stops + lone, key=key)


def party(who: Party | None, dark: bool = True) -> Text:
    if who is None:
        return Text("no one", style="italic")
    text = safe(who.name, kind_style(who.kind, dark=dark))
    if who.kind:
        text.append_text(safe(f" ({who.kind.replace('_', ' ')})", "dim"))
    return text


def change_line(change: Change, dark: bool = True) -> Text:
    symbol, label, style = CHANGE_MARKS.get(change.change, ("?", change.change, "bold"))
    line = Text(f"{symbol} {label}: ", style=style)
    if change.change == "added":
        line.append_text(party(change.after, dark))
        line.append(", whom the origin does not cite", style="dim")
        return line
    line.append_text(party(change.before, dark))
    line.append(" → ")
    line.append_text(party(change.after, dark))
    return line


def legend() -> Text:
    text = Text()
    text.append(f"{CURRENT_MARK} current", style="bold")
    text.append("  1 2 3 aligned pairs (one number, one tint on both sides)  ")
    for symbol, label, style in (*CHANGE_MARKS.values(), CREDIT_MARK):
        text.append(f"{symbol} {label}", style=style)
        text.append("  ")
    return text


class CompareScreen(ModalScreen[None]):
    """Two articles compared: the origin on the left, the article that reuses it on the right."""

    DEFAULT_CSS = """
    CompareScreen {
        background: $background;
        layout: vertical;
    }
    #compare-head {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    #compare-panes {
        height: 1fr;
    }
    #compare-panes ComparePane {
        width: 1fr;
        border: round $primary;
    }
    #compare-panes ComparePane:focus {
        border: round $accent;
    }
    #compare-foot {
        height: auto;
    }
    #compare-detail {
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $boost;
    }
    #compare-legend {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    /* Below 120x32 the legend (also in the help screen) makes room for the texts. */
    CompareScreen.compact #compare-legend {
        display: none;
    }
    CompareScreen.compact #compare-detail {
        max-height: 3;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # (The arrows, PgUp/PgDn and the mouse scroll the focused pane on its own.)
        Binding("n,j", "move(1)", "Next pair", key_display="n/j"),
        Binding("p,k", "move(-1)", "Previous pair", key_display="p/k"),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
        Binding("tab", "switch_pane", "Other pane", show=False),
        Binding("escape,q", "close", "Back", key_display="Esc/q"),
    ]

    def __init__(self, reuse: Reuse, a: Article, b: Article, titles: dict[str, str] | None = None) -> None:
        """a, b: the articles reuse.a and reuse.b; titles: their titles by id (else the article's)."""
        super().__init__()
        self.reuse = reuse
        self.flip = reuse.origin is not None and reuse.origin == reuse.b
        self.left, self.right = (b, a) if self.flip else (a, b)
        self.titles = titles or {}
        self.stops = stops_of(reuse, self.flip)
        self.current = 0 if self.stops else -1

    # --- what is shown -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self.header(), id="compare-head")
        with Horizontal(id="compare-panes"):
            yield ComparePane(self.left.text, id="left")
            yield ComparePane(self.right.text, id="right")
        with Vertical(id="compare-foot"):
            yield Static(id="compare-detail")
            yield Static(legend(), id="compare-legend")
        yield Footer()

    def on_mount(self) -> None:
        for pane_id, article, role in (("left", self.left, self.role(self.left)),
                                       ("right", self.right, self.role(self.right))):
            pane = self.query_one(f"#{pane_id}", ComparePane)
            title = Text(f"{role} · ", style="bold")
            title.append_text(safe(shorten(article.id, 30)))
            if article.outlet:
                title.append_text(safe(f" · {shorten(article.outlet, 24)}"))
            pane.border_title = title
            pane.border_subtitle = safe(shorten(self.title_of(article), 70))
        self.query_one("#left", ComparePane).focus()
        self._fit()
        self._mark()
        self.call_after_refresh(self._follow)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width, height = self.app.size
        self.set_class(width < COMPACT_WIDTH or height < COMPACT_HEIGHT, "compact")

    def role(self, article: Article) -> str:
        if self.reuse.origin is None:
            return "A" if article is self.left else "B"
        return "origin" if article.id == self.reuse.origin else "derivative"

    def title_of(self, article: Article) -> str:
        return self.titles.get(article.id) or article.title or article.id

    def header(self) -> Text:
        """Three lines: who reuses whom and how much; why that origin, and the credit; the
        aligned sentences and the attribution changes."""
        reuse = self.reuse
        left, right = self.left.id, self.right.id
        shares = reuse.reused_share
        text = Text()
        if reuse.origin is not None:
            text.append("origin ", style="dim")
            text.append_text(safe(shorten(left, 40), "bold"))
            text.append(" ← reused by ", style="dim")
            sides = ("origin", "derivative")
        else:
            text.append_text(safe(shorten(left, 40), "bold"))
            text.append(" and ", style="dim")
            sides = ("left", "right")
        text.append_text(safe(shorten(right, 40), "bold"))
        text.append(" · reused: ", style="dim")
        text.append(f"{shares.get(left, 0):.0%}", style="bold")
        text.append(f" of the {sides[0]}, ")
        text.append(f"{shares.get(right, 0):.0%}", style="bold")
        text.append(f" of the {sides[1]}")
        text.append("\n")
        if reuse.origin is None:
            text.append("which is the origin cannot be told", style="yellow")
        else:
            text.append("why: ", style="dim")
            text.append_text(safe("; ".join(reuse.evidence) or "no evidence given"))
            text.append(" · ")
            if reuse.credit is not None:
                credit = self.right.text[reuse.credit.start:reuse.credit.end]
                text.append(f"{CREDIT_MARK[0]} credited: ", style=CREDIT_MARK[2])
                text.append_text(safe(f"“{shorten(' '.join(credit.split()), 50)}”", CREDIT_STYLE))
                line = self.right.text.count("\n", 0, reuse.credit.start) + 1
                text.append(f" (line {line})", style="dim")
            else:
                text.append("not credited", style="bold red")
        text.append("\n")
        kinds: dict[str, int] = {}
        for x in reuse.aligned:
            kinds[x.kind] = kinds.get(x.kind, 0) + 1
        text.append(f"{len(reuse.aligned)} aligned sentences")
        if kinds:
            text.append(" (" + ", ".join(f"{n} {k}" for k, n in kinds.items()) + ")", style="dim")
        if not reuse.reused:
            text.append(" · too little in common to be reuse", style="yellow")
        counts: dict[str, int] = {}
        for change in reuse.changes:
            counts[change.change] = counts.get(change.change, 0) + 1
        text.append(" · attribution changes: ", style="dim")
        if not counts:
            text.append("none")
        for kind in CHANGE_ORDER:
            if kind in counts:
                symbol, label, style = CHANGE_MARKS[kind]
                text.append(f"{symbol} {counts[kind]} {label}", style=style)
                text.append("  ")
        text.rstrip()
        return text

    def _mark(self) -> None:
        """Style both panes for the current stop."""
        dark = self.app.current_theme.dark if self.app.current_theme is not None else True
        tints, current = TINTS[dark], CURRENT[dark]
        marks: dict[str, list[Mark]] = {"left": [], "right": []}
        for i, stop in enumerate(self.stops):
            here = i == self.current
            style = current if here else tints[(stop.number - 1) % len(tints)] if stop.number else LONE_STYLE
            for side, span in (("left", stop.left), ("right", stop.right)):
                if span is not None:
                    marks[side].append(Mark(span.start, span.end, style, self._gutter(stop, side, here, style)))
        credit = self.reuse.credit
        if credit is not None and self.reuse.origin is not None:
            loose = not any(stop.credit for stop in self.stops)
            gutter = (Text(f"     {CREDIT_MARK[0]}", style=CREDIT_MARK[2]),) if loose else ()
            marks["right"].append(Mark(credit.start, credit.end, CREDIT_STYLE, gutter))
        for side in ("left", "right"):
            self.query_one(f"#{side}", ComparePane).set_marks(marks[side])
        self.query_one("#compare-detail", Static).update(self.detail())

    def _gutter(self, stop: Stop, side: str, here: bool, style: str) -> tuple[Text, ...]:
        """The gutter beside a stop's sentence: the current mark, the pair number in the
        sentence's tint, then a symbol per change (and the credit), one a line."""
        symbols = [CHANGE_MARKS.get(c.change, ("?", "", "bold"))[::2] for c in stop.changes]
        if stop.credit and side == "right":
            symbols.append(CREDIT_MARK[::2])
        seen: set[str] = set()
        unique = [s for s in symbols if not (s[0] in seen or seen.add(s[0]))]  # type: ignore[func-returns-value]
        lines = []
        for k in range(max(1, len(unique))):
            gutter = Text(CURRENT_MARK if here and k == 0 else " ", style="bold")
            number = f"{stop.number:>3}" if stop.number and k == 0 else "   "
            gutter.append(number, style=style if number.strip() else "")
            gutter.append(" ")
            if k < len(unique):
                gutter.append(unique[k][0], style=unique[k][1])
            lines.append(gutter)
        assert all(g.cell_len < GUTTER for g in lines)
        return tuple(lines)

    def detail(self) -> Text:
        if not self.stops:
            return Text("no sentence of one article aligns with the other", style="italic")
        stop = self.stops[self.current]
        text = Text()
        count = len(self.reuse.aligned)
        if stop.aligned is not None:
            text.append(f"{CURRENT_MARK} pair {stop.number} of {count}", style="bold")
            text.append(f" · {stop.aligned.kind} · similarity {stop.aligned.similarity:.2f}")
        else:
            side = "left" if stop.right is None else "right"
            text.append(f"{CURRENT_MARK} a sentence of the {side} article only", style="bold")
            text.append(" (aligned with none on the other side)", style="dim")
        text.append(f"   [{self.current + 1}/{len(self.stops)}]", style="dim")
        for change in stop.changes:
            text.append("\n")
            text.append_text(change_line(change, self.app.current_theme.dark))
        if stop.credit:
            text.append("\n")
            text.append(f"{CREDIT_MARK[0]} the derivative credits the origin's outlet or wire here",
                        style=CREDIT_MARK[2])
        return text

    # --- moving --------------------------------------------------------------------------

    def _follow(self) -> None:
        """Scroll both panes to the current stop's sentences."""
        if not self.stops:
            return
        stop = self.stops[self.current]
        for side, span in (("left", stop.left), ("right", stop.right)):
            if span is not None:
                self.query_one(f"#{side}", ComparePane).show_span(span.start, span.end)

    def go(self, index: int) -> None:
        if not self.stops:
            return
        index = max(0, min(len(self.stops) - 1, index))
        if index != self.current:
            self.current = index
            self._mark()
        self._follow()

    def action_move(self, step: int) -> None:
        self.go(self.current + step)

    def action_first(self) -> None:
        self.go(0)

    def action_last(self) -> None:
        self.go(len(self.stops) - 1)

    @on(ComparePane.Scrolled)
    def _scrolled(self, event: ComparePane.Scrolled) -> None:
        """The user scrolled one pane: the other keeps level with it, the aligned sentences
        side by side (between two pairs, in proportion)."""
        source = event.pane
        target = self.query_one("#right" if source.id == "left" else "#left", ComparePane)
        # Lines of both panes that must be level: the start and end of every aligned pair.
        here: list[int] = [0]
        there: list[int] = [0]
        for stop in self.stops:
            if stop.left is None or stop.right is None:
                continue
            mine, theirs = (stop.left, stop.right) if source.id == "left" else (stop.right, stop.left)
            last_mine, last_theirs = max(mine.start, mine.end - 1), max(theirs.start, theirs.end - 1)
            for a, b in ((mine.start, theirs.start), (last_mine, last_theirs)):
                la, lb = source.line_of(a), target.line_of(b)
                if la > here[-1] and lb > there[-1]:  # (the alignment is in order: this keeps it so)
                    here.append(la)
                    there.append(lb)
        here.append(max(here[-1] + 1, len(source.layout_.lines)))
        there.append(max(there[-1] + 1, len(target.layout_.lines)))
        above = int(source.scrollable_content_region.height * CONTEXT_SHARE)
        line = int(source.scroll_offset.y) + above
        k = max(0, min(len(here) - 2, bisect.bisect_right(here, line) - 1))
        share = (line - here[k]) / (here[k + 1] - here[k])
        level = there[k] + share * (there[k + 1] - there[k])
        target.scroll_to_line(round(level) - above)

    @on(ComparePane.Clicked)
    def _clicked(self, event: ComparePane.Clicked) -> None:
        """A click on a sentence of a pair (or of a change) makes it the current one."""
        side = "left" if event.pane.id == "left" else "right"
        clicked = Span(event.start, event.end)
        for index, stop in enumerate(self.stops):
            if _inside(clicked, stop.left if side == "left" else stop.right):
                self.go(index)
                return

    def action_switch_pane(self) -> None:
        other = "right" if self.focused is not None and self.focused.id == "left" else "left"
        self.query_one(f"#{other}", ComparePane).focus()

    def action_close(self) -> None:
        self.dismiss(None)
