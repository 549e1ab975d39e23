"""Comparison of articles: which reuses which, the credit, and the attribution changes."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from dashboard.engine.analysis import Analysis
from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.engine.reuse import CHANGE_KINDS, Party, compare, digest, find_pairs
from dashboard.engine.reuse.changes import same
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules()
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _analyse(ident: str, text: str, **meta: str) -> Analysis:
    return analyse(Article(id=ident, text=text, **meta), RULESET)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Analysis]:
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        out[path.stem[:3]] = _analyse(path.stem, path.read_text(encoding="utf-8"))
    return out


def test_the_seeds_are_one_pair_with_000_as_origin_and_the_ap_credit_located(seeds: dict[str, Analysis]) -> None:
    pairs = find_pairs(list(seeds.values()))
    assert len(pairs) == 1
    pair = pairs[0]
    assert pair.origin == seeds["000"].article.id
    assert pair.derivative == seeds["002"].article.id
    assert pair.credited and pair.credit is not None
    text = seeds["002"].article.text
    assert text[pair.credit.start:pair.credit.end] == "the Associated Press" == pair.credit_text


def test_the_seeds_changes_are_xinhua_dropped_and_two_outlets_added(seeds: dict[str, Analysis]) -> None:
    pair = compare(seeds["000"], seeds["002"])
    found = sorted((c.change, (c.before or c.after).name) for c in pair.changes)
    assert found == [("added", "Reuters"), ("added", "Yahoo News"), ("dropped", "Xinhua News Agency")]
    dropped = next(c for c in pair.changes if c.change == "dropped")
    origin = seeds["000"].article.text
    assert origin[dropped.a.start:dropped.a.end].startswith("Xi said in his message")


def test_xis_xinhua_sentence_aligns_with_the_rewrites_sentence_on_xi_not_a_heading(
        seeds: dict[str, Analysis]) -> None:
    pair = compare(seeds["000"], seeds["002"])
    a, b = seeds["000"].article.text, seeds["002"].article.text
    partner = {a[x.a.start:x.a.end][:22]: b[x.b.start:x.b.end] for x in pair.aligned}
    assert partner["Xi said in his message"].startswith("In his response message to Kim, Xi said")
    # the rewrite splits Kim's message and KCNA's credit for it into two sentences: one pair
    assert partner["In a message to Chines"].endswith("the state-run Korean Central News Agency (KCNA).")
    assert all(x.kind == "paraphrase" for x in pair.aligned)


def test_a_digest_pickles_and_compares_as_the_analysis_does(seeds: dict[str, Analysis]) -> None:
    a, b = (pickle.loads(pickle.dumps(digest(x))) for x in seeds.values())
    assert compare(a, b) == compare(seeds["000"], seeds["002"])
    assert len(find_pairs([a, b])) == 1


# Two reports of one press conference, written apart: the same names, numbers, and one quote.
INDEPENDENT_A = "\n\n".join((
    'Mayor Anne Hidalgo announced on Tuesday that Paris will spend 250 million euros on 1,400 '
    'kilometres of cycle lanes by 2026.',
    '"We are giving the streets back to the people," Hidalgo told reporters at city hall.',
    'The plan, approved by the council in a 95-38 vote, closes the Rue de Rivoli to most cars.',
    'Shop owners on the street worry that deliveries will suffer, and a trade group said it would '
    'appeal.',
    'Traffic on the Champs-Elysees has already fallen by a third since 2019, according to city '
    'figures.',
))

INDEPENDENT_B = "\n\n".join((
    'Paris is betting big on bicycles again.',
    'At a crowded news conference, Anne Hidalgo laid out 250 million euros for new lanes, saying "We '
    'are giving the streets back to the people."',
    'Critics in the opposition called the 95-38 council vote rushed, and a taxi union promised '
    'protests next month.',
    "By 2026 the city wants 1,400 kilometres of protected routes, roughly double today's network.",
    'Cyclists interviewed near the Bastille welcomed the news but said enforcement against parked '
    'cars was lax.',
))


def test_independent_reports_sharing_names_numbers_and_a_quote_are_not_paired() -> None:
    a = _analyse("le-monde", INDEPENDENT_A)
    b = _analyse("wire-b", INDEPENDENT_B)
    assert not compare(a, b).reused
    assert find_pairs([a, b]) == []


def test_a_verbatim_copy_is_paired_with_verbatim_sentences(seeds: dict[str, Analysis]) -> None:
    original = seeds["000"].article.text
    copy = _analyse("copy", "Republished with permission.\n\n" + original)
    pairs = find_pairs([seeds["000"], copy])
    assert len(pairs) == 1
    assert pairs[0].reused_share["copy"] > 0.9
    assert {x.kind for x in pairs[0].aligned} == {"verbatim"}



def test_a_verbatim_copy_of_the_rewrite_does_not_hide_the_origin(seeds: dict[str, Analysis]) -> None:
    """The rewrite and a copy of it share every word: the index still pairs each with the origin."""
    copy = _analyse("copy", seeds["002"].article.text)
    pairs = {(p.a, p.b): p for p in find_pairs([seeds["000"], seeds["002"], copy])}
    origin, rewrite = seeds["000"].article.id, seeds["002"].article.id
    assert set(pairs) == {(origin, rewrite), (origin, "copy"), (rewrite, "copy")}
    assert pairs[origin, "copy"].origin == origin


ORIGIN = "\n\n".join((
    'North Korea fired two short-range ballistic missiles into the sea off its east coast on '
    'Thursday, the South Korean military said.',
    "The launches were the first since the country's leader met foreign envoys in Pyongyang last "
    'month, the state-run Korean Central News Agency said.',
    "The missiles flew about 450 kilometres before splashing down in waters outside Japan's economic "
    "zone, according to Japan's Defense Ministry.",
    "Kim said it is “the fixed stand of our government to ceaselessly strengthen the nation's "
    'defence,” in a speech broadcast at night.',
    'Analysts said the launches were meant to pressure Washington ahead of talks on sanctions relief '
    'and food aid.',
    'The United States and South Korea are scheduled to hold joint military drills near the border '
    'later this summer.',
))

DERIVATIVE = "\n\n".join((
    'North Korea fired two short-range ballistic missiles into the sea off its east coast on '
    'Thursday, Japanese Prime Minister Fumio Kishida said.',
    "The launches were the first since the country's leader met foreign envoys in Pyongyang last "
    'month, the Associated Press reported.',
    "The missiles flew about 450 kilometres before splashing down in waters outside Japan's economic "
    'zone.',
    "Kim said it is “the firm stand of our government to strengthen the nation's defence,” in a "
    'speech broadcast at night.',
    'Analysts said the launches were meant to pressure Washington ahead of talks on sanctions relief '
    'and food aid.',
    'The United States and South Korea are scheduled to hold joint military drills near the border '
    'later this summer.',
    'Officials in Seoul called an emergency meeting of the security council, Yahoo News reported.',
))


def test_each_change_kind_is_reported_where_the_derivative_changed_an_attribution() -> None:
    origin = _analyse("origin", ORIGIN, date="2024-05-01")
    derivative = _analyse("derivative", DERIVATIVE, date="2024-05-02")
    pair = compare(origin, derivative)
    assert pair.reused and pair.origin == "origin"
    kinds = {(c.change, c.before and c.before.name, c.after and c.after.name) for c in pair.changes}
    # the military's account now put in someone else's mouth
    assert ("changed", "South Korean military", "Fumio Kishida") in kinds
    # a state-media attribution given to a wire
    assert ("laundered", "Korean Central News Agency", "Associated Press") in kinds
    # the ministry's attribution gone
    assert any(k == "dropped" and b and "Defense Ministry" in b for k, b, _ in kinds)
    # the quote reworded
    assert any(k == "quote_changed" for k, _, _ in kinds)
    # an outlet the origin never cites
    assert ("added", None, "Yahoo News") in kinds
    assert {c.change for c in pair.changes} == set(CHANGE_KINDS)


@pytest.mark.parametrize(("x", "y", "want"), [
    # spelling of one name
    ("Kim Jong Un", "Kim Jong-Un", True),
    # the surname alone
    ("Kim Jong Un", "Kim", True),
    # two people of one family: a shared family name is not enough
    ("Kim Jong Un", "Kim Il Sung", False),
    # different people
    ("Xi Jinping", "Kim Jong Un", False),
])
def test_parties_match_across_articles_by_normalised_name(x: str, y: str, want: bool) -> None:
    assert same(Party(None, None, x, "person"), Party(None, None, y, "person")) is want


def test_many_copies_of_one_story_are_not_aligned_pair_by_pair(seeds: dict[str, Analysis]) -> None:
    """Eighty outlets running one story: each copy is aligned with its closest earlier ones only,
    so the work grows with the corpus, and every copy still has some to be paired with."""
    from dashboard.engine.reuse.digest import make_digest
    from dashboard.engine.reuse.index import MAX_CANDIDATES, candidate_pairs

    copies = [make_digest(_analyse(f"outlet{k}", f"Outlet {k} News\n\n" + seeds["000"].article.text))
              for k in range(80)]
    pairs = list(candidate_pairs(copies))
    assert len(pairs) <= MAX_CANDIDATES * len(copies) < len(copies) * (len(copies) - 1) // 2
    assert {j for _, j in pairs} == set(range(1, len(copies)))


def test_a_search_told_to_stop_ends_before_aligning(seeds: dict[str, Analysis]) -> None:
    assert find_pairs([seeds["000"], seeds["002"]], stop=lambda: True) == []
    assert len(find_pairs([seeds["000"], seeds["002"]], stop=lambda: False)) == 1


def test_a_search_again_aligns_only_the_pairs_whose_digests_changed(
        seeds: dict[str, Analysis], monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard searches again after every rescoring (a rule edit): pairs whose two
    digests are unchanged are not aligned again, and give the same pairs."""
    from dashboard.engine.reuse import pairs as pairs_module
    from dashboard.engine.reuse.pairs import Kept

    aligned: list[tuple[str, str]] = []
    real = pairs_module._compare

    def counting(pa, pb, *args):  # type: ignore[no-untyped-def]
        aligned.append((pa.digest.id, pb.digest.id))
        return real(pa, pb, *args)

    monkeypatch.setattr(pairs_module, "_compare", counting)
    corpus = [digest(a) for a in seeds.values()]
    kept = Kept()
    first = find_pairs(corpus, kept=kept)
    assert len(first) == 1 and len(aligned) == 1
    again = find_pairs([digest(a) for a in seeds.values()], kept=kept)  # rescored, the same digests
    assert len(aligned) == 1 and again == first
    # One article edited: its digest is new, so the pair is aligned again.
    edited = seeds["002"].article
    changed = _analyse(edited.id, edited.text + "\n\nThe talks went on for hours, officials said.\n")
    find_pairs([corpus[0], digest(changed)], kept=kept)
    assert len(aligned) == 2
    # Without `kept`, every search aligns every candidate, as before.
    find_pairs(corpus)
    assert len(aligned) == 3
