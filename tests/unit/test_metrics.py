"""The metrics registry (engine/metrics.py): what each metric counts on a small article, that
every value lies in its metric's range, and the span a finding on a metric points at."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.engine.analysis import Analysis
from dashboard.engine.article import Article
from dashboard.engine.metrics import METRICS, compute_metrics
from dashboard.engine.pipeline import analyse
from dashboard.runtime.articles import load_file
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules(model=False)  # the rules alone: the metrics of what they find
SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
TEXT = ("Kim Jong Un said the treaty was strong. Officials familiar with the matter said talks "
        "would resume, the state-run Korean Central News Agency reported. The regime's thugs "
        "claimed victory. “We will never give up on this.”")


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyse(Article(id="m", text=TEXT), RULESET)


def _cut(span: object) -> str | None:
    return None if span is None else TEXT[span.start:span.end]  # type: ignore[attr-defined]


def test_counts_on_a_small_article(analysis: Analysis) -> None:
    m = analysis.metrics
    assert m["sentences"] == 4
    assert m["named_sources"] == 2  # Kim Jong Un, and KCNA by its id
    assert m["resolved_sources"] == 1
    assert m["attributions"] == 3  # "claimed victory" reports no statement
    assert (m["vague_attributions"], m["anonymous_share"], m["state_media_share"]) == (1, 0.3333, 0.3333)
    assert (m["quotes"], m["unattributed_quotes"]) == (1, 1)
    assert (m["loaded_author"], m["loaded_quoted"]) == (1, 0)
    assert m["loaded_author_per_100"] == round(100 / m["words"], 3)


def test_the_registry_is_the_metrics_in_order(analysis: Analysis) -> None:
    # the order is the JSON contract's; a metric added to the registry is computed
    assert list(analysis.metrics) == list(METRICS)
    assert compute_metrics(analysis) == analysis.metrics


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_value_lies_in_its_range(path: Path) -> None:
    for article in load_file(str(path)):
        for name, value in analyse(article, RULESET).metrics.items():
            metric = METRICS[name]
            assert metric.low <= value and (metric.high is None or value <= metric.high), (name, value)


@pytest.mark.parametrize(("metric", "evidence"), [
    ("state_media_share", "reported"),  # the cue of the first state-media attribution
    ("unattributed_quotes", "“We will never give up on this.”"),
    ("loaded_author", "thugs"),
    ("loaded_author_per_100", "thugs"),
    ("words", None),  # a metric of the whole article points nowhere
])
def test_evidence_is_the_first_span_behind_the_metric(analysis: Analysis, metric: str, evidence: str | None) -> None:
    assert _cut(METRICS[metric].evidence(analysis)) == evidence


def test_vague_evidence_is_the_cue_of_the_first_vague_attribution(analysis: Analysis) -> None:
    first = next(a for a in analysis.attributions if a.vague)
    assert METRICS["anonymous_share"].evidence(analysis) == first.cue
    assert METRICS["vague_attributions"].evidence(analysis) == first.cue
