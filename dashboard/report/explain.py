"""Provides the plain-text explanation of an article's attributions, span by span: cue, source
(and the entity it refers to), content, and why each was taken (its cue rule and pattern, and the
learned layer's probability and strongest features). `biasdash score --explain` prints it; the
dashboard shows one attribution's `why_text`."""

from __future__ import annotations

from ..engine.analysis import Analysis
from ..engine.records import Attribution, Span
from .safe import plain


def model_text(a: Attribution, features: int = 5) -> str:
    """ "model p=0.97: 0:rc +2.10, ..." when the learned layer decided, else "". """
    if a.why is None:
        return ""
    p, strongest = a.why
    shown = ", ".join(f"{name} {weight:+.2f}" for name, weight in strongest[:features])
    return f"model p={p:.2f}" + (f": {plain(shown)}" if shown else "")


def why_text(a: Attribution, features: int = 5) -> str:
    """ "rule cue-speech-act, pattern subject_verb, neutral; model p=0.97: 0:rc +2.10, ..." """
    model = model_text(a, features)
    return f"rule {a.cue_rule}, pattern {a.pattern or '-'}, {a.neutrality}" + (f"; {model}" if model else "")


def explain_lines(analysis: Analysis) -> list[str]:
    """Each attribution of one analysis, span by span, with why it was taken (plain text)."""
    text = analysis.article.text
    names = {e.id: f"{e.name} ({e.media_kind or e.kind})" for e in analysis.entities}

    def quoted(span: Span, limit: int = 100) -> str:
        piece = " ".join(text[span.start:span.end].split())
        return plain(repr(piece if len(piece) <= limit else piece[:limit - 3] + "..."))

    lines = [f"{analysis.article.path or analysis.article.id}: {len(analysis.attributions)} attribution(s)"]
    for n, a in enumerate(analysis.attributions, 1):
        lines.append(f"[{n}] cue {quoted(a.cue)} at {a.cue.start}-{a.cue.end}")
        if a.source is not None:
            known = f" = {a.source_id} ({a.source_kind})" if a.source_id else (" (vague)" if a.vague else "")
            entity = f", entity {a.entity}: {plain(names[a.entity])}" if a.entity in names else ""
            lines.append(f"    source  {quoted(a.source)}{known}{entity}")
        elif a.vague:
            lines.append(f"    source  none (vague{': ' + a.vague_rule if a.vague_rule else ''})")
        if a.content is not None:
            lines.append(f"    content {quoted(a.content)}")
        lines.append(f"    why     {why_text(a, features=len(a.why[1]) if a.why else 0)}")
    return lines
