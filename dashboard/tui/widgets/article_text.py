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
from ..safe import KIND_STYLE, VAGUE_STYLE, kind_style, safe

CUE_STYLE = "bold underline"
QUOTE_STYLE = "italic green"
LOADED_AUTHOR = "bold black on yellow"
LOADED_QUOTED = "underline yellow"
FURNITURE = "dim strike"
FOCUS = "reverse"


def legend() -> Text:
    """The key to the styles of the text, and to the marks the source mix gives each kind."""
    mark = {kind: LABELS[kind][1] for kind in ("state_media", "wire", "aggregator", "government", "person")}
    parts = [("cue", CUE_STYLE), (f"{mark['state_media']} state media", KIND_STYLE["state_media"]),
             (f"{mark['wire']} wire", KIND_STYLE["wire"]),
             (f"{mark['aggregator']} aggregator", KIND_STYLE["aggregator"]),
             (f"{mark['government']} government", KIND_STYLE["government"]),
             (f"{mark['person']} other source", "bold bright_white"), ("? vague", VAGUE_STYLE),
             ("quote", QUOTE_STYLE), ("loaded (author)", LOADED_AUTHOR), ("loaded (quoted)", LOADED_QUOTED),
             ("furniture", FURNITURE)]
    text = Text()
    for label, style in parts:
        text.append(label, style=style)
        text.append("  ")
    return text


def highlighted(analysis: Analysis, focus: tuple[int, int] | None = None) -> list[tuple[int, Text]]:
    """Each non-blank line as (start offset, Text) with the engine's spans styled."""
    text = analysis.article.text
    styles: list[tuple[int, int, str]] = []
    for q in analysis.quotes:
        styles.append((q.span.start, q.span.end, QUOTE_STYLE))
    for a in analysis.attributions:
        styles.append((a.cue.start, a.cue.end, CUE_STYLE))
        if a.source is not None:
            styles.append((a.source.start, a.source.end, kind_style(a.source_kind, a.vague)))
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
        out.append((line.start, shown))
    return out


class ArticleText(Vertical):
    """The article, one paragraph per block, so that a span can be scrolled into view."""

    def compose(self) -> ComposeResult:
        yield Static(legend(), id="legend")
        yield Static(id="detail")
        yield VerticalScroll(id="paragraphs")

    def show(self, analysis: Analysis | None, focus: tuple[int, int] | None = None) -> None:
        box = self.query_one("#paragraphs", VerticalScroll)
        box.remove_children()
        self.starts: list[int] = []
        if analysis is None:
            self.explain(Text(""))
            return
        widgets = []
        for start, shown in highlighted(analysis, focus):
            self.starts.append(start)
            widgets.append(Static(shown, classes="paragraph"))
        box.mount_all(widgets)
        self.explain(Text(""))

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

