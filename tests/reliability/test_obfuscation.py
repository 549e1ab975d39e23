"""Disguised source names: "Xinhua" written with zero-width characters, soft hyphens, Cyrillic or
Greek look-alikes or full-width letters reads as Xinhua to a person and is scored as Xinhua (the
state-media gate fires as for the clean spelling), is reported by the `obfuscated-text` check, and
every span still indexes the article's own text. Genuine Russian, Greek and Japanese text is not
reported. The inputs are fixtures/articles/obfuscated_*.txt (made by make_fixtures.py)."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import ARTICLES, PROJECT, assert_clean, contract_spans

from dashboard.engine.article import Article
from dashboard.engine.findings import line_column
from dashboard.engine.pipeline import analyse
from dashboard.report.contract import to_contract
from dashboard.runtime.rulepacks import load_rules

RULESET = load_rules()
STATE_MEDIA_WATCH = PROJECT / "sample_configs" / "state-media-watch.toml"


def _text(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8")


def _check_spans(record: dict, text: str) -> None:
    """Every span of a score record lies in `text` and its `text` is that slice of the original."""
    for span in contract_spans(record):
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        if "text" in span:
            assert text[span["start"]:span["end"]] == span["text"], span


# --- a disguised name is scored as its clean spelling, and reported -----------------------------

DISGUISED = [
    # zero-width space U+200B; non-joiner U+200C and joiner U+200D; word joiner U+2060 and U+FEFF
    ("obfuscated_zero_width.txt", [("Xin\u200bhua", "Xinhua"), ("Xinh\u200cu\u200da", "Xinhua"),
                                   ("X\u2060inhu\ufeffa", "Xinhua")]),
    # soft hyphens U+00AD, as HTML &shy; leaves them
    ("obfuscated_soft_hyphen.txt", [("Xin\u00adhua", "Xinhua"), ("Xinhu\u00ada", "Xinhua")]),
    # Cyrillic а U+0430 and Х U+0425 in Latin words; TASS spelt only in Cyrillic look-alikes
    ("obfuscated_cyrillic.txt", [("Xinhu\u0430", "Xinhua"), ("\u0425inhua", "Xinhua"),
                                 ("\u0422\u0410\u0405\u0405", "TASS")]),
    # Greek Χ U+03A7 and α U+03B1; KCNA as Greek Kappa, lunate Sigma (NFKC would make it Σ), Nu, Alpha
    ("obfuscated_greek.txt", [("\u03a7inhua", "Xinhua"), ("Xinhu\u03b1", "Xinhua"),
                              ("\u039a\u03f9\u039d\u0391", "KCNA")]),
    # full-width letters, small and capital
    ("obfuscated_fullwidth.txt", [("\uff38\uff49\uff4e\uff48\uff55\uff41", "Xinhua"),
                                  ("\uff38\uff29\uff2e\uff28\uff35\uff21", "XINHUA")]),
    # every family in one word (full-width X, Cyrillic i, zero-width space, Greek alpha), then a
    # soft hyphen beside a Cyrillic a
    ("obfuscated_mixed.txt", [("\uff38\u0456n\u200bhu\u03b1", "Xinhua"), ("Xin\u00adhu\u0430", "Xinhua")]),
]


def _score(cli, path) -> dict:
    run = cli("score", "--format", "jsonl", "-j", "1", path)
    assert_clean(run)
    assert run.code == 0, run.stderr
    [record] = run.records
    return record


@pytest.mark.parametrize("name, words", DISGUISED, ids=[c[0] for c in DISGUISED])
def test_disguised_source_is_scored_as_its_clean_spelling(cli, tmp_path, name: str, words) -> None:
    path = ARTICLES / name
    text = _text(name)
    clean_text = text
    for disguised, plain in words:
        assert disguised in text, f"{name} no longer holds {disguised!r}"
        clean_text = clean_text.replace(disguised, plain)
    clean_path = tmp_path / "clean.txt"
    clean_path.write_text(clean_text, encoding="utf-8")
    record, clean = _score(cli, path), _score(cli, clean_path)

    def sourcing(r: dict) -> list:
        return [(a["source_id"], a["source_kind"], a["vague"], a["cue"]["text"]) for a in r["attributions"]]

    assert sourcing(record) == sourcing(clean)
    assert record["sources"] == clean["sources"] and record["source_kinds"] == clean["source_kinds"]
    assert clean["source_kinds"]["state_media"] >= 2
    # the source spans are the disguised words exactly as written, and every span is a slice of it
    sources = [a["source"]["text"] for a in record["attributions"] if a["source_id"]]
    assert sources == [disguised for disguised, _ in words]
    _check_spans(record, text)
    checks = {f["check"] for f in record["findings"]}
    assert "max-state-media-share" in checks
    assert checks == {f["check"] for f in clean["findings"]} | {"obfuscated-text"}
    for finding in record["findings"]:  # line:column of each finding point into the original
        if "start" in finding:
            assert (finding["line"], finding["column"]) == line_column(text, finding["start"])
    [obfuscated] = [f for f in record["findings"] if f["check"] == "obfuscated-text"]
    first = text.index(words[0][0])
    assert (obfuscated["start"], obfuscated["end"]) == (first, first + len(words[0][0]))
    state = next(f for f in record["findings"] if f["check"] == "max-state-media-share")
    assert text[state["start"]:state["end"]] == "reported"  # the cue of the first state-media attribution


@pytest.mark.parametrize("name, words", DISGUISED, ids=[c[0] for c in DISGUISED])
def test_disguised_source_fails_the_state_media_gate(cli, name: str, words) -> None:
    path = ARTICLES / name
    text = _text(name)
    line, column = line_column(text, text.index(words[0][0]))
    run = cli("check", "--config", STATE_MEDIA_WATCH, "-j", "1", path)
    assert_clean(run)
    assert run.code == 1
    assert ": error max-state-media-share: " in run.stdout
    assert (f"{path}:{line}:{column}: warning obfuscated-text: {len(words)} word(s) disguised"
            in run.stdout), run.stdout


# --- genuine text of other scripts is not obfuscation ------------------------------------------

GENUINE = [
    # Russian with the look-alike words ТАСС (all four letters look Latin) and с among Russian words
    "obfuscated_genuine_russian.txt",
    # Greek with ΕΡΤ, ΟΤΕ and Η (all look-alikes) among Greek words
    "obfuscated_genuine_greek.txt",
    # Japanese with full-width ＮＨＫ, ＷＨＯ and ２０２５ among Japanese words
    "obfuscated_genuine_japanese.txt",
    # German and English with soft hyphens as hyphenation hints in ordinary words (none in a name)
    "obfuscated_genuine_hyphenation.txt",
]


@pytest.mark.parametrize("name", GENUINE)
def test_genuine_text_of_another_script_is_not_obfuscation(cli, name: str) -> None:
    path = ARTICLES / name
    text = _text(name)
    analysis = analyse(Article(id=name, text=text), RULESET)
    assert analysis.metrics["obfuscated_words"] == 0
    _check_spans(to_contract(analysis), text)
    # the English line after it is scored as usual
    assert [a.source_id for a in analysis.attributions] in (["tass"], ["reuters"])
    run = cli("check", "--format", "json", "-j", "1", path)
    assert_clean(run)
    assert run.code == 0
    [record] = json.loads(run.stdout)
    assert record["findings"] == []  # obfuscated-text, or any other


# --- the folding rule, word by word -------------------------------------------------------------

WORD_RULE = [
    # a Latin word with a Cyrillic а: folded, counted
    ("The talks ended, Xinhu\u0430 said.", "The talks ended, Xinhua said.", 1),
    # only look-alikes (Cyrillic Т А, Macedonian Ѕ) among Latin words: folded, counted
    ("\u0422\u0410\u0405\u0405 said the talks ended.", "TASS said the talks ended.", 1),
    # the same letters among Russian words: a Russian word, left alone
    ("Агентство ТАСС сообщило об этом.", "Агентство ТАСС сообщило об этом.", 0),
    # a lone look-alike letter among Latin words: folded, but one letter hides no name
    ("I saw \u0430 dog.", "I saw a dog.", 0),
    # a Greek article before a Latin brand name, in a Greek sentence: left alone
    ("Η Apple ανακοίνωσε νέα προϊόντα.", "Η Apple ανακοίνωσε νέα προϊόντα.", 0),
    # full-width Latin among Latin words: normalised, counted
    ("Officials at the \uff37\uff28\uff2f said it.", "Officials at the WHO said it.", 1),
    # full-width Latin inside Japanese: normalised, not counted
    ("\uff2e\uff28\uff2bによると", "NHKによると", 0),
    # a ligature from a PDF: normalised, not counted
    ("The \ufb01nance minister said.", "The finance minister said.", 0),
    # Persian writes a zero-width non-joiner inside words: removed for matching, not counted
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645", 0),
    # an invisible character at the end of a word hides nothing: removed, not counted
    ("Xinhua\u200b said.", "Xinhua said.", 0),
    # a soft hyphen inside a Latin word is removed but not counted here: web pages put them in
    # long words as hyphenation hints; analyse() counts one only where it hid a match (below)
    ("Bundes\u00adregierung said.", "Bundesregierung said.", 0),
]


WORD_RULE_IDS = ["mixed-cyrillic", "all-lookalike-among-latin", "russian", "lone-letter", "greek-article",
                 "fullwidth-among-latin", "fullwidth-in-japanese", "ligature", "persian-zwnj",
                 "invisible-at-word-end", "soft-hyphen"]


@pytest.mark.parametrize("text, matching, count", WORD_RULE, ids=WORD_RULE_IDS)
def test_which_words_are_folded_and_counted(text: str, matching: str, count: int) -> None:
    from dashboard.engine.matchtext import match_text

    result = match_text(text)
    assert (result.text, result.obfuscated) == (matching, count)


@pytest.mark.parametrize("text, count", [
    # a soft hyphen inside a source's name hid it from the rules: counted
    ("The talks ended, Xin\u00adhua reported.", 1),
    # inside a cue ("reported"): counted
    ("The talks ended, Xinhua re\u00adported.", 1),
    # a hyphenation hint in an ordinary word: not counted
    ("The nego\u00adtiations ended, Xinhua reported.", 0),
])
def test_a_soft_hyphen_counts_only_where_it_hid_a_match(text: str, count: int) -> None:
    analysis = analyse(Article(id="soft", text=text), RULESET)
    assert [a.source_id for a in analysis.attributions] == ["xinhua"]
    assert analysis.metrics["obfuscated_words"] == count
    if count:
        start, end = analysis.obfuscated_span
        assert "\u00ad" in text[start:end]


def test_every_format_character_inside_a_name_is_seen_through() -> None:
    """Every Unicode format character (category Cf) of this Python, inside "Xinhua"."""
    from dashboard.engine.matchtext import match_text

    format_chars = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    missed = [f"U+{ord(c):04X}" for c in format_chars
              if not match_text(f"Talks ended, Xin{c}hua reported.").text.startswith("Talks ended, Xinhua ")]
    assert not missed, missed


@pytest.mark.parametrize("blank", ["\u3164", "\u115f", "\u1160", "\uffa0", "\u17b4", "\u17b5"])
def test_letters_that_render_as_nothing_are_seen_through(blank: str) -> None:
    """Hangul fillers and Khmer inherent vowels are letters, not format characters, but show as
    nothing: "Xin" + filler + "hua" reads as Xinhua."""
    text = f"Talks ended, Xin{blank}hua reported."
    analysis = analyse(Article(id="blank", text=text), RULESET)
    assert [a.source_id for a in analysis.attributions] == ["xinhua"]
    assert analysis.metrics["obfuscated_words"] == 1
    assert [text[a.source.start:a.source.end] for a in analysis.attributions] == [f"Xin{blank}hua"]


def test_every_look_alike_folds_to_an_ascii_letter() -> None:
    """Each entry of the table turns a non-Latin letter into the ASCII letter it imitates, and a
    word made of it and Latin letters resolves: "Xin" + letter + "ua" is matched as a word."""
    from dashboard.engine.matchtext import FOLD, match_text

    for letter, latin in FOLD.items():
        assert not letter.isascii() and letter.isalpha() and latin.isascii() and latin.isalpha(), letter
        assert match_text(f"Xin{letter}ua said.").text == f"Xin{latin}ua said.", letter


# --- properties: for any text with disguises, every span still lies in the original -------------

_PLAIN = ["The leaders met in Beijing, Xinhua reported.", "Officials said the talks failed.",
          "\u201cWe will not give in,\u201d the minister told Reuters.", "KCNA said the regime was brutal.",
          "Переговоры прошли, сообщило агентство ТАСС.", "Η ΕΡΤ μετέδωσε την είδηση.", "ＮＨＫによると、",
          "Some experts say the so-called deal is dead."]
# invisible characters, Cyrillic and Greek look-alikes (the lunate sigma among them), full-width
# letters, a ligature, a decomposed accent, U+FDFA (18 characters in NFKC), line breaks
_DISGUISE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\ufe0f", "\u034f",
             "\u0430", "\u0435", "\u043e", "\u0441", "\u0410", "\u0422", "\u0405", "\u0456", "\u03b1",
             "\u03bf", "\u03a7", "\u039a", "\u03f9", "\u03f2", "\u0585", "\u13aa", "\uff38", "\uff41",
             "\ufb01", "e\u0301", "\ufdfa", "\u3000", "\n", "\r\n"]


@st.composite
def disguised_text(draw) -> str:
    """News-like sentences with disguising characters put in at random places."""
    text = draw(st.lists(st.sampled_from(_PLAIN), min_size=1, max_size=6).map(" ".join))
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 1))  # insert, or replace the character there
        text = text[:at] + draw(st.one_of(st.sampled_from(_DISGUISE), st.text(max_size=2))) + text[at + cut:]
    return text


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(disguised_text())
def test_every_span_lies_in_the_original_text(text: str) -> None:
    analysis = analyse(Article(id="p", text=text), RULESET)
    n = len(text)
    record = to_contract(analysis)
    for span in contract_spans(record):
        assert 0 <= span["start"] <= span["end"] <= n, span
        if "text" in span:
            assert text[span["start"]:span["end"]] == span["text"], span
    for line in analysis.lines:
        assert 0 <= line.start <= line.end <= n
    for finding in record["findings"]:
        if "start" in finding:
            assert 0 <= finding["start"] <= finding["end"] <= n
            assert (finding["line"], finding["column"]) == line_column(text, finding["start"])
    assert analysis.metrics["obfuscated_words"] >= 0
    # the map back is monotonic and stays in the text
    from dashboard.engine.matchtext import match_text

    result = match_text(text)
    if result.offsets is not None:
        starts = [result.offsets.start(p) for p in range(len(result.text) + 1)]
        ends = [result.offsets.end(p) for p in range(len(result.text) + 1)]
        assert starts == sorted(starts) and ends == sorted(ends)
        assert all(0 <= s <= n for s in starts) and all(0 <= e <= n for e in ends)
