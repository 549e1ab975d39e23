"""Entities (engine/entities.py): the mentions of one source grouped, as a fact-checker reads
them: a name with its title, its surname, a role description and a pronoun are one person;
outlets are one entity by their source rule, with its display name and media kind."""

from __future__ import annotations

from pathlib import Path

from dashboard.engine.analysis import Analysis
from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.runtime.articles import load_file
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules()
SEED_002 = next((Path(__file__).resolve().parents[2] / "seeds").glob("002_*.txt"))


def _analyse(text: str) -> Analysis:
    return analyse(Article(id="t", text=text), RULESET)


def _groups(analysis: Analysis) -> dict[str, set[str]]:
    """Each entity's display name -> the texts of its mentions."""
    text = analysis.article.text
    return {e.name: {text[m.start:m.end] for m in e.mentions} for e in analysis.entities}


def _entity_of(analysis: Analysis, source_text: str) -> str | None:
    text = analysis.article.text
    by_id = {e.id: e.name for e in analysis.entities}
    for a in analysis.attributions:
        if a.source is not None and text[a.source.start:a.source.end] == source_text:
            return by_id.get(a.entity) if a.entity else None
    raise AssertionError(f"no attribution with source {source_text!r}")


def test_seed_rewrite_has_one_entity_for_each_leader_with_titles_and_pronouns() -> None:
    analysis = analyse(next(iter(load_file(str(SEED_002)))), RULESET)
    groups = _groups(analysis)
    assert {"North Korea's Kim Jong-Un", "Kim", "He", "the North Korean leader"} <= groups["Kim Jong-Un"]
    assert {"Xi", "The Chinese president", "He", "he"} <= groups["Xi Jinping"]
    kinds = {e.name: (e.kind, e.source_id, e.media_kind) for e in analysis.entities}
    assert kinds["Korean Central News Agency"] == ("outlet", "kcna", "state_media")
    assert kinds["Associated Press"] == ("outlet", "ap", "wire")
    assert kinds["Yahoo News"] == ("outlet", "yahoo-news", "aggregator")
    assert kinds["Reuters"] == ("outlet", "reuters", "wire")
    assert kinds["Kim Jong-Un"][0] == kinds["Xi Jinping"][0] == "person"


def test_every_attribution_and_quote_with_a_source_points_at_an_entity_that_mentions_it() -> None:
    analysis = analyse(next(iter(load_file(str(SEED_002)))), RULESET)
    mentions = {e.id: set(e.mentions) for e in analysis.entities}
    for a in analysis.attributions:
        if a.entity is not None:
            assert a.source in mentions[a.entity]
    for q in analysis.quotes:
        if q.speaker is not None:
            assert q.entity is not None and q.speaker in mentions[q.entity]
    assert [e.id for e in analysis.entities] == [f"e{n}" for n in range(1, len(analysis.entities) + 1)]


def test_surname_joins_the_full_name_found_anywhere_in_the_text() -> None:
    analysis = _analyse("The talks were opened by Chinese President Xi Jinping on Monday. "
                        "Xi said the two countries would grow closer.")
    assert _entity_of(analysis, "Xi") == "Xi Jinping"


def test_pronoun_goes_to_the_speaker_of_the_sentence_before_not_to_a_later_name() -> None:
    analysis = _analyse("Maria Lopez said the plan would fail. The mayor of Springfield disagreed. "
                        "She added that the council had not voted.")
    assert _entity_of(analysis, "She") == "Maria Lopez"


def test_pronoun_gender_follows_the_title() -> None:
    analysis = _analyse("Ms. Jane Carter said the bill was dead. Mr. Tom Reyes said it could pass. "
                        "She said talks would go on.")
    assert _entity_of(analysis, "She") == "Jane Carter"


def test_pronoun_refers_to_someone_named_before_who_had_not_spoken() -> None:
    analysis = _analyse("Then there is Rand Paul, who is still in the race. He said he would stay.")
    assert _entity_of(analysis, "He") == "Rand Paul"


def test_a_spokesperson_of_a_known_organisation_is_the_person() -> None:
    analysis = _analyse("Amnesty International spokesman Eric Ferrero said the arrests were unlawful.")
    entity = next(e for e in analysis.entities if e.name == "Eric Ferrero")
    assert entity.kind == "person"


def test_named_sources_counts_entities_not_strings() -> None:
    analysis = _analyse("North Korean leader Kim Jong Un said the ties were strong. Kim said talks would "
                        "resume soon. He said the treaty would hold. The North Korean leader said the "
                        "allies were close. The meeting was friendly, Xinhua reported.")
    assert analysis.metrics["named_sources"] == 2  # Kim Jong Un and Xinhua


def test_groups_and_vague_sources_are_not_named() -> None:
    analysis = _analyse("China and North Korea said the treaty holds. Some experts say it will not.")
    kinds = {e.name: e.kind for e in analysis.entities}
    assert kinds["China and North Korea"] == "group"
    assert kinds["Some experts"] == "anonymous"
    assert analysis.metrics["named_sources"] == 0


def test_a_sentence_initial_common_word_is_not_a_person() -> None:
    analysis = _analyse("Protesters marched. Crowds said they would return, and crowds did.")
    assert all(e.kind != "person" for e in analysis.entities)


def test_mentions_point_into_the_original_text_when_it_is_not_ascii() -> None:
    text = ("Café owners met. “Prices rise,” said Amélie Dupont, the café’s owner. "
            "Dupont said the rent had doubled in a year.")
    analysis = _analyse(text)
    entity = next(e for e in analysis.entities if e.kind == "person")
    assert {text[m.start:m.end] for m in entity.mentions} >= {"Amélie Dupont", "Dupont"}


def test_a_state_or_a_place_named_as_a_source_is_not_a_person() -> None:
    analysis = _analyse("New Hampshire said the primary would go ahead. Vigo County reported its count early. "
                        "The Middle East said little.")
    kinds = {e.name: e.kind for e in analysis.entities}
    assert kinds["New Hampshire"] == "government"
    assert kinds["Vigo County"] == "government"
    assert kinds["The Middle East"] != "person" if "The Middle East" in kinds else kinds["Middle East"] != "person"


def test_a_description_goes_to_a_person_named_with_that_title_who_had_not_spoken() -> None:
    """"the Florida senator" is Marco Rubio, named with his title in passing before."""
    analysis = _analyse("Donald Trump attacked Sen. Marco Rubio of Florida on Monday. "
                        "The crowd cheered. The Florida senator said the attacks were false.")
    assert _entity_of(analysis, "The Florida senator") == "Marco Rubio"


def test_a_description_that_names_no_one_is_not_listed_as_a_named_person() -> None:
    analysis = _analyse("The judge said the hearing would resume on Monday.")
    kinds = {e.name: e.kind for e in analysis.entities}
    assert kinds["The judge"] == "anonymous"
    assert analysis.metrics["named_sources"] == 0
