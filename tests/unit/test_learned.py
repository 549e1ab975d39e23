"""The learned decision layer (engine/learned.py): trained on a tiny synthetic corpus it changes
a decision the rules make; its weights file is plain text that is checked line by line; the
rules alone stay one switch away; each attribution says why it was taken."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.engine.article import Article
from dashboard.engine.pipeline import analyse
from dashboard.engine.weights import TEMPLATES, ModelError, parse_model
from dashboard.report.contract import to_contract
from dashboard.runtime.model import load_model
from dashboard.runtime.rulepacks import RuleErrors, load_rules
from dashboard.runtime.yamlsafe import FileError

pytest.importorskip("pycrfsuite")

TINY = Path(__file__).resolve().parent / "data" / "attribution_tiny.jsonl"
# In the tiny corpus "added" before a number of jobs is never a cue; "added that" always is.
JOBS = "The foundry added 3,000 jobs last month. Mr. Okafor added that the plan was late."


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdin=io.BytesIO(b""), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("model") / "model.tsv"
    code, out, err = _run("train", "attribution", str(TINY), "-o", str(path), "--folds", "2")
    assert code == 0, err
    return path, out


def _cues(text: str, ruleset: object) -> list[str]:
    analysis = analyse(Article(id="t", text=text), ruleset)  # type: ignore[arg-type]
    return [text[a.cue.start:a.cue.end] for a in analysis.attributions]


def test_training_reports_folds_and_writes_a_readable_model(trained: tuple[Path, str]) -> None:
    path, out = trained
    assert "rules P/R/F1" in out and "rules+model P/R/F1" in out
    assert [line.split()[0] for line in out.splitlines()[1:] if line[:1].strip()] == ["1", "2", "all"]
    text = path.read_text()
    assert text.startswith("biasdash-attribution-model\t1\n")
    assert "header\tcv_model\t" in text and "header\tdrop\t" in text
    assert any(line.startswith("state\tC\t0:rc\t") for line in text.splitlines())


def test_the_model_drops_a_cue_the_rules_take(trained: tuple[Path, str]) -> None:
    rules = load_rules(model=False)
    assert _cues(JOBS, rules) == ["added", "added"]
    with_model = rules.with_model(load_model(trained[0]))
    assert _cues(JOBS, with_model) == ["added"]  # "added that", not "added 3,000 jobs"
    kept = analyse(Article(id="t", text=JOBS), with_model).attributions[0]
    assert kept.cue.start == JOBS.index("added that")
    assert kept.why is not None and 0.5 <= kept.why[0] <= 1.0 and kept.why[1]


def test_training_is_reproducible(trained: tuple[Path, str], tmp_path: Path) -> None:
    again = tmp_path / "again.tsv"
    assert _run("train", "attribution", str(TINY), "-o", str(again), "--folds", "2")[0] == 0
    assert again.read_text() == trained[0].read_text()


def test_explain_prints_rule_pattern_and_model_reasons(trained: tuple[Path, str], tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(JOBS)
    code, out, _ = _run("score", str(article), "--explain")
    assert code == 0
    assert "cue 'added'" in out and "source  'Mr. Okafor'" in out and "content 'the plan was late'" in out
    assert "why     rule cue-say, pattern subject_verb" in out
    code, alone, _ = _run("score", str(article), "--explain", "--no-model")
    assert code == 0 and "model p=" not in alone and alone.count("cue 'added'") == 2


def test_no_model_is_the_rules_alone(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(JOBS)
    code, out, _ = _run("score", str(article), "--format", "json", "--no-model")
    assert code == 0
    [record] = [json.loads(out)] if out.lstrip().startswith("{") else json.loads(out)
    rules = load_rules(model=False)
    assert len(record["attributions"]) == len(_cues(JOBS, rules))
    assert all(a["why"]["model"] is None for a in record["attributions"])


def test_contract_carries_why(trained: tuple[Path, str]) -> None:
    ruleset = load_rules(model=False).with_model(load_model(trained[0]))
    record = to_contract(analyse(Article(id="t", text=JOBS), ruleset))
    [why] = [a["why"] for a in record["attributions"]]
    assert why["rule"] == "cue-say" and why["pattern"] == "subject_verb"
    assert 0.5 <= why["model"]["p"] <= 1.0
    name, weight = why["model"]["features"][0]
    assert isinstance(name, str) and isinstance(weight, float)


GOOD = f"biasdash-attribution-model\t1\nheader\ttemplates\t{TEMPLATES}\nheader\tlabels\tO C S N\n" \
       "header\tdrop\t0.2\nheader\tadd\t0.7\ntransition\tO\tC\t-1.5\nstate\tC\t0:rc\t2.0\n"


def test_a_good_file_parses() -> None:
    model = parse_model(GOOD)
    assert model.state["0:rc"] == (0.0, 2.0, 0.0, 0.0) and model.transitions[0][1] == -1.5
    assert (model.drop, model.add) == (0.2, 0.7)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("print('hi')\n", 1, "not a weights file"),
    (GOOD + "state\tC\t0:rc\tnan\n", 8, "finite"),
    (GOOD + "state\tZ\t0:rc\t1.0\n", 8, "unknown label"),
    (GOOD + "state\tC\t0:rc\n", 8, "4 fields"),
    (GOOD + "import\tos\n", 8, "unknown line kind"),
    (GOOD + "state\tC\t0:r\x00c\t1.0\n", 8, "printable"),
    (GOOD.replace(TEMPLATES, "io-0"), 0, "feature templates"),
    (GOOD + "word\tSaid\n", 8, "lower-case word"),
    (GOOD.replace("drop\t0.2", "drop\t7"), 0, "[0, 1]"),
])
def test_a_bad_file_is_refused_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ModelError) as caught:
        parse_model(text)
    assert caught.value.line == line and message in caught.value.message


def test_a_corrupt_weights_file_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(GOOD + "state\tC\t0:rc\t__import__('os')\n")
    with pytest.raises(FileError) as caught:
        load_model(path)
    assert str(caught.value).startswith(f"{path}:8:1: the weight must be a number")
    assert "--no-model" in str(caught.value)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(FileError, match="not UTF-8"):
        load_model(path)


def test_a_corrupt_shipped_model_stops_the_cli_with_its_line(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    bad = tmp_path / "attribution_model.tsv"
    bad.write_text(GOOD + "transition\tO\tQ\t1\n")
    monkeypatch.setattr("dashboard.runtime.model.shipped_model_path", lambda: bad)
    with pytest.raises(RuleErrors):
        load_rules()
    article = tmp_path / "a.txt"
    article.write_text(JOBS)
    code, _, err = _run("score", str(article))
    assert code == 2 and f"{bad}:8:1: unknown label 'Q'" in err
    assert _run("score", str(article), "--no-model")[0] == 0


def test_the_ruleset_carries_the_model_to_workers(trained: tuple[Path, str]) -> None:
    import pickle

    ruleset = load_rules(model=False).with_model(load_model(trained[0]))
    copy = pickle.loads(pickle.dumps(ruleset))
    assert _cues(JOBS, copy) == _cues(JOBS, ruleset) == ["added"]


def test_marginals_are_exact() -> None:
    """Against every label path of a short window, enumerated; each label the most probable."""
    import itertools
    import math
    import random

    from dashboard.engine.weights import Model

    rng = random.Random(7)
    classes = ["a", "b\x1fc", "a\x1fd", "c", "b"]
    names = [f"{o}:{x}" for o in (-2, -1, 0, 1, 2) for x in "abcd"]
    state = {name: tuple(rng.uniform(-2, 2) for _ in range(4)) for name in names}
    transitions = [[rng.uniform(-2, 2) for _ in range(4)] for _ in range(4)]
    model = Model(state, transitions, 0.5, 0.5)
    padded = ["<s>", "<s>", *classes, "</s>", "</s>"]
    em = model.emissions(padded)
    scores = {}
    for path in itertools.product(range(4), repeat=len(classes)):
        scores[path] = sum(em[t][y] for t, y in enumerate(path)) + sum(
            transitions[path[t - 1]][path[t]] for t in range(1, len(path)))
    z = sum(math.exp(v) for v in scores.values())
    best, marginals = model.tag(padded)
    for t in range(len(classes)):
        for y in range(4):
            exact = sum(math.exp(v) for p, v in scores.items() if p[t] == y) / z
            assert marginals[t][y] == pytest.approx(exact, abs=1e-9)
        assert best[t] == max(range(4), key=marginals[t].__getitem__)


def test_a_window_beyond_doubt_is_decided_as_the_chain_would(trained: tuple[Path, str]) -> None:
    """sure() keeps a rule attribution without forward-backward only where the chain keeps it too."""
    from dashboard.engine.learned import Item, decide, sure

    model = load_model(trained[0])
    ruleset = load_rules(model=False).with_model(model)
    seen = 0
    records = [json.loads(line) for line in TINY.read_text().splitlines()]
    for record in records[:10]:
        doc_items: list[tuple[str, object]] = []

        def take(doc: object, found: list[object], into: list[tuple[str, object]] = doc_items) -> None:
            into.extend((doc.text, item) for item in found)  # type: ignore[attr-defined]

        model.collecting, model.take = True, take  # type: ignore[method-assign]
        try:
            analyse(Article(id="t", text=record["text"]), ruleset)
        finally:
            model.collecting = False
            del model.take
        for text, item in doc_items:
            assert isinstance(item, Item)
            kept = sure(model, item)
            if kept is not None:
                seen += 1
                path, marginals = model.tag(item.padded)
                full = decide(model, item, path, marginals, text, ruleset.compiled)
                assert [a._replace(why=None) for a in full] == [kept._replace(why=None)]
    assert seen


def test_control_characters_in_articles_make_a_readable_model(tmp_path: Path) -> None:
    """Punctuation features come from the text: a control character must not reach the file."""
    data = tmp_path / "ctl.jsonl"
    records = [json.loads(line) for line in TINY.read_text().splitlines()]
    for record in records[:8]:
        record["text"] = record["text"].replace(". ", ". \x1b ", 1)
    data.write_text("".join(json.dumps(r) + "\n" for r in records))
    path = tmp_path / "model.tsv"
    code, _, err = _run("train", "attribution", str(data), "-o", str(path), "--folds", "2")
    assert code == 0, err
    assert "\x1b" not in path.read_text()
    load_model(path)


def _random_model(seed: int) -> object:
    import random

    from dashboard.engine.weights import Model

    rng = random.Random(seed)
    names = ["bias"] + [f"{o}:{x}" for o in (-2, -1, 0, 1, 2) for x in ("a", "b", "c", "w=:", "w=told")]
    state = {name: tuple(rng.choice((0.0, round(rng.uniform(-3, 3), 4))) for _ in range(4)) for name in names}
    return Model(state, [[rng.uniform(-2, 2) for _ in range(4)] for _ in range(4)], 0.5, 0.5)


def test_scores_and_reasons_are_the_sums_of_the_feature_weights() -> None:
    """Each token's emissions are the sums of its features' weights (features(), what training
    gives crfsuite), a feature it has twice counted twice; its reasons are those features merged
    by name, strongest first, then by name (whatever the memos remember in between)."""
    from dashboard.engine.weights import features

    for seed in range(5):
        model = _random_model(seed)
        padded = ["<s>", "a\x1fw=told\x1fw=told", "b", "c\x1fw=:", "a\x1fb", "z", "w=told", "</s>", "</s>"]
        for _ in range(2):  # the second time from the memos
            em = model.emissions(padded)  # type: ignore[attr-defined]
            assert len(em) == len(padded) - 4
            for i, row in enumerate(em):
                names = features(padded, i)
                for label in range(4):
                    total = sum(model.state.get(name, (0.0,) * 4)[label] for name in names)  # type: ignore[attr-defined]
                    assert row[label] == pytest.approx(total, abs=1e-9)
                    merged: dict[str, float] = {}
                    for name in names:
                        weight = model.state.get(name, (0.0,) * 4)[label]  # type: ignore[attr-defined]
                        if weight:
                            merged[name] = round(merged.get(name, 0.0) + round(weight, 3), 3)
                    expected = sorted(merged.items(), key=lambda f: (-abs(f[1]), f[0]))[:5]
                    assert model.strongest(padded, i, label) == tuple(expected)  # type: ignore[attr-defined]


def test_an_attribution_with_no_source_stays_vague_with_the_model() -> None:
    """The rules mark an attribution vague for having no source (seed 000: "North Korea has been
    expected to ..."); the shipped model keeps it so rather than fill a source of its own, and
    every attribution is vague exactly when it has no source or a vague phrase."""
    text = ("North Korea has been expected to seek greater support from China, its major ally and aid "
            "benefactor, as it grapples with economic hardship. The ship is said to carry arms.")
    for rules in (load_rules(model=False), load_rules()):
        attributions = analyse(Article(id="v", text=text), rules).attributions
        expected = next(a for a in attributions if text[a.cue.start:a.cue.end] == "expected")
        assert expected.source is None and expected.vague
        for a in attributions:
            assert a.vague == (a.source is None or a.vague_rule is not None), a


def test_the_shipped_model_does_not_put_back_a_sense_the_rules_refuse() -> None:
    """Seed 002: "have continued to be major allies" reports no speech; the rules refuse the
    aspectual "continued", and the layer (which scores "have continued to be" as a cue on its
    own) does not add it back, while keeping the cues around it."""
    text = ("Since signing a mutual defense treaty in 1961, China and North Korea have continued to be "
            "major allies in international relations, Yahoo News reported.")
    ruleset = load_rules()
    assert ruleset.compiled.model is not None
    cues = [text[a.cue.start:a.cue.end] for a in analyse(Article(id="x", text=text), ruleset).attributions]
    assert cues == ["reported"]


def test_a_source_the_model_adds_is_vague_where_a_vague_rule_says_so() -> None:
    # "Sources said so.": the rules find no content after "said", the shipped model adds the
    # attribution; its source is as unnamed as where the rules find it ("sources said ...").
    analysis = analyse(Article(id="a", text="The talks stalled.\n\nSources said so.\n"), load_rules())
    (found,) = [a for a in analysis.attributions if a.source is not None
                and analysis.article.text[a.source.start:a.source.end] == "Sources"]
    assert found.vague and found.vague_rule == "vague-unnamed-sources"
    assert analysis.metrics["named_sources"] == 0
