"""Properties that hold for any input: analyse() never raises and every span and metric it reports is
in range; decode() returns text or raises ValueError; a rule file of any text is parsed into rules and
errors without raising. Hypothesis generates the inputs (examples kept modest: CI time)."""

from __future__ import annotations

import codecs
import math
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import SEEDS, contract_spans

from dashboard.engine.article import Article
from dashboard.engine.kinds import Rule
from dashboard.engine.metrics import METRICS
from dashboard.engine.pipeline import analyse
from dashboard.report.contract import to_contract
from dashboard.runtime.articles import decode
from dashboard.runtime.rulepacks import load_rules, parse_rule_file
from dashboard.runtime.yamlsafe import FileError

RULESET = load_rules()
SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# --- strategies --------------------------------------------------------------------------------

_SEED_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
SENTENCES = sorted({s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", _SEED_TEXT) if s.strip()})
WORDS = sorted(set(re.findall(r"\S+", _SEED_TEXT)))
MARKS = ['"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "\u00ab", "\u00bb", ".", ",", ":", ";", "!", "?",
         "(", ")", "[", "]", "\u2014", "-", "...", "READ ALSO", "said", "told", "according to",
         "Reuters", "KCNA", "Xinhua", "AP", "reuters.com", "kcna.kp", "regime", "so-called", "Kim",
         "sources said", "reportedly", "\x1b[31m", "\u202e", "[bold]", "\t", "\x00", "\x85", "\u2028"]
SEPARATORS = [" ", "", "\n", "\r\n", "\r", "\n\n", "  "]

news_like = st.lists(
    st.tuples(st.one_of(st.sampled_from(SENTENCES), st.sampled_from(WORDS), st.sampled_from(MARKS),
                        st.text(max_size=8)),
              st.sampled_from(SEPARATORS)),
    max_size=40,
).map(lambda parts: "".join(a + b for a, b in parts))

any_text = st.text()  # every code point but surrogates: controls, bidi, combining marks, ...
article_text = st.one_of(any_text, news_like)

YAML_TOKENS = ["kind: ", "loaded", "furniture", "sources", "cues", "checks", "vague", "rules:", "\n",
               "  - ", "id: ", "x-1", "description: ", "examples:", " match: ", "[", "]", "{", "}",
               ", ", ": ", "'", '"', "&a ", "*a", "!!str ", "!!python/object:os.system ", "? ", "---",
               "...", "#", "pattern: ", "(a+)+$", "terms: ", "weight: ", "1", "-1", "1e9", ".inf",
               "null", "~", "true", "2024-01-01", "\t", "|", ">", "%YAML 1.1", "<<: *a"]
yaml_like = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)

# --- analyse ------------------------------------------------------------------------------------


def _spans(analysis):
    for line in analysis.lines:
        yield "line", line
    for sentence in analysis.sentences:
        yield "sentence", sentence
    for a in analysis.attributions:
        yield "cue", a.cue
        yield "sentence", a.sentence
        if a.source is not None:
            yield "source", a.source
        if a.content is not None:
            yield "content", a.content
    for q in analysis.quotes:
        yield "quote", q.span
        if q.speaker is not None:
            yield "speaker", q.speaker
    for hit in analysis.loaded:
        yield "loaded", hit.span
    for finding in analysis.findings:
        if finding.span is not None:
            yield "finding", finding.span


@SETTINGS
@given(article_text)
def test_analyse_spans_and_metrics_are_in_range(text: str) -> None:
    analysis = analyse(Article(id="p", text=text), RULESET)  # never raises
    n = len(text)
    for kind, span in _spans(analysis):
        assert 0 <= span.start <= span.end <= n, (kind, span, n)
    record = to_contract(analysis)
    for span in contract_spans(record):
        assert 0 <= span["start"] <= span["end"] <= n, span
        if "text" in span:
            assert text[span["start"]:span["end"]] == span["text"], span
    for name, value in analysis.metrics.items():
        metric = METRICS[name]
        assert not math.isnan(value), name
        assert metric.low <= value, (name, value)
        if metric.high is not None:
            assert value <= metric.high, (name, value)
    assert set(METRICS) <= set(analysis.metrics)
    for finding in analysis.findings:
        assert finding.line is None or finding.line >= 1
        assert finding.column is None or finding.column >= 1


# --- decode --------------------------------------------------------------------------------------

BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE]
encoded_text = st.tuples(st.text(max_size=200),
                         st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "cp1252",
                                          "latin-1", "shift_jis", "koi8-r"])).map(
    lambda te: te[0].encode(te[1], errors="ignore"))
any_bytes = st.one_of(
    st.binary(max_size=2000),
    st.tuples(st.sampled_from(BOMS), st.binary(max_size=500)).map(b"".join),
    st.tuples(st.sampled_from(BOMS), encoded_text, st.binary(max_size=8)).map(b"".join),
)


@SETTINGS
@given(any_bytes)
def test_decode_returns_text_or_raises_value_error(raw: bytes) -> None:
    try:
        text = decode(raw)
    except ValueError:
        return
    assert isinstance(text, str)


# --- rule files ----------------------------------------------------------------------------------


@SETTINGS
@given(st.one_of(any_text, yaml_like))
def test_any_text_as_a_rule_file_gives_rules_and_errors(text: str) -> None:
    rules, errors = parse_rule_file(Path("x.yaml"), text)  # never raises
    assert isinstance(rules, list) and all(isinstance(r, Rule) for r in rules)
    assert isinstance(errors, list) and all(isinstance(e, FileError) for e in errors)
    for error in errors:
        assert error.path == "x.yaml" and error.line >= 1 and error.column >= 1
