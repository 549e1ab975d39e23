"""The source mix rows (report/sourcemix.py): outlets first with their display name and kind,
then people and bodies by entity, with how they were cited."""

from __future__ import annotations

from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.report.sourcemix import SECTIONS, source_mix
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules()
TEXT = ("Senator Ann Lee said the vote would fail. Lee said it again on Monday. She claimed the count "
        "was rigged. The talks collapsed, Reuters reported. The count was fair, the state-run Korean "
        "Central News Agency said. Some experts say the vote was close.")


def test_outlets_come_first_then_people_then_vague_sources() -> None:
    rows = source_mix(analyse(Article(id="t", text=TEXT), RULESET))
    sections = [r.section for r in rows]
    assert sections == sorted(sections, key=SECTIONS.index)
    outlets = {r.name: r.label for r in rows if r.section == "outlets"}
    assert outlets == {"Reuters": "wire", "Korean Central News Agency": "state media"}
    assert len({r.mark for r in rows if r.section == "outlets"}) == 2  # a mark per kind, not colour only


def test_a_person_is_one_row_with_every_cue_and_the_loaded_ones_counted() -> None:
    rows = source_mix(analyse(Article(id="t", text=TEXT), RULESET))
    lee = [r for r in rows if "Lee" in r.name]
    assert len(lee) == 1
    assert lee[0].name == "Ann Lee" and lee[0].label == "person"
    assert lee[0].times == 3 and lee[0].cited.startswith("said 2")
    assert lee[0].loaded == 1  # "claimed"
