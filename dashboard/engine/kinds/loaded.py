"""Provides the `loaded` kind: the loaded-wording lexicon, with each term's category and weight."""

from __future__ import annotations

from ..matchers import PhraseMatcher, phrase_tokens, word_forms
from .base import Field, Kind, Rule, is_bool, is_number, is_text, is_text_list, lower_texts, texts

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ..analysis import Analysis

# Upper bound on terms in one rule: far above any real lexicon, low enough to keep loading fast.
MAX_TERMS = 200_000


class LoadedRule(Rule):
    """Loaded wording: terms, their category and weight."""

    terms: tuple[str, ...] = ()
    inflect: bool = True
    category: str = "loaded"
    weight: float = 1.0
    excluded: tuple[str, ...] = ()


def _weight(v: Any) -> str | None:
    problem = is_number(v)
    if problem:
        return problem
    return None if 0 < v <= 3 else "expected a weight between 0.1 and 3"


def validate(values: dict[str, Any], fail: Callable[[str | None, str], None]) -> None:
    if len(values.get("terms", ())) > MAX_TERMS:
        fail("terms", f"more than {MAX_TERMS} terms in one rule")


def compile_loaded(rules: list[LoadedRule]) -> dict[str, PhraseMatcher]:
    loaded = PhraseMatcher()
    for rule in rules:
        for term in rule.terms:
            _add_term(loaded, rule, term)
    loaded.freeze()
    return {"loaded": loaded}


def _add_term(matcher: PhraseMatcher, rule: LoadedRule, term: str) -> None:
    """A term and its inflections, less what the rule's `except` names (terms or forms)."""
    words = phrase_tokens(term.rstrip("*"))
    if not words or term.lower() in rule.excluded:
        return
    if term.endswith("*"):
        matcher.add((*words[:-1], words[-1] + "*"), (rule, term))
        return
    forms = word_forms(words[-1]) if rule.inflect else {words[-1]}
    for form in forms:
        phrase = (*words[:-1], form)
        if " ".join(phrase) not in rule.excluded:
            matcher.add(phrase, (rule, term))


def took_part(rule: LoadedRule, analysis: Analysis) -> bool:
    return any(h.rule == rule.id for h in analysis.loaded)


KIND = Kind(
    name="loaded",
    summary="Loaded wording: terms, their category and weight.",
    record=LoadedRule,
    fields={
        "terms": Field("list of str", "words or multi-word phrases, case-insensitive. The last word "
                                      "of each term also matches its inflections (`-s`, `-es`, "
                                      "`-ed`, `-ing`, `-ly`, `y` -> `ies`); a trailing `*` matches "
                                      "any ending (`terroris*`)",
                       is_text_list, required=True, convert=texts),
        "inflect": Field("bool", "default `true`; `false` matches the terms exactly", is_bool),
        "category": Field("str", "e.g. `name_calling`, `emotive`, `exaggeration`, `fear`, `doubt`, "
                                 "`euphemism`, `intensifier`", is_text, required=True),
        "weight": Field("number 0.1-3", "how strongly loaded (1 = typical)", _weight,
                        required=True, convert=float,
                        json_schema={"type": "number", "exclusiveMinimum": 0, "maximum": 3}),
        "except": Field("list of str", "terms (or single inflected forms) never to match: terms "
                                       "measured mostly neutral; `biasdash rules learn loaded "
                                       "FILE.jsonl` proposes them",
                        is_text_list, attr="excluded", convert=lower_texts),
    },
    example=("yield a loaded hit from this rule", "yield no loaded hit from this rule"),
    took_part=took_part,
    validate=validate,
    compile=compile_loaded,
)
