"""Provides `biasdash report`: one self-contained HTML page (inline CSS and SVG charts, no script,
nothing fetched) with the corpus table, per-outlet aggregates, the source-kind mix and the
distributions of the main scores. Every text from an article is escaped."""

from __future__ import annotations

from html import escape

from .aggregate import per_outlet, weighted_shares
from .frame import frame

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

# The corpus table's columns: (column, heading, format)
TABLE = (("id", "id", "s"), ("title", "title", "s"), ("outlet", "outlet", "s"), ("words", "words", "d"),
         ("attribution_density", "attribution density", ".2f"), ("state_media_share", "state media", ".2f"),
         ("wire_share", "wire", ".2f"), ("aggregator_share", "aggregator", ".2f"),
         ("anonymous_share", "anonymous", ".2f"), ("loaded_author_per_100", "loaded /100 words", ".2f"),
         ("sentiment_compound", "sentiment", "+.2f"), ("worst_finding", "worst finding", "s"))
# The per-outlet aggregates (report.aggregate: means, and the shares weighted by attributions)
OUTLET = ("attribution_density", "state_media_share", "wire_share", "aggregator_share", "anonymous_share",
          "loaded_author_per_100", "sentiment_compound")
# The source-kind mix: each share of all attributions, with its colour (and its name in the legend,
# so that colour is never the only mark of a kind)
KINDS = (("state_media_share", "state media", "#c0392b"), ("wire_share", "wire", "#2471a3"),
         ("aggregator_share", "aggregator", "#d68910"), ("anonymous_share", "anonymous or vague", "#7d3c98"))
# The histograms: (column, title, low, high)
HISTOGRAMS = (("attribution_density", "Attribution density", 0.0, 1.0),
              ("anonymous_share", "Anonymous share", 0.0, 1.0),
              ("loaded_author_per_100", "Loaded words per 100 (author's voice)", 0.0, None),
              ("sentiment_compound", "Sentiment (compound)", -1.0, 1.0))
BINS = 10

CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#1b1b1b;background:#fff}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eee}
.charts{display:flex;flex-wrap:wrap;gap:2em}figure{margin:0}figcaption{font-weight:bold;margin-bottom:.3em}
.legend span{display:inline-block;margin-right:1em}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:middle}
"""


def _cell(value: Any, fmt: str) -> str:
    if fmt == "s":
        return f"<td>{escape(str(value))}</td>"
    try:
        return f'<td class="n">{format(value, fmt)}</td>'
    except (TypeError, ValueError):
        return f'<td class="n">{escape(str(value))}</td>'


def _histogram(values: list[float], title: str, low: float, high: float | None) -> str:
    top = high if high is not None else max([low + 1.0, *values])
    width = (top - low) / BINS
    counts = [0] * BINS
    for v in values:
        counts[min(BINS - 1, max(0, int((v - low) / width)))] += 1
    peak = max(counts) or 1
    w, h, pad = 300, 140, 20
    bar = (w - 2 * pad) / BINS
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + 30}" role="img" '
             f'aria-label="{escape(title)}">']
    for k, count in enumerate(counts):
        bh = (h - pad) * count / peak
        x = pad + k * bar
        parts.append(f'<rect x="{x:.1f}" y="{h - bh:.1f}" width="{bar - 2:.1f}" height="{bh:.1f}" fill="#2471a3">'
                     f'<title>{low + k * width:.2f} to {low + (k + 1) * width:.2f}: {count}</title></rect>')
        if count:
            parts.append(f'<text x="{x + bar / 2 - 1:.1f}" y="{h - bh - 3:.1f}" font-size="10" '
                         f'text-anchor="middle">{count}</text>')
    parts.append(f'<line x1="{pad}" y1="{h}" x2="{w - pad}" y2="{h}" stroke="#555"/>')
    parts.append(f'<text x="{pad}" y="{h + 15}" font-size="11">{low:g}</text>')
    parts.append(f'<text x="{w - pad}" y="{h + 15}" font-size="11" text-anchor="end">{top:g}</text>')
    parts.append("</svg>")
    return f"<figure><figcaption>{escape(title)}</figcaption>{''.join(parts)}</figure>"


def _kind_mix(label: str, shares: list[float]) -> str:
    """One stacked bar: the shares of the attributions by kind, the rest as "other"."""
    w, h = 420, 22
    x = 0.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" '
             f'aria-label="source kinds of {escape(label)}">']
    for share, (_, name, colour) in zip(shares, KINDS):
        if share > 0:
            parts.append(f'<rect x="{x:.1f}" y="0" width="{w * share:.1f}" height="{h}" fill="{colour}">'
                         f'<title>{escape(name)}: {share:.0%}</title></rect>')
            x += w * share
    parts.append(f'<rect x="{x:.1f}" y="0" width="{max(0.0, w - x):.1f}" height="{h}" fill="#bbb">'
                 "<title>other sources</title></rect></svg>")
    return "".join(parts)


def render_html(rows: Iterable[dict[str, Any]]) -> str:
    """The whole report for these rows (those of `report.table.row`)."""
    df = frame(rows)
    out = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
           "<title>biasdash report</title>", f"<style>{CSS}</style></head><body>",
           "<h1>biasdash report</h1>", f"<p>{len(df)} article(s), {df['outlet'].replace('', None).nunique()} "
           "outlet(s).</p>"]

    out.append("<h2>Articles</h2><table><thead><tr>")
    out += [f"<th>{escape(heading)}</th>" for _, heading, _ in TABLE]
    out.append("</tr></thead><tbody>")
    for record in df.to_dict("records"):
        out.append("<tr>" + "".join(_cell(record[c], fmt) for c, _, fmt in TABLE) + "</tr>")
    out.append("</tbody></table>")

    out.append("<h2>Per outlet</h2><table><thead><tr><th>outlet</th><th>articles</th><th>attributions</th>")
    out += [f"<th>{escape(c)}</th>" for c in OUTLET]
    out.append("<th>source kinds</th></tr></thead><tbody>")
    for outlet, group in per_outlet(df).iterrows():
        cells = [f"<td>{escape(str(outlet))}</td>", _cell(int(group["articles"]), "d"),
                 _cell(int(group["attributions"]), "d")]
        cells += [_cell(float(group[c]), ".2f") for c in OUTLET]
        shares = [float(group[c]) for c, _, _ in KINDS]
        out.append("<tr>" + "".join(cells) + f"<td>{_kind_mix(str(outlet), shares)}</td></tr>")
    out.append("</tbody></table>")

    mix = weighted_shares(df)
    corpus = [mix[c] for c, _, _ in KINDS]
    out.append("<h2>Source-kind mix</h2><p class=\"legend\">")
    out += [f'<span><span class="swatch" style="background:{colour}"></span>{escape(name)} {share:.0%}</span>'
            for share, (_, name, colour) in zip(corpus, KINDS)]
    out.append(f'<span><span class="swatch" style="background:#bbb"></span>other {max(0.0, 1 - sum(corpus)):.0%}'
               f"</span></p>{_kind_mix('the corpus', corpus)}")

    out.append('<h2>Score distributions</h2><div class="charts">')
    for column, title, low, high in HISTOGRAMS:
        out.append(_histogram([float(v) for v in df[column].dropna()], title, low, high))
    out.append("</div></body></html>\n")
    return "".join(out)
