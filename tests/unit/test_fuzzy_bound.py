"""Fuzzy source names: rapidfuzz is imported only when some name could score the cutoff, and that
shortcut never loses a match rapidfuzz would find."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from dashboard.engine.matchers import FUZZY_CUTOFF
from dashboard.runtime.rulepacks import load_rules

INDEX = load_rules().compiled.sources
NAMES = INDEX.fuzzy_choices


def _edited(name: str, edits: list[tuple[int, int, str]]) -> str:
    text = list(name)
    for kind, at, letter in edits:
        at %= len(text) + 1
        if kind == 0:
            text.insert(at, letter)
        elif kind == 1 and text:
            del text[min(at, len(text) - 1)]
        elif text:
            text[min(at, len(text) - 1)] = letter
    return "".join(text)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(NAMES),
       st.lists(st.tuples(st.integers(0, 2), st.integers(0, 60), st.sampled_from("aeinorstu x.")), max_size=4))
def test_the_bound_never_rules_out_a_name_rapidfuzz_would_accept(name: str, edits) -> None:
    phrase = _edited(name, edits)
    if any(fuzz.ratio(phrase, choice) >= FUZZY_CUTOFF for choice in NAMES):
        assert INDEX._may_be_close(phrase), phrase


def test_the_bound_rules_out_names_nowhere_near() -> None:
    assert not INDEX._may_be_close("zzzz qqqq wwww")


def _run(text: str) -> str:
    code = ("import sys\nfrom dashboard.engine.article import Article\n"
            "from dashboard.runtime.rulepacks import load_rules\nfrom dashboard.engine.pipeline import analyse\n"
            f"a = analyse(Article(id='a', text={text!r}), load_rules())\n"
            "print(sorted(a.sources()), 'rapidfuzz' in sys.modules)")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_a_misspelt_long_name_is_still_found_in_a_fresh_process() -> None:
    assert _run("The talks collapsed, the Xinhau News Agency reported on Monday.") == "['xinhua'] True"


def test_a_one_article_run_with_no_near_name_does_not_import_rapidfuzz() -> None:
    assert _run("The talks collapsed, Councillor Bartholomew Quimby said on Monday.") == "[] False"
