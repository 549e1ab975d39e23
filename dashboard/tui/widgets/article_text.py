"""Provides the article text with every span highlighted, page furniture dimmed, and a legend."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ...engine.analysis import Analysis
from ...engine.kinds import Rule
from ...report.safe import as_written
from ...report.sourcemix import LABELS
from ..palette import kind_label, kind_style
from ..safe import safe

CUE_STYLE = "bold underline"
QUOTE_STYLE = "italic green"
LOADED_AUTHOR = "bold black on yellow"
LOADED_QUOTED = "underline yellow"
FURNITURE = "dim strike"
FOCUS = "reverse"
TAG_STYLE = "dim"


def legend(dark: bool = True, labels: bool = False) -> Text:
    """The key to the styles of the text, and to the marks the source mix gives each kind (with
    labels: the label each source has after it in the text, as under NO_COLOR)."""
    mark = {kind: LABELS[kind][1] for kind in ("state_media", "wire", "aggregator", "newspaper",
                                                 "government", "organisation", "person", "group")}
    kinds = [(f"{mark['state_media']} state media", "state_media"), (f"{mark['wire']} wire", "wire"),
             (f"{mark['aggregator']} aggregator", "aggregator"), (f"{mark['newspaper']} press", "newspaper"),
             (f"{mark['government']} government", "government"),
             (f"{mark['organisation']} organisation", "organisation"),
             (f"{mark['person']} person", "person"), (f"{mark['group']} group", "group"), ("? vague", "anonymous")]
    parts = [("cue", CUE_STYLE)]
    for label, kind in kinds:
        tag = f" {kind_label(kind)}" if labels else ""
        parts.append((label + tag, kind_style(kind, dark=dark)))
    parts += [("quote", QUOTE_STYLE), ("loaded (author)", LOADED_AUTHOR), ("loaded (quoted)", LOADED_QUOTED),
              ("furniture", FURNITURE)]
    text = Text()
    for label, style in parts:
        text.append(label, style=style)
        text.append("  ")
    text.rstrip()
    return text


def highlighted(analysis: Analysis, focus: tuple[int, int] | None = None, *, dark: bool = True,
                labels: bool = False) -> list[tuple[int, Text]]:
    """Each non-blank line as (start offset, Text) with the engine's spans styled in the dark or
    light theme's colours; with labels, each source followed by its kind's label ("[wire]"), so
    that colour is not the only mark of a kind (NO_COLOR)."""
    text = analysis.article.text
    styles: list[tuple[int, int, str]] = []
    tags: list[tuple[int, str]] = []  # (offset, label): inserted there once the line is styled
    for q in analysis.quotes:
        styles.append((q.span.start, q.span.end, QUOTE_STYLE))
    entities = {e.id: e for e in analysis.entities}
    for a in analysis.attributions:
        styles.append((a.cue.start, a.cue.end, CUE_STYLE))
        if a.source is not None:
            # The kind the source mix gives it: its source rule's, else its entity's ("China" a
            # government, "two Asian countries" a group).
            entity = entities.get(a.entity) if a.entity else None
            kind = a.source_kind or (entity.kind if entity is not None else None)
            styles.append((a.source.start, a.source.end, kind_style(kind, a.vague, dark=dark)))
            if labels:
                tags.append((a.source.end, kind_label(kind, a.vague)))
    for h in analysis.loaded:
        styles.append((h.span.start, h.span.end, LOADED_AUTHOR if h.voice == "author" else LOADED_QUOTED))
    if focus is not None and focus[1] > focus[0]:
        styles.append((focus[0], focus[1], FOCUS))
    out = []
    for line in analysis.lines:
        raw = text[line.start:line.end]
        if not raw.strip():
            continue
        # The line's characters one for one (escaping would shift offsets).
        shown = Text(as_written(raw), style=FURNITURE if line.furniture else "")
        for start, end, style in styles:
            if end > line.start and start < line.end:
                shown.stylize(style, max(start, line.start) - line.start, min(end, line.end) - line.start)
        here = sorted((end - line.start, tag) for end, tag in tags if line.start < end <= line.end)
        out.append((line.start, _tagged(shown, here) if here else shown))
    return out


def _tagged(line: Text, tags: list[tuple[int, str]]) -> Text:
    """The line with each label inserted at its offset (after the source it names, in the line's
    own offsets, which the styles were applied with)."""
    pieces = line.divide(at for at, _ in tags)
    out = Text(style=line.style)
    out.append_text(pieces[0])
    for piece, (_, tag) in zip(pieces[1:], tags, strict=True):
        out.append(tag, style=TAG_STYLE)
        out.append_text(piece)
    return out


class ArticleText(Vertical):
    """The article, one paragraph per block, so that a span can be scrolled into view."""

    shown_analysis: Analysis | None = None
    shown_focus: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="legend")
        yield Static(id="detail")
        yield VerticalScroll(id="paragraphs")

    def on_mount(self) -> None:
        self.query_one("#legend", Static).update(legend(self.dark, self.app.no_color))
        self.app.theme_changed_signal.subscribe(self, lambda _: self.repaint())

    @property
    def dark(self) -> bool:
        return self.app.current_theme.dark

    def show(self, analysis: Analysis | None, focus: tuple[int, int] | None = None) -> None:
        box = self.query_one("#paragraphs", VerticalScroll)
        box.remove_children()
        self.starts: list[int] = []
        self.shown_analysis, self.shown_focus = analysis, focus
        if analysis is None:
            self.explain(Text(""))
            return
        widgets = []
        for start, shown in highlighted(analysis, focus, dark=self.dark, labels=self.app.no_color):
            self.starts.append(start)
            widgets.append(Static(shown, classes="paragraph"))
        box.mount_all(widgets)
        self.explain(Text(""))

    def repaint(self) -> None:
        """The legend and the text again in the current theme's colours, in place (the text
        keeps its scroll position and what the detail line says)."""
        self.query_one("#legend", Static).update(legend(self.dark, self.app.no_color))
        if self.shown_analysis is None:
            return
        lines = highlighted(self.shown_analysis, self.shown_focus, dark=self.dark, labels=self.app.no_color)
        paragraphs = list(self.query_one("#paragraphs", VerticalScroll).query_children(Static))
        for widget, (_, shown) in zip(paragraphs, lines, strict=False):
            widget.update(shown)

    def jump(self, analysis: Analysis, start: int, end: int, what: str, rule: Rule | None) -> None:
        """Show text[start:end] highlighted, scrolled into view, with what it is and the rule that
        found it (every word from the article or a rule file shown as written)."""
        self.show(analysis, focus=(start, end))
        self.scroll_to_offset(start)
        explanation = Text()
        explanation.append_text(safe(what, "bold"))
        if rule is not None:
            explanation.append("\nrule ", style="dim")
            explanation.append_text(safe(rule.id, "cyan"))
            explanation.append_text(safe(f" ({rule.file}:{rule.line}): ", "dim"))
            explanation.append_text(safe(" ".join(rule.description.split())))
        if end > start:
            explanation.append("\nmatched: ", style="dim")
            explanation.append_text(safe(analysis.article.text[start:end][:200], "italic"))
        self.explain(explanation)

    def explain(self, text: Text) -> None:
        detail = self.query_one("#detail", Static)
        detail.update(text)
        detail.display = bool(text.plain)

    def scroll_to_offset(self, offset: int) -> None:
        box = self.query_one("#paragraphs", VerticalScroll)
        index = max(0, sum(1 for s in getattr(self, "starts", []) if s <= offset) - 1)
        children = list(box.children)
        if index < len(children):
            box.scroll_to_widget(children[index], animate=False, top=True)

