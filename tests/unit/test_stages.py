"""The analysis stages (engine/stages.py) over one Doc: each reads only what it says it needs,
which a stage before it (or the new Doc) gives, and sets only what it says it gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.engine.article import Article
from dashboard.engine.doc import GIVEN, Doc, Stage
from dashboard.engine.pipeline import analyse, start
from dashboard.engine.stages import STAGES
from dashboard.runtime.articles import load_file
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules()
ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [
    *load_file(str(sorted((ROOT / "seeds").glob("*.txt"))[0])),
    # not ASCII: analysed in its matching form, its spans then restored
    Article(id="disguised", text="Xin\u200bhua reported that “the talks will resume,” officials said.\n\n"
                                 "The deal is close, Reu\u00adters reported. "
                                 "Xinhu\u0430 said the deal would be signed soon."),
]


def _all(stages: tuple[Stage, ...]) -> list[Stage]:
    return [s for stage in stages for s in (stage, *_all(stage.parts))]


def test_every_need_is_given_by_the_doc_or_an_earlier_stage() -> None:
    given = set(GIVEN)
    for stage in _all(STAGES):
        missing = set(stage.needs) - given
        assert not missing, f"stage {stage.name} needs {missing}, which no stage before it gives"
        given |= set(stage.gives)
    assert {"findings", "metrics", "attributions", "quotes", "loaded"} <= given


def test_every_doc_attribute_is_given() -> None:
    gives = set(GIVEN) | {name for stage in _all(STAGES) for name in stage.gives}
    assert set(Doc.__slots__) - gives == set()


class _Recording(Doc):
    """A Doc that notes the names of the attributes read and set."""

    __slots__ = ("_reads", "_writes")

    def __getattribute__(self, name: str) -> object:
        if not name.startswith("_"):
            object.__getattribute__(self, "_reads").add(name)
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: object) -> None:
        object.__getattribute__(self, "_writes").add(name)
        object.__setattr__(self, name, value)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_each_stage_reads_its_needs_and_sets_its_gives(article: Article) -> None:
    doc = start(article, RULESET.compiled)
    recording = object.__new__(_Recording)
    object.__setattr__(recording, "_reads", set())
    object.__setattr__(recording, "_writes", set())
    for name in Doc.__slots__:
        object.__setattr__(recording, name, getattr(doc, name))
    for stage in STAGES:
        reads, writes = object.__getattribute__(recording, "_reads"), object.__getattribute__(recording, "_writes")
        reads.clear()
        writes.clear()
        stage.run(recording)
        parts = _all(stage.parts)
        needs = set(stage.needs).union(*(p.needs for p in parts))
        gives = set(stage.gives).union(*(p.gives for p in parts))
        assert reads <= needs | gives, f"{stage.name} reads {reads - needs - gives} without saying so"
        assert writes <= gives, f"{stage.name} sets {writes - gives} without saying so"
    analysis = recording.analysis()
    assert analysis == analyse(article, RULESET)
    if article.id == "disguised":  # the restore stage ran: spans index the article's own text
        assert analysis.obfuscated == 3 and analysis.metrics["obfuscated_words"] == 3
        assert [article.text[a.source.start:a.source.end] for a in analysis.attributions if a.source_id] == [
            "Xin\u200bhua", "Reu\u00adters", "Xinhu\u0430"]
