"""named_sources: the word index in named_source_keys (engine/metrics.py) gives exactly the keys
of the quadratic search it replaced ("Kim" joins the longest earlier name it is a word of), on random names."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from dashboard.engine.matchers import normalise
from dashboard.engine.metrics import named_source_keys
from dashboard.engine.records import Attribution, Span
from dashboard.engine.wordlists import PRONOUNS

WORDS = ["Kim", "Jong", "Un", "Yo", "Moon", "Jae", "In", "Lee", "Park", "Xi", "Jinping", "Li", "Wei",
         "the", "of", "Ministry", "Foreign", "Affairs", "KCNA", "Reuters", "he", "officials"]


def _brute_force(analysis) -> set[str]:
    """The search as it was before (ab5574c): every name against every other name."""
    text = analysis.article.text
    keys: set[str] = set()
    names: list[str] = []
    for a in analysis.attributions:
        if a.source is None or a.vague:
            continue
        if a.source_id:
            keys.add("id:" + a.source_id)
            continue
        name = normalise(text[a.source.start:a.source.end])
        if not name or name in PRONOUNS or not any(c.isupper() for c in text[a.source.start:a.source.end]):
            continue
        names.append(name)
    full = sorted(set(names), key=len, reverse=True)
    for name in full:
        longer = next((n for n in full if n != name and " " not in name and name in n.split()), None)
        keys.add("name:" + (longer or name))
    return keys


def _analysis(rng: random.Random, sources: int):
    """An analysis-like record: attributions whose sources are random names of 1-4 words (some
    repeated, some resolved to a source id, some vague, some pronouns or lowercase)."""
    pieces: list[str] = []
    attributions = []
    at = 0
    for _ in range(sources):
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.1:
            name = name + "’s"
        pieces.append(name + ". ")
        span = Span(at, at + len(name))
        at += len(name) + 2
        kind = rng.random()
        attributions.append(Attribution(
            cue=span, source=span, content=None,
            source_id=rng.choice(["kcna", "reuters"]) if kind < 0.1 else None, source_kind=None,
            vague=0.1 <= kind < 0.15, sentence=span, cue_rule="said", neutrality="neutral"))
    return SimpleNamespace(article=SimpleNamespace(text="".join(pieces)), attributions=attributions)


@pytest.mark.parametrize("seed", range(40))
def test_same_keys_as_the_quadratic_search(seed: int) -> None:
    # 40 random articles of 1 to 300 sources each, names drawn from a small vocabulary so that
    # short names are often words of longer ones
    rng = random.Random(seed)
    analysis = _analysis(rng, rng.randint(1, 300))
    assert named_source_keys(analysis) == _brute_force(analysis)


def test_a_short_name_joins_the_longest_name_it_is_a_word_of() -> None:
    text = "Kim Jong Un. Kim. Kim Yo Jong. Jong. Moon Jae In."
    spans = [Span(text.index(n), text.index(n) + len(n)) for n in ("Kim Jong Un", "Kim", "Kim Yo Jong", "Moon Jae In")]
    spans.append(Span(text.index("Jong."), text.index("Jong.") + 4))
    attributions = [Attribution(s, s, None, None, None, False, s, "said", "neutral") for s in spans]
    analysis = SimpleNamespace(article=SimpleNamespace(text=text), attributions=attributions)
    keys = named_source_keys(analysis)
    assert keys == _brute_force(analysis)
    assert keys == {"name:kim jong un", "name:kim yo jong", "name:moon jae in"}
