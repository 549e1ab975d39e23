"""Attribution patterns (engine/patterns.py): each finds the sources of its own examples, every
attribution says which pattern found it, and the patterns are tried in order, the first that
takes a cue deciding it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.engine import patterns
from dashboard.engine.article import Article
from dashboard.engine.patterns import NOT_MINE, PATTERNS, STANDALONE, STANDALONE_EXAMPLES
from dashboard.engine.pipeline import analyse
from dashboard.runtime.articles import load_file
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules(model=False)  # the rules alone (the learned layer: test_learned.py)
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
EXAMPLES = [pytest.param(p.name, text, source, id=f"{p.name}-{n}")
            for p in PATTERNS for n, (text, source) in enumerate(p.examples)]
EXAMPLES += [pytest.param(STANDALONE, text, source, id=f"{STANDALONE}-{n}")
             for n, (text, source) in enumerate(STANDALONE_EXAMPLES)]


def _found(text: str) -> list[tuple[str, str | None]]:
    """(pattern, source text) of each attribution in `text`."""
    analysis = analyse(Article(id="example", text=text), RULESET)
    return [(a.pattern, None if a.source is None else text[a.source.start:a.source.end])
            for a in analysis.attributions]


@pytest.mark.parametrize(("name", "text", "source"), EXAMPLES)
def test_each_pattern_finds_the_source_of_its_examples(name: str, text: str, source: str | None) -> None:
    assert (name, source) in _found(text)


def test_every_pattern_has_examples_and_its_own_name() -> None:
    names = [p.name for p in PATTERNS]
    assert len(set(names)) == len(names) and STANDALONE not in names
    assert all(p.examples for p in PATTERNS)


def test_every_attribution_of_the_seeds_names_a_pattern() -> None:
    names = {p.name for p in PATTERNS} | {STANDALONE}
    found = [a.pattern for path in sorted(SEEDS.glob("*.txt")) for article in load_file(str(path))
             for a in analyse(article, RULESET).attributions]
    assert len(found) > 20
    assert set(found) <= names


def test_a_pattern_that_declines_leaves_the_cue_to_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    # the first pattern says NOT_MINE to every cue, the second takes each as a sourceless
    # statement: every attribution is the second's, and the first saw every cue
    seen: list[str] = []

    def decline(cue: patterns.Cue) -> patterns.Result:
        seen.append(cue.text[cue.tokens.starts[cue.i]:cue.tokens.ends[cue.j - 1]])
        return NOT_MINE

    def take(cue: patterns.Cue) -> patterns.Result:
        return cue.build(None, cue.trim(cue.span.start, cue.span.end))

    monkeypatch.setattr(patterns, "PATTERNS", (patterns.Pattern("first", decline, ()),
                                               patterns.Pattern("second", take, ())))
    assert _found("Kim said the talks would resume. The ministry denied it.") == [("second", None)] * 2
    assert seen == ["said", "denied"]


def test_a_pattern_that_takes_a_cue_can_reject_it() -> None:
    # "according to plan": the according_to pattern takes the cue and finds it names no source,
    # and no later pattern makes "plan" a source
    assert _found("The project went according to plan.") == []
